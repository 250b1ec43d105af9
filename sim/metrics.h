/* metrics.h: metrics (metrics.c): the CSV files, the samples the dashboard plots, the summary;
 * metrics_*. */
#ifndef DEPLOYSIM_METRICS_H
#define DEPLOYSIM_METRICS_H

#include "model.h"

int metrics_open(sim_t *s, const char *dir);
void metrics_sample(sim_t *s);
void metrics_write_summary(sim_t *s);
void metrics_pod_row(sim_t *s, int pod, sim_pod_state_t state);
void metrics_rs_row(sim_t *s, int rs);
void metrics_node_row(sim_t *s, int node);
void metrics_availability_changed(sim_t *s, int service);
void metrics_cost_advance(sim_t *s);
void metrics_flush_instant(sim_t *s); /* one row per changed RS/node per instant */
/* Fluid: pod's CPU accounting (endpoint, serving, busy_integral, fl_mark) is about to change:
 * the next sample reads it one by one (cpu_util). */
void metrics_util_touch(sim_t *s, int pod);
int metrics_mark_dirty(int **list, int *count, int *cap, int index);
void metrics_event_row(sim_t *s, const event_rec_t *e);
void metrics_decision_row(sim_t *s, const decision_rec_t *d);
int metrics_close_files(sim_t *s);

/* A served request's latency (us) into its service's and version's windows. Inline: traffic.c
 * calls it for every request of the request model. */
static inline void metrics_record(sim_t *s, int service, int version, sim_time_t latency) {
    service_t *sv = &s->services[service];
    uint64_t lat = latency < 0 ? 0 : (uint64_t)latency;
    sv->served++;
    sv->win.served++;
    hist_add(&sv->win.lat, lat);
    if (version < SIM_MAX_VERSIONS) {
        sv->vwin[version].served++;
        hist_add(&sv->vwin[version].lat, lat);
    }
    sv->lat_sum_ms += (double)lat / 1000.0;
}

#endif
