/* slo: the SRE workbook's error budget and burn rates (Google, "The Site Reliability
 * Workbook", chapter 5, "Alerting on SLOs"), computed from the metrics samples so that anyone
 * can redo them from timeseries.csv:
 *   a sample i of length dt_i has requests n_i = (served_rps + failed_rps) dt_i and bad
 *   requests b_i = failed_rps dt_i (availability), or n_i = served_rps dt_i and
 *   b_i = slow_rps dt_i (latency: served slower than the threshold);
 *   burn rate over a set of samples = (sum b / sum n) / (1 - target): 1 spends the budget
 *   exactly over the window;
 *   budget used = burn rate over the whole run x run length / window: the share of the
 *   window's allowed bad requests (at the run's traffic) this run spent;
 *   the multiwindow burn at the end of sample j = min(burn over the samples ending in the last
 *   long window, burn over those in the last short window) (1 h and 5 m: the fast-burn page;
 *   6 h and 30 m: the slow burn), its peak over every j reported. A window longer than the
 *   run so far covers the run so far. */
#include "slo.h"

#include "sim.h"

typedef enum { SLI_AVAILABILITY, SLI_LATENCY } sli_t;

static void sample_counts(const sim_sample_t *rows, int i, sli_t sli, double *n, double *bad) {
    double dt = (double)(rows[i].time - (i ? rows[i - 1].time : 0)) / SIM_SEC;
    if (sli == SLI_AVAILABILITY) {
        *n = (rows[i].served_rps + rows[i].failed_rps) * dt;
        *bad = rows[i].failed_rps * dt;
    } else {
        *n = rows[i].served_rps * dt;
        *bad = rows[i].slow_rps > 0 ? rows[i].slow_rps * dt : 0;
    }
}

static double burn(double n, double bad, double target) {
    return n > 0 ? bad / n / (1 - target) : 0;
}

/* The peak over the samples of min(burn over the last `lng`, burn over the last `shrt`). */
static double peak_burn(const sim_sample_t *rows, int count, sli_t sli, double target,
                        sim_time_t lng, sim_time_t shrt) {
    double peak = 0, nl = 0, bl = 0, ns = 0, bs = 0, n, b;
    int from_l = 0, from_s = 0; /* the first sample inside each window */
    for (int j = 0; j < count; j++) {
        sample_counts(rows, j, sli, &n, &b);
        nl += n, bl += b, ns += n, bs += b;
        for (; rows[from_l].time <= rows[j].time - lng; from_l++) {
            sample_counts(rows, from_l, sli, &n, &b);
            nl -= n, bl -= b;
        }
        for (; rows[from_s].time <= rows[j].time - shrt; from_s++) {
            sample_counts(rows, from_s, sli, &n, &b);
            ns -= n, bs -= b;
        }
        double multi = burn(nl, bl, target);
        double fast = burn(ns, bs, target);
        if (fast < multi) multi = fast;
        if (multi > peak) peak = multi;
    }
    return peak;
}

static void objective(const sim_sample_t *rows, int count, sli_t sli, double target,
                      sim_time_t window, double *used, double *fast, double *slow) {
    *used = *fast = *slow = -1;
    if (target <= 0) return;
    double n_all = 0, bad_all = 0, n, b;
    for (int i = 0; i < count; i++) {
        sample_counts(rows, i, sli, &n, &b);
        n_all += n, bad_all += b;
    }
    sim_time_t run = count ? rows[count - 1].time : 0;
    *used = run > 0 ? burn(n_all, bad_all, target) * (double)run / (double)window : 0;
    *fast = peak_burn(rows, count, sli, target, 3600 * SIM_SEC, 300 * SIM_SEC);
    *slow = peak_burn(rows, count, sli, target, 6 * 3600 * SIM_SEC, 1800 * SIM_SEC);
}

void slo_summary(const slo_spec_t *slo, const sim_sample_t *rows, int count, sim_summary_t *out) {
    objective(rows, count, SLI_AVAILABILITY, slo->availability, slo->window, &out->budget_used,
              &out->burn_1h_5m, &out->burn_6h_30m);
    objective(rows, count, SLI_LATENCY, slo->latency, slo->window, &out->latency_budget_used,
              &out->latency_burn_1h_5m, &out->latency_burn_6h_30m);
}
