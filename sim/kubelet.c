/* kubelet: a pod's life on its node. Start-up is computed, not ticked (docs/MODEL.md#kubelet): once
 * scheduled, the pull, the runtime start, the app's start-up and the first passing readiness
 * probe are each one event at a time known in advance. Also termination (preStop, SIGTERM,
 * grace period), crashes with CrashLoopBackOff, and the pod's pods.csv rows. The probes'
 * timeline is probes.c's; the two share the per-pod state in kubelet_pod.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bare.h"
#include "clone.h"
#include "deployment.h"
#include "hpa_steady.h"
#include "images.h"
#include "kernel.h"
#include "kubelet.h"
#include "kubelet_pod.h"
#include "metrics.h"
#include "model.h"
#include "nodes.h"
#include "notify.h"
#include "probes.h"
#include "rng.h"
#include "scheduler.h"
#include "traffic.h"

#define BACKOFF_INITIAL (10 * SIM_SEC) /* k8s: kubelet backOffPeriod */
#define BACKOFF_MAX (300 * SIM_SEC)    /* k8s: MaxContainerBackOff */
#define BACKOFF_RESET (600 * SIM_SEC)  /* k8s: backoff resets after 10 min of running */

static const char name_alphabet[] = "bcdfghjklmnpqrstvwxz2456789"; /* k8s rand.String */

/* Go's time.Duration.String(), which kubelet messages print: 523ms, 1.8s, 1m2.5s. */
void go_duration(sim_time_t us, char *buf, size_t n) {
    if (us < SIM_MS) {
        snprintf(buf, n, "%lldµs", (long long)us);
        return;
    }
    if (us < SIM_SEC) {
        snprintf(buf, n, "%.3f", (double)us / SIM_MS);
    } else {
        long long m = (long long)(us / (60 * SIM_SEC)), h = m / 60;
        double sec = (double)(us % (60 * SIM_SEC)) / SIM_SEC;
        int len = 0;
        if (h)
            len = snprintf(buf, n, "%lldh%lldm", h, m % 60);
        else if (m)
            len = snprintf(buf, n, "%lldm", m);
        snprintf(buf + len, n - (size_t)len, "%.6f", sec);
    }
    /* trim trailing zeros and a trailing point, then add the unit */
    size_t l = strlen(buf);
    while (l > 0 && buf[l - 1] == '0')
        buf[--l] = 0;
    if (l > 0 && buf[l - 1] == '.') buf[--l] = 0;
    snprintf(buf + l, n - l, "%s", us < SIM_SEC ? "ms" : "s");
}

/* A pod's metadata.uid, for messages that show it: derived from its name (no random draw, so
 * adding it shifts no stream). */
void pod_uid(const pod_t *p, const char *ns, char out[37]) {
    uint64_t h1 = 1469598103934665603ull, h2 = 0x9e3779b97f4a7c15ull;
    for (const char *c = p->name; *c; c++) {
        h1 = (h1 ^ (unsigned char)*c) * 1099511628211ull;
        h2 = (h2 ^ (unsigned char)*c) * 0xff51afd7ed558ccdull;
    }
    for (const char *c = ns; *c; c++)
        h2 = (h2 ^ (unsigned char)*c) * 0xc4ceb9fe1a85ec53ull;
    snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(h1 >> 32),
             (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xfff,
             (unsigned)(0x8000 | ((h2 >> 48) & 0x3fff)),
             (unsigned long long)(h2 & 0xffffffffffffull));
}

/* Bare metal has no containers: processes are started and stopped by a service manager. */
static const char *unit_word(const sim_t *s, const pod_t *p) {
    return s->sc->services[p->service].runtime == RUNTIME_BARE ? "process" : "container";
}

const version_spec_t *pod_version(const sim_t *s, const pod_t *p) {
    return &s->sc->services[p->service].versions[p->version];
}

int64_t pod_cpu_charge(const sim_t *s, const pod_t *p) {
    const service_spec_t *svc = &s->sc->services[p->service];
    return pod_version(s, p)->cpu + s->sc->runtimes[svc->runtime].cpu_overhead;
}

int64_t pod_mem_charge(const sim_t *s, const pod_t *p) {
    const service_spec_t *svc = &s->sc->services[p->service];
    return pod_version(s, p)->memory + s->sc->runtimes[svc->runtime].memory_overhead;
}

