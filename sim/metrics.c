/* metrics: turns the model's state changes and request outcomes into the CSV files of
 * docs/ARCHITECTURE.md#outputs (column order is a contract), the in-memory samples the dashboard
 * plots, and the per-run summary. Rows are written through large stdio buffers; times are formatted
 * by hand (microseconds -> seconds with 3 decimals) since pods.csv can have millions of rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clone.h"
#include "kernel.h"
#include "metrics.h"
#include "model.h"
#include "slo.h"
#include "summary_csv.h"
#include "traffic.h"
#include "zone_avail.h"

#define OUT_BUFFER (1 << 16)

static const char *const pod_states[] = {"Pending",  "Pulling",     "Starting", "Ready",
                                         "NotReady", "Terminating", "Deleted",  "CrashLoopBackOff"};
static const char *const node_states[] = {"Provisioning", "Ready", "NotReady", "SchedulingDisabled",
                                          "Removed"};

/* Seconds with milliseconds, as "%lld.%03lld" prints them, without stdio's format parsing:
 * every row of every file starts with one. */
static void put_time(FILE *f, sim_time_t t) {
    if (t < 0) t = 0;
    long long ms = (long long)((t + 500) / 1000), whole = ms / 1000;
    int frac = (int)(ms % 1000);
    char buf[32], *end = buf + sizeof buf, *p = end;
    *--p = (char)('0' + frac % 10);
    *--p = (char)('0' + frac / 10 % 10);
    *--p = (char)('0' + frac / 100);
    *--p = '.';
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    fwrite(p, 1, (size_t)(end - p), f);
}

/* RFC 4180: quote a field that holds a comma, a quote or a line break. */
static void put_field(FILE *f, const char *s) {
    summary_csv_field(f, s);
}

static void put_num(FILE *f, double v, int decimals) {
    if (v < 0) return; /* blank: no value */
    fprintf(f, "%.*f", decimals, v);
}

static FILE *open_csv(sim_t *s, const char *dir, const char *name, const char *header) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w+"); /* readable: sim_clone copies what was written so far */
    if (!f) {
        snprintf(s->error, sizeof s->error, "%.900s: %s", path, strerror(errno));
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, OUT_BUFFER);
    fputs(header, f);
    fputc('\n', f);
    return f;
}

int sim_mkdir_p(const char *dir) {
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    return 0;
}

int metrics_open(sim_t *s, const char *dir) {
    if (sim_mkdir_p(dir) != 0) {
        snprintf(s->error, sizeof s->error, "%.900s: cannot create directory: %s", dir,
                 strerror(errno));
        return -1;
    }
    outputs_t *o = &s->out;
    o->timeseries = open_csv(s, dir, "timeseries.csv",
                             "time_s,service,offered_rps,served_rps,failed_rps,error_rate,p50_ms,"
                             "p95_ms,p99_ms,desired,ready,available,total_pods,cpu_util,namespace,"
                             "slow_rps");
    o->versions =
        open_csv(s, dir, "versions.csv",
                 "time_s,service,version,offered_rps,served_rps,failed_rps,p99_ms,desired,ready,"
                 "namespace");
    o->replicasets =
        open_csv(s, dir, "replicasets.csv",
                 "time_s,service,revision,version,desired,current,ready,available,replicaset,"
                 "namespace");
    o->pods = s->sc->metrics_pods
                  ? open_csv(s, dir, "pods.csv",
                             "time_s,pod,service,version,node,ip,state,zone,namespace")
                  : NULL;
    o->nodes = open_csv(s, dir, "nodes.csv",
                        "time_s,node,pool,state,pods,cpu_allocated,memory_allocated,zone");
    o->events = open_csv(s, dir, "events.csv", "time_s,type,reason,object,message");
    o->decisions =
        open_csv(s, dir, "decisions.csv", "time_s,controller,object,decision,explanation");
    o->summary = open_csv(s, dir, "summary.csv", "scenario,seed" SUMMARY_HEADER);
    o->zones = open_csv(s, dir, "zones.csv",
                        "scenario,seed,service,namespace,zone,availability,mean_available,"
                        "min_available,max_available");
    if (!o->timeseries || !o->versions || !o->replicasets || (s->sc->metrics_pods && !o->pods) ||
        !o->nodes || !o->events || !o->decisions || !o->summary || !o->zones)
        return -1;
    return 0;
}

