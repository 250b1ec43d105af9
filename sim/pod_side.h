/* pod_side.h: a controller's own per-pod table beside the pod table (same index), for state no
 * other file reads (docs/ARCHITECTURE.md). Each entry starts with the `serial` of the pod it
 * belongs to (pod_t.serial, given at pod_create): an entry whose serial is not its slot's pod's
 * is from an earlier pod in that slot, and reads as zeros. The table grows on first use, so
 * pod_create does not need to know the tables; a copy of sim_t copies each table with it. */
#ifndef DEPLOYSIM_POD_SIDE_H
#define DEPLOYSIM_POD_SIDE_H

#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Pod pi's entry (`elem` bytes, a uint32_t serial first) in *table of *cap entries, grown to
 * the pod table's capacity and reset to zeros for a new pod; NULL when out of memory. */
static inline void *pod_side_get(void **table, int *cap, size_t elem, const sim_t *s, int pi) {
    if (pi >= *cap) {
        int ncap = s->pod_cap > pi ? s->pod_cap : pi + 1;
        char *t = realloc(*table, elem * (size_t)ncap);
        if (!t) return NULL;
        memset(t + elem * (size_t)*cap, 0, elem * (size_t)(ncap - *cap));
        *table = t;
        *cap = ncap;
    }
    char *e = (char *)*table + elem * (size_t)pi;
    uint32_t serial = s->pods[pi].serial, had;
    memcpy(&had, e, sizeof had);
    if (had != serial) {
        memset(e, 0, elem);
        memcpy(e, &serial, sizeof serial);
    }
    return e;
}

/* Pod pi's entry for reading: NULL when the pod has none yet (read it as zeros). */
static inline const void *pod_side_peek(const void *table, int cap, size_t elem, const sim_t *s,
                                        int pi) {
    if (pi >= cap) return NULL;
    const char *e = (const char *)table + elem * (size_t)pi;
    uint32_t had;
    memcpy(&had, e, sizeof had);
    return had == s->pods[pi].serial ? e : NULL;
}

#endif