static sim_pod_state_t pod_state(const pod_t *p) {
    switch (p->phase) {
    case POD_PENDING:
        return SIM_POD_PENDING;
    case POD_PULLING:
        return SIM_POD_PULLING;
    case POD_STARTING:
        return SIM_POD_STARTING;
    case POD_RUNNING:
        return p->ready ? SIM_POD_READY : SIM_POD_NOT_READY;
    case POD_TERMINATING:
        return SIM_POD_TERMINATING;
    case POD_DELETED:
        return SIM_POD_DELETED;
    case POD_CRASH_LOOP:
        return SIM_POD_CRASH_LOOP;
    }
    return SIM_POD_PENDING;
}

void pod_report(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    sim_pod_state_t st = pod_state(p);
    if (st == p->shown) return;
    p->shown = st;
    view_touch_pod(s, pi);
    metrics_pod_row(s, pi, st);
}

static void set_phase(sim_t *s, int pi, pod_phase_t ph) {
    pod_t *p = &s->pods[pi];
    p->phase = ph;
    p->phase_since = model_now(s);
    p->gen++; /* invalidates the timers of the previous phase */
    view_touch_pod(s, pi);
}

static void schedule_pod(sim_t *s, sim_time_t at, uint32_t kind, int pi) {
    engine_schedule(s->eng, at, kind, (uint32_t)pi, s->pods[pi].gen);
}

/* The name table to `cap` pods (pod_t.name points into it: the pointers move with it). A
 * name is its ReplicaSet's (the service's name, "-", a hash of at most 10 digits), "-" and 5
 * characters. */
static int names_grow(sim_t *s, int cap) {
    if (!s->pod_name_len) {
        size_t longest = 0;
        for (int i = 0; i < s->sc->service_count; i++) {
            size_t n = strlen(s->sc->services[i].name);
            if (n > longest) longest = n;
        }
        s->pod_name_len = longest + 1 + 10 + 1 + 5 + 1;
    }
    char *n = realloc(s->pod_names, s->pod_name_len * (size_t)cap);
    if (!n) return -1;
    s->pod_names = n;
    for (int i = 0; i < s->pod_used; i++)
        s->pods[i].name = n + s->pod_name_len * (size_t)i;
    return 0;
}

int pod_create(sim_t *s, int rsi) {
    int pi;
    if (s->rs[rsi].pod_count == s->rs[rsi].member_cap) {
        rs_t *r = &s->rs[rsi];
        int ncap = r->member_cap ? r->member_cap * 2 : 16;
        int *m = realloc(r->members, sizeof *m * (size_t)ncap);
        if (!m) return -1;
        r->members = m;
        r->member_cap = ncap;
    }
    if (s->pod_free_count > 0) {
        pi = s->pod_free[--s->pod_free_count];
    } else {
        if (s->pod_used == s->pod_cap) {
            int ncap = s->pod_cap ? s->pod_cap * 2 : 256;
            pod_t *np = realloc(s->pods, sizeof *np * (size_t)ncap);
            int *nf = realloc(s->pod_free, sizeof *nf * (size_t)ncap);
            kubelet_pod_t *nk = realloc(s->kubelet_pods, sizeof *nk * (size_t)ncap);
            if (np) s->pods = np;
            if (nf) s->pod_free = nf;
            if (nk) s->kubelet_pods = nk;
            if (!np || !nf || !nk || names_grow(s, ncap) != 0) return -1;
            s->pod_cap = ncap;
        }
        pi = s->pod_used++;
        memset(&s->pods[pi], 0, sizeof s->pods[pi]);
    }
    rs_t *rs = &s->rs[rsi];
    service_t *svc = &s->services[rs->service];
    pod_t *p = &s->pods[pi];
    uint32_t gen = p->gen + 1;
    uint64_t *queue = p->queue;
    int q_cap = p->q_cap;
    memset(p, 0, sizeof *p);
    memset(kp(s, pi), 0, sizeof *kp(s, pi));
    p->gen = gen;
    p->queue = queue;
    p->q_cap = q_cap;
    p->used = true;
    p->serial = ++s->pod_serial;
    p->service = rs->service;
    p->rs = rsi;
    p->version = rs->version;
    p->node = -1;
    p->phase = POD_PENDING;
    p->shown = SIM_POD_STATE_COUNT;
    p->created = p->phase_since = model_now(s);
    p->ep_index = -1;
    p->node_next = p->node_prev = p->pend_next = p->pend_prev = p->pull_next = -1;
    const version_spec_t *v = pod_version(s, p);
    p->concurrency = v->concurrency;
    p->queue_limit = v->queue_limit;
    /* RS name + "-" + 5 random characters, without stdio (a pod is created per replacement) */
    char *name = s->pod_names + s->pod_name_len * (size_t)pi;
    size_t len = strlen(rs->name);
    if (len > s->pod_name_len - 7) len = s->pod_name_len - 7; /* never: see names_grow */
    memcpy(name, rs->name, len);
    name[len++] = '-';
    for (int i = 0; i < 5; i++)
        name[len++] = name_alphabet[gsl_rng_uniform_int(svc->rng_names, sizeof name_alphabet - 1)];
    name[len] = 0;
    p->name = name;
    /* link into the ReplicaSet, newest first (deletion prefers newer pods) */
    p->rs_prev = -1;
    p->rs_next = rs->head;
    if (rs->head >= 0) s->pods[rs->head].rs_prev = pi;
    rs->head = pi;
    p->rs_pos = rs->pod_count;
    rs->members[rs->pod_count] = pi;
    rs->pod_count++;
    rs->active++;
    p->counted_active = true;
    svc->total_pods++;
    if (svc->total_pods > svc->max_pods) svc->max_pods = svc->total_pods;
    hpa_steady_pod_created(s, pi);
    return pi;
}

