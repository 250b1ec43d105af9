/* strategy_analysis: a canary's AnalysisRuns (argo-rollouts rollout/analysis.go for when runs
 * start, stop and what their phase does to the rollout; analysis/analysis.go for measuring
 * and assessing, through rollout_analysis_assess). The background run measures from the
 * first step, a step run during an analysis step. Two metrics, as configured: error-rate
 * (the canary version's failed / completed requests, <= maxErrorRate) and p99-latency (of
 * its served requests, <= maxP99). Each measurement covers the interval before it, like a
 * Prometheus query over [interval], so the first one comes one interval after the start
 * (Argo measures at once, which here would see no request); an interval without any canary
 * request is Inconclusive. Nothing in the model fails a measurement, so Error (and its limit
 * of 4 consecutive) never happens.
 *
 * The requests come from metrics.c's per-version window (vwin), which each metrics sample
 * clears: a "tap" at every sample boundary, just before the sample, adds the window to
 * `cum`, and a run's measurement is `cum` now minus `cum` at its previous measurement. Taps
 * run before the sample of their instant because each one schedules the next before the
 * sample schedules its successor (the engine pops ties in insertion order); should one run
 * after it anyway, the window's counts are recovered from the sample rows (its latencies are
 * lost). */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deployment.h"
#include "fluid.h"
#include "kernel.h"
#include "rng.h"
#include "strategy_argo.h"

enum { METRIC_ERROR_RATE, METRIC_P99 };
static const char *const metric_names[] = {"error-rate", "p99-latency"};

/* ---- the canary version's requests ---- */

static void win_add(window_stats_t *into, const window_stats_t *from) {
    into->offered += from->offered;
    into->served += from->served;
    into->failed += from->failed;
    hist_merge(&into->lat, &from->lat);
}

/* out = a - b, with b an earlier state of a (negative buckets, which only lost latencies can
 * cause, are dropped). */
static void win_diff(window_stats_t *out, const window_stats_t *a, const window_stats_t *b) {
    out->offered = fmax(0, a->offered - b->offered);
    out->served = fmax(0, a->served - b->served);
    out->failed = fmax(0, a->failed - b->failed);
    memset(&out->lat, 0, sizeof out->lat);
    out->lat.lo = HIST_BUCKETS;
    if (a->lat.total == 0) return;
    uint64_t total = 0;
    for (uint32_t k = a->lat.lo; k <= a->lat.hi; k++) {
        uint32_t bc = b->lat.total && k >= b->lat.lo && k <= b->lat.hi ? b->lat.counts[k] : 0;
        if (a->lat.counts[k] <= bc) continue;
        out->lat.counts[k] = a->lat.counts[k] - bc;
        total += out->lat.counts[k];
        if (k < out->lat.lo) out->lat.lo = k;
        if (k > out->lat.hi) out->lat.hi = k;
    }
    out->lat.total = total;
}

/* Windows that a sample closed without a tap: their counts from the sample rows. */
static void account(const sim_t *s, service_t *sv) {
    if (s->last_sample <= sv->argo.accounted) return;
    int v = sv->argo.cum_version;
    for (int i = sv->sample_count - 1; i >= 0; i--) {
        const sim_sample_t *row = &sv->samples[i];
        if (row->time <= sv->argo.accounted) break;
        if (row->time > s->last_sample) continue;
        double secs = (double)(row->time - (i > 0 ? sv->samples[i - 1].time : 0)) / SIM_SEC;
        sv->argo.cum.served += row->version_served_rps[v] * secs;
        sv->argo.cum.failed += row->version_failed_rps[v] * secs;
    }
    sv->argo.accounted = s->last_sample;
}

/* The canary version's requests since collection began, up to now. */
static void cum_now(const sim_t *s, service_t *sv, window_stats_t *out) {
    account(s, sv);
    *out = sv->argo.cum;
    /* the open window, unless a tap of this instant already took it */
    if (sv->argo.accounted <= s->last_sample) win_add(out, &sv->vwin[sv->argo.cum_version]);
}

