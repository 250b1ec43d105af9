/* clone: sim_clone, a deep copy of a run (the dashboard's checkpoints: a jump back in time
 * restores the nearest earlier copy and runs forward from there instead of from time 0).
 * The copy starts as a byte copy of sim_t; then each structure below replaces the pointers it
 * owns with copies of what they point to. Structures private to a module are copied by that
 * module (clone.h). What the run shares with its scenario (names, specs, taints' strings) stays
 * shared: the scenario must outlive every copy, as it outlives the run.
 * A field added to sim_t or its structures that holds heap memory needs a line here (or in its
 * module's *_clone): tests/test_clone.c runs copies to the end and compares every CSV with an
 * uncopied run, and the sanitizer build catches a pointer left shared (double free). */
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "counts.h"
#include "model.h"
#include "sched_nodes.h"

void *clone_dup(clone_ctx_t *c, const void *p, size_t used, size_t cap, size_t elem) {
    if (!p) return NULL;
    if (cap < used) cap = used;
    size_t bytes = (cap > 0 ? cap : 1) * elem;
    void *n = malloc(bytes > 0 ? bytes : 1);
    if (!n) {
        c->failed = true;
        return NULL;
    }
    if (used > 0) memcpy(n, p, used * elem);
    c->bytes += used * elem; /* what is resident: the capacity beyond is not touched yet */
    return n;
}

gsl_rng *clone_rng(clone_ctx_t *c, const gsl_rng *r) {
    if (!r) return NULL;
    gsl_rng *n = gsl_rng_clone(r);
    if (!n) c->failed = true;
    return n;
}

/* An array of generators (per pool, per fault), each NULL or its own. */
static gsl_rng **clone_rngs(clone_ctx_t *c, gsl_rng *const *r, int n) {
    gsl_rng **copy = clone_dup(c, r, (size_t)n, (size_t)n, sizeof *r);
    for (int i = 0; copy && i < n; i++)
        copy[i] = clone_rng(c, r[i]);
    return copy;
}

static void clone_pods(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->pods = clone_dup(c, s->pods, (size_t)s->pod_used, (size_t)s->pod_cap, sizeof *s->pods);
    d->pod_free = clone_dup(c, s->pod_free, (size_t)s->pod_free_count, (size_t)s->pod_cap,
                            sizeof *s->pod_free);
    d->ghosts =
        clone_dup(c, s->ghosts, (size_t)s->ghost_count, (size_t)s->ghost_cap, sizeof *s->ghosts);
    kubelet_pods_clone(d, s, c);
    if (!d->pods) {
        d->pod_used = 0; /* sim_destroy walks the pods for their queues */
        return;
    }
    for (int i = 0; i < s->pod_used; i++) {
        const pod_t *p = &s->pods[i];
        d->pods[i].queue =
            clone_dup(c, p->queue, (size_t)p->q_cap, (size_t)p->q_cap, sizeof *p->queue);
    }
}

static void clone_nodes(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->pool_next_index = clone_dup(c, s->pool_next_index, (size_t)s->sc->pool_count,
                                   (size_t)s->sc->pool_count, sizeof *s->pool_next_index);
    d->rng_pool_failures = clone_rngs(c, s->rng_pool_failures, s->sc->pool_count);
    d->rng_pool_provision = clone_rngs(c, s->rng_pool_provision, s->sc->pool_count);
    d->nodes = clone_dup(c, s->nodes, (size_t)s->node_count, (size_t)s->node_cap, sizeof *s->nodes);
    if (!d->nodes) {
        d->node_count = 0;
        return;
    }
    for (int i = 0; i < s->node_count; i++) {
        const node_t *n = &s->nodes[i];
        node_t *m = &d->nodes[i];
        m->taints = clone_dup(c, n->taints, (size_t)n->taint_count, (size_t)n->taint_cap,
                              sizeof *n->taints);
        m->dep_name = clone_dup(c, n->dep_name, (size_t)n->dep_count, (size_t)n->dep_cap,
                                sizeof *n->dep_name);
        m->dep_version = clone_dup(c, n->dep_version, (size_t)n->dep_count, (size_t)n->dep_cap,
                                   sizeof *n->dep_version);
        m->images = clone_dup(c, n->images, (size_t)n->image_count, (size_t)n->image_cap,
                              sizeof *n->images);
    }
}

