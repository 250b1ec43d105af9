/* import_util: what every kind's importer shares: names, messages, copies of typed members,
 * finding the service a selector or a reference means. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

cJSON *import_get(const cJSON *obj, const char *key) {
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *str_at(const cJSON *obj, const char *a, const char *b) {
    const cJSON *v = import_get(import_get(obj, a), b);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *import_kind(const cJSON *obj) {
    const cJSON *k = import_get(obj, "kind");
    return cJSON_IsString(k) ? k->valuestring : "";
}

const char *import_name(const cJSON *obj) {
    const char *n = str_at(obj, "metadata", "name");
    return n ? n : "";
}

const char *import_ns(const cJSON *obj) {
    const char *n = str_at(obj, "metadata", "namespace");
    return n && *n ? n : "default";
}

const char *import_id(const cJSON *obj, char *buf, size_t n) {
    static const char *const cluster_scoped[] = {
        "Node",        "Namespace",          "PriorityClass",
        "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        NULL};
    for (int i = 0; cluster_scoped[i]; i++)
        if (strcmp(import_kind(obj), cluster_scoped[i]) == 0) {
            snprintf(buf, n, "%s %s", import_kind(obj), import_name(obj));
            return buf;
        }
    snprintf(buf, n, "%s %s/%s", import_kind(obj), import_ns(obj), import_name(obj));
    return buf;
}

void import_warn(import_t *im, const cJSON *obj, const char *path, const char *fmt, ...) {
    char id[300];
    fprintf(im->log, "%s: %s: ", import_id(obj, id, sizeof id), path);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(im->log, fmt, ap);
    va_end(ap);
    fputc('\n', im->log);
    im->warnings++;
}

void import_assume(import_t *im, const char *fmt, ...) {
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(im->log, "assumed: %s\n", buf);
    char **a = realloc(im->assumed, (size_t)(im->assumed_count + 1) * sizeof *a);
    if (!a) return;
    im->assumed = a;
    im->assumed[im->assumed_count++] = strdup(buf);
}

static bool in_list(const char *s, const char *const list[]) {
    for (int i = 0; list && list[i]; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

void import_unknown(import_t *im, const cJSON *top, const cJSON *obj, const char *path,
                    const char *const used[], const char *const quiet[]) {
    if (!cJSON_IsObject(obj)) return;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (in_list(c->string, used) || in_list(c->string, quiet)) continue;
        char p[400];
        snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", c->string);
        import_warn(im, top, p, "not modelled");
    }
}

bool import_copy_int(cJSON *dst, const char *dkey, const cJSON *src, const char *skey) {
    const cJSON *v = import_get(src, skey);
    if (!cJSON_IsNumber(v)) return false;
    cJSON_AddItemToObject(dst, dkey, cJSON_CreateNumber(v->valuedouble));
    return true;
}

bool import_copy_intstr(cJSON *dst, const char *dkey, const cJSON *src, const char *skey) {
    const cJSON *v = import_get(src, skey);
    if (cJSON_IsNumber(v))
        cJSON_AddItemToObject(dst, dkey, cJSON_CreateNumber(v->valuedouble));
    else if (cJSON_IsString(v))
        cJSON_AddItemToObject(dst, dkey, cJSON_CreateString(v->valuestring));
    else
        return false;
    return true;
}

cJSON *import_service(import_t *im, const char *ns, const char *name, int *index) {
    for (int i = 0; i < im->wl_count; i++) {
        const cJSON *w = im->wl_obj[i];
        if (strcmp(import_ns(w), ns) == 0 && strcmp(import_name(w), name) == 0) {
            if (index) *index = i;
            return cJSON_GetArrayItem(im->services, i);
        }
    }
    return NULL;
}

/* Whether every label of `sel` is on the template (an empty selector selects nothing here:
 * Kubernetes' empty selector means every pod, which names no one service). */
static bool selects(const cJSON *sel, const cJSON *tmpl) {
    const cJSON *labels = import_get(import_get(tmpl, "metadata"), "labels");
    if (!cJSON_IsObject(sel) || !sel->child) return false;
    for (const cJSON *c = sel->child; c; c = c->next) {
        const cJSON *l = import_get(labels, c->string);
        if (!cJSON_IsString(c) || !cJSON_IsString(l) || strcmp(l->valuestring, c->valuestring))
            return false;
    }
    return true;
}

cJSON *import_service_selected(import_t *im, const char *ns, const cJSON *match_labels,
                               int *index) {
    for (int i = 0; i < im->wl_count; i++) {
        if (strcmp(import_ns(im->wl_obj[i]), ns) != 0) continue;
        if (!selects(match_labels, im->wl_tmpl[i])) continue;
        if (index) *index = i;
        return cJSON_GetArrayItem(im->services, i);
    }
    return NULL;
}

void import_label(const char *in, char *out, size_t n) {
    size_t j = 0;
    for (size_t i = 0; in[i] && j + 1 < n && j < 63; i++) {
        unsigned char ch = (unsigned char)in[i];
        if (isalnum(ch))
            out[j++] = (char)tolower(ch);
        else if (j > 0 && out[j - 1] != '-')
            out[j++] = '-';
    }
    while (j > 0 && out[j - 1] == '-')
        j--;
    if (j == 0 && n > 1) out[j++] = 'x';
    out[j] = '\0';
}