int metrics_close_files(sim_t *s) {
    FILE **files[] = {&s->out.timeseries, &s->out.versions, &s->out.replicasets,
                      &s->out.pods,       &s->out.nodes,    &s->out.events,
                      &s->out.decisions,  &s->out.summary,  &s->out.zones};
    int rc = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (*files[i] && (ferror(*files[i]) || fclose(*files[i]) != 0)) rc = -1;
        *files[i] = NULL;
    }
    if (rc)
        snprintf(s->error, sizeof s->error, "writing the output files failed: %s", strerror(errno));
    return rc;
}

/* ---- change logs ---- */

void metrics_pod_row(sim_t *s, int pi, sim_pod_state_t st) {
    FILE *f = s->out.pods;
    if (!f || s->steady_init) return; /* time 0 of a steady state: one row each, written after */
    const pod_t *p = &s->pods[pi];
    const service_spec_t *svc = &s->sc->services[p->service];
    put_time(f, model_now(s));
    fputc(',', f);
    put_field(f, p->name);
    fputc(',', f);
    put_field(f, svc->name);
    fputc(',', f);
    put_field(f, svc->versions[p->version].name);
    fputc(',', f);
    if (p->node >= 0) put_field(f, s->nodes[p->node].name);
    fputc(',', f);
    if (p->ip) {
        char ip[16];
        sim_format_ip(p->ip, ip);
        fputs(ip, f);
    }
    fputc(',', f);
    fputs(pod_states[st], f);
    fputc(',', f); /* zone: its node's topology.kubernetes.io/zone */
    if (p->node >= 0 && s->nodes[p->node].zone >= 0)
        put_field(f, s->sc->zones[s->nodes[p->node].zone]);
    fputc(',', f);
    put_field(f, svc->namespace_);
    fputc('\n', f);
}

int metrics_mark_dirty(int **list, int *count, int *cap, int index) {
    if (*count == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        int *n = realloc(*list, sizeof *n * (size_t)ncap);
        if (!n) return -1;
        *list = n;
        *cap = ncap;
    }
    (*list)[(*count)++] = index;
    return 0;
}

void metrics_flush_instant(sim_t *s) {
    for (int i = 0; i < s->dirty_rs_count; i++) {
        rs_t *rs = &s->rs[s->dirty_rs[i]];
        rs->dirty = false;
        int now[5] = {rs->desired, rs->active, rs->ready, rs->available, rs->revision};
        if (memcmp(now, rs->reported, sizeof now) == 0) continue;
        memcpy(rs->reported, now, sizeof now);
        metrics_rs_row(s, s->dirty_rs[i]);
    }
    s->dirty_rs_count = 0;
    for (int i = 0; i < s->dirty_node_count; i++) {
        node_t *n = &s->nodes[s->dirty_nodes[i]];
        n->dirty = false;
        if (n->reported_state == n->state && n->reported_pods == n->pod_count &&
            n->reported_cpu == n->cpu_alloc && n->reported_mem == n->mem_alloc)
            continue;
        n->reported_state = n->state;
        n->reported_pods = n->pod_count;
        n->reported_cpu = n->cpu_alloc;
        n->reported_mem = n->mem_alloc;
        metrics_node_row(s, s->dirty_nodes[i]);
    }
    s->dirty_node_count = 0;
}

void metrics_rs_row(sim_t *s, int ri) {
    FILE *f = s->out.replicasets;
    if (!f) return;
    const rs_t *rs = &s->rs[ri];
    const service_spec_t *svc = &s->sc->services[rs->service];
    put_time(f, model_now(s));
    fputc(',', f);
    put_field(f, svc->name);
    fprintf(f, ",%d,", rs->revision);
    put_field(f, svc->versions[rs->version].name);
    fprintf(f, ",%d,%d,%d,%d,", rs->desired, rs->active, rs->ready, rs->available);
    put_field(f, rs->name);
    fputc(',', f);
    put_field(f, svc->namespace_);
    fputc('\n', f);
}

void metrics_node_row(sim_t *s, int ni) {
    FILE *f = s->out.nodes;
    if (!f) return;
    const node_t *n = &s->nodes[ni];
    put_time(f, model_now(s));
    fputc(',', f);
    put_field(f, n->name);
    fputc(',', f);
    put_field(f, s->sc->pools[n->pool].name);
    fprintf(f, ",%s,%d,%.3f,%.0f,", node_states[n->state], n->pod_count,
            (double)n->cpu_alloc / 1000.0, (double)n->mem_alloc / (1024.0 * 1024.0));
    if (n->zone >= 0) put_field(f, s->sc->zones[n->zone]);
    fputc('\n', f);
}

