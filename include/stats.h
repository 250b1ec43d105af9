/* stats: the statistics of batch runs — mean, sample standard deviation and the 95%
 * confidence interval of a mean from Student's t distribution (GSL), for independent
 * replications and for paired differences (common random numbers). NaN marks a missing
 * value (a latency of a run that served nothing): it is skipped, pairwise for differences. */
#ifndef DEPLOYSIM_STATS_H
#define DEPLOYSIM_STATS_H

typedef struct {
    int n;       /* values used (NaNs skipped) */
    double mean; /* NaN when n == 0 */
    double sd;   /* sample standard deviation (n - 1); NaN when n < 2 */
    double half; /* 95% CI half-width t(0.975, n-1) * sd / sqrt(n); NaN when n < 2 */
} stats_ci_t;

/* Mean of the non-NaN values, summed in order (NaN when there are none). */
double stats_mean(const double *x, int n);
/* Sample standard deviation (divisor n - 1) of the non-NaN values; NaN below two. */
double stats_sd(const double *x, int n);
/* The 0.975 quantile of Student's t with df degrees of freedom (NaN when df < 1). */
double stats_t975(int df);
/* Mean and 95% confidence interval of the mean of x[0..n). */
stats_ci_t stats_ci95(const double *x, int n);
/* The same for the paired differences b[i] - a[i] (pairs with a NaN are skipped). Paired
 * replications share their random numbers, so the interval is much tighter than the one
 * of the difference of two independent means. */
stats_ci_t stats_paired_ci95(const double *a, const double *b, int n);

#endif
