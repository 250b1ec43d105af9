/* zone_avail: how available each service was in each zone (issue: "the summary, the per-zone
 * availability of each service"). One cell per (service, zone) — zones are few, so this is
 * services x zones, never x nodes — keeps the service's available pods in the zone (the
 * ReplicaSet controller's count, k8s IsPodAvailable, by the zone label of the pod's node)
 * and integrates it over time; a change touches one cell. zones.csv then says, per service
 * and zone: the share of the run with at least one available pod there (`availability`),
 * the time-mean, the minimum after time 0 and the maximum. A zone outage shows as the
 * zone's availability dropping; a topology spread constraint as a high minimum everywhere. */
#include "zone_avail.h"

#include <stdlib.h>

#include "kernel.h"
#include "summary_csv.h"

int zone_avail_init(sim_t *s) {
    int n = s->sc->service_count * s->sc->zone_count;
    s->zone_cells = NULL;
    if (n == 0) return 0;
    s->zone_cells = calloc((size_t)n, sizeof *s->zone_cells);
    return s->zone_cells ? 0 : -1;
}

void zone_avail_free(sim_t *s) {
    free(s->zone_cells);
    s->zone_cells = NULL;
}

/* Integrates the cell up to now. */
static void advance(zone_cell_t *c, sim_time_t now) {
    if (now <= c->mark) return;
    c->integral += (double)c->avail * (double)(now - c->mark);
    if (c->avail > 0) c->up += now - c->mark;
    c->mark = now;
}

void zone_avail_changed(sim_t *s, int service, int zone, int delta) {
    if (!s->zone_cells || zone < 0) return;
    zone_cell_t *c = &s->zone_cells[service * s->sc->zone_count + zone];
    sim_time_t now = model_now(s);
    advance(c, now);
    /* minimum and maximum "after time 0", as summary.csv's min_available */
    bool after0 = now > 0 || s->sc->cold_start;
    if (after0 && !c->seen) c->seen = true, c->min = c->max = c->avail;
    c->avail += delta;
    if (!after0) return;
    if (c->avail < c->min) c->min = c->avail;
    if (c->avail > c->max) c->max = c->avail;
}

void zone_avail_write(sim_t *s, FILE *f) {
    if (!f || !s->zone_cells) return;
    sim_time_t now = model_now(s);
    double dur = now > 0 ? (double)now : 1;
    for (int i = 0; i < s->sc->service_count; i++)
        for (int z = 0; z < s->sc->zone_count; z++) {
            zone_cell_t *c = &s->zone_cells[i * s->sc->zone_count + z];
            advance(c, now);
            if (!c->seen) c->min = c->max = c->avail;
            summary_csv_field(f, s->sc->name);
            fprintf(f, ",%llu,", (unsigned long long)s->seed);
            summary_csv_field(f, s->sc->services[i].name);
            fputc(',', f);
            summary_csv_field(f, s->sc->services[i].namespace_);
            fputc(',', f);
            summary_csv_field(f, s->sc->zones[z]);
            fprintf(f, ",%.6f,%.3f,%d,%d\n", (double)c->up / dur, c->integral / dur, c->min,
                    c->max);
        }
}