static void clone_replicasets(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->rs = clone_dup(c, s->rs, (size_t)s->rs_count, (size_t)s->rs_cap, sizeof *s->rs);
    if (!d->rs) {
        d->rs_count = 0;
        return;
    }
    for (int i = 0; i < s->rs_count; i++) {
        const rs_t *r = &s->rs[i];
        /* members: pod_count of them in use; copied to the capacity for simplicity */
        d->rs[i].members = clone_dup(c, r->members, (size_t)r->member_cap, (size_t)r->member_cap,
                                     sizeof *r->members);
        d->rs[i].endpoints = clone_dup(c, r->endpoints, (size_t)r->ep_count, (size_t)r->ep_cap,
                                       sizeof *r->endpoints);
        d->rs[i].hpa_list = clone_dup(c, r->hpa_list, (size_t)r->hpa_list_count,
                                      (size_t)r->hpa_list_cap, sizeof *r->hpa_list);
    }
}

static void clone_services(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    size_t n = (size_t)s->sc->service_count;
    d->services = clone_dup(c, s->services, n, n > 0 ? n : 1, sizeof *s->services);
    for (size_t i = 0; d->services && i < n; i++) {
        const service_t *v = &s->services[i];
        service_t *w = &d->services[i];
        w->rs = clone_dup(c, v->rs, (size_t)v->rs_count, (size_t)v->rs_cap, sizeof *v->rs);
        w->samples = clone_dup(c, v->samples, (size_t)v->sample_count, (size_t)v->sample_cap,
                               sizeof *v->samples);
        w->rng_arrivals = clone_rng(c, v->rng_arrivals);
        w->rng_service = clone_rng(c, v->rng_service);
        w->rng_routing = clone_rng(c, v->rng_routing);
        w->rng_startup = clone_rng(c, v->rng_startup);
        w->rng_names = clone_rng(c, v->rng_names);
        w->rng_failures = clone_rng(c, v->rng_failures);
        w->argo.rng_preview = clone_rng(c, v->argo.rng_preview);
        w->hpa = NULL; /* hpa_clone's */
    }
    hpa_clone(d, s, c);
}

static void clone_images(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->images =
        clone_dup(c, s->images, (size_t)s->image_count, (size_t)s->image_count, sizeof *s->images);
    if (!d->images) {
        d->image_count = 0;
        return;
    }
    for (int i = 0; i < s->image_count; i++) {
        const char *name = s->images[i].name;
        d->images[i].name = name ? clone_dup(c, name, strlen(name) + 1, 0, 1) : NULL;
    }
}

/* The scheduler's tables (sched_*.c, scheduler.c): packed nodes, counts, caches, scratch. */
static void clone_scheduler(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    size_t cap = (size_t)s->sched_cap, zones = (size_t)s->sc->zone_count;
    size_t rows = (size_t)s->sched_zone_rows, svcs = (size_t)s->sc->service_count;
    d->sched_feasible = clone_dup(c, s->sched_feasible, cap, cap, sizeof *s->sched_feasible);
    d->sched_raw = clone_dup(c, s->sched_raw, cap + 1, cap + 1, sizeof *s->sched_raw); /* + 1 */
    d->sched_nodes = clone_dup(c, s->sched_nodes, cap, cap, sizeof *s->sched_nodes);
    count_map_clone(&d->sched_counts, &s->sched_counts, c);
    d->sched_rs = clone_dup(c, s->sched_rs, rows, rows, sizeof *s->sched_rs);
    for (size_t i = 0; d->sched_rs && i < rows; i++) {
        const sched_rs_nodes_t *l = &s->sched_rs[i];
        d->sched_rs[i].e = clone_dup(c, l->e, (size_t)l->len, (size_t)l->cap, sizeof *l->e);
    }
    d->sched_zone = clone_dup(c, s->sched_zone, rows * zones, rows * zones, sizeof(int));
    d->sched_classes = clone_dup(c, s->sched_classes, s->sched_class_count, s->sched_class_count,
                                 sizeof *s->sched_classes);
    d->sched_zone_scratch = clone_dup(c, s->sched_zone_scratch, zones, zones, sizeof(int));
    d->sched_pods = clone_dup(c, s->sched_pods, (size_t)s->sched_pod_cap, (size_t)s->sched_pod_cap,
                              sizeof(struct sched_pod));
    if (!d->sched_pods) d->sched_pod_cap = 0;
    d->sched_topo = clone_dup(c, s->sched_topo, svcs, svcs, sizeof *s->sched_topo);
    for (size_t i = 0; d->sched_topo && i < svcs; i++)
        d->sched_topo[i].zone_ok = clone_dup(c, s->sched_topo[i].zone_ok, zones, zones, 1);
    d->rng_sched = clone_rng(c, s->rng_sched);
    /* the index's trees are derived from sched_nodes: the copy builds its own when it places */
    d->sched_ix = NULL;
    d->sched_ix_count = 0;
    prio_clone(d, s, c);
}

