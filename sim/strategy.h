/* strategy.h: a strategy's hooks in the Deployment controller, one strategy_def_t per row of
 * the strategy table (sim/strategies.def), so that the controller never switches on the kind.
 * A NULL hook is a step the strategy does not have. */
#ifndef DEPLOYSIM_STRATEGY_H
#define DEPLOYSIM_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef struct {
    /* one Deployment sync (EV_DEPLOY_SYNC): scale the ReplicaSets, keep sv->complete */
    void (*sync)(sim_t *s, int service);
    /* a new template (deploy, rollback) or a resume: the strategy's own state follows */
    void (*start)(sim_t *s, int service);
    void (*resume)(sim_t *s, int service);
    /* pause, restart, promote, abort, retry when the strategy handles them itself; NULL: pause
     * and restart are the Deployment's, promote/abort/retry are refused */
    int (*action)(sim_t *s, const action_t *a, char *err, size_t n);
    /* progress for the progress deadline beyond the ReplicaSets' counts; a deadline on hold */
    bool (*progressed)(sim_t *s, service_t *sv);
    bool (*deadline_held)(const sim_t *s, const service_t *sv);
    void (*deadline_exceeded)(sim_t *s, int service);
} strategy_def_t;

#endif
