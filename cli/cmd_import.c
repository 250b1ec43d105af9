/* import: Kubernetes manifests (YAML, multi-document, or JSON, including the `kind: List`
 * that `kubectl get -o json|yaml` prints) into a scenario. What no manifest says (traffic,
 * capacity, start-up time, the cluster when no Node is given) is assumed, printed on stderr
 * and written into the scenario's description; kinds the model lacks are listed as skipped.
 * The scenario is validated before it is written: a bad one writes nothing. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "import.h"
#include "manifest_yaml.h"

static int import_usage(FILE *f) {
    fputs("usage: deploysim import FILE... [-o SCENARIO.json] [--set PATH=VALUE]...\n"
          "Reads Kubernetes manifests (YAML documents, JSON, a kubectl List; - is standard\n"
          "input): Deployment, Rollout, HorizontalPodAutoscaler, Service, Ingress,\n"
          "PodDisruptionBudget, Node, Namespace, PriorityClass. Writes a scenario (default:\n"
          "standard output). Assumptions, skipped kinds and fields the model lacks go to\n"
          "standard error. Exit 2 on bad input (FILE:LINE:COL for bad YAML); nothing written.\n",
          f);
    return f == stdout ? 0 : 2;
}

/* Appends the objects of one parsed document: a List's items, or the object itself. */
static void add_objects(cJSON *all, cJSON *doc) {
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
    const char *kind = import_kind(doc);
    size_t kl = strlen(kind);
    if (cJSON_IsArray(items) && kl >= 4 && strcmp(kind + kl - 4, "List") == 0) {
        for (const cJSON *i = items->child; i; i = i->next)
            cJSON_AddItemToArray(all, cJSON_Duplicate(i, 1));
        return;
    }
    cJSON_AddItemToArray(all, cJSON_Duplicate(doc, 1));
}

static int read_inputs(const cli_opts_t *o, cJSON *all) {
    for (int i = 0; i < o->nargs; i++) {
        char *text = cli_read_scenario(o->args[i]);
        if (!text) return 2;
        char err[512];
        cJSON *docs =
            manifest_yaml_parse(text, strlen(text), cli_scenario_name(o->args[i]), err, sizeof err);
        free(text);
        if (!docs) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
        for (cJSON *d = docs->child; d; d = d->next) {
            if (!cJSON_IsObject(d)) {
                fprintf(stderr, "%s: a document that is not an object\n",
                        cli_scenario_name(o->args[i]));
                cJSON_Delete(docs);
                return 2;
            }
            add_objects(all, d);
        }
        cJSON_Delete(docs);
    }
    return 0;
}

static bool is_kind(const cJSON *o, const char *k) {
    return strcmp(import_kind(o), k) == 0;
}

/* A pod naming a PriorityClass that none of the files defines would be refused by the API
 * server's admission (the built-in system-* ones exist everywhere): the name is dropped with a
 * warning rather than making the scenario invalid. */
static void drop_unknown_priority_classes(import_t *im) {
    const cJSON *pcs = import_get(im->scenario, "priorityClasses");
    for (cJSON *svc = im->services->child; svc; svc = svc->next) {
        const cJSON *want = import_get(svc, "priorityClassName");
        if (!cJSON_IsString(want) || strncmp(want->valuestring, "system-", 7) == 0) continue;
        bool known = false;
        for (const cJSON *pc = pcs ? pcs->child : NULL; pc && !known; pc = pc->next)
            known = strcmp(import_name(pc), want->valuestring) == 0 ||
                    (cJSON_IsString(import_get(pc, "name")) &&
                     strcmp(import_get(pc, "name")->valuestring, want->valuestring) == 0);
        if (known) continue;
        fprintf(im->log,
                "warning: %s/%s: priorityClassName %s: no PriorityClass of that name among the "
                "files: not carried over (import it with the Deployment to keep it)\n",
                import_get(svc, "namespace")->valuestring, import_get(svc, "name")->valuestring,
                want->valuestring);
        cJSON_DeleteItemFromObjectCaseSensitive(svc, "priorityClassName");
    }
}

