/* strategy_argo: Canary and BlueGreen rollouts (Argo Rollouts). Work in progress: until the
 * Argo controllers land, a deploy of such a service is refused with a Warning event, so a
 * user sees at once that nothing rolls out (never a silent no-op). */
#include <stdio.h>

#include "model.h"

void strategy_argo_sync(sim_t *s, int service) { (void)s; (void)service; }
void strategy_argo_start(sim_t *s, int service) {
    const service_spec_t *spec = &s->sc->services[service];
    if (spec->strategy.type != STRATEGY_CANARY && spec->strategy.type != STRATEGY_BLUE_GREEN) return;
    char obj[96];
    snprintf(obj, sizeof obj, "Rollout/%s", spec->name);
    model_event(s, "Warning", "StrategyNotAvailable", obj,
                "%s rollouts are not simulated in this build yet: the new revision is not rolled out",
                strategy_name(spec->strategy.type));
}
void strategy_argo_resume(sim_t *s, int service) { (void)s; (void)service; }
void strategy_argo_timer(sim_t *s, const engine_event_t *ev);
void strategy_argo_timer(sim_t *s, const engine_event_t *ev) { (void)s; (void)ev; }

int strategy_argo_action(sim_t *s, const action_t *a, char *err, size_t n) {
    const service_spec_t *spec = &s->sc->services[a->service];
    snprintf(err, n, "%s: %s needs a Canary or BlueGreen strategy", spec->name, action_names[a->action]);
    return -1;
}
