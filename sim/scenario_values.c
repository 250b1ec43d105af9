/* scenario_values: the loader's typed members (numbers with their ranges, quantities,
 * durations, distributions, enums, names) and its messages: every error is `FILE: PATH: text`,
 * with a "did you mean" for unknown keys and values. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "loader.h"
#include "quantity.h"

/* the parameters each distribution takes, indexed by dist_kind_t */
static const char *const *const DIST_PARAMS[] = {KEYS("mean"),       KEYS("mean"),
                                                 KEYS("mean", "sd"), KEYS("mean", "sd"),
                                                 KEYS("min", "max"), KEYS("mean", "shape")};
static const char *const DIST_NAMES[] = {"constant", "exponential", "normal", "lognormal",
                                         "uniform",  "weibull",     NULL};
static const char *const DIST_PARAM_KEYS[] = {"mean", "sd", "min", "max", "shape", NULL};

/* A path too long for the buffer is cut: it only ever appears in a message. */
path_t ld_pkey(const char *parent, const char *key) {
    path_t p;
    if (snprintf(p.s, sizeof p.s, "%s%s%s", parent, *parent ? "." : "", key) < 0) p.s[0] = 0;
    return p;
}

path_t ld_pidx(const char *parent, int i) {
    path_t p;
    if (snprintf(p.s, sizeof p.s, "%s[%d]", parent, i) < 0) p.s[0] = 0;
    return p;
}

/* Control characters of the input (a name with a newline or an escape sequence) are shown as
 * C escapes, so a message stays one line and cannot drive the terminal. */
static const char *escape_controls(const char *in, char *out, size_t n) {
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)in; *c && o + 5 < n; c++) {
        if (*c >= 0x20 && *c != 0x7f) {
            out[o++] = (char)*c;
            continue;
        }
        const char *named = *c == '\n' ? "\\n" : *c == '\r' ? "\\r" : *c == '\t' ? "\\t" : NULL;
        int w =
            named ? snprintf(out + o, n - o, "%s", named) : snprintf(out + o, n - o, "\\x%02x", *c);
        if (w > 0) o += (size_t)w;
    }
    out[o < n ? o : n - 1] = 0;
    return out;
}

void ld_err_at(ld_t *ld, const char *path, const char *key, const char *fmt, ...) {
    char msg[1024], emsg[4096], epath[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    path_t p = ld_pkey(path, key ? key : "");
    if (!key) snprintf(p.s, sizeof p.s, "%s", path);
    escape_controls(msg, emsg, sizeof emsg);
    escape_controls(p.s, epath, sizeof epath);
    if (p.s[0])
        diag_add(ld->diag, "%s: %s: %s", ld->file, epath, emsg);
    else
        diag_add(ld->diag, "%s: %s", ld->file, emsg);
    ld->errors++;
}

/* Kubernetes' rule for the names of namespaces, Services and most objects (apimachinery
 * pkg/util/validation/validation.go IsDNS1123Label): at most 63 characters of [a-z0-9-],
 * starting and ending with a letter or digit. Such names need no quoting in CSV, in a file
 * path or on a command line, and are what Kubernetes users know. */
#define DNS1123_LABEL_MAX 63

static bool is_dns1123_label(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > DNS1123_LABEL_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (c != '-' || i == 0 || i == n - 1)) return false;
    }
    return true;
}

/* `what` ("service name") at path.key must be a DNS-1123 label. */
void ld_check_label(ld_t *ld, const char *path, const char *key, const char *what,
                    const char *name) {
    if (!name || is_dns1123_label(name)) return;
    size_t n = strlen(name);
    ld_err_at(ld, path, key,
              "%s \"%.80s%s\" is not a DNS-1123 label%s: at most 63 characters, lowercase letters, "
              "digits and '-', starting and ending with a letter or digit (Kubernetes' "
              "IsDNS1123Label)",
              what, name, n > 80 ? "..." : "", n > 63 ? " (it is longer than 63 characters)" : "");
}