/* The slots of a ring in use: all once it has wrapped. Why not the capacity: the dashboard
 * keeps 4,000 events (5 MiB), mostly empty early in a run. */
static size_t ring_used(int start, int count, int cap) {
    return (size_t)(start + count < cap ? start + count : cap);
}

/* What the views read (samples, event and decision rings, actions) and the row bookkeeping. */
static void clone_history(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->csamples = clone_dup(c, s->csamples, (size_t)s->csample_count, (size_t)s->csample_cap,
                            sizeof *s->csamples);
    d->ev_ring = clone_dup(c, s->ev_ring, ring_used(s->ev_start, s->ev_count, s->ev_cap),
                           (size_t)s->ev_cap, sizeof *s->ev_ring);
    d->dec_ring = clone_dup(c, s->dec_ring, ring_used(s->dec_start, s->dec_count, s->dec_cap),
                            (size_t)s->dec_cap, sizeof *s->dec_ring);
    d->actions = clone_dup(c, s->actions, (size_t)s->action_count, (size_t)s->action_cap,
                           sizeof *s->actions);
    d->dirty_rs = clone_dup(c, s->dirty_rs, (size_t)s->dirty_rs_count, (size_t)s->dirty_rs_cap,
                            sizeof *s->dirty_rs);
    d->dirty_nodes = clone_dup(c, s->dirty_nodes, (size_t)s->dirty_node_count,
                               (size_t)s->dirty_node_cap, sizeof *s->dirty_nodes);
    d->util_dirty = clone_dup(c, s->util_dirty, (size_t)s->util_dirty_count,
                              (size_t)s->util_dirty_cap, sizeof *s->util_dirty);
    size_t cells = (size_t)s->sc->service_count * (size_t)s->sc->zone_count;
    d->zone_cells = clone_dup(c, s->zone_cells, cells, cells, sizeof *s->zone_cells);
    d->errors.items = clone_dup(c, s->errors.items, (size_t)s->errors.count, (size_t)s->errors.cap,
                                sizeof *s->errors.items);
    if (!d->errors.items) d->errors.count = d->errors.cap = 0;
    for (int i = 0; i < d->errors.count; i++)
        d->errors.items[i] = clone_dup(c, s->errors.items[i], strlen(s->errors.items[i]) + 1, 0, 1);
}

/* Random failures of zones and spot interruptions: per fault and per pool streams. */
static void clone_faults(sim_t *d, const sim_t *s, clone_ctx_t *c) {
    d->rng_zone_faults = clone_rngs(c, s->rng_zone_faults, s->sc->fault_count);
    d->rng_spot = clone_rngs(c, s->rng_spot, s->sc->pool_count);
}

sim_t *sim_clone(const sim_t *s, const char *outdir, size_t *bytes, diag_t *diag) {
    clone_ctx_t c = {0, false};
    sim_t *d = clone_dup(&c, s, 1, 1, sizeof *s);
    if (!d) {
        diag_add(diag, "out of memory");
        return NULL;
    }
    d->eng = engine_clone(s->eng);
    if (!d->eng) c.failed = true;
    c.bytes += (size_t)engine_size(s->eng) * 32; /* its entries (a close estimate) */
    clone_pods(d, s, &c);
    clone_nodes(d, s, &c);
    clone_replicasets(d, s, &c);
    clone_services(d, s, &c);
    clone_images(d, s, &c);
    clone_scheduler(d, s, &c);
    clone_history(d, s, &c);
    clone_faults(d, s, &c);
    ca_clone(d, s, &c);
    hpa_metrics_clone(d, s, &c);
    fluid_queue_clone(d, s, &c); /* after the ReplicaSets: it points theirs at its tables */
    metrics_clone_files(d, s, outdir, &c);
    if (c.failed) {
        diag_add(diag, "%s", d->error[0] ? d->error : "out of memory while copying the run");
        sim_destroy(d);
        return NULL;
    }
    if (bytes) *bytes = c.bytes;
    return d;
}