static void tap(sim_t *s, service_t *sv) {
    sim_time_t now = model_now(s);
    fluid_advance(s);
    account(s, sv);
    bool before_sample = s->last_sample < now && s->last_sample + s->interval == now;
    if (before_sample) {
        win_add(&sv->argo.cum, &sv->vwin[sv->argo.cum_version]);
        sv->argo.accounted = now;
    }
    /* a tap after its sample cannot catch the next one: skip a boundary to get ahead again */
    argo_timer(s, sv, now + (before_sample ? s->interval : 2 * s->interval), ARGO_TIMER_TAP, 0,
               sv->argo.tap_gen);
}

static void collector_start(sim_t *s, service_t *sv, int version) {
    if (sv->argo.collecting && sv->argo.cum_version == version) return;
    sv->argo.collecting = true;
    sv->argo.tap_gen++;
    sv->argo.cum_version = version;
    sv->argo.cum.offered = sv->argo.cum.served = sv->argo.cum.failed = 0;
    hist_clear(&sv->argo.cum.lat);
    sv->argo.accounted = s->last_sample;
    sim_time_t now = model_now(s);
    if (s->last_sample < now && s->last_sample + s->interval == now) {
        tap(s, sv); /* this instant's sample has not run yet */
    } else {
        argo_timer(s, sv, s->last_sample + 2 * s->interval, ARGO_TIMER_TAP, 0, sv->argo.tap_gen);
    }
}

static void collector_stop_if_idle(service_t *sv) {
    if (sv->argo.run[0].active || sv->argo.run[1].active) return;
    sv->argo.collecting = false;
    sv->argo.tap_gen++;
}

/* ---- runs ---- */

static bool current(const service_t *sv, int r) {
    return sv->argo.run[r].exists && sv->argo.run[r].rollout_gen == sv->strategy_gen;
}

static bool blue_green(const service_t *sv) {
    return sv->spec->strategy.type == STRATEGY_BLUE_GREEN;
}

/* v1alpha1 RolloutType*Label: a blue-green's run [1] is its post-promotion run */
static const char *run_type(const service_t *sv, int r) {
    if (blue_green(sv)) return r == ARGO_RUN_POST ? "PostPromotion" : "PrePromotion";
    return r == ARGO_RUN_BACKGROUND ? "Background" : "Step";
}

/* What a run measures: canary.analysis for the background run; a step run's own keys when
 * its step has some (argo: the step's RolloutAnalysis), else canary.analysis's. */
static const analysis_spec_t *spec_of(const service_t *sv, int r) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (blue_green(sv)) return r == ARGO_RUN_POST ? &st->post_promotion : &st->pre_promotion;
    int step = sv->argo.run[r].step;
    if (r == ARGO_RUN_STEP && step >= 0 && step < st->step_count && st->steps[step].has_analysis)
        return &st->steps[step].analysis;
    return &st->analysis;
}

static rollout_analysis_limits_t limits_of(const service_t *sv, int r) {
    const analysis_spec_t *a = spec_of(sv, r);
    rollout_analysis_limits_t l = {a->count, true, a->failure_limit, a->inconclusive_limit,
                                   a->consecutive_error_limit};
    return l;
}

static bool metric_on(const service_t *sv, int r, int m) {
    const analysis_spec_t *a = spec_of(sv, r);
    return m == METRIC_ERROR_RATE ? a->has_max_error_rate : a->has_max_p99;
}

/* argo: emitAnalysisRunStatusChanges. */
static void phase_event(sim_t *s, service_t *sv, int r, int phase, const char *previous) {
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    const char *name = rollout_analysis_phase_name((rollout_analysis_phase_t)phase);
    bool bad = phase == ROLLOUT_ANALYSIS_FAILED || phase == ROLLOUT_ANALYSIS_ERROR;
    char reason[32];
    snprintf(reason, sizeof reason, "AnalysisRun%s", name);
    model_event(s, bad ? "Warning" : "Normal", reason, obj,
                "%s Analysis Run '%s' Status New: '%s' Previous: '%s'", run_type(sv, r),
                sv->argo.run[r].name, name, previous);
}

/* ---- the preview's test traffic (traffic.preview) ----
 * A blue-green pre-promotion run measures the preview before any user request reaches it:
 * only the smoke requests of traffic.preview do, rps x interval of them per measurement.
 * They are light, so they are not queued through the pods (no CPU, no latency): each fails
 * with the preview version's errorRate (a binomial draw from the service's own "preview"
 * stream), and every one fails while the preview Service has no Ready endpoint. */