void *ld_calloc(ld_t *ld, size_t n, size_t size) {
    if (n == 0) return NULL;
    void *p = calloc(n, size);
    if (!p) ld_err_at(ld, "", NULL, "out of memory");
    return p;
}

char *ld_strdup(ld_t *ld, const char *s) {
    char *d = s ? strdup(s) : NULL;
    if (s && !d) ld_err_at(ld, "", NULL, "out of memory");
    return d;
}

/* "a string (\"3\")", "a number (3)", "an object", ...: what a wrong value is. */
static const char *describe(const cJSON *j, char *buf, size_t n) {
    if (cJSON_IsString(j))
        snprintf(buf, n, "a string (\"%.24s%s\")", j->valuestring,
                 strlen(j->valuestring) > 24 ? "..." : "");
    else if (cJSON_IsNumber(j))
        snprintf(buf, n, "a number (%.15g)", j->valuedouble);
    else if (cJSON_IsBool(j))
        snprintf(buf, n, "%s", cJSON_IsTrue(j) ? "true" : "false");
    else if (cJSON_IsNull(j))
        snprintf(buf, n, "null");
    else if (cJSON_IsArray(j))
        snprintf(buf, n, "an array");
    else
        snprintf(buf, n, "an object");
    return buf;
}

void ld_err_type(ld_t *ld, const char *path, const char *key, const char *expected,
                 const cJSON *got) {
    char what[64];
    ld_err_at(ld, path, key, "expected %s, got %s", expected, describe(got, what, sizeof what));
}

/* ---- "did you mean" ------------------------------------------------------------------ */

/* Optimal string alignment distance (a swap of two neighbours costs 1), ignoring case. */
static int edit_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return 99;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* Equal once digits are dropped: "v3" and "v1", "workers-7" and "workers-1" differ by a
 * number, which is a different thing, not a typo. */
static bool same_but_digits(const char *a, const char *b) {
    for (;; a++, b++) {
        while (isdigit((unsigned char)*a))
            a++;
        while (isdigit((unsigned char)*b))
            b++;
        if (*a != *b) return false;
        if (!*a) return true;
    }
}

/* The candidate closest to `word`, if close enough to be a typo (n < 0: NULL-terminated). */
static const char *closest(const char *word, const char *const *names, int n) {
    const char *best = NULL;
    int best_d = INT_MAX;
    int limit = (int)strlen(word) / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    for (int i = 0; names && (n < 0 ? names[i] != NULL : i < n); i++) {
        if (!names[i] || same_but_digits(word, names[i])) continue;
        int dist = edit_distance(word, names[i]);
        if (dist < best_d) best_d = dist, best = names[i];
    }
    if (best_d <= limit) return best;
    /* "Maximum" for "Max", "replica" for "replicas": one is the start of the other */
    for (int i = 0; names && (n < 0 ? names[i] != NULL : i < n); i++) {
        size_t a = strlen(word), b = names[i] ? strlen(names[i]) : 0;
        if (a >= 3 && b >= 3 && !strncasecmp(word, names[i], a < b ? a : b)) return names[i];
    }
    return NULL;
}

bool ld_in_list(const char *const *names, const char *word) {
    for (int i = 0; names && names[i]; i++)
        if (!strcmp(names[i], word)) return true;
    return false;
}

/* "a, b, c" (at most 32 names) */
const char *ld_join(const char *const *names, int n, char *buf, size_t size) {
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0, shown = 0; (n < 0 ? names[i] != NULL : i < n) && o < size; i++) {
        if (!names[i]) continue;
        if (shown == 32) {
            snprintf(buf + o, size - o, ", ...");
            break;
        }
        int w = snprintf(buf + o, size - o, "%s%s", shown ? ", " : "", names[i]);
        if (w < 0) break;
        o += (size_t)w;
        shown++;
    }
    return buf;
}

/* The `name` fields of an array of structs, for hints (free the result). */
const char **ld_collect_names(const void *base, int n, size_t stride, size_t offset) {
    const char **names = calloc((size_t)n + 1, sizeof *names);
    for (int i = 0; names && i < n; i++)
        names[i] = *(char *const *)((const char *)base + (size_t)i * stride + offset);
    return names;
}

