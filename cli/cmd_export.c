/* export: a scenario's services and ingresses as Kubernetes YAML that `kubectl apply` takes:
 * Namespaces, then per service its Deployment or Rollout, Service(s), HPA and PDB, then the
 * Ingresses. To standard output as one multi-document stream, or with -o DIR one file per
 * service (NNN-NAMESPACE-NAME.yaml, in the scenario order) plus 000-namespaces.yaml and
 * ingresses.yaml. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "export_k8s.h"
#include "import.h"
#include "manifest_emit.h"

static int export_usage(FILE *f) {
    fputs("usage: deploysim export SCENARIO.json [-o DIR] [--set PATH=VALUE]...\n"
          "Writes the scenario's services as Kubernetes YAML (Deployment or Argo Rollout,\n"
          "Service, HorizontalPodAutoscaler, PodDisruptionBudget, Ingress, Namespace) for\n"
          "kubectl apply; default standard output, with -o DIR one file per service.\n"
          "`deploysim import` of the output gives back the scenario's services.\n",
          f);
    return f == stdout ? 0 : 2;
}

static int emit_all(const char *dir, const char *file, const cJSON *objs) {
    if (!objs->child) return 0;
    FILE *f = stdout;
    char path[4096];
    if (dir) {
        snprintf(path, sizeof path, "%s/%s", dir, file);
        f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "export: cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    for (const cJSON *o = objs->child; o; o = o->next)
        manifest_emit(f, o);
    if (dir && fclose(f) != 0) {
        fprintf(stderr, "export: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int cli_export(int argc, char **argv) {
    cli_opts_t o = {0};
    int rc = cli_parse(argc, argv, "export", CLI_OPT_OUTPUT | CLI_OPT_SET, &o, export_usage);
    if (rc < 0 && o.nargs != 1) rc = export_usage(stderr);
    scenario_t *sc = rc < 0 ? cli_load(o.args[0], &o) : NULL;
    free(o.args);
    if (rc >= 0) return rc;
    if (!sc) return 2;
    const char *dir = o.outdir && strcmp(o.outdir, "-") != 0 ? o.outdir : NULL;
    if (dir && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "export: cannot create %s: %s\n", dir, strerror(errno));
        scenario_free(sc);
        return 1;
    }
    const cJSON *doc = sc->json;
    cJSON *ns = export_namespaces(doc);
    rc = emit_all(dir, "000-namespaces.yaml", ns);
    cJSON_Delete(ns);
    const cJSON *ss = import_get(doc, "services");
    int i = 0;
    for (const cJSON *s = ss ? ss->child : NULL; s && rc == 0; s = s->next) {
        cJSON *objs = export_service(s, stderr);
        char file[300];
        /* numbered, so that `import DIR/...yaml` (a shell glob) reads the services in the
         * scenario's order */
        snprintf(file, sizeof file, "%03d-%s-%s.yaml", ++i, import_ns(objs->child),
                 import_name(objs->child));
        rc = emit_all(dir, file, objs);
        cJSON_Delete(objs);
    }
    cJSON *ings = export_ingresses(doc);
    if (rc == 0) rc = emit_all(dir, "ingresses.yaml", ings);
    cJSON_Delete(ings);
    scenario_free(sc);
    return rc;
}