void metrics_event_row(sim_t *s, const event_rec_t *e) {
    FILE *f = s->out.events;
    if (!f) return;
    put_time(f, e->time);
    fputc(',', f);
    put_field(f, e->type);
    fputc(',', f);
    put_field(f, e->reason);
    fputc(',', f);
    put_field(f, e->object);
    fputc(',', f);
    put_field(f, e->message);
    fputc('\n', f);
}

void metrics_decision_row(sim_t *s, const decision_rec_t *d) {
    FILE *f = s->out.decisions;
    if (!f) return;
    put_time(f, d->time);
    fputc(',', f);
    put_field(f, d->controller);
    fputc(',', f);
    put_field(f, d->object);
    fputc(',', f);
    put_field(f, d->decision);
    fputc(',', f);
    put_field(f, d->explanation);
    fputc('\n', f);
}

/* ---- request outcomes ---- */

void metrics_availability_changed(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (model_now(s) <= 0 && !s->sc->cold_start) return; /* "after time 0" */
    int avail = 0;
    for (int i = 0; i < sv->rs_count; i++)
        avail += s->rs[sv->rs[i]].available;
    if (avail < sv->min_available) sv->min_available = avail;
}

void metrics_cost_advance(sim_t *s) {
    sim_time_t now = model_now(s);
    double hours = (double)(now - s->cost_mark) / (3600.0 * SIM_SEC);
    s->node_hours += s->nodes_up * hours;
    s->cost += s->price_up * hours;
    s->cost_mark = now;
}

/* ---- sampling ---- */

static int grow(void **arr, int *cap, int need, size_t elem) {
    if (need <= *cap) return 0;
    int ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *n = realloc(*arr, elem * (size_t)ncap);
    if (!n) return -1;
    *arr = n;
    *cap = ncap;
    return 0;
}

/* ---- CPU use ----
 * cpu_util: CPU used ÷ CPU requested over the pods in the endpoints (Ready), each for the part
 * of the interval it was one; a pod's CPU use is the share of its workers busy. The request
 * model reads every endpoint pod at every sample. Fluid traffic keeps a sample per ReplicaSet:
 * an endpoint pod that served through the whole interval and whose accounting did not move
 * used exactly its ReplicaSet's fl_busy growth, so a sample reads only the pods in
 * sim_t.util_dirty (those whose accounting changed since the last sample) one by one and counts
 * the others (2,000,000 pods x 360 samples read one cache line each was most of a sample). */

void metrics_util_touch(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (s->sc->fidelity != FIDELITY_FLUID || p->util_dirty) return;
    if (p->endpoint) {
        /* the mark the last sample would have left: traffic_pod_busy then, with the same
         * accounting (unchanged since, or it would be in the list) */
        sim_time_t then = s->last_sample;
        p->util_mark = traffic_pod_busy_then(s, pi, then, s->rs[p->rs].util_busy);
        p->util_from = then;
    }
    if (metrics_mark_dirty(&s->util_dirty, &s->util_dirty_count, &s->util_dirty_cap, pi) == 0)
        p->util_dirty = true;
}

/* Fluid: the pods in util_dirty into their ReplicaSets' sums (as the request model reads a pod). */
static void util_collect(sim_t *s, sim_time_t now) {
    for (int k = 0; k < s->util_dirty_count; k++) {
        int pi = s->util_dirty[k];
        pod_t *p = &s->pods[pi];
        if (!p->util_dirty) continue; /* listed twice (its slot was reused) */
        p->util_dirty = false;
        if (!p->endpoint) continue;
        rs_t *rs = &s->rs[p->rs];
        double b = traffic_pod_busy(s, pi);
        rs->util_used += b - p->util_mark;
        rs->util_req += s->sc->services[p->service].versions[rs->version].concurrency *
                        (double)(now - p->util_from);
        rs->util_n++;
        if (p->fl_serving) rs->util_nserv++;
        p->util_mark = b;
        p->util_from = now;
    }
    s->util_dirty_count = 0;
    if (s->util_dirty_cap > 65536) { /* the list of every pod at time 0: not kept all run */
        free(s->util_dirty);
        s->util_dirty = NULL;
        s->util_dirty_cap = 0;
    }
}

