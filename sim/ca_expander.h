/* ca_expander.h: the cluster autoscaler's priority expander (ca_expander.c); ca_expander_*. */
#ifndef DEPLOYSIM_CA_EXPANDER_H
#define DEPLOYSIM_CA_EXPANDER_H

#include <regex.h>

#include "scenario.h"

typedef struct {
    regex_t *re;   /* compiled cluster.autoscaler.priorities regexps */
    int *priority; /* the priority of each */
    int count;
} ca_expander_t;

/* Compiles the scenario's priorities; 0, or -1 when out of memory (nothing to free then). */
int ca_expander_init(ca_expander_t *e, const scenario_t *sc);
void ca_expander_free(ca_expander_t *e);
/* BestOptions of the priority filter: of the n node groups named, those matched by the
 * highest priority that matches any of them, in their order (written to out); when no
 * priority matches any, all of them. Returns how many; *best the priority (INT_MIN: none). */
int ca_expander_priority(const ca_expander_t *e, const char *const *names, int n, int *out,
                         int *best);

#endif