/* The container is started (after the pull, if any): runtime start, then the app. */
static void start_container(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    const service_spec_t *svc = &s->sc->services[p->service];
    service_t *sv = &s->services[p->service];
    set_phase(s, pi, POD_STARTING);
    c->probing = false;
    sim_time_t now = model_now(s);
    sim_time_t rt = dist_sample(&s->sc->runtimes[svc->runtime].start, sv->rng_startup);
    p->stage_start = now;
    p->container_start = now + rt;
    p->app_up = false;
    p->ready = false;
    /* the first stage event: the container is running */
    p->stage_end = p->container_start;
    schedule_pod(s, p->container_start, EV_POD_STAGE, pi);
    pod_changed(s, pi, POD_CHG_SERVING | POD_CHG_REPORT);
}

static void start_after_pull(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    const version_spec_t *v = pod_version(s, p);
    if (v->image_name) /* a VM boots from a disk image, not a container image */
        model_event(s, "Normal", "Pulled", p->name, "%s image \"%s:%s\" already present on machine",
                    s->sc->services[p->service].runtime == RUNTIME_VM ? "VM disk" : "Container",
                    v->image_name, v->name);
    start_container(s, pi);
}

void pod_bind(sim_t *s, int pi, int node) {
    pod_t *p = &s->pods[pi];
    if (s->steady_init) {
        pod_place_steady(s, pi, node);
        return;
    }
    p->start_time = model_now(s); /* k8s: status.startTime, set when the kubelet takes it */
    node_pod_attach(s, node, pi);
    const service_spec_t *svc = &s->sc->services[p->service];
    if (svc->runtime != RUNTIME_BARE) /* on bare metal no scheduler placed it */
        model_event(s, "Normal", "Scheduled", p->name, "Successfully assigned %s/%s to %s",
                    svc->namespace_, p->name, s->nodes[node].name);
    const version_spec_t *v = pod_version(s, p);
    if (v->image_name && v->image_size > 0) {
        set_phase(s, pi, POD_PULLING);
        p->stage_start = model_now(s);
        p->stage_end = p->stage_start;
        pod_changed(s, pi, POD_CHG_REPORT);
        images_request(s, node, pi); /* calls pod_pull_done, maybe at once */
    } else {
        start_container(s, pi);
    }
}

