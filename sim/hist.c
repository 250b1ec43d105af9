/* hist: bucket b covers [lower(b), lower(b+1)); below 2^HIST_SUB_BITS every microsecond has
 * its own bucket, above it each power of two is cut into HIST_SUB equal parts (hist.h:
 * hist_bucket_of and hist_add, inline for the request model). */
#include "hist.h"

#include <string.h>

static inline double bucket_lower(uint32_t b) {
    if (b < HIST_SUB) return (double)b;
    uint32_t shift = b / HIST_SUB - 1;
    uint32_t sub = b % HIST_SUB;
    return (double)((uint64_t)(HIST_SUB + sub) << shift);
}

void hist_clear(hist_t *h) {
    if (h->total > 0 && h->hi >= h->lo)
        memset(&h->counts[h->lo], 0, sizeof h->counts[0] * (h->hi - h->lo + 1));
    else if (h->total == 0 && h->lo == 0 && h->hi == 0)
        h->counts[0] = 0;
    h->total = 0;
    h->lo = HIST_BUCKETS;
    h->hi = 0;
}

void hist_merge(hist_t *into, const hist_t *from) {
    if (from->total == 0) return;
    for (uint32_t b = from->lo; b <= from->hi; b++)
        into->counts[b] += from->counts[b];
    into->total += from->total;
    if (from->lo < into->lo) into->lo = from->lo;
    if (from->hi > into->hi) into->hi = from->hi;
}

double hist_quantile(const hist_t *h, double q) {
    if (h->total == 0) return -1;
    if (q < 0) q = 0;
    if (q > 1) q = 1;
    double rank = q * (double)h->total;
    double seen = 0;
    for (uint32_t b = h->lo; b <= h->hi; b++) {
        uint32_t c = h->counts[b];
        if (c == 0) continue;
        if (seen + c >= rank) {
            double lo = bucket_lower(b), hi = bucket_lower(b + 1);
            double frac = (rank - seen) / c;
            return lo + frac * (hi - lo);
        }
        seen += c;
    }
    return bucket_lower(h->hi + 1);
}

void hist_quantiles(const hist_t *h, const double *q, int n, double *out) {
    int k = 0;
    if (h->total == 0) {
        for (; k < n; k++)
            out[k] = -1;
        return;
    }
    /* hist_quantile's walk, once: a bucket that does not reach one rank reaches no later one */
    double seen = 0;
    for (uint32_t b = h->lo; b <= h->hi && k < n; b++) {
        uint32_t c = h->counts[b];
        if (c == 0) continue;
        for (; k < n; k++) {
            double qk = q[k] < 0 ? 0 : q[k] > 1 ? 1 : q[k];
            double rank = qk * (double)h->total;
            if (!(seen + c >= rank)) break;
            double lo = bucket_lower(b), hi = bucket_lower(b + 1);
            double frac = (rank - seen) / c;
            out[k] = lo + frac * (hi - lo);
        }
        seen += c;
    }
    for (; k < n; k++)
        out[k] = bucket_lower(h->hi + 1);
}

double hist_count_above(const hist_t *h, double value) {
    if (h->total == 0) return 0;
    double above = 0;
    for (uint32_t b = h->lo; b <= h->hi; b++) {
        uint32_t c = h->counts[b];
        if (c == 0) continue;
        double lo = bucket_lower(b), hi = bucket_lower(b + 1);
        if (lo >= value)
            above += c;
        else if (hi > value) /* the bucket holding the threshold: the part above it */
            above += c * (hi - value) / (hi - lo);
    }
    return above;
}
