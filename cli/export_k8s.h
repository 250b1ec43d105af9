/* export_k8s: scenario services and ingresses as Kubernetes objects (cJSON trees that
 * manifest_emit writes as YAML). export_k8s.c: the workload and its pod template;
 * export_objects.c: the Argo strategy, Service, HPA, PDB, Ingress and Namespace. */
#ifndef DEPLOYSIM_EXPORT_K8S_H
#define DEPLOYSIM_EXPORT_K8S_H

#include <stdbool.h>
#include <stdio.h>

typedef struct cJSON cJSON;

/* The objects of one scenario service, in apply order (workload first). */
cJSON *export_service(const cJSON *svc, FILE *log);
/* Ingress objects of scenario.ingresses, one per ingress and namespace of its backends. */
cJSON *export_ingresses(const cJSON *scenario);
/* Namespace objects for every namespace but "default". */
cJSON *export_namespaces(const cJSON *scenario);

/* Shared by the two files. */
cJSON *export_object(const char *api, const char *kind, const char *name, const char *ns);
cJSON *export_app_labels(const char *name);
bool export_seconds(const cJSON *v, double *out);
/* dst[key] = a deep copy of src[key], when src has it. */
void export_copy(cJSON *dst, const char *key, const cJSON *src);
/* An Argo strategy (canary or blueGreen) for spec.strategy; extra Services it needs are
 * appended to objs; *lossy when part of it (an analysis) has no place in a Rollout alone. */
cJSON *export_argo_strategy(const cJSON *st, const char *name, bool *lossy, cJSON *objs,
                            const char *ns);
cJSON *export_k8s_service(const char *svc_name, const char *app, const char *ns);
cJSON *export_hpa(const cJSON *h, const char *name, const char *ns, bool rollout);
cJSON *export_pdb(const cJSON *p, const char *name, const char *ns);

#endif