/* Called by nodes.c when the image the pod waits for is on its node. */
void pod_pull_done(sim_t *s, int pi, bool pulled_now) {
    pod_t *p = &s->pods[pi];
    if (p->phase != POD_PULLING) return;
    const version_spec_t *v = pod_version(s, p);
    if (pulled_now) {
        /* k8s: the pull's own time, then the time including the wait for the node's puller */
        char pull[32], waited[32];
        sim_time_t own =
            (sim_time_t)((double)v->image_size /
                         s->sc->pools[s->nodes[p->node].pool].pull_bandwidth * SIM_SEC);
        sim_time_t total = model_now(s) - p->stage_start;
        go_duration(own < total ? own : total, pull, sizeof pull);
        go_duration(total, waited, sizeof waited);
        model_event(s, "Normal", "Pulled", p->name,
                    "Successfully pulled image \"%s:%s\" in %s (%s including waiting). Image size: "
                    "%lld bytes.",
                    v->image_name, v->name, pull, waited, (long long)v->image_size);
        start_container(s, pi);
    } else {
        start_after_pull(s, pi);
    }
}

/* Time 0 of a steady state: the pod has run for long, its image is present. */
void pod_place_steady(sim_t *s, int pi, int node) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    node_pod_attach(s, node, pi);
    bare_steady_install(s, pi);
    p->phase = POD_RUNNING;
    p->phase_since = 0;
    p->container_start = c->running_since = p->start_time = -3600 * SIM_SEC;
    p->app_up = true;
    pod_changed(s, pi, POD_CHG_SERVING);
    p->ready_since = -3600 * SIM_SEC;
    p->available = true;
    p->ip =
        (uint32_t)((10u << 24) | ((244u + (uint32_t)node / 256u) << 16) |
                   (((uint32_t)node % 256u) << 8) | (uint32_t)(2 + s->nodes[node].ip_next++ % 250));
    pod_set_ready(s, pi, true);
    const service_spec_t *svc = &s->sc->services[p->service];
    const sim_time_t crash = svc->versions[p->version].has_crash_after
                                 ? dist_sample(&svc->versions[p->version].crash_after,
                                               s->services[p->service].rng_startup)
                                 : -1;
    if (crash >= 0) schedule_pod(s, crash, EV_POD_CRASH, pi);
    c->app_up_at = p->container_start;
    (void)probes_arm(s, pi); /* started and Ready long ago: only a hang or unreadiness to come */
    probes_schedule_failures(s, pi);
}

/* k8s IsPodAvailable (pkg/controller/deployment/util/deployment_util.go) with its
 * ReplicaSet's minReadySeconds, which a patch can change: a timer of an earlier value or an
 * earlier Ready period is not enough. */
static void mark_available(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->available || !p->ready) return;
    sim_time_t mr = s->rs[p->rs].min_ready;
    if (mr > 0 && p->ready_since + mr + SIM_SEC > model_now(s)) return;
    p->available = true;
    pod_changed(s, pi, POD_CHG_COUNTS);
}

/* Its ReplicaSet's minReadySeconds changed (a patch): IsPodAvailable again with the new value
 * — available now, later (a new timer), or no longer (a raised value it has not served yet). */
void pod_min_ready_changed(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!p->ready || p->sigterm || p->phase != POD_RUNNING) return;
    sim_time_t mr = s->rs[p->rs].min_ready;
    sim_time_t due = mr == 0 ? p->ready_since : p->ready_since + mr + SIM_SEC;
    if (due <= model_now(s)) {
        mark_available(s, pi);
        return;
    }
    if (p->available) {
        p->available = false;
        pod_changed(s, pi, POD_CHG_COUNTS);
    }
    schedule_pod(s, due, EV_POD_AVAILABLE, pi);
}

void pod_set_ready(sim_t *s, int pi, bool ready) {
    pod_t *p = &s->pods[pi];
    if (p->ready == ready && p->counted_ready == ready) {
        pod_changed(s, pi, POD_CHG_REPORT);
        return;
    }
    if (p->ready != ready) p->ready_transition = model_now(s);
    p->ready = ready;
    /* the ReplicaSet's minReadySeconds, not the scenario's: a patch may have changed it */
    sim_time_t min_ready = s->rs[p->rs].min_ready;
    if (ready) {
        p->ready_since = model_now(s);
        if (min_ready == 0) {
            p->available = true;
        } else if (!p->available) {
            /* k8s: the controllers see it minReadySeconds + 1 s after it turned Ready */
            schedule_pod(s, model_now(s) + min_ready + SIM_SEC, EV_POD_AVAILABLE, pi);
        }
    } else {
        p->available = false;
    }
    /* the endpoints (joined only when not signalled), then the counts and the row */
    pod_changed(s, pi, POD_CHG_READY | POD_CHG_COUNTS | POD_CHG_REPORT);
}

