/* import: Kubernetes objects (already parsed into cJSON) into a scenario document. One file
 * per kind group: import_workload.c (Deployment, Rollout), import_pod.c (the pod template),
 * import_scaling.c (HorizontalPodAutoscaler, PodDisruptionBudget), import_net.c (Service,
 * Ingress), import_cluster.c (Node, Namespace, PriorityClass, the assumed cluster). What
 * the manifests leave unsaid is assumed and said on stderr; what the model lacks is named. */
#ifndef DEPLOYSIM_IMPORT_H
#define DEPLOYSIM_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct cJSON cJSON;

/* The annotation export writes the scenario's own keys into (traffic, capacity, start-up...),
 * so that importing an export gives back the same scenario. */
#define IMPORT_ANNOTATION "deploysim.io/service"
/* On an Ingress: the scenario's `ingresses[].traffic` (requests entering there), which no
 * Kubernetes field holds. */
#define IMPORT_INGRESS_TRAFFIC "deploysim.io/traffic"
/* ingress-nginx's canary Ingress: a share of the requests a host and path get go to another
 * backend (docs/user-guide/nginx-configuration/annotations.md#canary) */
#define IMPORT_NGINX_CANARY "nginx.ingress.kubernetes.io/canary"
#define IMPORT_NGINX_WEIGHT "nginx.ingress.kubernetes.io/canary-weight"
#define IMPORT_NGINX_WEIGHT_TOTAL "nginx.ingress.kubernetes.io/canary-weight-total"

typedef struct {
    cJSON *objects;  /* every object read, in order (borrowed) */
    cJSON *scenario; /* the document being built */
    cJSON *services; /* scenario.services */
    /* parallel to services: the workload each came from and its pod template */
    const cJSON **wl_obj;
    const cJSON **wl_tmpl;
    bool *exported; /* the workload carries IMPORT_ANNOTATION: nothing is assumed for it */
    int wl_count;
    FILE *log; /* warnings and assumptions */
    int warnings;
    char **assumed; /* assumption texts, for the description */
    int assumed_count;
} import_t;

/* `Kind ns/name` of an object, for messages. */
const char *import_id(const cJSON *obj, char *buf, size_t n);
/* The object's namespace ("default" when none). */
const char *import_ns(const cJSON *obj);
const char *import_name(const cJSON *obj);
const char *import_kind(const cJSON *obj);
/* Prints `Kind ns/name: PATH: not modelled` (or the given text). */
void import_warn(import_t *im, const cJSON *obj, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Prints `assumed: ...` and keeps it for the description. */
void import_assume(import_t *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Warns about every member of obj (at PATH) whose name is in neither list. */
void import_unknown(import_t *im, const cJSON *top, const cJSON *obj, const char *path,
                    const char *const used[], const char *const quiet[]);
/* A member by exact name, or NULL. */
cJSON *import_get(const cJSON *obj, const char *key);
/* A copy of a number member as an integer JSON number (NULL when absent or not a number). */
bool import_copy_int(cJSON *dst, const char *dkey, const cJSON *src, const char *skey);
/* A copy of an IntOrString member (3 or "25%"). */
bool import_copy_intstr(cJSON *dst, const char *dkey, const cJSON *src, const char *skey);
/* The scenario service built from workload `name` in namespace ns, or NULL; *index its index. */
cJSON *import_service(import_t *im, const char *ns, const char *name, int *index);
/* The scenario service whose pod template labels the selector's matchLabels (or a Service's
 * spec.selector map) select, in namespace ns. */
cJSON *import_service_selected(import_t *im, const char *ns, const cJSON *match_labels, int *index);
/* Makes a Kubernetes name a DNS-1123 label as scenario names are (lowercase, '.' and '_' to
 * '-', at most 63 characters). */
void import_label(const char *in, char *out, size_t n);

/* Reads the manifests (a path, or "-" for standard input) into a scenario document (not yet
 * validated, before --set); messages go to log. 0, or 2 on bad input (*out NULL). */
int import_files(char **files, int nfiles, FILE *log, cJSON **out);

/* Per kind. A workload adds a service (import_workload_add, first pass, so that selectors
 * can find every service), then fills it (import_workload); the rest attach to one. */
void import_workload_add(import_t *im, const cJSON *obj);
/* A PriorityClass (scheduling.k8s.io/v1) into the scenario's priorityClasses. */
void import_priority_class(import_t *im, const cJSON *obj);
void import_workload(import_t *im, int index);
void import_pod_template(import_t *im, const cJSON *obj, const cJSON *tmpl, const char *path,
                         cJSON *svc);
void import_hpa(import_t *im, const cJSON *obj);
void import_pdb(import_t *im, const cJSON *obj);
void import_k8s_service(import_t *im, const cJSON *obj);
void import_ingress(import_t *im, const cJSON *obj);
/* Gives each Ingress with rules to imported services the traffic (assumed) and marks in
 * fed[service] the services it routes to: they get no traffic of their own. */
void import_ingress_traffic(import_t *im, bool *fed);
/* Node objects into node pools (or the assumed cluster when there are none). */
void import_cluster(import_t *im);

#endif
