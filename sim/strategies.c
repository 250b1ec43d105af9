/* strategies.c: the strategy table. A strategy is one row here, its file (its sync and hooks)
 * and its loader keys (docs/ARCHITECTURE.md, "Adding a deployment strategy"). */
#include "deployment.h"
#include "strategy.h"
#include "strategy_argo.h"

/* Same order as strategy_kind_t (include/scenario.h). */
static const strategy_def_t STRATEGIES[STRATEGY_KIND_COUNT] = {
    [STRATEGY_ROLLING_UPDATE] = {{"RollingUpdate", "rollingUpdate", STRATEGY_F_SURGE,
                                  ld_strategy_rolling_update},
                                 deploy_sync_rolling_update,
                                 NULL,
                                 NULL,
                                 NULL,
                                 NULL,
                                 NULL,
                                 NULL},
    [STRATEGY_RECREATE] =
        {{"Recreate", NULL, 0, NULL}, deploy_sync_recreate, NULL, NULL, NULL, NULL, NULL, NULL},
    [STRATEGY_CANARY] = {{"Canary", "canary",
                          STRATEGY_F_SURGE | STRATEGY_F_ROLLOUT | STRATEGY_F_STEPS,
                          ld_strategy_canary},
                         strategy_argo_sync,
                         strategy_argo_start,
                         strategy_argo_resume,
                         strategy_argo_action,
                         strategy_argo_progressed,
                         strategy_argo_deadline_held,
                         strategy_argo_deadline_exceeded},
    [STRATEGY_BLUE_GREEN] = {{"BlueGreen", "blueGreen",
                              STRATEGY_F_SURGE | STRATEGY_F_ROLLOUT | STRATEGY_F_PREVIEW,
                              ld_strategy_blue_green},
                             strategy_argo_sync,
                             strategy_argo_start,
                             strategy_argo_resume,
                             strategy_argo_action,
                             strategy_argo_progressed,
                             strategy_argo_deadline_held,
                             strategy_argo_deadline_exceeded},
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
