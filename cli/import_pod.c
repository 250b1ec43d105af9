/* import_pod: a pod template into the service's pod keys: the first container's image (its
 * tag is the version), the requests of every container summed (what kube-scheduler's
 * NodeResourcesFit counts: pkg/scheduler/framework/plugins/noderesources/fit.go in
 * kubernetes/kubernetes), the probes' timings, a preStop sleep, the grace period, and the
 * placement keys (nodeSelector, tolerations, affinity, topologySpreadConstraints). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "quantity.h"

static const char *const probe_keys[] = {"initialDelaySeconds", "periodSeconds",
                                         "timeoutSeconds",      "successThreshold",
                                         "failureThreshold",    NULL};
/* How a probe reaches the app: the model has it pass once the app is up. */
static const char *const probe_handlers[] = {"httpGet", "tcpSocket", "grpc", "exec", NULL};

static void probe(import_t *im, const cJSON *obj, const cJSON *c, const char *key, const char *path,
                  cJSON *svc) {
    const cJSON *p = import_get(c, key);
    if (!cJSON_IsObject(p)) return;
    cJSON *out = cJSON_AddObjectToObject(svc, key);
    for (int i = 0; probe_keys[i]; i++)
        import_copy_int(out, probe_keys[i], p, probe_keys[i]);
    char pp[512];
    snprintf(pp, sizeof pp, "%.200s.%s", path, key);
    import_unknown(im, obj, p, pp, probe_keys, probe_handlers);
}

/* The seconds of a preStop hook that sleeps: `sleep: {seconds}`, or an exec of `sleep N`
 * (alone or through `sh -c`). -1 when the hook says no duration. */
static double prestop_seconds(const cJSON *pre) {
    const cJSON *s = import_get(import_get(pre, "sleep"), "seconds");
    if (cJSON_IsNumber(s)) return s->valuedouble;
    const cJSON *cmd = import_get(import_get(pre, "exec"), "command");
    const cJSON *last =
        cJSON_IsArray(cmd) ? cJSON_GetArrayItem(cmd, cJSON_GetArraySize(cmd) - 1) : NULL;
    if (!cJSON_IsString(last)) return -1;
    const char *t = last->valuestring;
    const cJSON *first = cJSON_GetArrayItem(cmd, 0);
    if (cJSON_GetArraySize(cmd) == 2 && cJSON_IsString(first) &&
        strstr(first->valuestring, "sleep")) {
    } else if ((t = strstr(t, "sleep ")) != NULL) {
        t += 6;
    } else {
        return -1;
    }
    char *end;
    double v = strtod(t, &end);
    return end != t && v >= 0 ? v : -1;
}

static void lifecycle(import_t *im, const cJSON *obj, const cJSON *c, const char *path,
                      cJSON *svc) {
    const cJSON *lc = import_get(c, "lifecycle");
    if (!lc) return;
    char pp[512];
    snprintf(pp, sizeof pp, "%.200s.lifecycle", path);
    const cJSON *pre = import_get(lc, "preStop");
    if (pre) {
        double s = prestop_seconds(pre);
        if (s >= 0)
            cJSON_AddNumberToObject(svc, "preStop", s);
        else
            import_warn(im, obj, pp, "preStop: not a sleep, its duration is unknown: 0 s");
    }
    import_unknown(im, obj, lc, pp, (const char *const[]){"preStop", NULL}, NULL);
}

/* Sums a resource's requests over the containers; false when none states it. */
static bool sum_requests(const cJSON *containers, const char *res, int64_t *total) {
    bool any = false;
    *total = 0;
    for (const cJSON *c = containers->child; c; c = c->next) {
        const cJSON *q = import_get(import_get(import_get(c, "resources"), "requests"), res);
        int64_t v = 0;
        char err[120];
        int rc = 1;
        if (cJSON_IsString(q))
            rc = strcmp(res, "cpu") == 0
                     ? quantity_parse_cpu(q->valuestring, &v, err, sizeof err)
                     : quantity_parse_bytes(q->valuestring, &v, err, sizeof err);
        else if (cJSON_IsNumber(q))
            rc = strcmp(res, "cpu") == 0
                     ? quantity_cpu_from_number(q->valuedouble, &v, err, sizeof err)
                     : quantity_bytes_from_number(q->valuedouble, &v, err, sizeof err);
        if (rc == 0) {
            *total += v;
            any = true;
        }
    }
    return any;
}

