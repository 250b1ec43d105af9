/* scenario_json: JSON syntax errors explained (where and why), and `--set PATH=VALUE`. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* ---- JSON syntax errors -------------------------------------------------------------- */

/* 1-based line and column (in characters) of byte offset `off`. */
static void line_col(const char *text, size_t off, int *line, int *col) {
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n')
            ++*line, *col = 1;
        else if (((unsigned char)text[i] & 0xC0) != 0x80)
            ++*col;
    }
}

/* What one scan of the text finds: the first comma before a closing bracket, the last string
 * opened, the first bracket deeper than cJSON parses, the depth at the end and whether the
 * text ends inside a string (each at `len` or SIZE_MAX when absent). */
typedef struct {
    size_t trailing_comma, string_start, too_deep;
    int depth;
    bool in_string;
} json_scan_t;

static json_scan_t scan_json(const char *text, size_t len) {
    json_scan_t sc = {len, len, SIZE_MAX, 0, false};
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (sc.in_string) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == '"')
                sc.in_string = false;
            continue;
        }
        if (c == '"')
            sc.in_string = true, sc.string_start = i;
        else if ((c == '{' || c == '[') && ++sc.depth > CJSON_NESTING_LIMIT &&
                 sc.too_deep == SIZE_MAX)
            sc.too_deep = i;
        else if (c == '}' || c == ']')
            sc.depth--;
        else if (c == ',' && sc.trailing_comma == len) {
            size_t j = i + 1;
            while (j < len && isspace((unsigned char)text[j]))
                j++;
            if (j < len && (text[j] == '}' || text[j] == ']')) sc.trailing_comma = i;
        }
    }
    return sc;
}

/* The message for a character cJSON stopped at inside the document; returns where to point
 * (cJSON steps past a quote and a comment's first '/'). */
static size_t stray_char(const char *text, size_t pos, char *msg, size_t n) {
    size_t at = pos;
    char c = text[pos];
    if (c != '\'' && pos > 0 && (text[pos - 1] == '\'' || text[pos - 1] == '/')) c = text[--at];
    if (c == '\'')
        snprintf(msg, n, "strings and keys need double quotes, not '");
    else if (c == '/')
        snprintf(msg, n, "comments are not allowed in JSON");
    else if (isalpha((unsigned char)c))
        snprintf(msg, n,
                 "unexpected \"%.*s\" (a string needs double quotes; the "
                 "literals are true, false, null)",
                 (int)strspn(text + pos, "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"),
                 text + pos);
    else if (isprint((unsigned char)c))
        snprintf(msg, n, "syntax error at '%c' (a missing ',' or ':'?)", c);
    else
        snprintf(msg, n, "syntax error (unexpected byte 0x%02x)", (unsigned char)c);
    return at;
}

/* cJSON says only where it stopped; a scan says why, where it can: a trailing comma, or a
 * document that ends inside a string or an open bracket (a truncated file). */
static void syntax_error(ld_t *ld, const char *text, size_t len, size_t pos) {
    json_scan_t sc = scan_json(text, len);
    size_t end = len; /* the end of the file, before trailing blanks */
    while (end > 0 && isspace((unsigned char)text[end - 1]))
        end--;
    size_t at = pos;
    char msg[160];
    if (sc.too_deep != SIZE_MAX && sc.too_deep <= pos) {
        /* valid JSON, but deeper than cJSON parses (CJSON_NESTING_LIMIT): not a syntax error */
        at = sc.too_deep;
        snprintf(msg, sizeof msg,
                 "nested deeper than %d levels of '{' and '[' (the most this JSON parser reads; "
                 "a scenario needs fewer than 10)",
                 CJSON_NESTING_LIMIT);
    } else if (sc.trailing_comma < len && sc.trailing_comma <= pos) {
        at = sc.trailing_comma;
        snprintf(msg, sizeof msg, "trailing comma (JSON allows none before '%c')",
                 text[sc.trailing_comma + 1 + strspn(text + sc.trailing_comma + 1, " \t\r\n")]);
    } else if (end == 0) {
        at = 0;
        snprintf(msg, sizeof msg, "empty file: expected a JSON object");
    } else if (sc.in_string && pos >= sc.string_start) {
        at = end;
        snprintf(msg, sizeof msg,
                 "unexpected end of file inside a string (is the file "
                 "truncated, or a closing '\"' missing?)");
    } else if (pos >= end || (sc.depth > 0 && strspn(text + pos, " \t\r\n") == len - pos)) {
        at = end;
        snprintf(msg, sizeof msg,
                 "unexpected end of file: %d unclosed '{' or '[' (is the "
                 "file truncated?)",
                 sc.depth > 0 ? sc.depth : 1);
    } else {
        at = stray_char(text, pos, msg, sizeof msg);
    }
    int line, col;
    line_col(text, at, &line, &col);
    diag_add(ld->diag, "%s:%d:%d: %s", ld->file, line, col, msg);
    ld->errors++;
}

