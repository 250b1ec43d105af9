/* manifest_yaml: libyaml's event stream turned into cJSON, one tree per document. The scalar
 * rules follow what kubectl's reader (sigs.k8s.io/yaml over go-yaml) does with a manifest:
 * an unquoted `3` is a number, `"3"` a string, `true`/`yes` booleans, `~` and empty null;
 * anchors and aliases copy the anchored node; `<<` merges a mapping. */
#include "manifest_yaml.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define MAX_DEPTH 128
#define MAX_ANCHORS 256

typedef struct {
    yaml_parser_t parser;
    const char *file;
    char *err;
    size_t errlen;
    bool failed;
    char *anchor_names[MAX_ANCHORS];
    cJSON *anchor_nodes[MAX_ANCHORS]; /* owned copies */
    int anchor_count;
} ym_t;

static void ym_fail(ym_t *y, yaml_mark_t m, const char *msg) {
    if (y->failed) return;
    y->failed = true;
    snprintf(y->err, y->errlen, "%s:%zu:%zu: %s", y->file, m.line + 1, m.column + 1, msg);
}

static bool ym_next(ym_t *y, yaml_event_t *ev) {
    if (yaml_parser_parse(&y->parser, ev)) return true;
    char msg[256];
    if (y->parser.context)
        snprintf(msg, sizeof msg, "%s %s", y->parser.problem ? y->parser.problem : "bad YAML",
                 y->parser.context);
    else
        snprintf(msg, sizeof msg, "%s", y->parser.problem ? y->parser.problem : "bad YAML");
    ym_fail(y, y->parser.problem_mark, msg);
    return false;
}

static bool is_word(const char *s, const char *const words[]) {
    for (int i = 0; words[i]; i++)
        if (strcmp(s, words[i]) == 0) return true;
    return false;
}

/* An integer or a float as YAML 1.1 (go-yaml) reads a plain scalar, or false. */
static bool plain_number(const char *s, double *out) {
    static const char *const inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
    static const char *const ninf[] = {"-.inf", "-.Inf", "-.INF", NULL};
    if (is_word(s, inf) || is_word(s, ninf)) return false; /* JSON has no infinity */
    if (!*s) return false;
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return false;
    char *end;
    errno = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p[2]) {
        long long v = strtoll(p + 2, &end, p[1] == 'x' ? 16 : 8);
        if (*end || errno) return false;
        *out = (double)(*s == '-' ? -v : v);
        return true;
    }
    /* digits, an optional fraction and exponent; no hex floats, no "nan" words */
    for (const char *q = p; *q; q++)
        if (!strchr("0123456789.eE+-_", *q)) return false;
    if (!strchr("0123456789.", *p) || (*p == '.' && !p[1])) return false;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v)) return false;
    *out = v;
    return true;
}

static cJSON *ym_scalar(const yaml_event_t *ev) {
    const char *s = (const char *)ev->data.scalar.value;
    const char *tag = (const char *)ev->data.scalar.tag;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag && strcmp(tag, YAML_STR_TAG) == 0) return cJSON_CreateString(s);
    if (!plain && !(tag && strcmp(tag, "!") != 0)) return cJSON_CreateString(s);
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const trues[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                        "on",   "On",   "ON",   "y",   "Y",   NULL};
    static const char *const falses[] = {"false", "False", "FALSE", "no", "No", "NO",
                                         "off",   "Off",   "OFF",   "n",  "N",  NULL};
    if (is_word(s, nulls)) return cJSON_CreateNull();
    if (is_word(s, trues)) return cJSON_CreateTrue();
    if (is_word(s, falses)) return cJSON_CreateFalse();
    double v;
    if (!strchr(s, '_') && plain_number(s, &v)) return cJSON_CreateNumber(v);
    return cJSON_CreateString(s);
}

static void ym_anchor(ym_t *y, const yaml_char_t *anchor, const cJSON *node) {
    if (!anchor || y->anchor_count >= MAX_ANCHORS) return;
    y->anchor_names[y->anchor_count] = strdup((const char *)anchor);
    y->anchor_nodes[y->anchor_count] = cJSON_Duplicate(node, true);
    y->anchor_count++;
}

static cJSON *ym_alias(ym_t *y, const yaml_event_t *ev) {
    const char *a = (const char *)ev->data.alias.anchor;
    for (int i = y->anchor_count - 1; i >= 0; i--)
        if (strcmp(y->anchor_names[i], a) == 0) return cJSON_Duplicate(y->anchor_nodes[i], true);
    ym_fail(y, ev->start_mark, "unknown alias");
    return NULL;
}

static cJSON *ym_node(ym_t *y, yaml_event_t *ev, int depth);

/* A key of a mapping: a scalar (a number or boolean key keeps its text). */
static char *ym_key(ym_t *y, yaml_event_t *ev) {
    if (ev->type == YAML_SCALAR_EVENT) return strdup((const char *)ev->data.scalar.value);
    ym_fail(y, ev->start_mark, "a mapping key must be a scalar");
    return NULL;
}

static void ym_merge(cJSON *map, const cJSON *src) {
    if (!cJSON_IsObject(src)) return;
    for (const cJSON *c = src->child; c; c = c->next)
        if (!cJSON_GetObjectItemCaseSensitive(map, c->string))
            cJSON_AddItemToObject(map, c->string, cJSON_Duplicate(c, true));
}

