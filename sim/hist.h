/* hist: latency histograms with bounded relative error (log-linear buckets, like
 * HdrHistogram), so percentiles need no per-request storage. Values are microseconds. */
#ifndef DEPLOYSIM_HIST_H
#define DEPLOYSIM_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 6 /* 64 sub-buckets per power of two: <= 1.6% bucket width */
#define HIST_SUB (1u << HIST_SUB_BITS)
#define HIST_MAX_EXP 40 /* up to 2^40 us, 12 days */
#define HIST_BUCKETS (HIST_SUB * (HIST_MAX_EXP - HIST_SUB_BITS + 1))

typedef struct {
    uint32_t counts[HIST_BUCKETS];
    uint64_t total;
    uint32_t lo, hi; /* touched bucket range, so clearing is cheap */
} hist_t;

void hist_clear(hist_t *h);

/* The bucket of a value: below 2^HIST_SUB_BITS every microsecond has its own bucket, above it
 * each power of two is cut into HIST_SUB equal parts. */
static inline uint32_t hist_bucket_of(uint64_t v) {
    if (v < HIST_SUB) return (uint32_t)v;
    int msb = 63 - __builtin_clzll(v);
    if (msb >= HIST_MAX_EXP) return HIST_BUCKETS - 1;
    int shift = msb - HIST_SUB_BITS;
    uint32_t sub = (uint32_t)(v >> shift) - HIST_SUB; /* 0..HIST_SUB-1 */
    return HIST_SUB * (uint32_t)(shift + 1) + sub;
}

/* n values in bucket b (of hist_bucket_of). Inline: the request model adds every served
 * request to two histograms, the fluid model 76 points a ReplicaSet a second to two. */
static inline void hist_add_bucket(hist_t *h, uint32_t b, uint32_t n) {
    h->counts[b] += n;
    h->total += n;
    if (b < h->lo) h->lo = b;
    if (b > h->hi) h->hi = b;
}
static inline void hist_add(hist_t *h, uint64_t value) {
    hist_add_bucket(h, hist_bucket_of(value), 1);
}
static inline void hist_add_n(hist_t *h, uint64_t value, uint32_t n) { /* n of one latency */
    if (n) hist_add_bucket(h, hist_bucket_of(value), n);
}
void hist_merge(hist_t *into, const hist_t *from);
/* The q-quantile (0..1), interpolated within its bucket; -1 when empty. */
double hist_quantile(const hist_t *h, double q);
/* n quantiles in rising order q[0] <= q[1] <= ..., each exactly as hist_quantile gives it, in
 * one walk over the buckets (a sample reads three of each service's window). */
void hist_quantiles(const hist_t *h, const double *q, int n, double *out);
/* How many values are above `value`, interpolated within its bucket as hist_quantile is (the
 * slow requests of a latency objective). */
double hist_count_above(const hist_t *h, double value);

#endif
