/* views: the read-only answers of the public API (sim.h) about a run: its clock, nodes,
 * pods, services, samples, and the history of events, decisions and actions the kernel
 * keeps. Nothing here changes the world; the dashboard and the CLI read only these. */
#include <stdio.h>
#include <string.h>

#include "autoscaler.h"
#include "deployment.h"
#include "hpa.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "traffic.h"

const char *sim_error(const sim_t *s) {
    return s->error;
}
sim_time_t sim_now(const sim_t *s) {
    return engine_now(s->eng);
}
sim_time_t sim_duration(const sim_t *s) {
    return s->sc->duration;
}
bool sim_done(const sim_t *s) {
    return s->finished || engine_now(s->eng) >= s->sc->duration;
}
const scenario_t *sim_scenario(const sim_t *s) {
    return s->sc;
}
uint64_t sim_events_processed(const sim_t *s) {
    return engine_popped(s->eng);
}

/* ---- views ---- */

int sim_node_count(const sim_t *s) {
    return s->node_count;
}

bool sim_node_view(const sim_t *s, int ni, sim_node_view_t *out) {
    if (ni < 0 || ni >= s->node_count) return false;
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    out->name = n->name;
    out->pool = n->pool;
    out->state = n->state;
    out->failed = n->failed;
    out->cordoned = n->cordoned;
    out->provision_progress = 1;
    if (n->provisioning && n->provision_end > n->provision_start)
        out->provision_progress = (double)(model_now(s) - n->provision_start) /
                                  (double)(n->provision_end - n->provision_start);
    out->cpu_capacity = (double)ps->cpu / 1000.0;
    out->cpu_allocated = (double)n->cpu_alloc / 1000.0;
    out->memory_capacity = (double)ps->memory / (1024.0 * 1024.0);
    out->memory_allocated = (double)n->mem_alloc / (1024.0 * 1024.0);
    out->pod_count = n->pod_count;
    out->zone = n->zone >= 0 ? s->sc->zones[n->zone] : NULL;
    out->taint_count = n->taint_count;
    bool registered = n->failed && !n->provisioning;
    out->last_heartbeat = registered ? n->last_heartbeat : -1;
    out->not_ready_at = registered && !n->not_ready ? n->not_ready_at : -1;
    out->evict_at = -1;
    /* only a NoExecute taint (a failed or NotReady node's, or one a taint action put) gives a
     * pod an eviction time: the other nodes' pods are not walked, frame after frame */
    bool tainted = n->failed || n->not_ready || n->taint_count > 0;
    for (int pi = tainted ? n->head : -1; pi >= 0; pi = s->pods[pi].node_next) {
        const pod_t *p = &s->pods[pi];
        if (p->evict_timer && (out->evict_at < 0 || p->evict_at < out->evict_at))
            out->evict_at = p->evict_at;
    }
    out->unneeded_since = n->removed ? -1 : ca_unneeded_since(s, ni);
    out->remove_at = out->unneeded_since >= 0 && ps->autoscaling
                         ? out->unneeded_since + ps->scale_down_unneeded_time
                         : -1;
    return true;
}

