/* kubelet_pod.h: the kubelet's own per-pod state (struct kubelet_pod, beside the pod table in
 * sim_t.kubelet_pods, same index), shared by the kubelet's two files only: kubelet.c (a pod's
 * life) and probes.c (its probes' timeline). No other controller includes it. */
#ifndef DEPLOYSIM_KUBELET_POD_H
#define DEPLOYSIM_KUBELET_POD_H

#include <stddef.h>

#include "model.h"

#define PROBE_NEVER (INT64_MAX / 4) /* a time that never comes: no probe, no hang */

/* The kubelet's own state of a pod's current container, beside the pod (same index): no other
 * controller reads it. */
typedef struct kubelet_pod kubelet_pod_t;
struct kubelet_pod {
    sim_time_t running_since; /* the container runs (after its runtime start) */
    sim_time_t backoff;       /* CrashLoopBackOff: the next restart's delay, 0 = none yet */
    sim_time_t app_up_at;     /* when the app starts answering (readiness probes fail before) */
    /* probes of the current container: when the startup probe succeeded, when the app hangs
     * and when its readiness starts failing (PROBE_NEVER: never), and per probe (readiness,
     * liveness, startup) the failures in a row and the last failing tick */
    sim_time_t started_at, hang_at, unready_at;
    sim_time_t probe_last[3], probe_prev_fail[3]; /* the pending failing tick, the previous */
    int probe_fails[3];
    bool probing; /* STARTING: the container runs and the readiness probe is due */
    /* (ordered by size: one of these beside every pod, 112 bytes, not 120 with holes) */
};

static inline kubelet_pod_t *kp(const sim_t *s, int pi) {
    return &s->kubelet_pods[pi];
}

/* Go's time.Duration.String(), which kubelet messages print: 523ms, 1.8s, 1m2.5s (kubelet.c). */
void go_duration(sim_time_t us, char *buf, size_t n);

#endif