/* Keys merged with `<<` count only where the mapping has no key of its own. */
static cJSON *ym_mapping(ym_t *y, const yaml_event_t *start, int depth) {
    cJSON *map = cJSON_CreateObject();
    cJSON *merged = cJSON_CreateObject();
    for (;;) {
        yaml_event_t ev;
        if (!ym_next(y, &ev)) break;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            ym_merge(map, merged);
            cJSON_Delete(merged);
            ym_anchor(y, start->data.mapping_start.anchor, map);
            return map;
        }
        yaml_mark_t at = ev.start_mark;
        char *key = ym_key(y, &ev);
        yaml_event_delete(&ev);
        if (!key) break;
        yaml_event_t vev;
        if (!ym_next(y, &vev)) {
            free(key);
            break;
        }
        cJSON *val = ym_node(y, &vev, depth + 1);
        yaml_event_delete(&vev);
        if (!val) {
            free(key);
            break;
        }
        if (strcmp(key, "<<") == 0) {
            if (cJSON_IsArray(val))
                for (const cJSON *c = val->child; c; c = c->next)
                    ym_merge(merged, c);
            else
                ym_merge(merged, val);
            cJSON_Delete(val);
        } else if (cJSON_GetObjectItemCaseSensitive(map, key)) {
            char msg[200];
            snprintf(msg, sizeof msg, "key \"%.120s\" already set", key);
            ym_fail(y, at, msg);
            cJSON_Delete(val);
            free(key);
            break;
        } else {
            cJSON_AddItemToObject(map, key, val);
        }
        free(key);
    }
    cJSON_Delete(merged);
    cJSON_Delete(map);
    return NULL;
}

static cJSON *ym_sequence(ym_t *y, const yaml_event_t *start, int depth) {
    cJSON *arr = cJSON_CreateArray();
    for (;;) {
        yaml_event_t ev;
        if (!ym_next(y, &ev)) break;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            ym_anchor(y, start->data.sequence_start.anchor, arr);
            return arr;
        }
        cJSON *item = ym_node(y, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!item) break;
        cJSON_AddItemToArray(arr, item);
    }
    cJSON_Delete(arr);
    return NULL;
}

static cJSON *ym_node(ym_t *y, yaml_event_t *ev, int depth) {
    if (depth > MAX_DEPTH) {
        ym_fail(y, ev->start_mark, "nested too deeply");
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        cJSON *s = ym_scalar(ev);
        ym_anchor(y, ev->data.scalar.anchor, s);
        return s;
    }
    case YAML_ALIAS_EVENT:
        return ym_alias(y, ev);
    case YAML_MAPPING_START_EVENT:
        return ym_mapping(y, ev, depth);
    case YAML_SEQUENCE_START_EVENT:
        return ym_sequence(y, ev, depth);
    default:
        ym_fail(y, ev->start_mark, "unexpected YAML event");
        return NULL;
    }
}

/* One document after its DOCUMENT-START event: its root node (or NULL for an empty one),
 * then its DOCUMENT-END. *ok turns false on error. */
static cJSON *ym_document(ym_t *y, bool *ok) {
    yaml_event_t ev;
    if (!ym_next(y, &ev)) return *ok = false, NULL;
    cJSON *root = NULL;
    if (ev.type != YAML_DOCUMENT_END_EVENT) {
        root = ym_node(y, &ev, 0);
        yaml_event_delete(&ev);
        if (!root || !ym_next(y, &ev)) {
            cJSON_Delete(root);
            return *ok = false, NULL;
        }
    }
    yaml_event_delete(&ev);
    return root;
}

cJSON *manifest_yaml_parse(const char *text, size_t len, const char *file, char *err,
                           size_t errlen) {
    ym_t y = {.file = file, .err = err, .errlen = errlen};
    if (!yaml_parser_initialize(&y.parser)) {
        snprintf(err, errlen, "%s: out of memory", file);
        return NULL;
    }
    yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
    cJSON *docs = cJSON_CreateArray();
    bool ok = true;
    for (;;) {
        yaml_event_t ev;
        if (!ym_next(&y, &ev)) {
            ok = false;
            break;
        }
        yaml_event_type_t t = ev.type;
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT) break;
        if (t != YAML_DOCUMENT_START_EVENT) continue; /* STREAM-START */
        cJSON *doc = ym_document(&y, &ok);
        if (!ok) break;
        if (doc && !cJSON_IsNull(doc))
            cJSON_AddItemToArray(docs, doc);
        else
            cJSON_Delete(doc);
        /* anchors do not cross documents */
        for (int i = 0; i < y.anchor_count; i++) {
            free(y.anchor_names[i]);
            cJSON_Delete(y.anchor_nodes[i]);
        }
        y.anchor_count = 0;
    }
    for (int i = 0; i < y.anchor_count; i++) {
        free(y.anchor_names[i]);
        cJSON_Delete(y.anchor_nodes[i]);
    }
    yaml_parser_delete(&y.parser);
    if (!ok) {
        cJSON_Delete(docs);
        return NULL;
    }
    return docs;
}