static void reverse_ids(uint32_t *v, int from, int to) {
    for (int i = from, j = to - 1; i < j; i++, j--) {
        uint32_t t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

int sim_node_pods(const sim_t *s, int ni, uint32_t *ids, int max) {
    if (ni < 0 || ni >= s->node_count) return 0;
    /* the node's list is newest first; report oldest first so tiles keep their places. One
     * walk (the pods are scattered in memory: each step is a cache miss, every frame): the
     * last `max` pods of the walk are the oldest; keep them in ids as a ring, then reverse. */
    if (max <= 0) return 0;
    int seen = 0;
    for (int pi = s->nodes[ni].head; pi >= 0; pi = s->pods[pi].node_next)
        ids[seen++ % max] = (uint32_t)pi;
    int n = seen < max ? seen : max;
    int first = seen < max ? 0 : seen % max; /* the ring's oldest-visited (newest) entry */
    /* visit order is ids[first], ids[first+1], ... (mod n); oldest first is its reverse */
    if (first) { /* rotate so the visit order starts at 0 (three reversals) */
        reverse_ids(ids, 0, first);
        reverse_ids(ids, first, n);
        reverse_ids(ids, 0, n);
    }
    reverse_ids(ids, 0, n);
    return n;
}

uint64_t sim_node_pods_seq(const sim_t *s, int ni) {
    if (ni < 0 || ni >= s->node_count) return s->view_seq;
    return s->nodes[ni].view_seq > s->view_all ? s->nodes[ni].view_seq : s->view_all;
}

uint64_t sim_view_seq(const sim_t *s) {
    return s->view_seq;
}

int sim_gone_pods(const sim_t *s, uint32_t *ids, int *nodes, int max) {
    int n = 0;
    for (int i = 0; i < s->ghost_count && n < max; i++, n++) {
        ids[n] = (uint32_t)s->ghosts[i].pod;
        nodes[n] = s->ghosts[i].node;
    }
    return n;
}

int sim_unscheduled_pods(const sim_t *s, uint32_t *ids, int max) {
    int n = 0;
    for (int pi = s->pending_head; pi >= 0 && n < max; pi = s->pods[pi].pend_next)
        ids[n++] = (uint32_t)pi;
    return n;
}

bool sim_pod_view(const sim_t *s, uint32_t id, sim_pod_view_t *out) {
    if (id >= (uint32_t)s->pod_used) return false;
    const pod_t *p = &s->pods[id];
    if (!p->used || (p->phase == POD_DELETED && !p->free_pending)) return false;
    out->id = id;
    out->name = p->name;
    out->service = p->service;
    out->version = p->version;
    out->revision = s->rs[p->rs].revision;
    out->node = p->node;
    out->state = p->shown < SIM_POD_STATE_COUNT ? p->shown : SIM_POD_PENDING;
    out->since = p->phase_since;
    out->restarts = p->restarts;
    out->backoff_until = p->backoff_until;
    out->serving = p->endpoint && !p->ep_leaving;
    out->routed = p->endpoint;
    /* as traffic.c's arrival refuses a request */
    out->refusing =
        p->endpoint && (p->sigterm || !p->app_up || p->dep_broken || p->phase == POD_DELETED ||
                        p->node < 0 || s->nodes[p->node].failed);
    if (p->phase == POD_DELETED) out->state = SIM_POD_TERMINATING; /* gone: still routed */
    out->ip = p->ip;
    out->in_flight = p->busy + p->q_len;
    out->progress = 0;
    sim_time_t now = model_now(s);
    if ((p->phase == POD_PULLING || p->phase == POD_STARTING) && p->stage_end > p->stage_start) {
        double f = (double)(now - p->stage_start) / (double)(p->stage_end - p->stage_start);
        out->progress = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    return true;
}

int sim_service_count(const sim_t *s) {
    return s->sc->service_count;
}

bool sim_service_view(const sim_t *s, int si, sim_service_view_t *out) {
    if (si < 0 || si >= s->sc->service_count) return false;
    const service_t *sv = &s->services[si];
    memset(out, 0, sizeof *out);
    out->name = sv->spec->name;
    out->namespace_ = sv->spec->namespace_;
    out->cluster_ip =
        (10u << 24) | (96u << 16) | ((uint32_t)(si / 250) << 8) | (uint32_t)(10 + si % 250);
    out->strategy = strategy_type_name(sv->spec->strategy.type);
    out->status = sv->aborted  ? "Degraded"
                  : sv->paused ? "Paused"
                  : sv->deadline_exceeded
                      ? (strategy_type_flags(sv->spec->strategy.type) & STRATEGY_F_ROLLOUT
                             ? "Degraded" /* argo CalculateRolloutPhase: TimedOut is Degraded */
                             : "ProgressDeadlineExceeded")
                  : sv->complete ? "Complete"
                                 : "Progressing";
    out->replicas = sv->replicas;
    out->offered_rps = traffic_rate_now(s, si);
    out->canary_step =
        (strategy_type_flags(sv->spec->strategy.type) & STRATEGY_F_STEPS) && !sv->complete
            ? sv->step
            : -1;
    out->canary_steps = sv->spec->strategy.step_count;
    int eps = 0;
    for (int k = 0; k < sv->rs_count; k++)
        eps += s->rs[sv->rs[k]].ep_count;
    for (int k = 0; k < sv->rs_count; k++) {
        const rs_t *rs = &s->rs[sv->rs[k]];
        out->ready += rs->ready;
        out->available += rs->available;
        out->total += rs->pod_count;
        if (rs->pod_count == 0 && rs->desired == 0 && sv->rs[k] != sv->new_rs) continue;
        int slot = -1;
        for (int j = 0; j < out->version_count; j++)
            if (out->version_index[j] == rs->version) slot = j;
        if (slot < 0) {
            if (out->version_count == SIM_MAX_VERSIONS) continue;
            slot = out->version_count++;
            out->version_index[slot] = rs->version;
            out->versions[slot].name = sv->spec->versions[rs->version].name;
        }
        sim_version_view_t *v = &out->versions[slot];
        v->desired += rs->desired;
        v->ready += rs->ready;
        v->available += rs->available;
        v->total += rs->pod_count;
        switch (sv->route) {
        case ROUTE_ALL:
            v->weight += eps ? (double)rs->ep_count / eps : 0;
            break;
        case ROUTE_ACTIVE:
            if (sv->rs[k] == sv->route_rs[0]) v->weight = 1;
            break;
        case ROUTE_WEIGHTED:
            if (sv->rs[k] == sv->route_rs[1])
                v->weight = sv->route_weight / 100.0;
            else if (sv->rs[k] == sv->route_rs[0])
                v->weight = 1 - sv->route_weight / 100.0;
            break;
        }
    }
    return true;
}

int sim_replicaset_count(const sim_t *s, int service) {
    if (service < 0 || service >= s->sc->service_count) return 0;
    return s->services[service].rs_count;
}

bool sim_replicaset_view(const sim_t *s, int service, int k, sim_replicaset_view_t *out) {
    if (service < 0 || service >= s->sc->service_count) return false;
    const service_t *sv = &s->services[service];
    if (k < 0 || k >= sv->rs_count) return false;
    const rs_t *rs = &s->rs[sv->rs[k]];
    if (!rs->alive) return false;
    out->name = rs->name;
    out->hash = rs->hash;
    out->revision = rs->revision;
    out->version = rs->version;
    out->desired = rs->desired;
    out->ready = rs->ready;
    out->available = rs->available;
    out->total = rs->pod_count;
    out->active = rs->active;
    out->current = sv->rs[k] == sv->new_rs;
    return true;
}

bool sim_hpa_view(const sim_t *s, int service, sim_hpa_view_t *out) {
    return hpa_view(s, service, out);
}

bool sim_ca_view(const sim_t *s, sim_ca_view_t *out) {
    return ca_view(s, out);
}

int sim_samples(const sim_t *s, int service, const sim_sample_t **rows) {
    if (service < 0 || service >= s->sc->service_count) return 0;
    *rows = s->services[service].samples;
    return s->services[service].sample_count;
}

int sim_cluster_samples(const sim_t *s, const sim_cluster_sample_t **rows) {
    *rows = s->csamples;
    return s->csample_count;
}

int sim_event_count(const sim_t *s) {
    return s->ev_count;
}

bool sim_event_get(const sim_t *s, int i, sim_event_view_t *out) {
    if (i < 0 || i >= s->ev_count) return false;
    const event_rec_t *e = &s->ev_ring[(s->ev_start + i) % s->ev_cap];
    out->time = e->time;
    out->type = e->type;
    out->reason = e->reason;
    out->object = e->object;
    out->message = e->message;
    out->ref = e->ref;
    return true;
}

int sim_decision_count(const sim_t *s) {
    return s->dec_count;
}

bool sim_decision_get(const sim_t *s, int i, sim_decision_view_t *out) {
    if (i < 0 || i >= s->dec_count) return false;
    const decision_rec_t *d = &s->dec_ring[(s->dec_start + i) % s->dec_cap];
    out->time = d->time;
    out->controller = d->controller;
    out->object = d->object;
    out->decision = d->decision;
    out->explanation = d->explanation;
    out->ref = d->ref;
    return true;
}

int sim_action_count(const sim_t *s) {
    return s->action_count;
}

bool sim_action_get(const sim_t *s, int i, sim_action_view_t *out) {
    if (i < 0 || i >= s->action_count) return false;
    out->time = s->actions[i].time;
    out->action = s->actions[i].action;
    out->action.pod = s->actions[i].pod[0] ? (char *)s->actions[i].pod : NULL;
    out->text = s->actions[i].text;
    return true;
}

const char *sim_caption(const sim_t *s) {
    return sim_caption_lang(s, NULL);
}

/* The note on screen: the latest with at <= now (notes are sorted by at), or NULL. */
static const note_t *current_note(const sim_t *s) {
    const note_t *on = NULL;
    for (int i = 0; i < s->sc->note_count && s->sc->notes[i].at <= model_now(s); i++)
        on = &s->sc->notes[i];
    return on;
}

int sim_caption_service(const sim_t *s) {
    const note_t *n = current_note(s);
    return n ? n->service : -1;
}

const char *sim_caption_lang(const sim_t *s, const char *lang) {
    const note_t *n = current_note(s);
    return n ? scenario_note_text(n, lang) : NULL;
}