static void container_running(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    service_t *sv = &s->services[p->service];
    const version_spec_t *v = pod_version(s, p);
    sim_time_t now = model_now(s);
    if (p->ip == 0) {
        node_t *n = &s->nodes[p->node];
        uint32_t ni = (uint32_t)p->node;
        p->ip = (uint32_t)((10u << 24) | ((244u + ni / 256u) << 16) | ((ni % 256u) << 8) |
                           (uint32_t)(2 + n->ip_next++ % 250));
    }
    const char *unit = unit_word(s, p);
    if (strcmp(unit, "container") == 0)
        model_event(s, "Normal", "Created", p->name, "Created container: %s",
                    s->sc->services[p->service].name);
    model_event(s, "Normal", "Started", p->name, "Started %s %s", unit,
                s->sc->services[p->service].name);
    c->running_since = now;
    p->cpu_at_start = traffic_pod_busy(s, pi); /* the new container's CPU counter starts at 0 */
    pod_changed(s, pi, POD_CHG_RUNNING);
    sim_time_t app_up = now + dist_sample(&v->startup, sv->rng_startup);
    if (v->has_crash_after)
        schedule_pod(s, now + dist_sample(&v->crash_after, sv->rng_startup), EV_POD_CRASH, pi);
    c->app_up_at = app_up;
    sim_time_t ready_at = probes_arm(s, pi); /* may find that the app hangs before it is up */
    if (v->readiness_probe.enabled || v->startup_probe.enabled) {
        p->stage_start = now;
        p->stage_end = ready_at;
        c->probing = true; /* the next stage event is the passing probe, even at this instant */
        if (ready_at < PROBE_NEVER) schedule_pod(s, ready_at, EV_POD_STAGE, pi);
        /* the probes before the app is up fail: each is an Unhealthy event, like the kubelet's */
        probes_schedule_failures(s, pi);
        /* the app may answer before the probe says so; it receives no traffic until then */
        p->app_up = false;
        p->available = false;
        p->ready = false;
        pod_changed(s, pi, POD_CHG_SERVING | POD_CHG_REPORT);
    } else {
        /* Without a probe the pod is Ready once running; requests before the app is up fail. */
        p->phase = POD_RUNNING;
        p->phase_since = now;
        p->stage_end = app_up;
        if (c->app_up_at < PROBE_NEVER) schedule_pod(s, app_up, EV_POD_APP_UP, pi);
        pod_set_ready(s, pi, true);
        probes_schedule_failures(s, pi); /* a livenessProbe, a hang */
    }
}

static void ghost_add(sim_t *s, int pi, int node);

static void finish_delete(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->phase == POD_DELETED || !p->used) return;
    pod_changed(s, pi, POD_CHG_KILLED);
    set_phase(s, pi, POD_DELETED);
    p->ready = p->available = false;
    /* may create a replacement: the pod table may move */
    pod_changed(s, pi, POD_CHG_COUNTS | POD_CHG_REPORT);
    p = &s->pods[pi];
    int node = p->node;
    if (node >= 0) node_pod_detach(s, node, pi);
    sched_dequeue(s, pi);
    rs_t *rs = &s->rs[p->rs];
    if (p->rs_prev >= 0)
        s->pods[p->rs_prev].rs_next = p->rs_next;
    else
        rs->head = p->rs_next;
    if (p->rs_next >= 0) s->pods[p->rs_next].rs_prev = p->rs_prev;
    int last = rs->members[rs->pod_count - 1]; /* swap-remove from the members */
    rs->members[p->rs_pos] = last;
    s->pods[last].rs_pos = p->rs_pos;
    rs->pod_count--;
    service_t *sv = &s->services[p->service];
    sv->total_pods--;
    p->node = -1;
    if (p->endpoint && !p->ep_leaving) pod_changed(s, pi, POD_CHG_READY); /* not Ready: leaves */
    if (p->endpoint) {
        p->free_pending = true; /* routers still send to it: keep the slot */
        ghost_add(s, pi, node);
    } else {
        pod_free_slot(s, pi);
    }
    if (node >= 0) node_changed(s, node, NODE_CHG_RETRY);
    deploy_request_sync(s, p->service); /* Recreate waits for the last old pod to go */
}

