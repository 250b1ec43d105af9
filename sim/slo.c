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

/* The multiwindow pairs: 1 h / 5 m (the fast-burn page), 6 h / 30 m (the slow burn). */
static const sim_time_t pair_long[2] = {3600 * SIM_SEC, 6 * 3600 * SIM_SEC};
static const sim_time_t pair_short[2] = {300 * SIM_SEC, 1800 * SIM_SEC};

/* Sample j (the newest) into one SLI's sums: the run's, each window's (dropping the samples
 * that left it), and the peak of min(burn over the long window, burn over the short one). */
static void sli_add(slo_sli_state_t *st, const sim_sample_t *rows, int j, sli_t sli,
                    double target) {
    double n, b;
    sample_counts(rows, j, sli, &n, &b);
    st->n_all += n, st->bad_all += b;
    for (int k = 0; k < 2; k++) {
        slo_pair_state_t *w = &st->pair[k];
        w->n_long += n, w->bad_long += b, w->n_short += n, w->bad_short += b;
        for (; rows[w->from_long].time <= rows[j].time - pair_long[k]; w->from_long++) {
            sample_counts(rows, w->from_long, sli, &n, &b);
            w->n_long -= n, w->bad_long -= b;
        }
        for (; rows[w->from_short].time <= rows[j].time - pair_short[k]; w->from_short++) {
            sample_counts(rows, w->from_short, sli, &n, &b);
            w->n_short -= n, w->bad_short -= b;
        }
        double multi = burn(w->n_long, w->bad_long, target);
        double fast = burn(w->n_short, w->bad_short, target);
        if (fast < multi) multi = fast;
        if (multi > w->peak) w->peak = multi;
    }
}

void slo_sample(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    const slo_spec_t *slo = &sv->spec->slo;
    int j = sv->sample_count - 1;
    if (j < 0) return;
    if (slo->availability > 0)
        sli_add(&sv->slo[SLI_AVAILABILITY], sv->samples, j, SLI_AVAILABILITY, slo->availability);
    if (slo->latency > 0) sli_add(&sv->slo[SLI_LATENCY], sv->samples, j, SLI_LATENCY, slo->latency);
}

static void objective(const slo_sli_state_t *st, sim_time_t run, double target, sim_time_t window,
                      double *used, double *fast, double *slow) {
    *used = *fast = *slow = -1;
    if (target <= 0) return;
    *used = run > 0 ? burn(st->n_all, st->bad_all, target) * (double)run / (double)window : 0;
    *fast = st->pair[0].peak;
    *slow = st->pair[1].peak;
}

void slo_summary(const sim_t *s, int service, sim_summary_t *out) {
    const service_t *sv = &s->services[service];
    const slo_spec_t *slo = &sv->spec->slo;
    sim_time_t run = sv->sample_count ? sv->samples[sv->sample_count - 1].time : 0;
    objective(&sv->slo[SLI_AVAILABILITY], run, slo->availability, slo->window, &out->budget_used,
              &out->burn_1h_5m, &out->burn_6h_30m);
    objective(&sv->slo[SLI_LATENCY], run, slo->latency, slo->window, &out->latency_budget_used,
              &out->latency_burn_1h_5m, &out->latency_burn_6h_30m);
}