static void dispatch(import_t *im) {
    for (const cJSON *o = im->objects->child; o; o = o->next)
        if (is_kind(o, "Deployment") || is_kind(o, "Rollout")) import_workload_add(im, o);
    for (int i = 0; i < im->wl_count; i++)
        import_workload(im, i);
    for (const cJSON *o = im->objects->child; o; o = o->next) {
        char id[300];
        if (is_kind(o, "HorizontalPodAutoscaler"))
            import_hpa(im, o);
        else if (is_kind(o, "PodDisruptionBudget"))
            import_pdb(im, o);
        else if (is_kind(o, "Service"))
            import_k8s_service(im, o);
        else if (is_kind(o, "Ingress"))
            import_ingress(im, o);
        else if (is_kind(o, "PriorityClass"))
            import_priority_class(im, o);
        else if (!is_kind(o, "Deployment") && !is_kind(o, "Rollout") && !is_kind(o, "Node") &&
                 !is_kind(o, "Namespace"))
            fprintf(im->log, "skipped: %s (not modelled)\n", import_id(o, id, sizeof id));
    }
    drop_unknown_priority_classes(im);
}

/* What a service needs that no manifest says, unless an export's annotation carried it. */
static void assume_service(import_t *im, int i, cJSON *svc, bool ingress_fed) {
    const char *ns = import_get(svc, "namespace")->valuestring;
    const char *name = import_get(svc, "name")->valuestring;
    if (!import_get(svc, "traffic") && !ingress_fed) {
        cJSON_AddNumberToObject(cJSON_AddObjectToObject(svc, "traffic"), "rps", 100);
        import_assume(im,
                      "%s/%s traffic 100 req/s — no manifest says; set with --set "
                      "services[%d].traffic.rps=...",
                      ns, name, i);
    }
    cJSON *img = import_get(svc, "image");
    if (img && !import_get(img, "size")) {
        cJSON_AddStringToObject(img, "size", "100Mi");
        import_assume(im,
                      "%s/%s image %s is 100Mi to pull — no manifest says; set with --set "
                      "services[%d].image.size=...",
                      ns, name, import_get(img, "name")->valuestring, i);
    }
    if (!import_get(svc, "capacityRps"))
        import_assume(im,
                      "%s/%s serves 100 req/s per pod at its CPU request — no manifest says; "
                      "set with --set services[%d].capacityRps=...",
                      ns, name, i);
    if (!import_get(svc, "startup"))
        import_assume(im,
                      "%s/%s starts in 5 s — no manifest says; set with --set "
                      "services[%d].startup=...",
                      ns, name, i);
}

static char *describe(const import_t *im, const cli_opts_t *o) {
    size_t n = 200;
    for (int i = 0; i < o->nargs; i++)
        n += strlen(o->args[i]) + 2;
    for (int i = 0; i < im->assumed_count; i++)
        n += strlen(im->assumed[i]) + 2;
    char *d = malloc(n);
    if (!d) return NULL;
    strcpy(d, "Imported from Kubernetes manifests (");
    for (int i = 0; i < o->nargs; i++) {
        strcat(d, i ? ", " : "");
        strcat(d, strcmp(o->args[i], "-") == 0 ? "<stdin>" : o->args[i]);
    }
    strcat(d, ") by deploysim import.");
    if (im->assumed_count) strcat(d, " Assumed:");
    for (int i = 0; i < im->assumed_count; i++) {
        strcat(d, i ? "; " : " ");
        strcat(d, im->assumed[i]);
    }
    return d;
}

/* A service whose traffic (carried back from an export) is beyond the request-level model's
 * rate needs the fluid model, as the scenario it came from had. */
static bool needs_fluid(const import_t *im) {
    for (const cJSON *svc = im->services ? im->services->child : NULL; svc; svc = svc->next) {
        const cJSON *rps = import_get(import_get(svc, "traffic"), "rps");
        if (cJSON_IsNumber(rps) && rps->valuedouble > SCN_MAX_RPS_REQUESTS) return true;
    }
    return false;
}

/* The scenario in the order a reader expects: name, description, seed, duration, cluster,
 * priorityClasses, ingresses, services. */