/* The list of deleted pods the routers still send to; a failed allocation only leaves the
 * pod out of the dashboard's picture. */
static void ghost_add(sim_t *s, int pi, int node) {
    if (s->ghost_count == s->ghost_cap) {
        int cap = s->ghost_cap ? 2 * s->ghost_cap : 16;
        struct ghost_pod *g = realloc(s->ghosts, (size_t)cap * sizeof *g);
        if (!g) return;
        s->ghosts = g;
        s->ghost_cap = cap;
    }
    s->ghosts[s->ghost_count++] = (struct ghost_pod){pi, node};
}

static void ghost_remove(sim_t *s, int pi) {
    for (int i = 0; i < s->ghost_count; i++)
        if (s->ghosts[i].pod == pi) {
            s->ghosts[i] = s->ghosts[--s->ghost_count];
            return;
        }
}

void pod_free_slot(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->free_pending) ghost_remove(s, pi);
    p->used = false;
    p->free_pending = false;
    pod_changed(s, pi, POD_CHG_FREED);
    p->gen++;
    s->pod_free[s->pod_free_count++] = pi;
}

void pod_delete(sim_t *s, int pi, const char *why) {
    pod_t *p = &s->pods[pi];
    if (!p->used || p->phase == POD_TERMINATING || p->phase == POD_DELETED) return;
    (void)why;
    if (p->phase == POD_PENDING) { /* never ran: gone at once */
        finish_delete(s, pi);
        return;
    }
    const version_spec_t *v = pod_version(s, p);
    bool node_dead = s->nodes[p->node].failed;
    bool container_ran =
        p->phase == POD_RUNNING || (p->phase == POD_STARTING && model_now(s) >= p->container_start);
    set_phase(s, pi, POD_TERMINATING);
    p->ready = false;
    p->available = false;
    /* the scheduler uncounts it before the ReplicaSet places a replacement (the pod table may
     * move); it leaves the endpoints whether or not it was Ready */
    pod_changed(s, pi, POD_CHG_TERMINATING | POD_CHG_READY | POD_CHG_COUNTS | POD_CHG_REPORT);
    p = &s->pods[pi];
    if (node_dead) return; /* the kubelet is gone: Terminating until the node returns */
    model_event(s, "Normal", "Killing", p->name, "Stopping %s %s", unit_word(s, p),
                s->sc->services[p->service].name);
    sim_time_t now = model_now(s);
    /* a preStop hook runs only in a running container: a pod still pulling or starting its
     * runtime gets SIGTERM at once. kuberuntime_container.go killContainer: the hook runs for
     * at most the grace period, SIGTERM follows, and whatever is left of the grace period —
     * never less than minimumGracePeriodInSeconds (2 s) — passes before SIGKILL */
    sim_time_t grace = v->termination_grace_period;
    sim_time_t hook = container_ran ? (v->pre_stop < grace ? v->pre_stop : grace) : 0;
    sim_time_t left = grace - hook < 2 * SIM_SEC ? 2 * SIM_SEC : grace - hook;
    schedule_pod(s, now + hook, EV_POD_TERM_SIGNAL, pi);
    schedule_pod(s, now + hook + left, EV_POD_KILL, pi);
}

/* The container exits on its own (crashAfter, a podCrash fault): restart under backoff. */
void pod_crash(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    if (p->phase != POD_RUNNING && p->phase != POD_STARTING) return;
    if (s->nodes[p->node].failed) return;
    sim_time_t now = model_now(s);
    pod_changed(s, pi, POD_CHG_KILLED);
    /* k8s: the backoff entry expires when the container exits more than 10 min after the
     * last restart (flowcontrol.Backoff hasExpired, strict) */
    if (c->backoff > 0 && now - p->backoff_until > BACKOFF_RESET) c->backoff = 0;
    p->restarts++;
    if (p->ready) pod_set_ready(s, pi, false);
    p->app_up = false;
    pod_changed(s, pi, POD_CHG_SERVING);
    if (c->backoff == 0) {
        /* k8s: the first restart comes at once, without a BackOff event (doBackOff) */
        c->backoff = BACKOFF_INITIAL;
        p->backoff_until = now;
        start_container(s, pi);
        return;
    }
    char uid[37];
    const service_spec_t *svc = &s->sc->services[p->service];
    pod_uid(p, svc->namespace_, uid);
    model_event(s, "Warning", "BackOff", p->name,
                "Back-off restarting failed %s %s in pod %s_%s(%s)", unit_word(s, p), svc->name,
                p->name, svc->namespace_, uid);
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    model_decision(s, "kubelet", obj, "CrashLoopBackOff",
                   "back-off %ds: restart %d waits %d s (the delay doubles from 10 s up to 300 s, "
                   "and resets after 10 min of running)",
                   (int)(c->backoff / SIM_SEC), p->restarts, (int)(c->backoff / SIM_SEC));
    set_phase(s, pi, POD_CRASH_LOOP);
    p->backoff_until = now + c->backoff;
    schedule_pod(s, p->backoff_until, EV_POD_STAGE, pi);
    c->backoff = c->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : c->backoff * 2;
    pod_changed(s, pi, POD_CHG_REPORT);
}

