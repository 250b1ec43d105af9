/* images.h: images on nodes (images.c): pulls shared per node and image, what is present for
 * the scheduler's ImageLocality; images_*. */
#ifndef DEPLOYSIM_IMAGES_H
#define DEPLOYSIM_IMAGES_H

#include "model.h"

/* The pod needs its image on the node: pulls it (or waits for the pull under way) and calls
 * pod_pull_done, maybe at once. */
void images_request(sim_t *s, int node, int pod);
/* Time 0: the pod's image has been on the node for long. */
void images_steady(sim_t *s, int node, int pod);
/* A node replaced by a fresh machine, or removed: its images are gone. */
void images_node_gone(sim_t *s, int node);
/* EV_PULL_DONE: the pull of image `img` on the node finished. */
void images_pull_done(sim_t *s, int node, int img);
/* A repaired node starts its interrupted pulls again. */
void images_restart_pulls(sim_t *s, int node);

#endif