static bool smoke(const service_t *sv, int r) {
    return blue_green(sv) && r == ARGO_RUN_PRE;
}

static void preview_rng(const sim_t *s, service_t *sv) {
    if (!sv->argo.rng_preview)
        sv->argo.rng_preview =
            rng_stream_ns(s->seed, "preview", sv->spec->namespace_, sv->spec->name);
}

static void smoke_window(sim_t *s, service_t *sv, sim_time_t interval, window_stats_t *d) {
    memset(d, 0, sizeof *d);
    d->lat.lo = HIST_BUCKETS;
    const rs_t *nrs = &s->rs[sv->new_rs];
    double n = fmin(floor(sv->spec->preview_rps * (double)interval / SIM_SEC + 0.5), 4e9);
    bool serving = sv->argo.preview_rs == sv->new_rs && nrs->ep_count > 0;
    double p = serving ? sv->spec->versions[nrs->version].error_rate : 1.0;
    unsigned failed = (unsigned)n;
    if (p < 1.0)
        failed = sv->argo.rng_preview && n > 0
                     ? gsl_ran_binomial(sv->argo.rng_preview, p, (unsigned)n)
                     : 0;
    d->offered = n;
    d->failed = failed;
    d->served = n - failed;
}

static void start_run(sim_t *s, service_t *sv, int r) {
    struct argo_run *R = &sv->argo.run[r];
    const rs_t *nrs = &s->rs[sv->new_rs];
    memset(R->metric, 0, sizeof R->metric);
    R->exists = R->active = true;
    R->phase = ROLLOUT_ANALYSIS_RUNNING;
    R->metric_phase[0] = R->metric_phase[1] = ROLLOUT_ANALYSIS_RUNNING;
    R->id = ++sv->argo.run_seq;
    R->rollout_gen = sv->strategy_gen;
    R->step = sv->step;
    const analysis_spec_t *a = spec_of(sv, r);
    R->message[0] = 0;
    /* the name of a run of this kind, revision (and step) exists already — a re-run after an
     * Inconclusive pause, or after a retry: Argo's collision counter suffix (".1", ...) */
    char base[64], again[16] = "";
    if (blue_green(sv)) /* createAnalysisRun's infix "pre" / "post" */
        snprintf(base, sizeof base, "%.24s-%s-%d-%s", sv->spec->name, nrs->hash, nrs->revision,
                 r == ARGO_RUN_POST ? "post" : "pre");
    else if (r == ARGO_RUN_BACKGROUND)
        snprintf(base, sizeof base, "%.24s-%s-%d", sv->spec->name, nrs->hash, nrs->revision);
    else
        snprintf(base, sizeof base, "%.24s-%s-%d-%d", sv->spec->name, nrs->hash, nrs->revision,
                 sv->step);
    size_t len = strlen(base);
    bool taken = !strncmp(R->name, base, len) && (R->name[len] == 0 || R->name[len] == '.');
    R->again = taken ? R->again + 1 : 0;
    if (R->again) snprintf(again, sizeof again, ".%d", R->again);
    snprintf(R->name, sizeof R->name, "%s%s", base, again);
    if (smoke(sv, r)) {
        preview_rng(s, sv);
    } else {
        collector_start(s, sv, nrs->version);
        cum_now(s, sv, &R->snap);
    }
    argo_timer(s, sv, model_now(s) + a->interval, ARGO_TIMER_MEASURE, r, R->id);
    phase_event(s, sv, r, ROLLOUT_ANALYSIS_RUNNING, "NoPreviousStatus");
    char obj[96], iv[32], p99[32] = "", what[96] = "";
    snprintf(obj, sizeof obj, "AnalysisRun/%s", R->name);
    argo_fmt_duration(iv, sizeof iv, a->interval);
    if (a->has_max_error_rate) snprintf(what, sizeof what, "error rate <= %.3f", a->max_error_rate);
    if (a->has_max_p99) {
        argo_fmt_duration(p99, sizeof p99, a->max_p99);
        size_t k = strlen(what);
        snprintf(what + k, sizeof what - k, "%sp99 <= %s", k ? ", " : "", p99);
    }
    char cnt[48] = "until the rollout ends";
    if (a->count > 0) snprintf(cnt, sizeof cnt, "%d times", a->count);
    char on[80] = "";
    if (smoke(sv, r))
        snprintf(on, sizeof on, " on %g req/s of test traffic to the preview",
                 sv->spec->preview_rps);
    model_decision(s, "analysis", obj, "started",
                   "measures %s%s every %s (%s), each over the interval before it: %s; "
                   "failureLimit %d, inconclusiveLimit %d, no request = Inconclusive",
                   sv->spec->versions[nrs->version].name, on, iv, cnt, what, a->failure_limit,
                   a->inconclusive_limit);
}