void pod_node_lost(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->phase == POD_TERMINATING || p->phase == POD_DELETED) return;
    /* k8s MarkPodsNotReady */
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name); /* a Pod's event, though its reason says Node */
    model_event(s, "Warning", "NodeNotReady", obj, "Node is not ready");
    if (p->ready) pod_set_ready(s, pi, false);
}

void pod_handle_event(sim_t *s, const engine_event_t *ev) {
    int pi = (int)ev->a;
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    if (!p->used || p->gen != (uint32_t)ev->b) return; /* a timer of an earlier phase */
    /* a dead node's kubelet does nothing: its pods, Terminating ones too, wait for it */
    if (p->node >= 0 && s->nodes[p->node].failed) return;
    switch (ev->kind) {
    case EV_POD_STAGE:
        if (p->phase == POD_CRASH_LOOP) {
            start_container(s, pi);
        } else if (p->phase == POD_STARTING && !c->probing) {
            container_running(s, pi);
        } else if (p->phase == POD_STARTING) {
            /* the readiness probe passed */
            p->phase = POD_RUNNING;
            p->app_up = true;
            pod_changed(s, pi, POD_CHG_SERVING);
            pod_set_ready(s, pi, true);
        }
        break;
    case EV_POD_APP_UP:
        p->app_up = true;
        pod_changed(s, pi, POD_CHG_SERVING);
        break;
    case EV_POD_PROBE_FAIL:
        probes_handle_event(s, pi, (int)(ev->b >> 32));
        break;
    case EV_POD_AVAILABLE:
        mark_available(s, pi);
        break;
    case EV_POD_CRASH:
        pod_crash(s, pi);
        break;
    case EV_POD_TERM_SIGNAL:
        p->sigterm = true;
        pod_changed(s, pi, POD_CHG_STOPPED);
        if (p->busy == 0 && p->q_len == 0) finish_delete(s, pi);
        break;
    case EV_POD_KILL:
        finish_delete(s, pi);
        break;
    case EV_ENDPOINT_GONE:
        break;
    }
}

/* Called by traffic.c when a terminating pod has finished its last request. */
void pod_drained(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->phase == POD_TERMINATING && p->sigterm) finish_delete(s, pi);
}

/* Called by nodes.c when a dead node comes back: pods deleted meanwhile finish deleting,
 * the others restart their containers. */
void pod_node_repaired(sim_t *s, int pi, bool fresh_machine) {
    pod_t *p = &s->pods[pi];
    if (p->phase == POD_TERMINATING || fresh_machine) {
        finish_delete(s, pi);
        return;
    }
    if (p->phase == POD_PULLING) {
        images_request(s, p->node, pi);
        return;
    }
    if (p->ready) pod_set_ready(s, pi, false);
    start_container(s, pi);
}

/* ---- sim_clone ---- */

void kubelet_pods_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    dst->kubelet_pods = clone_dup(c, src->kubelet_pods, (size_t)src->pod_used, (size_t)src->pod_cap,
                                  sizeof *src->kubelet_pods);
    size_t len = src->pod_name_len;
    dst->pod_names =
        clone_dup(c, src->pod_names, len * (size_t)src->pod_used, len * (size_t)src->pod_cap, 1);
    for (int i = 0; dst->pods && i < src->pod_used; i++) /* its own names (NULL: none) */
        dst->pods[i].name = dst->pod_names ? dst->pod_names + len * (size_t)i : NULL;
}
