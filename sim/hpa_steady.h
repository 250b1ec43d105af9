/* hpa_steady.h: the HPA's steady pods under fluid traffic (hpa_steady.c); hpa_steady_*. */
#ifndef DEPLOYSIM_HPA_STEADY_H
#define DEPLOYSIM_HPA_STEADY_H

#include "model.h"

/* metrics-server: --metric-resolution (its scrape period) and freshContainerMinMetricsResolution
 * (a container younger than this at a scrape gets no sample from it). */
#define METRIC_RESOLUTION (15 * SIM_SEC)
#define FRESH_CONTAINER_MIN (10 * SIM_SEC)

/* A pod's CPU from its busy workers: used worker-us over `window` us, each worker being
 * 1 / concurrency of the CPU request. metrics-server reports whole nanocores (truncated) and
 * the HPA reads them as millicores (Quantity.MilliValue rounds up). */
int64_t hpa_usage_milli(double used, sim_time_t window, int concurrency, int64_t cpu_milli);

/* hpa_init: whether the service's HPA counts steady pods; if so, lists its pods so far. */
void hpa_steady_init(sim_t *s, int svc);
/* pod_create: a new pod of a counting service is listed. */
void hpa_steady_pod_created(sim_t *s, int pi);
/* A steady pod is about to change (pod_changed, first): it gets the fields of its last scrape
 * (from its ReplicaSet, with its CPU accounting as it still is) and is listed again. */
void hpa_steady_leave(sim_t *s, int pi);
static inline void hpa_steady_touch(sim_t *s, int pi) {
    if (s->pods[pi].hpa_steady) hpa_steady_leave(s, pi);
}
/* A scrape of the ReplicaSet's pods now: the steady pods' sample, before its listed pods are
 * scraped one by one. */
void hpa_steady_scrape(sim_t *s, int rsi);
/* Whether list entry `e` is still a pod of its ReplicaSet (else it is dropped). */
bool hpa_steady_listed(const sim_t *s, struct hpa_listed e);
/* Right after its own scrape at this scrape's instant: the pod counts as steady from now on
 * when it has served through the window (its sample is the ReplicaSet's), is Ready and
 * Running, past cpuInitializationPeriod, and its accounting has no request-level part. */
bool hpa_steady_may_enter(const sim_t *s, int rsi, const pod_t *p);
void hpa_steady_enter(sim_t *s, int pi);

#endif
