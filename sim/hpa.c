/* hpa: the HorizontalPodAutoscaler controller (work in progress: syncs come with the
 * autoscaling issue; hpa_math.c already holds the arithmetic). */
#include "model.h"

void hpa_init(sim_t *s);
void hpa_init(sim_t *s) { (void)s; }
void hpa_handle_event(sim_t *s, const engine_event_t *ev);
void hpa_handle_event(sim_t *s, const engine_event_t *ev) { (void)s; (void)ev; }
void hpa_free(sim_t *s);
void hpa_free(sim_t *s) { (void)s; }