/* `unknown WHAT "x" (did you mean "y"?)`, or the list of what exists. */
void ld_err_unknown(ld_t *ld, const char *path, const char *key, const char *what,
                    const char *plural, const char *word, const char *const *names, int n) {
    char list[512];
    const char *hint = closest(word, names, n);
    if (hint)
        ld_err_at(ld, path, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what, word, hint);
    else if (n == 0 || !names || !names[0])
        ld_err_at(ld, path, key, "unknown %s \"%s\" (there are no %s)", what, word, plural);
    else
        ld_err_at(ld, path, key, "unknown %s \"%s\" (%s: %s)", what, word, plural,
                  ld_join(names, n, list, sizeof list));
}

/* ---- objects and typed members -------------------------------------------------------- */

const cJSON *ld_member(const cJSON *o, const char *key) {
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static bool in_lists(const char *const *const *lists, const char *word) {
    for (int i = 0; lists[i]; i++)
        if (ld_in_list(lists[i], word)) return true;
    return false;
}

/* Checks that o is an object whose keys are all in `lists` (NULL: any key) and appear
 * once. A key in `elsewhere` gets `elsewhere_msg` instead of "unknown key". */
bool ld_check_object_ex(ld_t *ld, const cJSON *o, const char *path, const char *const *const *lists,
                        const char *const *elsewhere, const char *elsewhere_msg) {
    if (!cJSON_IsObject(o)) {
        ld_err_type(ld, path, NULL, "an object", o);
        return false;
    }
    for (const cJSON *c = o->child; c; c = c->next) {
        const char *k = c->string;
        bool dup = false;
        for (const cJSON *e = o->child; e != c && !dup; e = e->next)
            dup = !strcmp(e->string, k);
        if (dup) {
            ld_err_at(ld, path, k, "duplicate key");
            continue;
        }
        if (!lists || in_lists(lists, k)) continue;
        if (elsewhere && ld_in_list(elsewhere, k)) {
            ld_err_at(ld, path, k, "%s", elsewhere_msg);
            continue;
        }
        const char *all[96];
        int n = 0;
        for (int i = 0; lists[i]; i++)
            for (int j = 0; lists[i][j] && n < 96; j++)
                all[n++] = lists[i][j];
        const char *hint = closest(k, all, n);
        if (hint) {
            ld_err_at(ld, path, k, "unknown key (did you mean \"%s\"?)", hint);
        } else {
            char list[768];
            ld_err_at(ld, path, k, "unknown key (valid keys here: %s)",
                      ld_join(all, n, list, sizeof list));
        }
    }
    return true;
}

bool ld_check_object(ld_t *ld, const cJSON *o, const char *path, const char *const *keys) {
    const char *const *lists[] = {keys, NULL};
    return ld_check_object_ex(ld, o, path, keys ? lists : NULL, NULL, NULL);
}

bool ld_require(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    if (ld_member(o, key)) return true;
    ld_err_at(ld, path, key, "required key missing");
    return false;
}

/* The array member `key` (NULL when absent or not an array, with an error for the latter). */
const cJSON *ld_get_array(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const cJSON *a = ld_member(o, key);
    if (a && !cJSON_IsArray(a)) {
        ld_err_type(ld, path, key, "an array", a);
        return NULL;
    }
    return a;
}

/* A zeroed array of structs for the items of JSON array a (NULL when a is NULL or empty);
 * *count is its length once allocated, else 0. */
void *ld_array_items(ld_t *ld, const cJSON *a, size_t size, int *count) {
    int n = a ? cJSON_GetArraySize(a) : 0;
    void *items = ld_calloc(ld, (size_t)n, size);
    *count = items ? n : 0;
    return items;
}

bool ld_get_bool(ld_t *ld, const cJSON *o, const char *path, const char *key, bool *out) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (!cJSON_IsBool(j)) {
        ld_err_type(ld, path, key, "true or false", j);
        return false;
    }
    *out = cJSON_IsTrue(j);
    return true;
}

