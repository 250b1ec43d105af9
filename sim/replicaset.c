/* replicaset: the ReplicaSet controller. Keeps `desired` pods alive (self-healing), deletes
 * the least valuable pods first when scaled down, keeps the status counts (active, ready,
 * available) and the endpoints the Service routes to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deployment.h"
#include "kernel.h"
#include "kubelet.h"
#include "metrics.h"
#include "model.h"
#include "notify.h"
#include "replicaset.h"
#include "scheduler.h"
#include "traffic.h"
#include "zone_avail.h"

/* k8s: rand.SafeEncodeString of the hash's decimal digits (controller_utils.go
 * ComputeHash): consonants and digits only, so a hash never spells a word. */
static void safe_encode(uint32_t h, char out[12]) {
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    char dec[12];
    snprintf(dec, sizeof dec, "%u", h);
    size_t n = strlen(dec);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[(unsigned char)dec[i] % (sizeof alphabet - 1)];
    out[n] = 0;
}

/* k8s: pod-template-hash = SafeEncodeString(decimal of fnv32a(template)), controller_utils.go */
static void template_hash(const service_spec_t *svc, const version_spec_t *v, char out[12]) {
    uint32_t h = 2166136261u;
    const char *parts[] = {svc->namespace_, svc->name, v->name, v->image_name ? v->image_name : ""};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        for (const char *c = parts[i]; *c; c++) {
            h ^= (unsigned char)*c;
            h *= 16777619u;
        }
        h ^= 0xffu;
        h *= 16777619u;
    }
    safe_encode(h, out);
}

void rs_set_restarted(sim_t *s, int ri, int restart, sim_time_t at) {
    rs_t *rs = &s->rs[ri];
    const service_t *sv = &s->services[rs->service];
    rs->restart = restart;
    rs->restarted_at = at;
    if (restart <= 0) return;
    /* the annotation is part of the template: its hash changes (FNV over the old one) */
    char salt[96];
    snprintf(salt, sizeof salt, "%s/restartedAt=%lld", rs->hash, (long long)at);
    uint32_t h = 2166136261u;
    for (const char *c = salt; *c; c++) {
        h ^= (unsigned char)*c;
        h *= 16777619u;
    }
    safe_encode(h, rs->hash);
    snprintf(rs->name, sizeof rs->name, "%s-%s", sv->spec->name, rs->hash);
}

int rs_create(sim_t *s, int service, int version) {
    if (s->rs_count == s->rs_cap) {
        int ncap = s->rs_cap ? s->rs_cap * 2 : 16;
        rs_t *n = realloc(s->rs, sizeof *n * (size_t)ncap);
        if (!n) return -1;
        s->rs = n;
        s->rs_cap = ncap;
    }
    service_t *sv = &s->services[service];
    if (sv->rs_count == sv->rs_cap) {
        int ncap = sv->rs_cap ? sv->rs_cap * 2 : 4;
        int *n = realloc(sv->rs, sizeof *n * (size_t)ncap);
        if (!n) return -1;
        sv->rs = n;
        sv->rs_cap = ncap;
    }
    int ri = s->rs_count++;
    rs_t *rs = &s->rs[ri];
    memset(rs, 0, sizeof *rs);
    rs->service = service;
    rs->version = version;
    rs->revision = ++sv->revision_counter;
    rs->head = -1;
    rs->alive = true;
    rs->min_ready = sv->spec->min_ready;
    for (int i = 0; i < 5; i++)
        rs->reported[i] = -1;
    template_hash(sv->spec, &sv->spec->versions[version], rs->hash);
    snprintf(rs->name, sizeof rs->name, "%s-%s", sv->spec->name, rs->hash);
    sv->rs[sv->rs_count++] = ri;
    return ri;
}

/* Marks the ReplicaSet's counts as changed; metrics_flush_instant writes one row for all
 * the changes of one instant. */
void rs_report(sim_t *s, int ri) {
    rs_t *rs = &s->rs[ri];
    if (rs->dirty) return;
    if (metrics_mark_dirty(&s->dirty_rs, &s->dirty_rs_count, &s->dirty_rs_cap, ri) == 0)
        rs->dirty = true;
}

