/* bare.h: the bare-metal runtime (bare.c): in-place installs and shared-library conflicts; bare_*.
 */
#ifndef DEPLOYSIM_BARE_H
#define DEPLOYSIM_BARE_H

#include "model.h"

bool bare_service(const sim_t *s, int service);
void bare_sync(sim_t *s, int service);
void bare_steady_install(sim_t *s, int pod);
int bare_kill(sim_t *s, int pod);

#endif