static bool completed(int phase) {
    return phase == ROLLOUT_ANALYSIS_SUCCESSFUL || phase == ROLLOUT_ANALYSIS_FAILED ||
           phase == ROLLOUT_ANALYSIS_INCONCLUSIVE || phase == ROLLOUT_ANALYSIS_ERROR;
}

/* analysisStatusOrder, best to worst. */
static int rank(int phase) {
    switch (phase) {
    case ROLLOUT_ANALYSIS_SUCCESSFUL:
        return 0;
    case ROLLOUT_ANALYSIS_RUNNING:
        return 1;
    case ROLLOUT_ANALYSIS_PENDING:
        return 2;
    case ROLLOUT_ANALYSIS_INCONCLUSIVE:
        return 3;
    case ROLLOUT_ANALYSIS_ERROR:
        return 4;
    default:
        return 5;
    }
}

/* argo: assessRunStatus — every metric assessed (terminating once one has failed, errored or
 * was inconclusive); the run's phase is the worst of its completed metrics, with the message
 * `Metric "NAME" assessed PHASE due to ...`. Returns the run's phase. */
static int assess(sim_t *s, service_t *sv, int r, bool terminate) {
    struct argo_run *R = &sv->argo.run[r];
    rollout_analysis_limits_t lim = limits_of(sv, r);
    char msg[2][96];
    bool terminating = terminate;
    for (int pass = 0; pass < 2; pass++) {
        for (int m = 0; m < 2; m++) {
            if (!metric_on(sv, r, m) || completed(R->metric_phase[m])) continue;
            R->metric_phase[m] = (int)rollout_analysis_assess(&lim, &R->metric[m], terminating,
                                                              msg[m], sizeof msg[m]);
            if (R->metric_phase[m] == ROLLOUT_ANALYSIS_FAILED ||
                R->metric_phase[m] == ROLLOUT_ANALYSIS_ERROR ||
                R->metric_phase[m] == ROLLOUT_ANALYSIS_INCONCLUSIVE) {
                terminating = true;
                char obj[96];
                snprintf(obj, sizeof obj, "AnalysisRun/%s", R->name);
                const char *ph =
                    rollout_analysis_phase_name((rollout_analysis_phase_t)R->metric_phase[m]);
                char reason[32];
                snprintf(reason, sizeof reason, "Metric%s", ph);
                model_event(
                    s, R->metric_phase[m] == ROLLOUT_ANALYSIS_INCONCLUSIVE ? "Normal" : "Warning",
                    reason, obj, "Metric '%s' Completed. Result: %s", metric_names[m], ph);
                if (rank(R->metric_phase[m]) > rank(ROLLOUT_ANALYSIS_SUCCESSFUL) && msg[m][0] &&
                    !R->message[0])
                    snprintf(R->message, sizeof R->message,
                             "Metric \"%.16s\" assessed %.16s due to %.96s", metric_names[m], ph,
                             msg[m]);
            }
        }
        if (!terminating) break; /* a second pass assesses the others as terminating */
    }
    int worst = -1;
    for (int m = 0; m < 2; m++) {
        if (!metric_on(sv, r, m)) continue;
        if (!completed(R->metric_phase[m])) return ROLLOUT_ANALYSIS_RUNNING;
        if (worst < 0 || rank(R->metric_phase[m]) > rank(worst)) worst = R->metric_phase[m];
    }
    return worst < 0 ? ROLLOUT_ANALYSIS_SUCCESSFUL : worst;
}

