/* deployment.h: the deployment controller (deployment.c): RollingUpdate and Recreate, revisions,
 * progress deadlines, and the dispatch to the Argo strategies; deploy_*. */
#ifndef DEPLOYSIM_DEPLOYMENT_H
#define DEPLOYSIM_DEPLOYMENT_H

#include "model.h"

void deploy_init(sim_t *s, int service);
void deploy_request_sync(sim_t *s, int service);
void deploy_sync(sim_t *s, int service);
int deploy_action(sim_t *s, const action_t *a, char *err, size_t n);
void deploy_handle_event(sim_t *s, const engine_event_t *ev);
/* the strategy table's syncs of the two Deployment strategies (sim/strategies.def) */
void deploy_sync_rolling_update(sim_t *s, int service);
void deploy_sync_recreate(sim_t *s, int service);

#endif
