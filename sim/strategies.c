/* strategies.c: the strategy table. A strategy is one row here, its file (its sync and hooks)
 * and its loader keys (docs/ARCHITECTURE.md, "Adding a deployment strategy"). */
#include "deployment.h"
#include "strategy.h"
#include "strategy_argo.h"

/* Both Argo strategies are run by the Argo Rollouts controller (strategy_argo.c), which goes on
 * to the canary or the blue-green steps itself. */
#define ARGO_HOOKS                                                                                 \
    .sync = strategy_argo_sync, .start = strategy_argo_start, .resume = strategy_argo_resume,      \
    .action = strategy_argo_action, .progressed = strategy_argo_progressed,                        \
    .deadline_held = strategy_argo_deadline_held,                                                  \
    .deadline_exceeded = strategy_argo_deadline_exceeded

/* Indexed by strategy_kind_t (include/scenario.h); a hook left out is NULL. */
static const strategy_def_t STRATEGIES[STRATEGY_KIND_COUNT] = {
    [STRATEGY_ROLLING_UPDATE] =
        {
            .info = {"RollingUpdate", "rollingUpdate", STRATEGY_F_SURGE,
                     ld_strategy_rolling_update},
            .sync = deploy_sync_rolling_update,
        },
    [STRATEGY_RECREATE] =
        {
            .info = {"Recreate", NULL, 0, NULL},
            .sync = deploy_sync_recreate,
        },
    [STRATEGY_CANARY] =
        {
            .info = {"Canary", "canary", STRATEGY_F_SURGE | STRATEGY_F_ROLLOUT | STRATEGY_F_STEPS,
                     ld_strategy_canary},
            ARGO_HOOKS,
        },
    [STRATEGY_BLUE_GREEN] =
        {
            .info = {"BlueGreen", "blueGreen",
                     STRATEGY_F_SURGE | STRATEGY_F_ROLLOUT | STRATEGY_F_PREVIEW,
                     ld_strategy_blue_green},
            ARGO_HOOKS,
        },
};

const strategy_def_t *strategy_def(strategy_kind_t k) {
    return &STRATEGIES[k];
}

const strategy_info_t *strategy_info(strategy_kind_t k) {
    return &STRATEGIES[k].info;
}

const char *strategy_type_name(strategy_kind_t k) {
    return STRATEGIES[k].info.name;
}

unsigned strategy_type_flags(strategy_kind_t k) {
    return STRATEGIES[k].info.flags;
}