static void finish_run(sim_t *s, service_t *sv, int r, int phase) {
    struct argo_run *R = &sv->argo.run[r];
    R->active = false;
    if (phase != R->phase) {
        phase_event(s, sv, r, phase,
                    rollout_analysis_phase_name((rollout_analysis_phase_t)R->phase));
        R->phase = phase;
    }
    collector_stop_if_idle(sv);
}

static void measure(sim_t *s, service_t *sv, int r) {
    struct argo_run *R = &sv->argo.run[r];
    const analysis_spec_t *a = spec_of(sv, r);
    window_stats_t now, d;
    const char *ver;
    if (smoke(sv, r)) {
        smoke_window(s, sv, a->interval, &d);
        ver = sv->spec->versions[s->rs[sv->new_rs].version].name;
    } else {
        fluid_advance(s);
        cum_now(s, sv, &now);
        win_diff(&d, &now, &R->snap);
        R->snap = now;
        ver = sv->spec->versions[sv->argo.cum_version].name;
    }
    char detail[2][128] = {"", ""};
    double done = d.served + d.failed;
    const char *result = "Successful"; /* of this measurement: the worst of its metrics */
    for (int m = 0; m < 2; m++) {
        if (!metric_on(sv, r, m)) continue;
        rollout_analysis_counts_t *k = &R->metric[m];
        k->measurements++;
        k->consecutive_error = 0;
        if (m == METRIC_ERROR_RATE) {
            if (done <= 0) {
                k->inconclusive++;
                if (strcmp(result, "Failed")) result = "Inconclusive";
                snprintf(detail[m], sizeof detail[m], "no %s request: Inconclusive", ver);
            } else {
                double rate = d.failed / done;
                bool ok = rate <= a->max_error_rate;
                if (ok)
                    k->successful++;
                else
                    k->failed++, result = "Failed";
                snprintf(detail[m], sizeof detail[m], "error rate %.3f (%.0f of %.0f) %s %.3f: %s",
                         rate, d.failed, done, ok ? "<=" : ">", a->max_error_rate,
                         ok ? "Successful" : "Failed");
            }
        } else {
            double p99 = hist_quantile(&d.lat, 0.99);
            if (p99 < 0) {
                k->inconclusive++;
                if (strcmp(result, "Failed")) result = "Inconclusive";
                snprintf(detail[m], sizeof detail[m], "no %s request served: Inconclusive", ver);
            } else {
                bool ok = p99 <= (double)a->max_p99;
                if (ok)
                    k->successful++;
                else
                    k->failed++, result = "Failed";
                snprintf(detail[m], sizeof detail[m], "p99 %.1f ms %s %.1f ms: %s", p99 / 1000,
                         ok ? "<=" : ">", (double)a->max_p99 / 1000, ok ? "Successful" : "Failed");
            }
        }
    }
    int phase = assess(s, sv, r, false);
    char obj[96], dec[64];
    snprintf(obj, sizeof obj, "AnalysisRun/%s", R->name);
    int n = R->metric[metric_on(sv, r, 0) ? 0 : 1].measurements;
    snprintf(dec, sizeof dec, "measurement %d: %s", n, result);
    model_decision(s, "analysis", obj, dec, "%s%s%s; run %s%s%s", detail[0],
                   detail[0][0] && detail[1][0] ? "; " : "", detail[1],
                   rollout_analysis_phase_name((rollout_analysis_phase_t)phase),
                   R->message[0] ? ": " : "", R->message);
    if (completed(phase)) {
        finish_run(s, sv, r, phase);
        deploy_request_sync(s, sv->index);
    } else {
        argo_timer(s, sv, model_now(s) + a->interval, ARGO_TIMER_MEASURE, r, R->id);
    }
}

void argo_analysis_timer(sim_t *s, service_t *sv, int kind, int run, uint32_t gen) {
    if (kind == ARGO_TIMER_TAP) {
        if (sv->argo.collecting && gen == sv->argo.tap_gen) tap(s, sv);
        return;
    }
    if (run < 0 || run > 1) return;
    if (sv->argo.run[run].active && sv->argo.run[run].id == gen) measure(s, sv, run);
}

/* Terminate a run (the rollout was promoted, aborted or moved on): an unjudged run ends
 * Successful, as Argo's assessment of a terminating run does. */
