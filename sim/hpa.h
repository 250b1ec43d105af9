/* hpa.h: the HorizontalPodAutoscaler (hpa.c) over hpa_math.c; hpa_*. */
#ifndef DEPLOYSIM_HPA_H
#define DEPLOYSIM_HPA_H

#include "model.h"

void hpa_init(sim_t *s);
void hpa_handle_event(sim_t *s, const engine_event_t *ev);
void hpa_free(sim_t *s);
/* sim_hpa_view (views.c): false when the service has no HPA. */
bool hpa_view(const sim_t *s, int service, sim_hpa_view_t *out);

#endif
