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
    double sum;      /* exact sum, for the mean */
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

/* Inline: the request model adds every served request to two histograms. */
static inline void hist_add(hist_t *h, uint64_t value) {
    uint32_t b = hist_bucket_of(value);
    h->counts[b]++;
    h->total++;
    h->sum += (double)value;
    if (b < h->lo) h->lo = b;
    if (b > h->hi) h->hi = b;
}
void hist_add_n(hist_t *h, uint64_t value, uint32_t n); /* n requests of one latency */
void hist_merge(hist_t *into, const hist_t *from);
/* The q-quantile (0..1), interpolated within its bucket; -1 when empty. */
double hist_quantile(const hist_t *h, double q);
/* How many values are above `value`, interpolated within its bucket as hist_quantile is (the
 * slow requests of a latency objective). */
double hist_count_above(const hist_t *h, double value);

#endif
