/* hpa.h: the HorizontalPodAutoscaler (hpa.c) over hpa_math.c; hpa_*. */
#ifndef DEPLOYSIM_HPA_H
#define DEPLOYSIM_HPA_H

#include "model.h"

void hpa_init(sim_t *s);
void hpa_handle_event(sim_t *s, const engine_event_t *ev);
void hpa_free(sim_t *s);

#endif
