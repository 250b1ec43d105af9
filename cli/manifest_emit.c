/* manifest_emit: a cJSON tree as block YAML, the layout `kubectl get -o yaml` prints
 * (sequences at their key's indentation). A string stays plain only when YAML would read
 * it back as the same string; anything else is double-quoted with JSON's escapes, which
 * YAML's double-quoted style reads identically. */
#include "manifest_emit.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Words a YAML 1.1 reader (go-yaml, as kubectl uses) would not read as a string. */
static bool special_word(const char *s) {
    static const char *const w[] = {"y",     "Y",     "yes",  "Yes",  "YES",  "n",    "N",
                                    "no",    "No",    "NO",   "true", "True", "TRUE", "false",
                                    "False", "FALSE", "on",   "On",   "ON",   "off",  "Off",
                                    "OFF",   "null",  "Null", "NULL", "~",    NULL};
    for (int i = 0; w[i]; i++)
        if (strcmp(s, w[i]) == 0) return true;
    return false;
}

static bool plain_ok(const char *s) {
    if (!*s || special_word(s)) return false;
    if (isdigit((unsigned char)s[0]) || s[0] == '.' || s[0] == '-' || s[0] == '+') {
        /* "1.14.2" or "25%" are strings to YAML, but a reader might take digits for a number */
        char *end;
        strtod(s, &end);
        if (*end == '\0' || s[0] == '-' || s[0] == '+' || s[0] == '.') return false;
    }
    if (!isalnum((unsigned char)s[0]) && s[0] != '/' && s[0] != '_') return false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(isalnum(c) || strchr("-_./%@", c))) return false;
    }
    return true;
}

static void emit_scalar(FILE *f, const cJSON *v) {
    if (cJSON_IsString(v)) {
        if (plain_ok(v->valuestring)) {
            fputs(v->valuestring, f);
            return;
        }
        char *q = cJSON_PrintUnformatted(v);
        fputs(q ? q : "\"\"", f);
        free(q);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0)
            fprintf(f, "%.0f", d);
        else
            fprintf(f, "%.17g", d);
    } else if (cJSON_IsBool(v)) {
        fputs(cJSON_IsTrue(v) ? "true" : "false", f);
    } else if (cJSON_IsObject(v)) {
        fputs("{}", f);
    } else if (cJSON_IsArray(v)) {
        fputs("[]", f);
    } else {
        fputs("null", f);
    }
}

static bool is_block(const cJSON *v) {
    return (cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child;
}

static void emit_map(FILE *f, const cJSON *m, int indent, bool first_inline);
static void emit_seq(FILE *f, const cJSON *a, int indent);

static void key(FILE *f, const char *k) {
    cJSON s = {.type = cJSON_String, .valuestring = (char *)k};
    emit_scalar(f, &s);
}

static void emit_map(FILE *f, const cJSON *m, int indent, bool first_inline) {
    for (const cJSON *c = m->child; c; c = c->next) {
        if (!(first_inline && c == m->child)) fprintf(f, "%*s", indent, "");
        key(f, c->string);
        if (!is_block(c)) {
            fputs(": ", f);
            emit_scalar(f, c);
            fputc('\n', f);
        } else if (cJSON_IsObject(c)) {
            fputs(":\n", f);
            emit_map(f, c, indent + 2, false);
        } else {
            fputs(":\n", f);
            emit_seq(f, c, indent);
        }
    }
}

static void emit_seq(FILE *f, const cJSON *a, int indent) {
    for (const cJSON *c = a->child; c; c = c->next) {
        fprintf(f, "%*s- ", indent, "");
        if (cJSON_IsObject(c) && c->child) {
            emit_map(f, c, indent + 2, true);
        } else if (cJSON_IsArray(c) && c->child) {
            fputc('\n', f);
            emit_seq(f, c, indent + 2);
        } else {
            emit_scalar(f, c);
            fputc('\n', f);
        }
    }
}

void manifest_emit(FILE *f, const cJSON *doc) {
    fputs("---\n", f);
    if (cJSON_IsObject(doc) && doc->child)
        emit_map(f, doc, 0, false);
    else if (cJSON_IsArray(doc) && doc->child)
        emit_seq(f, doc, 0);
    else {
        emit_scalar(f, doc);
        fputc('\n', f);
    }
}
