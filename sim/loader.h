/* loader.h: private to the scenario loader (sim/scenario*.c): its state, the typed-member
 * readers every section uses, and the sections' entry points. Not a public header: the rest of
 * the simulator and every client go through include/scenario.h. */
#ifndef DEPLOYSIM_LOADER_H
#define DEPLOYSIM_LOADER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

extern const char *const RUNTIME_NAMES[]; /* "container", "vm", "bare", NULL */

/* ---- the keys valid at each place (NULL-terminated) ---------------------------------- */
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- loader state, paths and messages ------------------------------------------------- */
typedef struct ld {
    const char *file;
    diag_t *diag;
    int errors;
    scenario_t *sc;
    const cJSON **routing; /* per service: its canary trafficRouting.ingress, or NULL */
    int *shaped_by;        /* per service: the Ingress whose pattern or trace feeds it, -1 */
} ld_t;

typedef struct {
    char s[512];
} path_t;

/* A number in [lo, hi]. */
typedef struct {
    double lo, hi;
} range_t;
#define R_FRACTION ((range_t){0, 1})
#define R_PRICE ((range_t){0, SCN_MAX_PRICE})
#define R_CAPACITY ((range_t){SCN_MIN_CAPACITY_RPS, SCN_MAX_CAPACITY_RPS})
#define R_SHAPE ((range_t){SCN_MIN_SHAPE, SCN_MAX_SHAPE})
/* Quantities: a JSON number or a string, both through quantity.c. */
typedef enum { Q_CPU, Q_BYTES, Q_DURATION, Q_RATE } qkind_t;

/* scenario_cluster.c */
int ld_resolve_service(ld_t *ld, const char *path, const char *key, const char *ref);
int ld_get_service_ref(ld_t *ld, const cJSON *o, const char *path, const char *key);
int ld_get_pool_ref(ld_t *ld, const cJSON *o, const char *path, const char *key);
void ld_load_runtimes(ld_t *ld, const cJSON *root);
void ld_load_cluster(ld_t *ld, const cJSON *root);
void ld_load_ingresses(ld_t *ld, const cJSON *root);
void ld_check_services(ld_t *ld);

/* scenario_ingress.c */
int ld_ingress_match(const ingress_spec_t *ing, const char *host, const char *path);
void ld_load_ingress_routing(ld_t *ld, const cJSON *o, const char *path, int index);
void ld_load_ingress_canary(ld_t *ld, const cJSON *rule, const char *path, ingress_rule_t *r);

/* scenario_events.c */
void ld_load_events(ld_t *ld, const cJSON *root);
void ld_load_faults(ld_t *ld, const cJSON *root);
void ld_load_notes(ld_t *ld, const cJSON *root);
void ld_load_ui(ld_t *ld, const cJSON *root);

/* scenario_hpa.c */
void ld_load_hpa(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s);
void ld_load_hpa_metrics(ld_t *ld, const cJSON *o, const char *path, hpa_spec_t *h);
void ld_hpa_metrics_free(hpa_spec_t *h);

/* scenario_patch.c */
void ld_compose_patches(ld_t *ld, const cJSON *arr);
int ld_patch_template(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s, int from,
                      int nth);

/* scenario_json.c */
cJSON *ld_parse_json(ld_t *ld, const char *text);

/* scenario_placement.c */
void ld_load_pool_placement(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p);
void ld_resolve_pod_terms(ld_t *ld);
void ld_load_priority_classes(ld_t *ld, const cJSON *root);
void ld_resolve_priorities(ld_t *ld);
void ld_load_placement(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                       const char *service);
void ld_placement_free(placement_spec_t *pl);
void ld_pool_placement_free(pool_spec_t *p);

/* scenario_service.c */
void ld_version_free(version_spec_t *v);
void ld_sort_by_at(void *base, int n, size_t size, size_t at_offset);
void ld_load_service(ld_t *ld, const cJSON *o, const char *path, int index);

/* scenario_slo.c */
void ld_load_slo(ld_t *ld, const cJSON *o, const char *path, slo_spec_t *slo);

/* scenario_trace.c: `rps`, `pattern` and `trace` of a traffic object (a service's or an
 * Ingress's; the caller checks the object's other keys) */
void ld_load_shape(ld_t *ld, const cJSON *o, const char *path, traffic_shape_t *t);

/* scenario_values.c */
path_t ld_pkey(const char *parent, const char *key);
path_t ld_pidx(const char *parent, int i);
void ld_err_at(ld_t *ld, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ld_check_label(ld_t *ld, const char *path, const char *key, const char *what,
                    const char *name);
void *ld_calloc(ld_t *ld, size_t n, size_t size);
char *ld_strdup(ld_t *ld, const char *s);
void ld_err_type(ld_t *ld, const char *path, const char *key, const char *expected,
                 const cJSON *got);
bool ld_in_list(const char *const *names, const char *word);
const char *ld_join(const char *const *names, int n, char *buf, size_t size);
const char **ld_collect_names(const void *base, int n, size_t stride, size_t offset);
void ld_err_unknown(ld_t *ld, const char *path, const char *key, const char *what,
                    const char *plural, const char *word, const char *const *names, int n);
const cJSON *ld_member(const cJSON *o, const char *key);
bool ld_check_object_ex(ld_t *ld, const cJSON *o, const char *path, const char *const *const *lists,
                        const char *const *elsewhere, const char *elsewhere_msg);
bool ld_check_object(ld_t *ld, const cJSON *o, const char *path, const char *const *keys);
bool ld_require(ld_t *ld, const cJSON *o, const char *path, const char *key);
const cJSON *ld_get_array(ld_t *ld, const cJSON *o, const char *path, const char *key);
void *ld_array_items(ld_t *ld, const cJSON *a, size_t size, int *count);
bool ld_get_bool(ld_t *ld, const cJSON *o, const char *path, const char *key, bool *out);
bool ld_get_int(ld_t *ld, const cJSON *o, const char *path, const char *key, int *out, int lo,
                int hi);
bool ld_get_number(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out,
                   range_t r);
bool ld_get_rps(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out);
bool ld_get_string(ld_t *ld, const cJSON *o, const char *path, const char *key, const char **out,
                   bool nonempty);
bool ld_get_strdup(ld_t *ld, const cJSON *o, const char *path, const char *key, char **out,
                   bool nonempty);
int ld_get_enum_n(ld_t *ld, const cJSON *o, const char *path, const char *key,
                  const char *const *names, int n, const char *what);
int ld_get_enum(ld_t *ld, const cJSON *o, const char *path, const char *key,
                const char *const *names, const char *what);
bool ld_get_quantity(ld_t *ld, const cJSON *o, const char *path, const char *key, qkind_t kind,
                     int64_t max, int64_t *out);
bool ld_get_duration(ld_t *ld, const cJSON *o, const char *path, const char *key, sim_time_t *out,
                     bool positive);
bool ld_get_int_or_pct(ld_t *ld, const cJSON *o, const char *path, const char *key,
                       int_or_pct_t *out);
bool ld_get_dist(ld_t *ld, const cJSON *o, const char *path, const char *key, dist_t *out,
                 bool mtbf);

#endif
