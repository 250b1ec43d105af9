/* ca_expander: the cluster autoscaler's `priority` expander (kubernetes/autoscaler
 * cluster-autoscaler/expander/priority/priority.go). Its ConfigMap maps priorities to
 * regular expressions of node-group names; of the node groups that can help, those matched
 * by the highest priority that matches any of them are kept (a group no priority matches is
 * not used), and when none matches at all, every group is (the fallback). The random
 * expander then picks among those kept (autoscaler.c, with the run's seeded stream). Go's
 * RE2 is replaced by POSIX extended regexps, matched anywhere in the name as FindStringIndex
 * does; the common forms (".*spot.*", "on-demand", "^a|b$") mean the same in both. */
#include "ca_expander.h"

#include <limits.h>
#include <stdlib.h>

int ca_expander_init(ca_expander_t *e, const scenario_t *sc) {
    e->count = 0;
    e->re = NULL;
    e->priority = NULL;
    if (sc->ca_expander != CA_EXPANDER_PRIORITY || sc->ca_priority_count == 0) return 0;
    e->re = calloc((size_t)sc->ca_priority_count, sizeof *e->re);
    e->priority = calloc((size_t)sc->ca_priority_count, sizeof *e->priority);
    if (!e->re || !e->priority) {
        ca_expander_free(e);
        return -1;
    }
    for (int i = 0; i < sc->ca_priority_count; i++) {
        /* the loader compiled each one already: a failure here is out of memory */
        if (regcomp(&e->re[e->count], sc->ca_priorities[i].regex, REG_EXTENDED | REG_NOSUB)) {
            ca_expander_free(e);
            return -1;
        }
        e->priority[e->count++] = sc->ca_priorities[i].priority;
    }
    return 0;
}

void ca_expander_free(ca_expander_t *e) {
    for (int i = 0; i < e->count; i++)
        regfree(&e->re[i]);
    free(e->re);
    free(e->priority);
    e->re = NULL;
    e->priority = NULL;
    e->count = 0;
}

/* The highest priority whose regexps match the name, or INT_MIN. */
static int name_priority(const ca_expander_t *e, const char *name) {
    int best = INT_MIN;
    for (int i = 0; i < e->count; i++)
        if (e->priority[i] > best && regexec(&e->re[i], name, 0, NULL, 0) == 0)
            best = e->priority[i];
    return best;
}

int ca_expander_priority(const ca_expander_t *e, const char *const *names, int n, int *out,
                         int *best) {
    int top = INT_MIN, m = 0;
    for (int i = 0; i < n; i++) {
        int p = name_priority(e, names[i]);
        if (p == INT_MIN || p < top) continue;
        if (p > top) m = 0, top = p;
        out[m++] = i;
    }
    if (best) *best = top;
    if (m > 0) return m;
    for (int i = 0; i < n; i++) /* no priority matched any group: all of them */
        out[i] = i;
    return n;
}