/* k8s: ActivePodsWithRanks ordering, controller_utils.go — the first pods are deleted first:
 * unscheduled before scheduled, Pending before Running, not Ready before Ready, more related
 * pods on the same node first (getPodsRankedByRelatedPodsOnSameNode), Ready for a shorter
 * time first, more restarts first, newer before older, then by name (and, as the stable
 * sort this replaced did, list order).
 * Why keys: a scale-down step ranks every pod of the ReplicaSet (thousands) to delete a few,
 * dozens of times in a rollout; the ranking was most of a dashboard jump. The key of each
 * pod is read once (the pod records are not touched again while comparing), and only the
 * `k` pods to delete are selected (a bounded heap, O(n log k)) and then sorted. */
typedef struct {
    uint64_t head; /* scheduled, phase rank, ready, then fewer related pods: ascending */
    sim_time_t ready_since;
    sim_time_t created;
    int restarts;
    int pod;
    int pos; /* place in the ReplicaSet's list */
    bool ready;
    uint64_t tail; /* the name's last 8 bytes, first byte highest */
    const char *name;
} rank_key_t;

static int phase_rank(pod_phase_t ph) {
    switch (ph) {
    case POD_PENDING:
        return 0;
    case POD_PULLING:
    case POD_STARTING:
    case POD_CRASH_LOOP:
        return 1;
    default:
        return 2;
    }
}

static rank_key_t rank_key(const pod_t *p, int pi, int pos, int related) {
    rank_key_t k;
    k.head = (uint64_t)(p->node >= 0) << 36 | (uint64_t)phase_rank(p->phase) << 34 |
             (uint64_t)(p->ready ? 1 : 0) << 33 | (uint64_t)(UINT32_MAX - (uint32_t)related);
    k.ready_since = p->ready_since;
    k.created = p->created;
    k.restarts = p->restarts;
    k.pod = pi;
    k.pos = pos;
    k.ready = p->ready;
    k.name = p->name;
    /* the pods ranked are one ReplicaSet's: their names are its name, "-" and 5 random
     * characters (kubelet.c pod_create), so they differ only in their last bytes, and these
     * in one integer order as strcmp orders the names (most ties compared the common prefix) */
    size_t len = strlen(p->name);
    k.tail = 0;
    for (size_t i = len > 8 ? len - 8 : 0; i < len; i++)
        k.tail = k.tail << 8 | (unsigned char)p->name[i];
    if (len > 0 && len < 8) k.tail <<= 8 * (8 - len); /* shorter: as strcmp pads, with zeros */
    return k;
}

/* < 0 when a is deleted before b: a total order */
static int rank_cmp(const rank_key_t *a, const rank_key_t *b) {
    if (a->head != b->head) return a->head < b->head ? -1 : 1;
    if (a->ready && a->ready_since != b->ready_since)
        return a->ready_since > b->ready_since ? -1 : 1;
    if (a->restarts != b->restarts) return b->restarts - a->restarts;
    if (a->created != b->created) return a->created > b->created ? -1 : 1;
    if (a->tail != b->tail) return a->tail < b->tail ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c) return c;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static int rank_qsort_cmp(const void *x, const void *y) {
    return rank_cmp(x, y);
}

/* Moves the k first of v[0..n) in deletion order to v[0..k), sorted. */
static void rank_select(rank_key_t *v, int n, int k) {
    if (k >= n / 2) {
        qsort(v, (size_t)n, sizeof *v, rank_qsort_cmp);
        return;
    }
    /* v[0..k) is a max-heap (the last to go at the root) of the k first seen so far */
    for (int i = k / 2 - 1; i >= 0; i--)
        for (int pos = i;;) {
            int c = 2 * pos + 1;
            if (c >= k) break;
            if (c + 1 < k && rank_cmp(&v[c + 1], &v[c]) > 0) c++;
            if (rank_cmp(&v[c], &v[pos]) <= 0) break;
            rank_key_t t = v[c];
            v[c] = v[pos];
            v[pos] = t;
            pos = c;
        }
    for (int i = k; i < n; i++) {
        if (rank_cmp(&v[i], &v[0]) >= 0) continue;
        rank_key_t x = v[i];
        int pos = 0;
        for (;;) {
            int c = 2 * pos + 1;
            if (c >= k) break;
            if (c + 1 < k && rank_cmp(&v[c + 1], &v[c]) > 0) c++;
            if (rank_cmp(&v[c], &x) <= 0) break;
            v[pos] = v[c];
            pos = c;
        }
        v[pos] = x;
    }
    qsort(v, (size_t)k, sizeof *v, rank_qsort_cmp);
}