/* Fluid: every ReplicaSet's sums start again from this sample. */
static void util_reset(sim_t *s) {
    for (int i = 0; i < s->rs_count; i++) {
        rs_t *rs = &s->rs[i];
        rs->util_busy = rs->fl_busy;
        rs->util_used = rs->util_req = 0;
        rs->util_n = rs->util_nserv = 0;
    }
}

static double cpu_util(sim_t *s, const service_t *sv, sim_time_t now) {
    double used = 0, requested = 0;
    bool fluid = s->sc->fidelity == FIDELITY_FLUID;
    for (int k = 0; k < sv->rs_count; k++) {
        const rs_t *rs = &s->rs[sv->rs[k]];
        double conc = sv->spec->versions[rs->version].concurrency;
        if (fluid) {
            /* the pods read one by one, then the others: the serving ones used fl_busy's
             * growth each (serving pods are endpoints), the rest nothing */
            int steady = rs->ep_count - rs->util_n, serving = rs->fl_good - rs->util_nserv;
            used += rs->util_used + (double)serving * (rs->fl_busy - rs->util_busy);
            requested += rs->util_req + conc * (double)(now - s->last_sample) * (double)steady;
            continue;
        }
        for (int e = 0; e < rs->ep_count; e++) {
            /* memory-bound at scale (a sample reads every Ready pod): fetch a few pods ahead
             * the head of pod_t, where traffic_pod_busy's fields and the marks are (one or
             * two cache lines) */
            if (e + 8 < rs->ep_count) {
                const char *q = (const char *)&s->pods[rs->endpoints[e + 8]];
                __builtin_prefetch(q);
                __builtin_prefetch(q + 63);
            }
            pod_t *p = &s->pods[rs->endpoints[e]];
            double b = traffic_pod_busy(s, rs->endpoints[e]);
            used += b - p->util_mark;
            requested += conc * (double)(now - p->util_from);
            p->util_mark = b;
            p->util_from = now;
        }
    }
    /* fluid sums in another order than a pod-by-pod read: never a rounding below zero */
    if (fluid && used < 0) used = 0;
    return requested > 0 ? used / requested : 0;
}

static void write_timeseries_row(sim_t *s, const service_t *sv, const sim_sample_t *row) {
    const service_spec_t *spec = sv->spec;
    FILE *f = s->out.timeseries;
    if (f) {
        put_time(f, row->time);
        fputc(',', f);
        put_field(f, spec->name);
        fprintf(f, ",%.3f,%.3f,%.3f,%.4f,", row->offered_rps, row->served_rps, row->failed_rps,
                row->error_rate);
        put_num(f, row->p50_ms, 3);
        fputc(',', f);
        put_num(f, row->p95_ms, 3);
        fputc(',', f);
        put_num(f, row->p99_ms, 3);
        fprintf(f, ",%d,%d,%d,%d,%.4f,", row->desired, row->ready, row->available, row->total_pods,
                row->cpu_util);
        put_field(f, spec->namespace_);
        fputc(',', f);
        put_num(f, row->slow_rps, 3); /* blank without a latency objective */
        fputc('\n', f);
    }
}

/* versions.csv: a row per version with pods or traffic in the interval. */
static void write_version_rows(sim_t *s, const service_t *sv, const sim_sample_t *row,
                               double secs) {
    const service_spec_t *spec = sv->spec;
    if (s->out.versions) {
        FILE *f = s->out.versions;
        for (int v = 0; v < spec->version_count && v < SIM_MAX_VERSIONS; v++) {
            int vpods = 0;
            for (int k = 0; k < sv->rs_count; k++)
                if (s->rs[sv->rs[k]].version == v) vpods += s->rs[sv->rs[k]].pod_count;
            if (vpods == 0 && sv->vwin[v].offered == 0 && sv->vwin[v].served == 0 &&
                sv->vwin[v].failed == 0)
                continue;
            put_time(f, row->time);
            fputc(',', f);
            put_field(f, spec->name);
            fputc(',', f);
            put_field(f, spec->versions[v].name);
            fprintf(f, ",%.3f,%.3f,%.3f,", sv->vwin[v].offered / secs, row->version_served_rps[v],
                    row->version_failed_rps[v]);
            double p99 = hist_quantile(&sv->vwin[v].lat, 0.99);
            put_num(f, p99 >= 0 ? p99 / 1000 : -1, 3);
            fprintf(f, ",%d,%d,", row->version_desired[v], row->version_ready[v]);
            put_field(f, spec->namespace_);
            fputc('\n', f);
        }
    }
}