static void resources(import_t *im, const cJSON *obj, const cJSON *containers, cJSON *svc) {
    int64_t cpu, mem;
    bool has_cpu = sum_requests(containers, "cpu", &cpu);
    bool has_mem = sum_requests(containers, "memory", &mem);
    if (!has_cpu && !has_mem) return;
    cJSON *r = cJSON_AddObjectToObject(svc, "resources");
    char buf[64];
    if (has_cpu) cJSON_AddStringToObject(r, "cpu", quantity_format_cpu(cpu, buf, sizeof buf));
    if (has_mem) cJSON_AddStringToObject(r, "memory", quantity_format_bytes(mem, buf, sizeof buf));
}

/* image "repo/name:tag" (or @digest): the name keeps the whole reference; the tag, made a
 * DNS label, is the version. */
static void image(import_t *im, const cJSON *obj, const cJSON *c, cJSON *svc) {
    const cJSON *img = import_get(c, "image");
    if (!cJSON_IsString(img)) return;
    cJSON_AddStringToObject(cJSON_AddObjectToObject(svc, "image"), "name", img->valuestring);
    const char *ref = img->valuestring;
    const char *at = strchr(ref, '@');
    const char *slash = strrchr(ref, '/');
    const char *colon = strrchr(slash ? slash : ref, ':');
    char tag[128] = "latest";
    if (at)
        snprintf(tag, sizeof tag, "%.127s", at + 1);
    else if (colon)
        snprintf(tag, sizeof tag, "%.127s", colon + 1);
    char label[64];
    import_label(tag, label, sizeof label);
    cJSON_AddStringToObject(svc, "version", label);
}

static const char *const container_used[] = {
    "image", "resources", "readinessProbe", "livenessProbe", "startupProbe", "lifecycle", NULL};
static const char *const container_quiet[] = {"name",
                                              "ports",
                                              "env",
                                              "envFrom",
                                              "args",
                                              "command",
                                              "imagePullPolicy",
                                              "workingDir",
                                              "volumeMounts",
                                              "securityContext",
                                              "terminationMessagePath",
                                              "terminationMessagePolicy",
                                              "stdin",
                                              "tty",
                                              NULL};

static void containers(import_t *im, const cJSON *obj, const cJSON *cs, const char *path,
                       cJSON *svc) {
    if (!cJSON_IsArray(cs) || !cs->child) {
        import_warn(im, obj, path, "no containers");
        return;
    }
    const cJSON *c = cs->child;
    char cp[512];
    snprintf(cp, sizeof cp, "%.200s[0]", path);
    image(im, obj, c, svc);
    resources(im, obj, cs, svc);
    probe(im, obj, c, "readinessProbe", cp, svc);
    probe(im, obj, c, "livenessProbe", cp, svc);
    probe(im, obj, c, "startupProbe", cp, svc);
    lifecycle(im, obj, c, cp, svc);
    import_unknown(im, obj, c, cp, container_used, container_quiet);
    const cJSON *lim = import_get(import_get(c, "resources"), "limits");
    if (lim) {
        char lp[512];
        snprintf(lp, sizeof lp, "%.200s.resources.limits", cp);
        import_warn(im, obj, lp, "not modelled (requests are)");
    }
    int i = 1;
    for (const cJSON *o = c->next; o; o = o->next, i++) {
        snprintf(cp, sizeof cp, "%.200s[%d]", path, i);
        import_warn(im, obj, cp, "not modelled (its requests count; the first container runs)");
    }
}

void import_placement(import_t *im, const cJSON *obj, const cJSON *ps, const char *path,
                      cJSON *svc);

void import_pod_template(import_t *im, const cJSON *obj, const cJSON *tmpl, const char *path,
                         cJSON *svc) {
    const cJSON *ps = import_get(tmpl, "spec");
    char pp[512];
    snprintf(pp, sizeof pp, "%.200s.spec", path);
    char cp[512];
    snprintf(cp, sizeof cp, "%.200s.containers", pp);
    containers(im, obj, import_get(ps, "containers"), cp, svc);
    import_copy_int(svc, "terminationGracePeriodSeconds", ps, "terminationGracePeriodSeconds");
    import_placement(im, obj, ps, pp, svc);
    const cJSON *pc = import_get(ps, "priorityClassName");
    if (cJSON_IsString(pc)) cJSON_AddStringToObject(svc, "priorityClassName", pc->valuestring);
    import_unknown(im, obj, ps, pp,
                   (const char *const[]){"containers", "terminationGracePeriodSeconds",
                                         "nodeSelector", "tolerations", "affinity",
                                         "topologySpreadConstraints", "priorityClassName", NULL},
                   (const char *const[]){"serviceAccountName", "serviceAccount",
                                         "automountServiceAccountToken", "securityContext",
                                         "volumes", "imagePullSecrets", "restartPolicy",
                                         "dnsPolicy", "schedulerName", NULL});
}
