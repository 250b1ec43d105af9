/* bare: services installed straight on servers (runtime "bare"), the "local deployment" the
 * seed notes start from. There is no ReplicaSet controller behind them in reality: a process
 * is never rescheduled to another server, a killed process is restarted in place by the
 * service manager, and an update stops the processes of one server, installs the new version
 * and starts it there, server after server — so a single-server service has downtime.
 * Services on one server share its installed libraries: installing a version that changes a
 * shared dependency replaces it for every process of that server, and a neighbour that needs
 * the old version breaks (its requests fail) until it is updated too. The model keeps the
 * ReplicaSet objects for bookkeeping (replicasets.csv shows v1 and v2 counts) but drives them
 * from here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bare.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "notify.h"
#include "replicaset.h"
#include "scheduler.h"

bool bare_service(const sim_t *s, int service) {
    return s->sc->services[service].runtime == RUNTIME_BARE;
}

static const char *installed(const node_t *n, const char *dep) {
    for (int i = 0; i < n->dep_count; i++)
        if (strcmp(n->dep_name[i], dep) == 0) return n->dep_version[i];
    return NULL;
}

/* Does a pod of this version find every dependency it needs, at its version, on the node? */
static const dependency_t *missing_dep(const node_t *n, const version_spec_t *v) {
    for (int i = 0; i < v->dependency_count; i++) {
        const char *have = installed(n, v->dependencies[i].name);
        if (have && strcmp(have, v->dependencies[i].version) != 0) return &v->dependencies[i];
    }
    return NULL;
}

/* Re-reads every process on the node against what is installed now. */
static void recheck_node(sim_t *s, int ni, int installer) {
    node_t *n = &s->nodes[ni];
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next) {
        pod_t *p = &s->pods[pi];
        if (!bare_service(s, p->service) || p->phase == POD_TERMINATING) continue;
        const version_spec_t *v = pod_version(s, p);
        const dependency_t *d = missing_dep(n, v);
        bool broken = d != NULL;
        if (broken == p->dep_broken) continue;
        p->dep_broken = broken;
        pod_changed(s, pi, POD_CHG_SERVING);
        const service_spec_t *svc = &s->sc->services[p->service];
        if (broken) {
            const service_spec_t *by = installer >= 0 ? &s->sc->services[installer] : NULL;
            sim_ref_t ref = SIM_REF_NONE;
            ref.kind = SIM_EVK_DEP_CONFLICT, ref.service = p->service;
            model_event_ref(
                s, ref, "Warning", "DependencyConflict", p->name,
                "%s %s on %s needs %s %s, but installing %s replaced it with %s %s: its "
                "requests fail",
                svc->name, v->name, n->name, d->name, d->version, by ? by->name : "an update",
                d->name, installed(n, d->name));
        } else {
            model_event(s, "Normal", "DependenciesSatisfied", p->name,
                        "%s %s on %s finds every library it needs again", svc->name, v->name,
                        n->name);
        }
    }
}

/* Installs a version's dependencies on the server (system-wide, replacing what was there). */
static void install(sim_t *s, int ni, int service, const version_spec_t *v) {
    node_t *n = &s->nodes[ni];
    for (int i = 0; i < v->dependency_count; i++) {
        const dependency_t *d = &v->dependencies[i];
        int k;
        for (k = 0; k < n->dep_count; k++)
            if (strcmp(n->dep_name[k], d->name) == 0) break;
        if (k == n->dep_count) {
            if (n->dep_count == n->dep_cap) {
                int ncap = n->dep_cap ? n->dep_cap * 2 : 4;
                const char **a = realloc(n->dep_name, sizeof *a * (size_t)ncap);
                if (!a) return;
                n->dep_name = a;
                const char **b = realloc(n->dep_version, sizeof *b * (size_t)ncap);
                if (!b) return;
                n->dep_version = b;
                n->dep_cap = ncap;
            }
            n->dep_name[n->dep_count] = d->name;
            n->dep_version[n->dep_count++] = d->version;
        } else {
            n->dep_version[k] = d->version;
        }
    }
    recheck_node(s, ni, service);
}

/* Time 0: the processes already running installed their libraries in placement order. */
void bare_steady_install(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!bare_service(s, p->service) || p->node < 0) return;
    install(s, p->node, p->service, pod_version(s, p));
}

/* The first server (lowest index) that still runs a process of an older version. */
static int next_server(sim_t *s, service_t *sv, int *count) {
    int best = -1;
    for (int k = 0; k < sv->rs_count; k++) {
        int ri = sv->rs[k];
        if (ri == sv->new_rs) continue;
        for (int pi = s->rs[ri].head; pi >= 0; pi = s->pods[pi].rs_next) {
            const pod_t *p = &s->pods[pi];
            if (!p->counted_active || p->node < 0) continue;
            if (best < 0 || p->node < best) best = p->node;
        }
    }
    *count = 0;
    if (best < 0) return -1;
    for (int k = 0; k < sv->rs_count; k++) {
        int ri = sv->rs[k];
        if (ri == sv->new_rs) continue;
        for (int pi = s->rs[ri].head; pi >= 0; pi = s->pods[pi].rs_next)
            if (s->pods[pi].counted_active && s->pods[pi].node == best) (*count)++;
    }
    return best;
}

