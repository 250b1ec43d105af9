/* strategy_info.h: what the loader knows of a strategy (its row in sim/strategies.def):
 * the name of spec.strategy.type, the sub-object holding its keys and the function that reads
 * them. The loader's own types stay opaque here, so the table needs no JSON library. */
#ifndef DEPLOYSIM_STRATEGY_INFO_H
#define DEPLOYSIM_STRATEGY_INFO_H

#include "scenario.h"

struct ld;
struct cJSON;
/* Reads the strategy's sub-object `o` (at `path`) into svc->strategy; `service` is its index. */
typedef void strategy_load_fn(struct ld *ld, const struct cJSON *o, const char *path,
                              service_spec_t *svc, int service);

typedef struct {
    const char *name; /* spec.strategy.type */
    const char *key;  /* the sub-object with its keys ("rollingUpdate"), NULL = none */
    unsigned flags;   /* STRATEGY_F_* (include/scenario.h) */
    strategy_load_fn *load;
} strategy_info_t;

const strategy_info_t *strategy_info(strategy_kind_t k);

/* The loaders of the sub-objects (sim/scenario_service.c), named in sim/strategies.def. */
strategy_load_fn ld_strategy_rolling_update, ld_strategy_canary, ld_strategy_blue_green;

#endif
