/* faults.h: random faults (faults.c): node failures, container crashes, zone outages; faults_*. */
#ifndef DEPLOYSIM_FAULTS_H
#define DEPLOYSIM_FAULTS_H

#include "model.h"

void faults_init(sim_t *s);
void faults_handle_event(sim_t *s, const engine_event_t *ev);
void faults_pod_running(sim_t *s, int pod); /* its container started: draw its crash time */

/* A node became Ready (again): each nodeFailure fault of its pool draws its time to failure. */
void faults_node_ready(sim_t *s, int node);

#endif