void argo_analysis_cancel(sim_t *s, service_t *sv, int r) {
    struct argo_run *R = &sv->argo.run[r];
    if (R->active) finish_run(s, sv, r, assess(s, sv, r, true));
    if (r == ARGO_RUN_STEP) R->exists = false;
}

void argo_analysis_cancel_all(sim_t *s, service_t *sv) {
    argo_analysis_cancel(s, sv, ARGO_RUN_BACKGROUND);
    argo_analysis_cancel(s, sv, ARGO_RUN_STEP);
}

/* argo: needsNewAnalysisRun — none yet for this update, or the previous one was
 * Inconclusive and a promote/resume cleared the pause it caused. */
static bool needs_new(const service_t *sv, int r) {
    if (!current(sv, r)) return true;
    if (sv->argo.controller_pause &&
        !(sv->argo.pause & (ARGO_PAUSE_CANARY_STEP | ARGO_PAUSE_BLUE_GREEN)))
        return !sv->argo.run[r].active && sv->argo.run[r].phase == ROLLOUT_ANALYSIS_INCONCLUSIVE;
    return false;
}

/* What a finished run's phase does to the rollout. Returns true when it paused it. */
static bool act_on(sim_t *s, service_t *sv, int r) {
    const struct argo_run *R = &sv->argo.run[r];
    if (R->active) return false;
    if (R->phase == ROLLOUT_ANALYSIS_INCONCLUSIVE) {
        argo_pause_add(s, sv, ARGO_PAUSE_INCONCLUSIVE);
        return true;
    }
    if (R->phase == ROLLOUT_ANALYSIS_FAILED || R->phase == ROLLOUT_ANALYSIS_ERROR) {
        char msg[224];
        snprintf(msg, sizeof msg, "%s analysis phase error/failed%s%s",
                 blue_green(sv) && r == ARGO_RUN_POST ? "Blue/green post-promotion"
                 : blue_green(sv)                     ? "Blue/green pre-promotion"
                 : r == ARGO_RUN_BACKGROUND           ? "Background"
                                                      : "Step-based",
                 R->message[0] ? ": " : "", R->message);
        argo_abort(s, sv, msg);
    }
    return false;
}

bool argo_analysis_reconcile(sim_t *s, service_t *sv) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (sv->argo.stable_rs == sv->new_rs || sv->aborted || sv->argo.promote_full ||
        argo_fast_rollback(s, sv)) {
        argo_analysis_cancel_all(s, sv);
        return false;
    }
    bool paused = false;
    /* reconcileStepBasedAnalysisRun: nothing changes while paused or aborted */
    if (!sv->argo.pause && !sv->aborted) {
        bool at_step =
            sv->step < st->step_count && st->steps[sv->step].kind == CANARY_STEP_ANALYSIS;
        if (current(sv, ARGO_RUN_STEP) && (!at_step || sv->argo.run[1].step != sv->step))
            argo_analysis_cancel(s, sv, ARGO_RUN_STEP);
        if (at_step) {
            if (needs_new(sv, ARGO_RUN_STEP))
                start_run(s, sv, ARGO_RUN_STEP);
            else
                paused |= act_on(s, sv, ARGO_RUN_STEP);
        }
    }
    /* reconcileBackgroundAnalysisRun */
    /* argo BeforeStartingStep: no background run before canary.analysis.startingStep */
    bool before_start = st->step_count > 0 && sv->step < st->analysis.starting_step;
    if (st->analysis.enabled && !before_start && !sv->aborted &&
        !(sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE)) {
        if (needs_new(sv, ARGO_RUN_BACKGROUND))
            start_run(s, sv, ARGO_RUN_BACKGROUND);
        else
            paused |= act_on(s, sv, ARGO_RUN_BACKGROUND);
    }
    return paused;
}

bool argo_step_analysis_successful(const service_t *sv) {
    return current(sv, ARGO_RUN_STEP) && !sv->argo.run[1].active &&
           sv->argo.run[1].step == sv->step && sv->argo.run[1].phase == ROLLOUT_ANALYSIS_SUCCESSFUL;
}

