/* strategy_argo: Canary and BlueGreen rollouts (Argo Rollouts). Work in progress: until the
 * Argo controllers land, the loader rejects these strategy types, so this file only has the
 * entry points the deployment controller calls. */
#include <stdio.h>

#include "model.h"

void strategy_argo_sync(sim_t *s, int service) { (void)s; (void)service; }
void strategy_argo_start(sim_t *s, int service) { (void)s; (void)service; }
void strategy_argo_resume(sim_t *s, int service) { (void)s; (void)service; }
void strategy_argo_timer(sim_t *s, const engine_event_t *ev);
void strategy_argo_timer(sim_t *s, const engine_event_t *ev) { (void)s; (void)ev; }

int strategy_argo_action(sim_t *s, const action_t *a, char *err, size_t n) {
    const service_spec_t *spec = &s->sc->services[a->service];
    snprintf(err, n, "%s: %s needs a Canary or BlueGreen strategy", spec->name, action_names[a->action]);
    return -1;
}