cJSON *ld_parse_json(ld_t *ld, const char *text) {
    if (!strncmp(text, "\xEF\xBB\xBF", 3)) text += 3; /* a UTF-8 byte order mark */
    size_t len = strlen(text);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, false);
    if (root) {
        end += strspn(end, " \t\r\n");
        if (!*end) return root;
        cJSON_Delete(root);
        int line, col;
        line_col(text, (size_t)(end - text), &line, &col);
        diag_add(ld->diag, "%s:%d:%d: unexpected text after the end of the JSON document", ld->file,
                 line, col);
        ld->errors++;
        return NULL;
    }
    /* the parse end is where cJSON stopped (the same as cJSON_GetErrorPtr, without its
     * global state) */
    size_t pos = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
    syntax_error(ld, text, len, pos);
    return NULL;
}

/* ---- --set --------------------------------------------------------------------------- */

int scenario_json_set(cJSON *root, const char *path, const char *value, char *err, size_t n) {
    char dummy[8];
    if (!err) err = dummy, n = sizeof dummy;
    err[0] = 0;
    const char *p = path;
    cJSON *cur = root;
    if (!*p) return snprintf(err, n, "empty path"), -1;
    while (*p) {
        /* where we are, for messages: the path up to this segment */
        int walked = (int)(p - path) - (p > path && p[-1] == '.');
        const char *here = walked ? path : "the document";
        int here_len = walked ? walked : (int)strlen(here);
        char key[256];
        long idx = -1;
        if (*p == '[') {
            char *close;
            idx = strtol(p + 1, &close, 10);
            if (!isdigit((unsigned char)p[1]) || *close != ']')
                return snprintf(err, n, "bad path \"%s\": expected [N] at \"%s\"", path, p), -1;
            p = close + 1;
        } else {
            size_t k = strcspn(p, ".[");
            if (k == 0 || k >= sizeof key)
                return snprintf(err, n, "bad path \"%s\": expected a key at \"%s\"", path, p), -1;
            memcpy(key, p, k);
            key[k] = 0;
            p += k;
        }
        if (*p == '.' && (!p[1] || p[1] == '.' || p[1] == '['))
            return snprintf(err, n, "bad path \"%s\": expected a key after '.'", path), -1;
        if (*p && *p != '.' && *p != '[')
            return snprintf(err, n, "bad path \"%s\" at \"%s\"", path, p), -1;
        if (*p == '.') p++;
        bool last = !*p;
        cJSON *child;
        if (idx < 0) {
            if (!cJSON_IsObject(cur))
                return snprintf(err, n, "%.*s is not an object", here_len, here), -1;
            child = cJSON_GetObjectItemCaseSensitive(cur, key);
        } else {
            if (!cJSON_IsArray(cur))
                return snprintf(err, n, "%.*s is not an array", here_len, here), -1;
            int size = cJSON_GetArraySize(cur);
            if (idx > size) /* == size appends */
                return snprintf(err, n, "index %ld is out of range (%.*s has %d element%s)", idx,
                                here_len, here, size, size == 1 ? "" : "s"),
                       -1;
            child = idx < size ? cJSON_GetArrayItem(cur, (int)idx) : NULL;
        }
        if (!last && child) {
            cur = child;
            continue;
        }
        cJSON *made;
        if (last) {
            made = cJSON_ParseWithOpts(value, NULL, true);
            if (!made) made = cJSON_CreateString(value); /* a bare string: duration=30s */
        } else {
            made = *p == '[' ? cJSON_CreateArray() : cJSON_CreateObject();
        }
        bool ok = made != NULL;
        if (ok && idx < 0)
            ok = child ? cJSON_ReplaceItemInObjectCaseSensitive(cur, key, made)
                       : cJSON_AddItemToObject(cur, key, made);
        else if (ok)
            ok = child ? cJSON_ReplaceItemInArray(cur, (int)idx, made)
                       : cJSON_AddItemToArray(cur, made);
        if (!ok) {
            cJSON_Delete(made);
            return snprintf(err, n, "out of memory"), -1;
        }
        cur = made;
    }
    return 0;
}