static cJSON *assemble(import_t *im, const cli_opts_t *o) {
    cJSON *sc = cJSON_CreateObject();
    cJSON_AddStringToObject(sc, "name", "Imported from Kubernetes manifests");
    char *d = describe(im, o);
    cJSON_AddStringToObject(sc, "description", d ? d : "");
    free(d);
    cJSON_AddNumberToObject(sc, "seed", 1);
    cJSON_AddStringToObject(sc, "duration", "10m");
    if (needs_fluid(im)) cJSON_AddStringToObject(sc, "fidelity", "fluid");
    static const char *const keys[] = {"cluster", "priorityClasses", "ingresses", "services", NULL};
    for (int i = 0; keys[i]; i++) {
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(im->scenario, keys[i]);
        if (v) cJSON_AddItemToObject(sc, keys[i], v);
    }
    return sc;
}

static int finish(cJSON *sc, const cli_opts_t *o) {
    for (int i = 0; i < o->set_count; i++) {
        char err[256];
        if (scenario_json_set(sc, o->sets[i].path, o->sets[i].value, err, sizeof err)) {
            fprintf(stderr, "import: --set %s: %s\n", o->sets[i].path, err);
            return 2;
        }
    }
    char *text = cJSON_Print(sc);
    if (!text) return 1;
    const char *out = o->outdir && strcmp(o->outdir, "-") != 0 ? o->outdir : NULL;
    diag_t d;
    diag_init(&d);
    scenario_t *loaded = NULL;
    int rc = scenario_load_text(text, out ? out : "<import>", NULL, 0, &loaded, &d);
    if (rc) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fprintf(stderr, "import: the scenario does not validate: nothing written\n");
        rc = 2;
    } else if (out) {
        FILE *f = fopen(out, "w");
        if (!f || fprintf(f, "%s\n", text) < 0 || fclose(f) != 0) {
            fprintf(stderr, "import: cannot write %s\n", out);
            rc = 1;
        }
    } else {
        printf("%s\n", text);
    }
    scenario_free(loaded);
    diag_free(&d);
    free(text);
    return rc;
}

int import_files(char **files, int nfiles, FILE *log, cJSON **out) {
    cli_opts_t o = {.args = files, .nargs = nfiles};
    import_t im = {.objects = cJSON_CreateArray(), .scenario = cJSON_CreateObject(), .log = log};
    im.services = cJSON_AddArrayToObject(im.scenario, "services");
    int rc = read_inputs(&o, im.objects);
    *out = NULL;
    if (rc == 0) {
        dispatch(&im);
        if (im.wl_count == 0) {
            fprintf(log, "import: no Deployment or Rollout: nothing to simulate\n");
            rc = 2;
        }
    }
    if (rc == 0) {
        bool *fed = calloc((size_t)im.wl_count + 1, sizeof *fed);
        if (fed) import_ingress_traffic(&im, fed);
        int i = 0;
        for (cJSON *s = im.services->child; s; s = s->next, i++)
            if (!im.exported[i]) assume_service(&im, i, s, fed && fed[i]);
        free(fed);
        import_cluster(&im);
        *out = assemble(&im, &o);
    }
    cJSON_Delete(im.scenario);
    cJSON_Delete(im.objects);
    for (int i = 0; i < im.assumed_count; i++)
        free(im.assumed[i]);
    free(im.assumed);
    free(im.wl_obj);
    free(im.wl_tmpl);
    free(im.exported);
    return rc;
}

int cli_import(int argc, char **argv) {
    cli_opts_t o = {0};
    int rc = cli_parse(argc, argv, "import", CLI_OPT_OUTPUT | CLI_OPT_SET, &o, import_usage);
    if (rc < 0 && o.nargs < 1) rc = import_usage(stderr);
    if (rc >= 0) {
        free(o.args);
        return rc;
    }
    cJSON *sc = NULL;
    rc = import_files(o.args, o.nargs, stderr, &sc);
    if (rc == 0) rc = finish(sc, &o);
    cJSON_Delete(sc);
    free(o.args);
    return rc;
}