bool ld_get_int(ld_t *ld, const cJSON *o, const char *path, const char *key, int *out, int lo,
                int hi) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (!cJSON_IsNumber(j) || j->valuedouble != floor(j->valuedouble)) {
        char expected[64];
        snprintf(expected, sizeof expected, "an integer from %d to %d", lo, hi);
        ld_err_type(ld, path, key, expected, j);
        return false;
    }
    double v = j->valuedouble;
    if (v < lo || v > hi) {
        ld_err_at(ld, path, key, "must be between %d and %d (got %.15g)", lo, hi, v);
        return false;
    }
    *out = (int)v;
    return true;
}

bool ld_get_number(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out,
                   range_t r) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble)) {
        ld_err_type(ld, path, key, "a number", j);
        return false;
    }
    double v = j->valuedouble;
    if (!(v >= r.lo) || v > r.hi) {
        ld_err_at(ld, path, key, "must be between %.15g and %.15g (got %.15g)", r.lo, r.hi, v);
        return false;
    }
    *out = v;
    return true;
}

/* A request rate: at most SCN_MAX_RPS_REQUESTS when every request is an event. */
bool ld_get_rps(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out) {
    const cJSON *j = ld_member(o, key);
    bool fluid = ld->sc->fidelity == FIDELITY_FLUID;
    if (!fluid && cJSON_IsNumber(j) && j->valuedouble > SCN_MAX_RPS_REQUESTS) {
        ld_err_at(
            ld, path, key,
            "at most %.0f requests per second with fidelity \"requests\" (every request is an "
            "event; got %.15g): set \"fidelity\": \"fluid\" for rates up to %.0g",
            SCN_MAX_RPS_REQUESTS, j->valuedouble, SCN_MAX_RPS);
        return false;
    }
    return ld_get_number(ld, o, path, key, out,
                         (range_t){0, fluid ? SCN_MAX_RPS : SCN_MAX_RPS_REQUESTS});
}

/* A string member (pointing into the JSON); `nonempty` refuses "". */
bool ld_get_string(ld_t *ld, const cJSON *o, const char *path, const char *key, const char **out,
                   bool nonempty) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (!cJSON_IsString(j)) {
        ld_err_type(ld, path, key, "a string", j);
        return false;
    }
    if (nonempty && !j->valuestring[0]) {
        ld_err_at(ld, path, key, "must not be empty");
        return false;
    }
    *out = j->valuestring;
    return true;
}

/* The same, copied into *out (which it frees first). */
bool ld_get_strdup(ld_t *ld, const cJSON *o, const char *path, const char *key, char **out,
                   bool nonempty) {
    const char *s;
    if (!ld_get_string(ld, o, path, key, &s, nonempty)) return false;
    free(*out);
    *out = ld_strdup(ld, s);
    return *out != NULL;
}

/* The index of a string member in `names`, or -1 when missing or unknown. */
int ld_get_enum_n(ld_t *ld, const cJSON *o, const char *path, const char *key,
                  const char *const *names, int n, const char *what) {
    const char *s;
    if (!ld_get_string(ld, o, path, key, &s, false)) return -1;
    for (int i = 0; n < 0 ? names[i] != NULL : i < n; i++)
        if (!strcmp(names[i], s)) return i;
    char list[512];
    const char *hint = closest(s, names, n);
    if (hint)
        ld_err_at(ld, path, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what, s, hint);
    else
        ld_err_at(ld, path, key, "unknown %s \"%s\" (one of %s)", what, s,
                  ld_join(names, n, list, sizeof list));
    return -1;
}

/* The same for a NULL-terminated list. */
int ld_get_enum(ld_t *ld, const cJSON *o, const char *path, const char *key,
                const char *const *names, const char *what) {
    return ld_get_enum_n(ld, o, path, key, names, -1, what);
}

static int rate_as_int(const char *s, int64_t *out, char *err, size_t n) {
    double r;
    if (quantity_parse_rate(s, &r, err, n)) return -1;
    *out = (int64_t)r;
    return 0;
}