bool argo_step_analysis_inconclusive(const service_t *sv) {
    return current(sv, ARGO_RUN_STEP) && sv->argo.run[1].phase == ROLLOUT_ANALYSIS_INCONCLUSIVE;
}

/* argo skipPrePromotionAnalysisRun: not once stable or before a first active selector, not
 * once the active Service selects the new ReplicaSet; a run once started goes on; otherwise
 * not before the preview is saturated (previewReplicaCount pods when it is set). */
static bool skip_pre(const sim_t *s, const service_t *sv) {
    if (sv->argo.stable_rs == sv->new_rs || sv->argo.active_rs < 0 ||
        sv->argo.active_rs == sv->new_rs)
        return true;
    if (current(sv, ARGO_RUN_PRE)) return false;
    const rs_t *nrs = &s->rs[sv->new_rs];
    int want = sv->spec->strategy.preview_replica_count > 0
                   ? sv->spec->strategy.preview_replica_count
                   : sv->replicas;
    return nrs->desired != want || nrs->available != want;
}

/* argo reconcilePrePromotionAnalysisRun + setPauseOrAbortForBlueGreen(ar, false): the
 * preview, measured on its test traffic before the switch; Failed aborts (the active Service
 * never leaves stable), Inconclusive pauses. */
static void reconcile_pre(sim_t *s, service_t *sv) {
    if (!sv->spec->strategy.pre_promotion.enabled) return;
    if (skip_pre(s, sv)) {
        argo_analysis_cancel(s, sv, ARGO_RUN_PRE);
        return;
    }
    if (sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE) return;
    if (needs_new(sv, ARGO_RUN_PRE))
        start_run(s, sv, ARGO_RUN_PRE);
    else
        act_on(s, sv, ARGO_RUN_PRE);
}

/* argo reconcilePostPromotionAnalysisRun and setPauseOrAbortForBlueGreen: once the active
 * Service selects the new ReplicaSet (and it is saturated), a run measures it on the user
 * traffic it now takes; Inconclusive pauses, Failed aborts (the active Service goes back to
 * stable: the rollback). skipPostPromotionAnalysisRun: not before the switch, not once
 * stable. */
void argo_analysis_reconcile_bluegreen(sim_t *s, service_t *sv) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (!st->post_promotion.enabled && !st->pre_promotion.enabled) return;
    if (sv->argo.stable_rs == sv->new_rs || sv->aborted || sv->argo.promote_full ||
        argo_fast_rollback(s, sv)) {
        argo_analysis_cancel(s, sv, ARGO_RUN_PRE);
        argo_analysis_cancel(s, sv, ARGO_RUN_POST);
        return;
    }
    reconcile_pre(s, sv);
    if (!st->post_promotion.enabled || sv->aborted) return;
    const rs_t *nrs = &s->rs[sv->new_rs];
    bool saturated = nrs->desired == sv->replicas && nrs->available == sv->replicas;
    if (sv->argo.active_rs != sv->new_rs || (!current(sv, ARGO_RUN_POST) && !saturated)) {
        if (current(sv, ARGO_RUN_POST)) argo_analysis_cancel(s, sv, ARGO_RUN_POST);
        return;
    }
    if (sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE) return;
    if (needs_new(sv, ARGO_RUN_POST))
        start_run(s, sv, ARGO_RUN_POST);
    else
        act_on(s, sv, ARGO_RUN_POST);
}

bool argo_pre_promotion_done(const service_t *sv) {
    if (!sv->spec->strategy.pre_promotion.enabled) return true;
    return current(sv, ARGO_RUN_PRE) && !sv->argo.run[ARGO_RUN_PRE].active &&
           sv->argo.run[ARGO_RUN_PRE].phase == ROLLOUT_ANALYSIS_SUCCESSFUL;
}

/* shouldFullPromote: with postPromotionAnalysis the new ReplicaSet becomes stable only once
 * its run is Successful. */
bool argo_post_promotion_done(const service_t *sv) {
    if (!sv->spec->strategy.post_promotion.enabled) return true;
    return current(sv, ARGO_RUN_POST) && !sv->argo.run[ARGO_RUN_POST].active &&
           sv->argo.run[ARGO_RUN_POST].phase == ROLLOUT_ANALYSIS_SUCCESSFUL;
}