/* Related pods per node: an open-addressing table of (node, count) over the nodes of the
 * Deployment's active pods, sized from their number (never from the cluster's nodes). */
typedef struct {
    int *node, *count;
    uint32_t mask;
} node_counts_t;

static uint32_t slot_of(const node_counts_t *t, int node) {
    uint32_t h = (uint32_t)node * 0x9e3779b1u;
    uint32_t i = h & t->mask;
    while (t->node[i] >= 0 && t->node[i] != node)
        i = (i + 1) & t->mask;
    return i;
}

/* The counts of the service's active pods (every ReplicaSet of its Deployment) per node;
 * false when out of memory. Reads only the Deployment's own pods. */
static bool related_counts(const sim_t *s, int service, node_counts_t *t) {
    const service_t *sv = &s->services[service];
    int total = 0;
    for (int k = 0; k < sv->rs_count; k++)
        total += s->rs[sv->rs[k]].pod_count;
    uint32_t size = 16;
    while (size < 2u * (uint32_t)total)
        size *= 2;
    t->mask = size - 1;
    t->node = malloc(sizeof *t->node * size);
    t->count = calloc(size, sizeof *t->count);
    if (!t->node || !t->count) {
        free(t->node);
        free(t->count);
        return false;
    }
    memset(t->node, 0xff, sizeof *t->node * size); /* -1: empty */
    /* counting needs no order: the members arrays, the pods ahead prefetched (following the
     * lists from pod to pod was most of a scale-down step) */
    for (int k = 0; k < sv->rs_count; k++) {
        const rs_t *rs = &s->rs[sv->rs[k]];
        for (int j = 0; j < rs->pod_count; j++) {
            if (j + 8 < rs->pod_count) __builtin_prefetch(&s->pods[rs->members[j + 8]].node);
            const pod_t *p = &s->pods[rs->members[j]];
            if (p->counted_active && p->node >= 0) {
                uint32_t i = slot_of(t, p->node);
                t->node[i] = p->node;
                t->count[i]++;
            }
        }
    }
    return true;
}

/* Deletes the `count` pods that rank first. */
static void scale_down(sim_t *s, int ri, int count) {
    rs_t *rs = &s->rs[ri];
    int n = 0;
    rank_key_t *cand = malloc(sizeof *cand * (size_t)(rs->pod_count + 1));
    node_counts_t rel;
    if (!cand || !related_counts(s, rs->service, &rel)) {
        free(cand);
        return;
    }
    int pos = 0;
    for (int pi = rs->head; pi >= 0; pi = s->pods[pi].rs_next, pos++) {
        const pod_t *p = &s->pods[pi];
        if (!p->counted_active) continue;
        int related = p->node >= 0 ? rel.count[slot_of(&rel, p->node)] : 0;
        cand[n++] = rank_key(p, pi, pos, related);
    }
    free(rel.node);
    free(rel.count);
    int k = count < n ? count : n;
    rank_select(cand, n, k);
    for (int i = 0; i < k; i++) {
        model_event(s, "Normal", "SuccessfulDelete", rs->name, "Deleted pod: %s",
                    s->pods[cand[i].pod].name);
        pod_delete(s, cand[i].pod, "scale down");
        rs = &s->rs[ri];
    }
    free(cand);
}

void rs_reconcile(sim_t *s, int ri) {
    rs_t *rs = &s->rs[ri];
    int diff = rs->desired - rs->active;
    if (diff > 0) {
        for (int i = 0; i < diff; i++) {
            int pi = pod_create(s, ri);
            if (pi < 0) return;
            rs = &s->rs[ri];
            model_event(s, "Normal", "SuccessfulCreate", rs->name, "Created pod: %s",
                        s->pods[pi].name);
            rs_report(s, ri);
            pod_report(s, pi);
            sched_enqueue(s, pi);
            sched_try(s, pi, true);
        }
    } else if (diff < 0) {
        /* the ReplicaSet's own pods only: no table over every pod of the world */
        scale_down(s, ri, -diff);
    }
    rs_report(s, ri);
    /* k8s: the ReplicaSet's status change (replicas) wakes its Deployment up again */
    if (diff != 0) deploy_request_sync(s, s->rs[ri].service);
}

void rs_scale(sim_t *s, int ri, int desired) {
    if (desired < 0) desired = 0;
    s->rs[ri].desired = desired;
    rs_reconcile(s, ri);
}