static const struct {
    const char *expected;
    int (*from_number)(double, int64_t *, char *, size_t);
    int (*from_string)(const char *, int64_t *, char *, size_t);
} QKINDS[] = {
    [Q_CPU] = {"a CPU quantity (\"250m\", \"2\" or 0.5)", quantity_cpu_from_number,
               quantity_parse_cpu},
    [Q_BYTES] = {"a quantity (\"512Mi\", \"8Gi\" or a number of bytes)", quantity_bytes_from_number,
                 quantity_parse_bytes},
    [Q_DURATION] = {"a duration (seconds, or a string like \"30s\", \"5m\")",
                    quantity_duration_from_seconds, quantity_parse_duration},
    [Q_RATE] = {"bytes per second (\"100Mi\" or a number)", quantity_bytes_from_number,
                rate_as_int},
};

/* "from 0 to 10 years": the range of a quantity, for messages. */
static const char *quantity_range(qkind_t kind, int64_t max, char *buf, size_t n) {
    char a[48];
    if (kind == Q_DURATION)
        snprintf(buf, n, "the range is 0 to 10 years, %lld s", (long long)(max / SIM_SEC));
    else if (kind == Q_CPU)
        snprintf(buf, n, "the range is 0 to %s cores", quantity_format_cpu(max, a, sizeof a));
    else if (kind == Q_RATE)
        snprintf(buf, n, "the range is 1Ki to %s per second",
                 quantity_format_bytes(max, a, sizeof a));
    else
        snprintf(buf, n, "the range is 0 to %s", quantity_format_bytes(max, a, sizeof a));
    return buf;
}

bool ld_get_quantity(ld_t *ld, const cJSON *o, const char *path, const char *key, qkind_t kind,
                     int64_t max, int64_t *out) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    char err[256], range[96];
    int64_t v = 0;
    int rc;
    if (cJSON_IsNumber(j))
        rc = QKINDS[kind].from_number(j->valuedouble, &v, err, sizeof err);
    else if (cJSON_IsString(j))
        rc = QKINDS[kind].from_string(j->valuestring, &v, err, sizeof err);
    else {
        ld_err_type(ld, path, key, QKINDS[kind].expected, j);
        return false;
    }
    if (rc) {
        ld_err_at(ld, path, key, "%s (%s)", err, quantity_range(kind, max, range, sizeof range));
        return false;
    }
    if (v > max) {
        char b[48];
        if (kind == Q_DURATION)
            quantity_format_duration(v, b, sizeof b);
        else if (kind == Q_CPU)
            quantity_format_cpu(v, b, sizeof b);
        else
            quantity_format_bytes(v, b, sizeof b);
        ld_err_at(ld, path, key, "%s is too large (%s)", b,
                  quantity_range(kind, max, range, sizeof range));
        return false;
    }
    *out = v;
    return true;
}

/* A duration member; `positive` refuses 0. The one reader of every time field. */
bool ld_get_duration(ld_t *ld, const cJSON *o, const char *path, const char *key, sim_time_t *out,
                     bool positive) {
    sim_time_t t;
    if (!ld_get_quantity(ld, o, path, key, Q_DURATION, SCN_MAX_DURATION, &t)) return false;
    if (positive && t <= 0) {
        ld_err_at(ld, path, key, "must be greater than 0 (and at most 10 years)");
        return false;
    }
    *out = t;
    return true;
}

/* An IntOrString of Kubernetes: 3 or "25%". */
bool ld_get_int_or_pct(ld_t *ld, const cJSON *o, const char *path, const char *key,
                       int_or_pct_t *out) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (cJSON_IsNumber(j)) {
        int v;
        if (!ld_get_int(ld, o, path, key, &v, 0, SCN_MAX_REPLICAS)) return false;
        *out = (int_or_pct_t){true, false, v};
        return true;
    }
    const char *s = cJSON_IsString(j) ? j->valuestring : "";
    size_t digits = strspn(s, "0123456789");
    if (!cJSON_IsString(j) || digits == 0 || strcmp(s + digits, "%") != 0) {
        if (cJSON_IsString(j) && s[0] == '-')
            ld_err_at(ld, path, key, "must not be negative (the range is 0%% to %d%%; got \"%s\")",
                      SCN_MAX_PERCENT, s);
        else
            ld_err_type(ld, path, key, "an integer or a percentage (\"25%\")", j);
        return false;
    }
    /* leading zeros aside, more than 5 digits is beyond the range (and beyond atoi) */
    size_t zeros = strspn(s, "0");
    int pct = digits - zeros > 5 ? SCN_MAX_PERCENT + 1 : atoi(s + zeros);
    if (pct > SCN_MAX_PERCENT) {
        ld_err_at(ld, path, key, "must be between 0%% and %d%% (got \"%s\")", SCN_MAX_PERCENT, s);
        return false;
    }
    *out = (int_or_pct_t){true, true, pct};
    return true;
}

