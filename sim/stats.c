/* stats: means and t-based 95% confidence intervals for batch runs (see stats.h). Sums run
 * in index order so a result depends only on the values, never on how runs were scheduled:
 * sharded and unsharded batches print the same digits. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

double stats_mean(const double *x, int n) {
    double sum = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        sum += x[i];
        k++;
    }
    return k ? sum / k : NAN;
}

double stats_sd(const double *x, int n) {
    /* two passes: the one-pass formula loses every digit when the spread is tiny */
    double m = stats_mean(x, n), ss = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        ss += (x[i] - m) * (x[i] - m);
        k++;
    }
    return k >= 2 ? sqrt(ss / (k - 1)) : NAN;
}

double stats_t975(int df) {
    return df >= 1 ? gsl_cdf_tdist_Pinv(0.975, (double)df) : NAN;
}

stats_ci_t stats_ci95(const double *x, int n) {
    stats_ci_t c = {0, NAN, NAN, NAN};
    for (int i = 0; i < n; i++)
        if (!isnan(x[i])) c.n++;
    c.mean = stats_mean(x, n);
    if (c.n >= 2) {
        c.sd = stats_sd(x, n);
        c.half = stats_t975(c.n - 1) * c.sd / sqrt((double)c.n);
    }
    return c;
}

stats_ci_t stats_paired_ci95(const double *a, const double *b, int n) {
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (!d) return (stats_ci_t){0, NAN, NAN, NAN};
    for (int i = 0; i < n; i++)
        d[i] = b[i] - a[i]; /* NaN - x and x - NaN stay NaN */
    stats_ci_t c = stats_ci95(d, n);
    free(d);
    return c;
}