void metrics_sample(sim_t *s) {
    sim_time_t now = model_now(s);
    double secs = (double)(now - s->last_sample) / SIM_SEC;
    if (secs <= 0) return;
    metrics_cost_advance(s);
    bool fluid = s->sc->fidelity == FIDELITY_FLUID;
    if (fluid) util_collect(s, now);
    for (int i = 0; i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        const service_spec_t *spec = sv->spec;
        traffic_downtime_flush(s, i);
        sim_sample_t row;
        memset(&row, 0, sizeof row);
        row.time = now;
        row.offered_rps = sv->win.offered / secs;
        row.served_rps = sv->win.served / secs;
        row.failed_rps = sv->win.failed / secs;
        double done = sv->win.served + sv->win.failed;
        row.error_rate = done > 0 ? sv->win.failed / done : 0;
        static const double qs[3] = {0.50, 0.95, 0.99};
        double pq[3];
        hist_quantiles(&sv->win.lat, qs, 3, pq);
        row.p50_ms = pq[0];
        row.p95_ms = pq[1];
        row.p99_ms = pq[2];
        if (row.p50_ms >= 0) {
            row.p50_ms /= 1000;
            row.p95_ms /= 1000;
            row.p99_ms /= 1000;
        }
        row.desired = sv->replicas;
        row.cpu_util = cpu_util(s, sv, now);
        for (int k = 0; k < sv->rs_count; k++) {
            const rs_t *rs = &s->rs[sv->rs[k]];
            row.ready += rs->ready;
            row.available += rs->available;
            if (rs->version < SIM_MAX_VERSIONS) {
                row.version_desired[rs->version] += rs->desired;
                row.version_ready[rs->version] += rs->ready;
            }
        }
        row.total_pods = sv->total_pods;
        for (int v = 0; v < spec->version_count && v < SIM_MAX_VERSIONS; v++) {
            row.version_served_rps[v] = sv->vwin[v].served / secs;
            row.version_failed_rps[v] = sv->vwin[v].failed / secs;
        }
        row.slow_rps = -1;
        if (spec->slo.latency > 0)
            row.slow_rps =
                hist_count_above(&sv->win.lat, (double)spec->slo.latency_threshold) / secs;
        write_timeseries_row(s, sv, &row);
        write_version_rows(s, sv, &row, secs);
        if (grow((void **)&sv->samples, &sv->sample_cap, sv->sample_count + 1, sizeof row) == 0) {
            sv->samples[sv->sample_count++] = row;
            slo_sample(s, i);
        }
        hist_merge(&sv->total_lat, &sv->win.lat);
        sv->win.offered = sv->win.served = sv->win.failed = 0;
        hist_clear(&sv->win.lat);
        for (int v = 0; v < SIM_MAX_VERSIONS; v++) {
            sv->vwin[v].offered = sv->vwin[v].served = sv->vwin[v].failed = 0;
            hist_clear(&sv->vwin[v].lat);
        }
    }
    sim_cluster_sample_t cs = {now, 0, 0, s->cost, s->price_up};
    for (int i = 0; i < s->node_count; i++) {
        if (s->nodes[i].removed) continue;
        cs.nodes_total++;
        if (s->nodes[i].state == SIM_NODE_READY) cs.nodes_ready++;
    }
    if (grow((void **)&s->csamples, &s->csample_cap, s->csample_count + 1, sizeof cs) == 0)
        s->csamples[s->csample_count++] = cs;
    if (fluid) util_reset(s);
    s->last_sample = now;
}

