/* hpa_steady: the HPA's steady pods under fluid traffic. metrics-server scrapes every pod of
 * every target every 15 s and the HPA reads them all at every sync; at thousands of pods per
 * service that was most of a large run's time (make bench: HPA at scale). Under fluid traffic
 * a pod that serves keeps its CPU accounting still and accrues exactly its ReplicaSet's
 * fl_busy, so every pod that served through the whole of a scrape's window has the same CPU
 * sample, the ReplicaSet's. Such a pod, Ready, Running and past cpuInitializationPeriod, is
 * *steady*: it is counted in rs_t.hpa_steady, and a scrape or a sync reads the count, not the
 * pod. Every other pod of the target is in its ReplicaSet's list and read one by one, as
 * before. Any change to a steady pod goes through pod_changed, which first gives the pod the
 * fields its last scrape would have written and lists it again (hpa_steady_leave), so that
 * nothing but the HPA's reading changes. sim_options_t.hpa_every_pod turns this off, and
 * tests/test_hpa_steady.c checks that both give the same bytes. */
#include "hpa_steady.h"

#include <math.h>
#include <stdlib.h>

#include "hpa_math.h"
#include "kernel.h"
#include "traffic.h"

int64_t hpa_usage_milli(double used, sim_time_t window, int concurrency, int64_t cpu_milli) {
    double busy = used / ((double)window * (double)concurrency);
    double nano = floor(busy * (double)cpu_milli * 1e6);
    int64_t n = nano > 0 ? (int64_t)nano : 0;
    return (n + 999999) / 1000000;
}

static int list_push(sim_t *s, int rsi, int pi) {
    rs_t *rs = &s->rs[rsi];
    if (rs->hpa_list_count == rs->hpa_list_cap) {
        int ncap = rs->hpa_list_cap ? rs->hpa_list_cap * 2 : 16;
        struct hpa_listed *n = realloc(rs->hpa_list, sizeof *n * (size_t)ncap);
        if (!n) return -1;
        rs->hpa_list = n;
        rs->hpa_list_cap = ncap;
    }
    rs->hpa_list[rs->hpa_list_count++] = (struct hpa_listed){pi, s->pods[pi].serial};
    return 0;
}

/* The fields its last scrape would have written, from its ReplicaSet's (with its accounting as
 * it still is), and the count without it. */
static void unsteady(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    rs_t *rs = &s->rs[p->rs];
    if (p->window_start < rs->hpa_scraped) { /* scraped through the count since it entered */
        p->metric_point = true;
        p->window_start = rs->hpa_scraped;
        p->window_mark = traffic_pod_busy_then(s, pi, rs->hpa_scraped, rs->hpa_fl_busy);
        p->has_metric = true;
        p->metric_time = rs->hpa_scraped;
        p->metric_window = rs->hpa_window;
        p->metric_milli = rs->hpa_milli;
    }
    p->hpa_steady = false;
    rs->hpa_steady--;
}

/* The counting needs every pod of the service either counted or listed; a list that cannot
 * grow (out of memory) ends the counting for the service: from then on the HPA reads every
 * member (hpa.c, when hpa_steady_on is false). */
static void stop_counting(sim_t *s, int svc) {
    service_t *sv = &s->services[svc];
    sv->hpa_steady_on = false;
    for (int k = 0; k < sv->rs_count; k++) {
        rs_t *rs = &s->rs[sv->rs[k]];
        for (int i = 0; i < rs->pod_count; i++)
            if (s->pods[rs->members[i]].hpa_steady) unsteady(s, rs->members[i]);
        rs->hpa_list_count = 0;
    }
}

void hpa_steady_init(sim_t *s, int svc) {
    service_t *sv = &s->services[svc];
    const service_spec_t *spec = sv->spec;
    sv->hpa_steady_on = false;
    if (s->hpa_every_pod || s->sc->fidelity != FIDELITY_FLUID || spec->hpa.metric_count) return;
    for (int v = 0; v < spec->version_count; v++)
        if (spec->versions[v].cpu <= 0) return; /* the calculator names the first such pod */
    sv->hpa_steady_on = true;
    for (int k = 0; k < sv->rs_count; k++) {
        const rs_t *rs = &s->rs[sv->rs[k]];
        for (int i = 0; i < rs->pod_count; i++)
            if (list_push(s, sv->rs[k], rs->members[i]) != 0) {
                stop_counting(s, svc);
                return;
            }
    }
}

void hpa_steady_pod_created(sim_t *s, int pi) {
    int svc = s->pods[pi].service;
    if (s->services[svc].hpa_steady_on && list_push(s, s->pods[pi].rs, pi) != 0)
        stop_counting(s, svc);
}

void hpa_steady_leave(sim_t *s, int pi) {
    unsteady(s, pi);
    if (list_push(s, s->pods[pi].rs, pi) != 0) stop_counting(s, s->pods[pi].service);
}

void hpa_steady_scrape(sim_t *s, int rsi) {
    rs_t *rs = &s->rs[rsi];
    sim_time_t now = model_now(s);
    if (rs->hpa_point && rs->hpa_scraped == now && rs->hpa_steady > 0) {
        /* a second scrape in one instant has no window: each pod's own scrape says what it
         * leaves (rare: a sync outside the 15 s grid) */
        for (int i = 0; i < rs->pod_count; i++)
            if (s->pods[rs->members[i]].hpa_steady) hpa_steady_leave(s, rs->members[i]);
    }
    rs->hpa_window = 0; /* no window, no sample: the first scrape */
    if (rs->hpa_point && now > rs->hpa_scraped) {
        const version_spec_t *v = &s->sc->services[rs->service].versions[rs->version];
        rs->hpa_window = now - rs->hpa_scraped;
        rs->hpa_milli =
            hpa_usage_milli(rs->fl_busy - rs->hpa_fl_busy, rs->hpa_window, v->concurrency, v->cpu);
    }
    rs->hpa_point = true;
    rs->hpa_scraped = now;
    rs->hpa_fl_busy = rs->fl_busy;
    s->hpa_steady_reads += (uint64_t)rs->hpa_steady;
}

bool hpa_steady_listed(const sim_t *s, struct hpa_listed e) {
    /* a pod leaves its ReplicaSet's members only as it is Deleted (kubelet.c finish_delete),
     * and a serial is never given twice */
    const pod_t *p = &s->pods[e.pod];
    return p->used && p->serial == e.serial && p->phase != POD_DELETED;
}

bool hpa_steady_may_enter(const sim_t *s, int rsi, const pod_t *p) {
    const rs_t *rs = &s->rs[rsi];
    sim_time_t now = model_now(s);
    return rs->hpa_window > 0 && rs->hpa_scraped == now && p->fl_serving && p->busy == 0 &&
           p->phase == POD_RUNNING && p->ready && p->has_metric && p->metric_time == now &&
           p->window_start == now && p->metric_window == rs->hpa_window &&
           p->metric_milli == rs->hpa_milli && p->container_start + METRIC_RESOLUTION <= now;
}

void hpa_steady_enter(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    p->hpa_steady = true;
    s->rs[p->rs].hpa_steady++;
}