static int old_on_node(sim_t *s, service_t *sv, int ni) {
    int n = 0;
    for (int pi = s->nodes[ni].head; pi >= 0; pi = s->pods[pi].node_next)
        if (s->pods[pi].service == sv->index && s->pods[pi].rs != sv->new_rs) n++;
    return n;
}

static int new_ready_on_node(sim_t *s, service_t *sv, int ni) {
    int n = 0;
    for (int pi = s->nodes[ni].head; pi >= 0; pi = s->pods[pi].node_next)
        if (s->pods[pi].rs == sv->new_rs && s->pods[pi].ready) n++;
    return n;
}

/* Does the process fit in what the server has free? The scheduler's NodeResourcesFit rule
 * (k8s: noderesources/fit.go fitsRequest; a zero request always fits): an in-place start
 * must not over-commit the server any more than a scheduled pod may. */
static bool fits(const sim_t *s, int ni, int pi) {
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    int64_t cpu = pod_cpu_charge(s, &s->pods[pi]), mem = pod_mem_charge(s, &s->pods[pi]);
    return (cpu <= 0 || cpu <= ps->cpu - n->cpu_alloc) &&
           (mem <= 0 || mem <= ps->memory - n->mem_alloc);
}

/* Every old process of the server is gone: install, then start the new version in place. */
static void start_new_version(sim_t *s, service_t *sv, const char *obj,
                              const version_spec_t *target) {
    int service = sv->index;
    install(s, sv->bare_node, service, target);
    int started = 0, left = 0;
    for (int i = 0; i < sv->bare_count; i++) {
        s->rs[sv->new_rs].desired++;
        int pi = pod_create(s, sv->new_rs);
        if (pi < 0) return;
        pod_changed(s, pi, POD_CHG_REPORT);
        if (fits(s, sv->bare_node, pi)) {
            pod_bind(s, pi, sv->bare_node);
            started++;
        } else {
            left++;
            sched_enqueue(s, pi); /* it waits for a server with room, like any pod */
        }
        rs_report(s, sv->new_rs);
    }
    sv->bare_count = started; /* the update moves on once these are Ready */
    sv->bare_stopping = false;
    model_decision(s, "bare", obj, "start new version",
                   "%s installed on %s; starting %d %s process(es) in place", target->name,
                   s->nodes[sv->bare_node].name, started, target->name);
    if (left)
        model_event(s, "Warning", "OutOfResources", obj,
                    "%d %s process(es) of %s do not fit on %s (%s needs more CPU or memory "
                    "than the server has free): they wait Pending",
                    left, target->name, sv->spec->name, s->nodes[sv->bare_node].name, target->name);
}

/* No server left to update: the new ReplicaSet at full size, complete once all are Ready. */
static void finish_update(sim_t *s, service_t *sv, const char *obj, const version_spec_t *target) {
    rs_t *nrs = &s->rs[sv->new_rs];
    if (nrs->desired != sv->replicas) rs_scale(s, sv->new_rs, sv->replicas);
    if (sv->complete || nrs->ready != sv->replicas) return;
    sv->complete = true;
    if (sv->rollout_start < 0) return;
    double secs = (double)(model_now(s) - sv->rollout_start) / SIM_SEC;
    sv->rollout_total += secs;
    sv->rollout_start = -1;
    model_decision(s, "bare", obj, "update complete", "every server runs %s after %.1f s",
                   target->name, secs);
}

/* Stops every old process of server ni (graceful: preStop, SIGTERM, grace period). */
static void stop_server(sim_t *s, service_t *sv, int ni, int count, const char *obj,
                        const version_spec_t *target) {
    sv->bare_node = ni;
    sv->bare_count = count;
    sv->bare_stopping = true;
    model_decision(s, "bare", obj, "update server",
                   "in-place update on %s: stop its %d process(es), install %s, start them again "
                   "(no other server takes over meanwhile)",
                   s->nodes[ni].name, count, target->name);
    for (int pass = 0; pass < 2; pass++)
        for (int pi = s->nodes[ni].head; pi >= 0;) {
            int next = s->pods[pi].node_next;
            pod_t *p = &s->pods[pi];
            if (p->service == sv->index && p->rs != sv->new_rs && p->counted_active) {
                s->rs[p->rs].desired--;
                pod_delete(s, pi, "in-place update");
            }
            pi = next;
        }
}

/* The in-place update, one server at a time; called on every sync of a bare service. */
void bare_sync(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    char obj[96];
    snprintf(obj, sizeof obj, "Service/%s", sv->spec->name);
    const version_spec_t *target = &sv->spec->versions[s->rs[sv->new_rs].version];
    if (sv->bare_node >= 0 && sv->bare_stopping) {
        if (old_on_node(s, sv, sv->bare_node) > 0) return; /* still stopping */
        start_new_version(s, sv, obj, target);
        return;
    }
    if (sv->bare_node >= 0) {
        if (new_ready_on_node(s, sv, sv->bare_node) < sv->bare_count) return; /* still starting */
        sv->bare_node = -1;
    }
    int count;
    int ni = next_server(s, sv, &count);
    if (ni < 0) {
        finish_update(s, sv, obj, target);
        return;
    }
    stop_server(s, sv, ni, count, obj, target);
    /* a server whose processes were all gone already continues at once */
    if (old_on_node(s, sv, ni) == 0) bare_sync(s, service);
}

/* A bare process killed by hand: the service manager restarts it where it was. */
int bare_kill(sim_t *s, int pi) {
    pod_crash(s, pi);
    return 0;
}
