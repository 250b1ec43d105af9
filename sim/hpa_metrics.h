/* hpa_metrics.h: an HPA's autoscaling/v2 metrics[] (hpa_metrics.c): what metrics-server and
 * the custom/external metrics APIs would return, and computeReplicasForMetrics; hpa_metrics_*. */
#ifndef DEPLOYSIM_HPA_METRICS_H
#define DEPLOYSIM_HPA_METRICS_H

#include <stddef.h>

#include "hpa_math.h"
#include "model.h"

/* At a scrape of a running container (hpa.c), before it moves its window: the memory working
 * set and the per-pod custom metrics of the same scrape; `sampled` as for its CPU sample. */
void hpa_metrics_scrape_pod(sim_t *s, pod_t *p, int pi, bool sampled, sim_time_t window);
/* The pod's v2 samples into what the replica calculator sees. */
void hpa_metrics_fill_sample(const sim_t *s, const pod_t *p, hpa_pod_sample_t *o);
/* Frees the per-pod samples (sim_t.hpa_pods). */
void hpa_metrics_free(sim_t *s);
/* computeReplicasForMetrics over the service's metrics[]: the largest proposal into *metric,
 * the index of the metric that gave it into *which and the arithmetic into why. Returns
 * HPA_MATH_OK, or an error status when every metric is invalid or some are and the rest would scale
 * down (reported as Kubernetes does, once per change of *last_error). */
int hpa_metrics_recommend(sim_t *s, int svc, const hpa_pod_sample_t *pods, int n, int current,
                          const char *object, int *last_error, int *metric, int *which, char *why,
                          size_t wn);
/* The SuccessfulRescale reason of a scale-up that metric i decided ("pods metric
 * requests_per_second above target"), as horizontal.go names metrics. */
void hpa_metrics_above_reason(const hpa_metric_spec_t *m, char *buf, size_t n);
/* An Object/External metric's series value at `now`, in thousandths. */
int64_t hpa_metrics_series_at(const hpa_metric_spec_t *m, sim_time_t now);

#endif