/* Recounts one pod's contribution to its ReplicaSet's status. */
void rs_pod_changed(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    rs_t *rs = &s->rs[p->rs];
    bool active = p->used && p->phase != POD_TERMINATING && p->phase != POD_DELETED;
    bool ready = active && p->ready;
    bool avail = active && p->available;
    bool changed = false;
    if (active != p->counted_active) {
        rs->active += active ? 1 : -1;
        p->counted_active = active;
        changed = true;
    }
    if (ready != p->counted_ready) {
        rs->ready += ready ? 1 : -1;
        p->counted_ready = ready;
        changed = true;
    }
    if (avail != p->counted_available) {
        rs->available += avail ? 1 : -1;
        p->counted_available = avail;
        changed = true;
        if (avail) p->counted_zone = (int16_t)(p->node >= 0 ? s->nodes[p->node].zone : -1);
        zone_avail_changed(s, p->service, p->counted_zone, avail ? 1 : -1);
        metrics_availability_changed(s, p->service);
    }
    if (!changed) return;
    rs_report(s, p->rs);
    /* self-healing: a pod that stopped being active is replaced at once (k8s:
     * replica_set.go manageReplicas). Said in the Why panel: the replacement is the lesson. */
    if (!active && rs->active < rs->desired) {
        char obj[96], dec[48];
        snprintf(obj, sizeof obj, "ReplicaSet/%s", rs->name);
        int missing = rs->desired - rs->active;
        snprintf(dec, sizeof dec, "create %d pod%s", missing, missing == 1 ? "" : "s");
        sim_ref_t ref = SIM_REF_NONE;
        ref.kind = SIM_EVK_REPLACE, ref.service = p->service, ref.from = rs->active,
        ref.to = rs->desired;
        model_decision_ref(s, ref, "replicaset", obj, dec,
                           "%s is %s: %d of spec.replicas %d pods exist, so the ReplicaSet "
                           "creates %d at once to get back to %d",
                           p->name, p->phase == POD_TERMINATING ? "Terminating" : "gone",
                           rs->active, rs->desired, missing, rs->desired);
        int service = p->service;
        rs_reconcile(s, p->rs); /* creates pods: the pod table may move, p with it */
        deploy_request_sync(s, service);
        return;
    }
    deploy_request_sync(s, p->service);
}

void rs_endpoint_add(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->endpoint) {
        p->ep_leaving = false; /* ready again before the routers saw it leave */
        p->ep_gen++;
        return;
    }
    rs_t *rs = &s->rs[p->rs];
    if (rs->ep_count == rs->ep_cap) {
        int ncap = rs->ep_cap ? rs->ep_cap * 2 : 8;
        int *n = realloc(rs->endpoints, sizeof *n * (size_t)ncap);
        if (!n) return;
        rs->endpoints = n;
        rs->ep_cap = ncap;
    }
    metrics_util_touch(s, pi);
    p->ep_index = rs->ep_count;
    rs->endpoints[rs->ep_count++] = pi;
    p->util_mark = traffic_pod_busy(s, pi); /* cpu_util counts it from now */
    p->util_from = model_now(s);
    p->endpoint = true;
    p->ep_leaving = false;
    pod_changed(s, pi, POD_CHG_ENDPOINT);
}

static void endpoint_drop(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!p->endpoint) return;
    rs_t *rs = &s->rs[p->rs];
    int last = rs->endpoints[--rs->ep_count];
    rs->endpoints[p->ep_index] = last;
    s->pods[last].ep_index = p->ep_index;
    p->ep_index = -1;
    p->endpoint = false;
    p->ep_leaving = false;
    pod_changed(s, pi, POD_CHG_ENDPOINT);
}

/* Leaves the endpoints; the routers see it endpointPropagationDelay later. */
void rs_endpoint_remove(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!p->endpoint || p->ep_leaving) return;
    sim_time_t delay = s->sc->endpoint_propagation_delay;
    if (delay <= 0) {
        endpoint_drop(s, pi);
        return;
    }
    p->ep_leaving = true;
    p->ep_gen++;
    engine_schedule(s->eng, model_now(s) + delay, EV_ENDPOINT_GONE, (uint32_t)pi, p->ep_gen);
}

void rs_endpoint_gone(sim_t *s, int pi, uint32_t ep_gen) {
    pod_t *p = &s->pods[pi];
    if (!p->endpoint || !p->ep_leaving || p->ep_gen != ep_gen) return;
    endpoint_drop(s, pi);
    if (p->free_pending) pod_free_slot(s, pi);
}