/* A distribution: a duration (a constant; for an mtbf the mean of an exponential) or
 * {"dist": ..., "mean", "sd", "min", "max", "shape"} with exactly the parameters it takes. */
bool ld_get_dist(ld_t *ld, const cJSON *o, const char *path, const char *key, dist_t *out,
                 bool mtbf) {
    const cJSON *j = ld_member(o, key);
    if (!j) return false;
    if (cJSON_IsNumber(j) || cJSON_IsString(j)) {
        sim_time_t t;
        if (!ld_get_duration(ld, o, path, key, &t, mtbf)) return false;
        *out = mtbf ? dist_exponential(t) : dist_constant(t);
        return true;
    }
    path_t p = ld_pkey(path, key);
    if (!cJSON_IsObject(j)) {
        ld_err_type(ld, path, key,
                    "a duration (\"5s\") or a distribution ({\"dist\": \"lognormal\", ...})", j);
        return false;
    }
    const char *const *lists[] = {KEYS("dist"), DIST_PARAM_KEYS, NULL};
    ld_check_object_ex(ld, j, p.s, lists, NULL, NULL);
    int errors = ld->errors;
    int kind = ld_require(ld, j, p.s, "dist")
                   ? ld_get_enum(ld, j, p.s, "dist", DIST_NAMES, "distribution")
                   : -1;
    if (kind < 0) return false;
    dist_t d = {(dist_kind_t)kind, 0, 0, 0, 0, 0};
    const char *const *params = DIST_PARAMS[kind];
    char takes[64];
    ld_join(params, -1, takes, sizeof takes);
    for (int i = 0; DIST_PARAM_KEYS[i]; i++) {
        const char *k = DIST_PARAM_KEYS[i];
        if (!ld_in_list(params, k)) {
            if (ld_member(j, k))
                ld_err_at(ld, p.s, k, "not a parameter of a %s distribution (it takes %s)",
                          DIST_NAMES[kind], takes);
            continue;
        }
        if (!ld_require(ld, j, p.s, k)) continue;
        double *slot[] = {&d.mean, &d.sd, &d.min, &d.max, &d.shape}; /* DIST_PARAM_KEYS */
        sim_time_t t = 0;
        if (!strcmp(k, "shape"))
            ld_get_number(ld, j, p.s, k, &d.shape, R_SHAPE);
        else if (ld_get_duration(ld, j, p.s, k, &t, false))
            *slot[i] = (double)t;
    }
    if (ld->errors != errors) return false;
    bool positive_mean =
        mtbf || kind == DIST_EXPONENTIAL || kind == DIST_LOGNORMAL || kind == DIST_WEIBULL;
    if (kind == DIST_UNIFORM && d.min > d.max) {
        char a[32], b[32];
        ld_err_at(ld, p.s, "max", "must not be less than min (%s < %s)",
                  quantity_format_duration((sim_time_t)d.max, a, sizeof a),
                  quantity_format_duration((sim_time_t)d.min, b, sizeof b));
        return false;
    }
    if (kind == DIST_UNIFORM && mtbf && d.max <= 0) {
        ld_err_at(ld, p.s, "max", "must be greater than 0");
        return false;
    }
    if (kind != DIST_UNIFORM && positive_mean && d.mean <= 0) {
        ld_err_at(ld, p.s, "mean", "must be greater than 0");
        return false;
    }
    *out = d;
    return true;
}