bool sim_summary(const sim_t *s, int service, sim_summary_t *out) {
    if (service < 0 || service >= s->sc->service_count) return false;
    const service_t *sv = &s->services[service];
    hist_t *all = (hist_t *)&sv->total_lat; /* merged with the open window below */
    memset(out, 0, sizeof *out);
    out->service = sv->spec->name;
    out->namespace_ = sv->spec->namespace_;
    out->requests = sv->requests;
    out->served = sv->served;
    out->failed = sv->failed;
    out->availability = sv->requests ? (double)sv->served / (double)sv->requests : 1.0;
    out->mean_ms = sv->served ? sv->lat_sum_ms / (double)sv->served : -1;
    hist_merge(all, &sv->win.lat);
    out->p50_ms = hist_quantile(all, 0.5);
    out->p99_ms = hist_quantile(all, 0.99);
    /* undo the merge of the open window so sampling stays exact */
    if (sv->win.lat.total) {
        for (uint32_t b = sv->win.lat.lo; b <= sv->win.lat.hi; b++)
            all->counts[b] -= sv->win.lat.counts[b];
        all->total -= sv->win.lat.total;
    }
    if (out->p50_ms >= 0) out->p50_ms /= 1000;
    if (out->p99_ms >= 0) out->p99_ms /= 1000;
    out->downtime_s = sv->downtime_s;
    if (sv->no_endpoint_since >= 0)
        out->downtime_s += (double)(model_now(s) - sv->no_endpoint_since) / SIM_SEC;
    out->rollout_s = sv->rollout_total;
    if (sv->rollout_start >= 0)
        out->rollout_s += (double)(model_now(s) - sv->rollout_start) / SIM_SEC;
    out->max_pods = sv->max_pods;
    out->min_available = sv->min_available;
    double hours = (double)(model_now(s) - s->cost_mark) / (3600.0 * SIM_SEC);
    out->node_hours = s->node_hours + s->nodes_up * hours;
    out->cost = s->cost + s->price_up * hours;
    out->scale_s = sv->scale_total;
    if (sv->scaling_since >= 0)
        out->scale_s += (double)(model_now(s) - sv->scaling_since) / SIM_SEC;
    out->pods_per_node = sv->peak_ppn;
    slo_summary(s, service, out);
    return true;
}

void metrics_write_summary(sim_t *s) {
    FILE *f = s->out.summary;
    if (!f) return;
    for (int i = 0; i < s->sc->service_count; i++) {
        sim_summary_t m;
        sim_summary(s, i, &m);
        put_field(f, s->sc->name);
        fprintf(f, ",%llu,", (unsigned long long)s->seed);
        summary_write_fields(f, &m);
        fputc('\n', f);
    }
    zone_avail_write(s, s->out.zones);
}

/* Public (sim.h), and defined here where pods.csv writes the addresses: the model's files do
 * not call the views. */
void sim_format_ip(uint32_t ip, char buf[16]) {
    snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

/* ---- sim_clone ---- */

/* The files in outputs_t order, by name (metrics_open's). */
static FILE **output_file(outputs_t *o, int i, const char **name) {
    static const char *const names[] = {"timeseries.csv", "versions.csv", "replicasets.csv",
                                        "pods.csv",       "nodes.csv",    "events.csv",
                                        "decisions.csv",  "summary.csv",  "zones.csv"};
    FILE **files[] = {&o->timeseries, &o->versions,  &o->replicasets, &o->pods, &o->nodes,
                      &o->events,     &o->decisions, &o->summary,     &o->zones};
    if (i >= (int)(sizeof files / sizeof files[0])) return NULL;
    *name = names[i];
    return files[i];
}

/* Copies the bytes of `from` written so far (flushed first) into a new file `to`, left open at
 * its end for the clone to go on writing. */
static FILE *copy_output(FILE *from, const char *to) {
    FILE *f = fopen(to, "w+");
    if (!f) return NULL;
    setvbuf(f, NULL, _IOFBF, OUT_BUFFER);
    char buf[1 << 16];
    off_t at = 0;
    ssize_t n = 0;
    if (fflush(from) != 0) n = -1;
    while (n >= 0 && (n = pread(fileno(from), buf, sizeof buf, at)) > 0) {
        if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) n = -1;
        at += n;
    }
    if (n < 0) {
        fclose(f);
        return NULL;
    }
    return f;
}

void metrics_clone_files(sim_t *dst, const sim_t *src, const char *dir, clone_ctx_t *c) {
    outputs_t *o = &dst->out, *from = (outputs_t *)&src->out;
    const char *name;
    FILE **slot;
    for (int i = 0; (slot = output_file(o, i, &name)) != NULL; i++)
        *slot = NULL;
    if (!dir) return;
    if (sim_mkdir_p(dir) != 0) {
        snprintf(dst->error, sizeof dst->error, "%.900s: cannot create directory: %s", dir,
                 strerror(errno));
        c->failed = true;
        return;
    }
    for (int i = 0; (slot = output_file(o, i, &name)) != NULL; i++) {
        FILE *f = *output_file(from, i, &name);
        if (!f) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (!(*slot = copy_output(f, path))) {
            snprintf(dst->error, sizeof dst->error, "%.900s: %s", path, strerror(errno));
            c->failed = true;
        }
    }
}
