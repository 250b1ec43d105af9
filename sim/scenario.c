/* scenario: turns a scenario file into scenario_t. Every key is checked against the keys
 * valid at its place, every default (schema/schema.json, docs/MODEL.md#defaults) is filled in, and
 * every error of the file is collected (never only the first) as `FILE: JSON.PATH: message`. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quantity.h"

/* ---- the model's defaults -------------------------------------------------------------
 * Runtimes: the model's defaults, overridable per scenario under `runtimes`; README gives
 * the published measurement behind each number. */
#define CONTAINER_START (1 * SIM_SEC)         /* create + start of a container */
#define CONTAINER_MEMORY_OVERHEAD (8LL << 20) /* shim and runtime, per pod */
#define VM_BOOT_MEAN (40 * SIM_SEC)           /* boot of a guest OS */
#define VM_BOOT_SD (10 * SIM_SEC)
#define VM_MEMORY_OVERHEAD (512LL << 20) /* the guest OS of every VM */
#define VM_CPU_OVERHEAD 100              /* millicores: the hypervisor's share */
#define BARE_START (500 * SIM_MS)        /* a process starting */

/* Node provisioning. DESIGN gives container pools 90 s and vm pools 3 m; it gives none for
 * bare pools: reinstalling a physical server (PXE boot, OS install) takes far longer than a
 * cloud VM, and 10 m is our pick, not a measurement. */
#define PROVISION_CONTAINER (90 * SIM_SEC)
#define PROVISION_VM (180 * SIM_SEC)
#define PROVISION_BARE (600 * SIM_SEC)

#define MAX_SEED 9007199254740992.0 /* 2^53: larger integers do not survive JSON numbers */

const char *const action_names[ACTION_COUNT] = {
    "deploy",     "rollback", "pause",      "resume",     "promote",      "abort",     "scale",
    "setTraffic", "failNode", "repairNode", "cordonNode", "uncordonNode", "drainNode", "addNode",
    "killPod",    "restart",  "failZone",   "repairZone", "taint",        "untaint"};

const char *const taint_effect_names[3] = {"NoSchedule", "PreferNoSchedule", "NoExecute"};

static const char *const RUNTIME_NAMES[] = {"container", "vm", "bare", NULL};

const char *runtime_name(runtime_kind_t r) {
    return r >= 0 && r < RUNTIME_COUNT ? RUNTIME_NAMES[r] : "?";
}

runtime_spec_t runtime_default(runtime_kind_t r) {
    runtime_spec_t s = {dist_constant(CONTAINER_START), CONTAINER_MEMORY_OVERHEAD, 0, 0};
    if (r == RUNTIME_VM) {
        s.start = (dist_t){DIST_LOGNORMAL, (double)VM_BOOT_MEAN, (double)VM_BOOT_SD, 0, 0, 0};
        s.memory_overhead = VM_MEMORY_OVERHEAD;
        s.cpu_overhead = VM_CPU_OVERHEAD;
    } else if (r == RUNTIME_BARE) {
        s.start = dist_constant(BARE_START);
        s.memory_overhead = 0;
    }
    return s; /* price 0: the pool's pricePerHour is used */
}

/* ---- the keys valid at each place (NULL-terminated) ---------------------------------- */
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const TOP_KEYS[] = {
    "$schema",  "name",    "description", "seed",     "duration",  "coldStart",
    "fidelity", "metrics", "cluster",     "services", "ingresses", "runtimes",
    "events",   "faults",  "notes",       "ui",       NULL};
/* the pod template: valid on a service and in versions.NAME */
static const char *const TEMPLATE_KEYS[] = {"image",
                                            "resources",
                                            "capacityRps",
                                            "concurrency",
                                            "queueLimit",
                                            "serviceTime",
                                            "startup",
                                            "readinessProbe",
                                            "terminationGracePeriodSeconds",
                                            "preStop",
                                            "dependencies",
                                            "errorRate",
                                            "latency",
                                            "crashAfter",
                                            "livenessProbe",
                                            "startupProbe",
                                            "hangAfter",
                                            "unreadyAfter",
                                            NULL};
static const char *const SERVICE_KEYS[] = {"name",
                                           "namespace",
                                           "runtime",
                                           "replicas",
                                           "minReadySeconds",
                                           "progressDeadlineSeconds",
                                           "revisionHistoryLimit",
                                           "loadBalancing",
                                           "version",
                                           "versions",
                                           "strategy",
                                           "hpa",
                                           "podDisruptionBudget",
                                           "traffic",
                                           "nodeSelector",
                                           "tolerations",
                                           "affinity",
                                           "topologySpreadConstraints",
                                           NULL};
static const char *const EVENT_KEYS[] = {"at",   "action", "service", "version", "replicas", "rps",
                                         "ramp", "node",   "pool",    "pod",     "full",     "zone",
                                         "key",  "value",  "effect",  NULL};
static const char *const FAULT_KEYS[] = {"type",       "pool", "service", "mtbf",
                                         "repairTime", "zone", NULL};
static const char *const DIST_PARAM_KEYS[] = {"mean", "sd", "min", "max", "shape", NULL};

static const char *const DIST_NAMES[] = {"constant", "exponential", "normal", "lognormal",
                                         "uniform",  "weibull",     NULL};
/* the parameters each distribution takes, indexed by dist_kind_t */
static const char *const *const DIST_PARAMS[] = {KEYS("mean"),       KEYS("mean"),
                                                 KEYS("mean", "sd"), KEYS("mean", "sd"),
                                                 KEYS("min", "max"), KEYS("mean", "shape")};

/* the keys each action takes besides `at` and `action`: required, then optional */
static const struct {
    const char *const *required, *const *optional;
} ACTION_KEYS[ACTION_COUNT] = {
    [ACTION_DEPLOY] = {KEYS("service", "version"), NULL},
    [ACTION_ROLLBACK] = {KEYS("service"), NULL},
    [ACTION_PAUSE] = {KEYS("service"), NULL},
    [ACTION_RESUME] = {KEYS("service"), NULL},
    [ACTION_PROMOTE] = {KEYS("service"), KEYS("full")},
    [ACTION_ABORT] = {KEYS("service"), NULL},
    [ACTION_SCALE] = {KEYS("service", "replicas"), NULL},
    [ACTION_SET_TRAFFIC] = {KEYS("service", "rps"), KEYS("ramp")},
    [ACTION_FAIL_NODE] = {KEYS("node"), NULL},
    [ACTION_REPAIR_NODE] = {KEYS("node"), NULL},
    [ACTION_CORDON_NODE] = {KEYS("node"), NULL},
    [ACTION_UNCORDON_NODE] = {KEYS("node"), NULL},
    [ACTION_DRAIN_NODE] = {KEYS("node"), NULL},
    [ACTION_ADD_NODE] = {KEYS("pool"), NULL},
    [ACTION_KILL_POD] = {NULL, KEYS("pod", "service")}, /* exactly one of them */
    [ACTION_RESTART] = {KEYS("service"), NULL},
    [ACTION_FAIL_ZONE] = {KEYS("zone"), NULL},
    [ACTION_REPAIR_ZONE] = {KEYS("zone"), NULL},
    [ACTION_TAINT] = {KEYS("node", "key", "effect"), KEYS("value")},
    [ACTION_UNTAINT] = {KEYS("node", "key"), KEYS("effect")},
};

/* ---- loader state, paths and messages ------------------------------------------------- */
typedef struct {
    const char *file;
    diag_t *diag;
    int errors;
    scenario_t *sc;
    const cJSON **routing; /* per service: its canary trafficRouting.ingress, or NULL */
} ld_t;

typedef struct {
    char s[512];
} path_t;

/* A path too long for the buffer is cut: it only ever appears in a message. */
static path_t pkey(const char *parent, const char *key) {
    path_t p;
    if (snprintf(p.s, sizeof p.s, "%s%s%s", parent, *parent ? "." : "", key) < 0) p.s[0] = 0;
    return p;
}

static path_t pidx(const char *parent, int i) {
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

/* `FILE: path.key: message`; path may be "" (a top-level key) and key NULL. */
static void err_at(ld_t *ld, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_at(ld_t *ld, const char *path, const char *key, const char *fmt, ...) {
    char msg[1024], emsg[4096], epath[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    path_t p = pkey(path, key ? key : "");
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
static void check_label(ld_t *ld, const char *path, const char *key, const char *what,
                        const char *name) {
    if (!name || is_dns1123_label(name)) return;
    size_t n = strlen(name);
    err_at(ld, path, key,
           "%s \"%.80s%s\" is not a DNS-1123 label%s: at most 63 characters, lowercase letters, "
           "digits and '-', starting and ending with a letter or digit (Kubernetes' "
           "IsDNS1123Label)",
           what, name, n > 80 ? "..." : "", n > 63 ? " (it is longer than 63 characters)" : "");
}

static void *ld_calloc(ld_t *ld, size_t n, size_t size) {
    if (n == 0) return NULL;
    void *p = calloc(n, size);
    if (!p) err_at(ld, "", NULL, "out of memory");
    return p;
}

static char *ld_strdup(ld_t *ld, const char *s) {
    char *d = s ? strdup(s) : NULL;
    if (s && !d) err_at(ld, "", NULL, "out of memory");
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

static void err_type(ld_t *ld, const char *path, const char *key, const char *expected,
                     const cJSON *got) {
    char what[64];
    err_at(ld, path, key, "expected %s, got %s", expected, describe(got, what, sizeof what));
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

static bool in_list(const char *const *names, const char *word) {
    for (int i = 0; names && names[i]; i++)
        if (!strcmp(names[i], word)) return true;
    return false;
}

/* "a, b, c" (at most 32 names) */
static const char *join(const char *const *names, int n, char *buf, size_t size) {
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
static const char **collect_names(const void *base, int n, size_t stride, size_t offset) {
    const char **names = calloc((size_t)n + 1, sizeof *names);
    for (int i = 0; names && i < n; i++)
        names[i] = *(char *const *)((const char *)base + (size_t)i * stride + offset);
    return names;
}

/* `unknown WHAT "x" (did you mean "y"?)`, or the list of what exists. */
static void err_unknown(ld_t *ld, const char *path, const char *key, const char *what,
                        const char *plural, const char *word, const char *const *names, int n) {
    char list[512];
    const char *hint = closest(word, names, n);
    if (hint)
        err_at(ld, path, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what, word, hint);
    else if (n == 0 || !names || !names[0])
        err_at(ld, path, key, "unknown %s \"%s\" (there are no %s)", what, word, plural);
    else
        err_at(ld, path, key, "unknown %s \"%s\" (%s: %s)", what, word, plural,
               join(names, n, list, sizeof list));
}

/* ---- objects and typed members -------------------------------------------------------- */

static const cJSON *member(const cJSON *o, const char *key) {
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static bool in_lists(const char *const *const *lists, const char *word) {
    for (int i = 0; lists[i]; i++)
        if (in_list(lists[i], word)) return true;
    return false;
}

/* Checks that o is an object whose keys are all in `lists` (NULL: any key) and appear
 * once. A key in `elsewhere` gets `elsewhere_msg` instead of "unknown key". */
static bool check_object_ex(ld_t *ld, const cJSON *o, const char *path,
                            const char *const *const *lists, const char *const *elsewhere,
                            const char *elsewhere_msg) {
    if (!cJSON_IsObject(o)) {
        err_type(ld, path, NULL, "an object", o);
        return false;
    }
    for (const cJSON *c = o->child; c; c = c->next) {
        const char *k = c->string;
        bool dup = false;
        for (const cJSON *e = o->child; e != c && !dup; e = e->next)
            dup = !strcmp(e->string, k);
        if (dup) {
            err_at(ld, path, k, "duplicate key");
            continue;
        }
        if (!lists || in_lists(lists, k)) continue;
        if (elsewhere && in_list(elsewhere, k)) {
            err_at(ld, path, k, "%s", elsewhere_msg);
            continue;
        }
        const char *all[96];
        int n = 0;
        for (int i = 0; lists[i]; i++)
            for (int j = 0; lists[i][j] && n < 96; j++)
                all[n++] = lists[i][j];
        const char *hint = closest(k, all, n);
        if (hint) {
            err_at(ld, path, k, "unknown key (did you mean \"%s\"?)", hint);
        } else {
            char list[768];
            err_at(ld, path, k, "unknown key (valid keys here: %s)",
                   join(all, n, list, sizeof list));
        }
    }
    return true;
}

static bool check_object(ld_t *ld, const cJSON *o, const char *path, const char *const *keys) {
    const char *const *lists[] = {keys, NULL};
    return check_object_ex(ld, o, path, keys ? lists : NULL, NULL, NULL);
}

static bool require(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    if (member(o, key)) return true;
    err_at(ld, path, key, "required key missing");
    return false;
}

/* The array member `key` (NULL when absent or not an array, with an error for the latter). */
static const cJSON *get_array(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const cJSON *a = member(o, key);
    if (a && !cJSON_IsArray(a)) {
        err_type(ld, path, key, "an array", a);
        return NULL;
    }
    return a;
}

/* A zeroed array of structs for the items of JSON array a (NULL when a is NULL or empty);
 * *count is its length once allocated, else 0. */
static void *array_items(ld_t *ld, const cJSON *a, size_t size, int *count) {
    int n = a ? cJSON_GetArraySize(a) : 0;
    void *items = ld_calloc(ld, (size_t)n, size);
    *count = items ? n : 0;
    return items;
}

static bool get_bool(ld_t *ld, const cJSON *o, const char *path, const char *key, bool *out) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (!cJSON_IsBool(j)) {
        err_type(ld, path, key, "true or false", j);
        return false;
    }
    *out = cJSON_IsTrue(j);
    return true;
}

static bool get_int(ld_t *ld, const cJSON *o, const char *path, const char *key, int *out, int lo,
                    int hi) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (!cJSON_IsNumber(j) || j->valuedouble != floor(j->valuedouble)) {
        char expected[64];
        snprintf(expected, sizeof expected, "an integer from %d to %d", lo, hi);
        err_type(ld, path, key, expected, j);
        return false;
    }
    double v = j->valuedouble;
    if (v < lo || v > hi) {
        err_at(ld, path, key, "must be between %d and %d (got %.15g)", lo, hi, v);
        return false;
    }
    *out = (int)v;
    return true;
}

/* A number in [lo, hi]. */
typedef struct {
    double lo, hi;
} range_t;
#define R_FRACTION ((range_t){0, 1})
#define R_PRICE ((range_t){0, SCN_MAX_PRICE})
#define R_CAPACITY ((range_t){SCN_MIN_CAPACITY_RPS, SCN_MAX_CAPACITY_RPS})
#define R_SHAPE ((range_t){SCN_MIN_SHAPE, SCN_MAX_SHAPE})

static bool get_number(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out,
                       range_t r) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble)) {
        err_type(ld, path, key, "a number", j);
        return false;
    }
    double v = j->valuedouble;
    if (!(v >= r.lo) || v > r.hi) {
        err_at(ld, path, key, "must be between %.15g and %.15g (got %.15g)", r.lo, r.hi, v);
        return false;
    }
    *out = v;
    return true;
}

/* A request rate: at most SCN_MAX_RPS_REQUESTS when every request is an event. */
static bool get_rps(ld_t *ld, const cJSON *o, const char *path, const char *key, double *out) {
    const cJSON *j = member(o, key);
    bool fluid = ld->sc->fidelity == FIDELITY_FLUID;
    if (!fluid && cJSON_IsNumber(j) && j->valuedouble > SCN_MAX_RPS_REQUESTS) {
        err_at(ld, path, key,
               "at most %.0f requests per second with fidelity \"requests\" (every request is an "
               "event; got %.15g): set \"fidelity\": \"fluid\" for rates up to %.0g",
               SCN_MAX_RPS_REQUESTS, j->valuedouble, SCN_MAX_RPS);
        return false;
    }
    return get_number(ld, o, path, key, out,
                      (range_t){0, fluid ? SCN_MAX_RPS : SCN_MAX_RPS_REQUESTS});
}

/* A string member (pointing into the JSON); `nonempty` refuses "". */
static bool get_string(ld_t *ld, const cJSON *o, const char *path, const char *key,
                       const char **out, bool nonempty) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (!cJSON_IsString(j)) {
        err_type(ld, path, key, "a string", j);
        return false;
    }
    if (nonempty && !j->valuestring[0]) {
        err_at(ld, path, key, "must not be empty");
        return false;
    }
    *out = j->valuestring;
    return true;
}

/* The same, copied into *out (which it frees first). */
static bool get_strdup(ld_t *ld, const cJSON *o, const char *path, const char *key, char **out,
                       bool nonempty) {
    const char *s;
    if (!get_string(ld, o, path, key, &s, nonempty)) return false;
    free(*out);
    *out = ld_strdup(ld, s);
    return *out != NULL;
}

/* The index of a string member in `names`, or -1 when missing or unknown. */
static int get_enum_n(ld_t *ld, const cJSON *o, const char *path, const char *key,
                      const char *const *names, int n, const char *what) {
    const char *s;
    if (!get_string(ld, o, path, key, &s, false)) return -1;
    for (int i = 0; n < 0 ? names[i] != NULL : i < n; i++)
        if (!strcmp(names[i], s)) return i;
    char list[512];
    const char *hint = closest(s, names, n);
    if (hint)
        err_at(ld, path, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what, s, hint);
    else
        err_at(ld, path, key, "unknown %s \"%s\" (one of %s)", what, s,
               join(names, n, list, sizeof list));
    return -1;
}

/* The same for a NULL-terminated list. */
static int get_enum(ld_t *ld, const cJSON *o, const char *path, const char *key,
                    const char *const *names, const char *what) {
    return get_enum_n(ld, o, path, key, names, -1, what);
}

/* Quantities: a JSON number or a string, both through quantity.c. */
typedef enum { Q_CPU, Q_BYTES, Q_DURATION, Q_RATE } qkind_t;

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

static bool get_quantity(ld_t *ld, const cJSON *o, const char *path, const char *key, qkind_t kind,
                         int64_t max, int64_t *out) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    char err[256], range[96];
    int64_t v = 0;
    int rc;
    if (cJSON_IsNumber(j))
        rc = QKINDS[kind].from_number(j->valuedouble, &v, err, sizeof err);
    else if (cJSON_IsString(j))
        rc = QKINDS[kind].from_string(j->valuestring, &v, err, sizeof err);
    else {
        err_type(ld, path, key, QKINDS[kind].expected, j);
        return false;
    }
    if (rc) {
        err_at(ld, path, key, "%s (%s)", err, quantity_range(kind, max, range, sizeof range));
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
        err_at(ld, path, key, "%s is too large (%s)", b,
               quantity_range(kind, max, range, sizeof range));
        return false;
    }
    *out = v;
    return true;
}

/* A duration member; `positive` refuses 0. The one reader of every time field. */
static bool get_duration(ld_t *ld, const cJSON *o, const char *path, const char *key,
                         sim_time_t *out, bool positive) {
    sim_time_t t;
    if (!get_quantity(ld, o, path, key, Q_DURATION, SCN_MAX_DURATION, &t)) return false;
    if (positive && t <= 0) {
        err_at(ld, path, key, "must be greater than 0 (and at most 10 years)");
        return false;
    }
    *out = t;
    return true;
}

/* An IntOrString of Kubernetes: 3 or "25%". */
static bool get_int_or_pct(ld_t *ld, const cJSON *o, const char *path, const char *key,
                           int_or_pct_t *out) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (cJSON_IsNumber(j)) {
        int v;
        if (!get_int(ld, o, path, key, &v, 0, SCN_MAX_REPLICAS)) return false;
        *out = (int_or_pct_t){true, false, v};
        return true;
    }
    const char *s = cJSON_IsString(j) ? j->valuestring : "";
    size_t digits = strspn(s, "0123456789");
    if (!cJSON_IsString(j) || digits == 0 || strcmp(s + digits, "%") != 0) {
        if (cJSON_IsString(j) && s[0] == '-')
            err_at(ld, path, key, "must not be negative (the range is 0%% to %d%%; got \"%s\")",
                   SCN_MAX_PERCENT, s);
        else
            err_type(ld, path, key, "an integer or a percentage (\"25%\")", j);
        return false;
    }
    /* leading zeros aside, more than 5 digits is beyond the range (and beyond atoi) */
    size_t zeros = strspn(s, "0");
    int pct = digits - zeros > 5 ? SCN_MAX_PERCENT + 1 : atoi(s + zeros);
    if (pct > SCN_MAX_PERCENT) {
        err_at(ld, path, key, "must be between 0%% and %d%% (got \"%s\")", SCN_MAX_PERCENT, s);
        return false;
    }
    *out = (int_or_pct_t){true, true, pct};
    return true;
}

/* A distribution: a duration (a constant; for an mtbf the mean of an exponential) or
 * {"dist": ..., "mean", "sd", "min", "max", "shape"} with exactly the parameters it takes. */
static bool get_dist(ld_t *ld, const cJSON *o, const char *path, const char *key, dist_t *out,
                     bool mtbf) {
    const cJSON *j = member(o, key);
    if (!j) return false;
    if (cJSON_IsNumber(j) || cJSON_IsString(j)) {
        sim_time_t t;
        if (!get_duration(ld, o, path, key, &t, mtbf)) return false;
        *out = mtbf ? dist_exponential(t) : dist_constant(t);
        return true;
    }
    path_t p = pkey(path, key);
    if (!cJSON_IsObject(j)) {
        err_type(ld, path, key,
                 "a duration (\"5s\") or a distribution ({\"dist\": \"lognormal\", ...})", j);
        return false;
    }
    const char *const *lists[] = {KEYS("dist"), DIST_PARAM_KEYS, NULL};
    check_object_ex(ld, j, p.s, lists, NULL, NULL);
    int errors = ld->errors;
    int kind =
        require(ld, j, p.s, "dist") ? get_enum(ld, j, p.s, "dist", DIST_NAMES, "distribution") : -1;
    if (kind < 0) return false;
    dist_t d = {(dist_kind_t)kind, 0, 0, 0, 0, 0};
    const char *const *params = DIST_PARAMS[kind];
    char takes[64];
    join(params, -1, takes, sizeof takes);
    for (int i = 0; DIST_PARAM_KEYS[i]; i++) {
        const char *k = DIST_PARAM_KEYS[i];
        if (!in_list(params, k)) {
            if (member(j, k))
                err_at(ld, p.s, k, "not a parameter of a %s distribution (it takes %s)",
                       DIST_NAMES[kind], takes);
            continue;
        }
        if (!require(ld, j, p.s, k)) continue;
        double *slot[] = {&d.mean, &d.sd, &d.min, &d.max, &d.shape}; /* DIST_PARAM_KEYS */
        sim_time_t t = 0;
        if (!strcmp(k, "shape"))
            get_number(ld, j, p.s, k, &d.shape, R_SHAPE);
        else if (get_duration(ld, j, p.s, k, &t, false))
            *slot[i] = (double)t;
    }
    if (ld->errors != errors) return false;
    bool positive_mean =
        mtbf || kind == DIST_EXPONENTIAL || kind == DIST_LOGNORMAL || kind == DIST_WEIBULL;
    if (kind == DIST_UNIFORM && d.min > d.max) {
        char a[32], b[32];
        err_at(ld, p.s, "max", "must not be less than min (%s < %s)",
               quantity_format_duration((sim_time_t)d.max, a, sizeof a),
               quantity_format_duration((sim_time_t)d.min, b, sizeof b));
        return false;
    }
    if (kind == DIST_UNIFORM && mtbf && d.max <= 0) {
        err_at(ld, p.s, "max", "must be greater than 0");
        return false;
    }
    if (kind != DIST_UNIFORM && positive_mean && d.mean <= 0) {
        err_at(ld, p.s, "mean", "must be greater than 0");
        return false;
    }
    *out = d;
    return true;
}

/* ---- pod templates and versions -------------------------------------------------------- */

static void template_defaults(version_spec_t *v) {
    memset(v, 0, sizeof *v);
    v->cpu = 100;
    v->memory = 128LL << 20;
    v->capacity_rps = 100;
    v->concurrency = 4;
    v->queue_limit = 1000;
    v->service_time = SERVICE_TIME_EXPONENTIAL;
    v->startup = dist_constant(5 * SIM_SEC);
    v->termination_grace_period = 30 * SIM_SEC;
}

static void version_free(version_spec_t *v) {
    free(v->name);
    free(v->image_name);
    for (int i = 0; i < v->dependency_count; i++) {
        free(v->dependencies[i].name);
        free(v->dependencies[i].version);
    }
    free(v->dependencies);
    memset(v, 0, sizeof *v);
}

static void version_copy(ld_t *ld, version_spec_t *dst, const version_spec_t *src) {
    *dst = *src;
    dst->name = ld_strdup(ld, src->name);
    dst->image_name = ld_strdup(ld, src->image_name);
    dst->dependencies = ld_calloc(ld, (size_t)src->dependency_count, sizeof(dependency_t));
    dst->dependency_count = dst->dependencies ? src->dependency_count : 0;
    for (int i = 0; i < dst->dependency_count; i++) {
        dst->dependencies[i].name = ld_strdup(ld, src->dependencies[i].name);
        dst->dependencies[i].version = ld_strdup(ld, src->dependencies[i].version);
    }
}

/* `dependencies`: name -> version string, merged over what the template already has. */
static void load_dependencies(ld_t *ld, const cJSON *deps, const char *path, version_spec_t *v) {
    if (!check_object(ld, deps, path, NULL)) return;
    for (const cJSON *c = deps->child; c; c = c->next) {
        const char *ver;
        if (!get_string(ld, deps, path, c->string, &ver, true)) continue;
        int i = 0;
        while (i < v->dependency_count && strcmp(v->dependencies[i].name, c->string))
            i++;
        if (i == v->dependency_count) {
            dependency_t *n = realloc(v->dependencies, sizeof *n * (size_t)(i + 1));
            if (!n) {
                err_at(ld, "", NULL, "out of memory");
                return;
            }
            v->dependencies = n;
            n[i].name = ld_strdup(ld, c->string);
            n[i].version = NULL;
            v->dependency_count++;
        }
        free(v->dependencies[i].version);
        v->dependencies[i].version = ld_strdup(ld, ver);
    }
}

static void load_probe(ld_t *ld, const cJSON *o, const char *path, probe_spec_t *pr) {
    const char *const keys[] = {"initialDelaySeconds", "periodSeconds",    "timeoutSeconds",
                                "successThreshold",    "failureThreshold", NULL};
    if (!check_object(ld, o, path, keys)) return;
    if (!pr->enabled) /* k8s defaults: 0 / 10 / 1 / 1 / 3 */
        *pr = (probe_spec_t){true, 0, 10 * SIM_SEC, 1 * SIM_SEC, 1, 3};
    get_duration(ld, o, path, "initialDelaySeconds", &pr->initial_delay, false);
    get_duration(ld, o, path, "periodSeconds", &pr->period, true);
    get_duration(ld, o, path, "timeoutSeconds", &pr->timeout, true);
    get_int(ld, o, path, "successThreshold", &pr->success_threshold, 1, SCN_MAX_COUNT);
    get_int(ld, o, path, "failureThreshold", &pr->failure_threshold, 1, SCN_MAX_COUNT);
}

/* livenessProbe / startupProbe: k8s validateProbe wants successThreshold 1 for them. */
static void load_restart_probe(ld_t *ld, const cJSON *o, const char *path, const char *key,
                               probe_spec_t *pr) {
    const cJSON *probe = member(o, key);
    if (!probe) return;
    path_t p = pkey(path, key);
    load_probe(ld, probe, p.s, pr);
    if (pr->enabled && pr->success_threshold != 1)
        err_at(ld, p.s, "successThreshold", "must be 1 for a %s", key);
}

/* Applies the pod-template keys present in o over v (a service, or a version on top of
 * its service). */
static void load_template(ld_t *ld, const cJSON *o, const char *path, version_spec_t *v) {
    const cJSON *img = member(o, "image");
    if (img) {
        path_t p = pkey(path, "image");
        if (check_object(ld, img, p.s, KEYS("name", "size"))) {
            if (!v->image_name) { /* a first image needs both; an override either */
                require(ld, img, p.s, "name");
                require(ld, img, p.s, "size");
            }
            get_strdup(ld, img, p.s, "name", &v->image_name, true);
            get_quantity(ld, img, p.s, "size", Q_BYTES, SCN_MAX_IMAGE, &v->image_size);
        }
    }
    const cJSON *res = member(o, "resources");
    if (res) {
        path_t p = pkey(path, "resources");
        if (check_object(ld, res, p.s, KEYS("cpu", "memory"))) {
            get_quantity(ld, res, p.s, "cpu", Q_CPU, SCN_MAX_CPU, &v->cpu);
            get_quantity(ld, res, p.s, "memory", Q_BYTES, SCN_MAX_BYTES, &v->memory);
        }
    }
    get_number(ld, o, path, "capacityRps", &v->capacity_rps, R_CAPACITY);
    get_int(ld, o, path, "concurrency", &v->concurrency, 1, SCN_MAX_CONCURRENCY);
    get_int(ld, o, path, "queueLimit", &v->queue_limit, 0, SCN_MAX_QUEUE);
    int st = get_enum(ld, o, path, "serviceTime", KEYS("exponential", "constant"), "service time");
    if (st >= 0) v->service_time = (service_time_kind_t)st;
    get_dist(ld, o, path, "startup", &v->startup, false);
    const cJSON *probe = member(o, "readinessProbe");
    if (probe) {
        path_t p = pkey(path, "readinessProbe");
        load_probe(ld, probe, p.s, &v->readiness_probe);
    }
    load_restart_probe(ld, o, path, "livenessProbe", &v->liveness_probe);
    load_restart_probe(ld, o, path, "startupProbe", &v->startup_probe);
    get_duration(ld, o, path, "terminationGracePeriodSeconds", &v->termination_grace_period, false);
    get_duration(ld, o, path, "preStop", &v->pre_stop, false);
    const cJSON *deps = member(o, "dependencies");
    if (deps) {
        path_t p = pkey(path, "dependencies");
        load_dependencies(ld, deps, p.s, v);
    }
    get_number(ld, o, path, "errorRate", &v->error_rate, R_FRACTION);
    get_duration(ld, o, path, "latency", &v->latency, false);
    if (get_dist(ld, o, path, "crashAfter", &v->crash_after, false)) v->has_crash_after = true;
    if (get_dist(ld, o, path, "hangAfter", &v->hang_after, false)) v->has_hang_after = true;
    if (get_dist(ld, o, path, "unreadyAfter", &v->unready_after, false))
        v->has_unready_after = true;
}

/* versions[0] is the service's own `version` (with versions[that name] if declared), then
 * the other declared versions in file order: each a copy of the service's template with
 * its overrides on top. */
static void load_versions(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s,
                          const version_spec_t *base) {
    const char *own = "v1";
    if (get_string(ld, o, path, "version", &own, true))
        check_label(ld, path, "version", "version", own);
    const cJSON *vs = member(o, "versions");
    path_t vp = pkey(path, "versions");
    int declared = 0;
    const cJSON *own_entry = NULL;
    if (vs && check_object(ld, vs, vp.s, NULL))
        for (const cJSON *c = vs->child; c; c = c->next) {
            declared++;
            if (!strcmp(c->string, own) && !own_entry) own_entry = c;
        }
    int n = 1 + declared - (own_entry != NULL);
    s->versions = ld_calloc(ld, (size_t)n, sizeof *s->versions);
    if (!s->versions) return;
    const char *const *lists[] = {TEMPLATE_KEYS, NULL};
    for (int k = 0; k < n; k++) {
        /* k == 0: the own version; then the declared ones in file order, skipping it */
        const cJSON *entry = own_entry;
        if (k > 0) {
            int seen = 0;
            for (entry = vs->child; entry; entry = entry->next)
                if (entry != own_entry && ++seen == k) break;
        }
        version_spec_t *v = &s->versions[k];
        version_copy(ld, v, base);
        s->version_count = k + 1;
        free(v->name);
        v->name = ld_strdup(ld, k == 0 ? own : entry->string);
        if (!entry) continue;
        path_t p = pkey(vp.s, entry->string);
        if (!entry->string[0])
            err_at(ld, vp.s, NULL, "a version needs a name (got \"\")");
        else if (entry != own_entry)
            check_label(ld, vp.s, entry->string, "version", entry->string);
        if (check_object_ex(ld, entry, p.s, lists, SERVICE_KEYS,
                            "a key of the service, not of a version"))
            load_template(ld, entry, p.s, v);
    }
}

/* ---- strategy ------------------------------------------------------------------------ */

/* maxSurge / maxUnavailable: k8s ValidateRollingUpdateDeployment. */
static void load_fenceposts(ld_t *ld, const cJSON *o, const char *path, strategy_spec_t *st) {
    get_int_or_pct(ld, o, path, "maxSurge", &st->max_surge);
    get_int_or_pct(ld, o, path, "maxUnavailable", &st->max_unavailable);
    if (st->max_unavailable.percent && st->max_unavailable.value > 100)
        err_at(ld, path, "maxUnavailable", "must not be greater than 100%%");
    else if (st->max_surge.value == 0 && st->max_unavailable.value == 0)
        err_at(ld, path, "maxUnavailable", "may not be 0 when maxSurge is 0");
}

static void load_analysis(ld_t *ld, const cJSON *o, const char *path, analysis_spec_t *a) {
    if (!check_object(ld, o, path,
                      KEYS("interval", "count", "maxErrorRate", "maxP99", "failureLimit",
                           "inconclusiveLimit")))
        return;
    a->enabled = true;
    get_duration(ld, o, path, "interval", &a->interval, true);
    get_int(ld, o, path, "count", &a->count, 0, SCN_MAX_COUNT);
    a->has_max_error_rate = get_number(ld, o, path, "maxErrorRate", &a->max_error_rate, R_FRACTION);
    a->has_max_p99 = get_duration(ld, o, path, "maxP99", &a->max_p99, true);
    get_int(ld, o, path, "failureLimit", &a->failure_limit, 0, SCN_MAX_COUNT);
    get_int(ld, o, path, "inconclusiveLimit", &a->inconclusive_limit, 0, SCN_MAX_COUNT);
    if (!member(o, "maxErrorRate") && !member(o, "maxP99"))
        err_at(ld, path, NULL, "needs maxErrorRate or maxP99 (what the analysis measures)");
}

static void load_steps(ld_t *ld, const cJSON *steps, const char *path, strategy_spec_t *st) {
    if (!cJSON_IsArray(steps)) {
        err_type(ld, path, NULL, "an array of steps", steps);
        return;
    }
    st->steps = array_items(ld, steps, sizeof *st->steps, &st->step_count);
    if (!st->steps) return;
    int i = 0;
    for (const cJSON *s = steps->child; s; s = s->next, i++) {
        path_t p = pidx(path, i);
        canary_step_t *step = &st->steps[i];
        step->kind = CANARY_STEP_PAUSE;
        step->duration = -1;
        if (!check_object(ld, s, p.s, KEYS("setWeight", "pause", "analysis"))) continue;
        if (cJSON_GetArraySize(s) != 1) {
            err_at(ld, p.s, NULL, "a step has exactly one of setWeight, pause, analysis");
            continue;
        }
        if (member(s, "setWeight")) {
            step->kind = CANARY_STEP_SET_WEIGHT;
            get_int(ld, s, p.s, "setWeight", &step->weight, 0, 100);
        } else if (member(s, "pause")) {
            path_t pp = pkey(p.s, "pause");
            if (check_object(ld, member(s, "pause"), pp.s, KEYS("duration")))
                get_duration(ld, member(s, "pause"), pp.s, "duration", &step->duration, false);
        } else if (member(s, "analysis")) {
            path_t pa = pkey(p.s, "analysis");
            const cJSON *a = member(s, "analysis");
            step->kind = CANARY_STEP_ANALYSIS;
            /* an analysis step runs canary.analysis's measurements; it has no keys itself */
            if (!cJSON_IsObject(a))
                err_type(ld, pa.s, NULL, "an object ({})", a);
            else if (a->child)
                err_at(ld, pa.s, a->child->string,
                       "an analysis step takes no keys: set them in canary.analysis");
        }
    }
}

static const char *const STRATEGY_TYPES[] = {"RollingUpdate", "Recreate", "Canary", "BlueGreen",
                                             NULL};

static void load_strategy(ld_t *ld, const cJSON *o, const char *path, service_spec_t *svc,
                          int service_index) {
    strategy_spec_t *st = &svc->strategy;
    if (!check_object(ld, o, path, KEYS("type", "rollingUpdate", "canary", "blueGreen"))) return;
    int type = get_enum(ld, o, path, "type", STRATEGY_TYPES, "strategy type");
    if (type >= 0) st->type = (strategy_kind_t)type;
    /* each sub-object belongs to one type (k8s: "may not be specified when strategy type is
     * Recreate") */
    static const char *const subs[] = {"rollingUpdate", NULL, "canary", "blueGreen"};
    for (int t = 0; t < 4; t++)
        if (subs[t] && member(o, subs[t]) && type >= 0 && t != type)
            err_at(ld, path, subs[t], "only valid with \"type\": \"%s\" (the type is %s)",
                   STRATEGY_TYPES[t], STRATEGY_TYPES[type]);
    const cJSON *ru = member(o, "rollingUpdate");
    path_t p = pkey(path, "rollingUpdate");
    if (ru && check_object(ld, ru, p.s, KEYS("maxSurge", "maxUnavailable")))
        load_fenceposts(ld, ru, p.s, st);
    const cJSON *c = member(o, "canary");
    p = pkey(path, "canary");
    if (c && check_object(ld, c, p.s,
                          KEYS("steps", "analysis", "maxSurge", "maxUnavailable", "trafficRouting",
                               "abortScaleDownDelaySeconds"))) {
        load_fenceposts(ld, c, p.s, st);
        if (member(c, "steps")) {
            path_t ps = pkey(p.s, "steps");
            load_steps(ld, member(c, "steps"), ps.s, st);
        }
        const cJSON *a = member(c, "analysis");
        path_t pa = pkey(p.s, "analysis");
        if (a) load_analysis(ld, a, pa.s, &st->analysis);
        for (int i = 0; i < st->step_count; i++)
            if (st->steps[i].kind == CANARY_STEP_ANALYSIS && !a) {
                path_t ps = pidx(pkey(p.s, "steps").s, i);
                err_at(ld, ps.s, "analysis", "needs canary.analysis (its thresholds)");
            }
        const cJSON *tr = member(c, "trafficRouting");
        path_t pt = pkey(p.s, "trafficRouting");
        if (tr && check_object(ld, tr, pt.s, KEYS("ingress")) && require(ld, tr, pt.s, "ingress")) {
            const char *name;
            if (get_string(ld, tr, pt.s, "ingress", &name, true))
                ld->routing[service_index] = member(tr, "ingress");
        }
        get_duration(ld, c, p.s, "abortScaleDownDelaySeconds", &st->abort_scale_down_delay, false);
    }
    const cJSON *bg = member(o, "blueGreen");
    p = pkey(path, "blueGreen");
    if (bg &&
        check_object(ld, bg, p.s,
                     KEYS("autoPromotionEnabled", "autoPromotionSeconds", "scaleDownDelaySeconds",
                          "previewReplicaCount", "previewService"))) {
        get_bool(ld, bg, p.s, "autoPromotionEnabled", &st->auto_promotion_enabled);
        get_duration(ld, bg, p.s, "autoPromotionSeconds", &st->auto_promotion_seconds, false);
        get_duration(ld, bg, p.s, "scaleDownDelaySeconds", &st->scale_down_delay, false);
        get_int(ld, bg, p.s, "previewReplicaCount", &st->preview_replica_count, 1,
                SCN_MAX_REPLICAS);
        if (member(bg, "previewService"))
            get_strdup(ld, bg, p.s, "previewService", &st->preview_service, true);
    }
}

/* ---- HPA ----------------------------------------------------------------------------- */

/* k8s defaults of autoscaling/v2 behavior (GenerateHPAScaleUpRules / ScaleDownRules). */
static bool hpa_default_rules(ld_t *ld, hpa_rules_t *r, bool up) {
    r->stabilization_window = up ? 0 : 300 * SIM_SEC;
    r->select_policy = HPA_SELECT_MAX;
    r->policy_count = up ? 2 : 1;
    r->policies = ld_calloc(ld, (size_t)r->policy_count, sizeof *r->policies);
    if (!r->policies) return r->policy_count = 0, false;
    if (up) r->policies[0] = (hpa_policy_t){HPA_POLICY_PODS, 4, 15 * SIM_SEC};
    r->policies[up ? 1 : 0] = (hpa_policy_t){HPA_POLICY_PERCENT, 100, 15 * SIM_SEC};
    return true;
}

static void load_rules(ld_t *ld, const cJSON *o, const char *path, hpa_rules_t *r) {
    if (!check_object(ld, o, path, KEYS("stabilizationWindowSeconds", "selectPolicy", "policies")))
        return;
    if (get_duration(ld, o, path, "stabilizationWindowSeconds", &r->stabilization_window, false) &&
        r->stabilization_window > 3600 * SIM_SEC)
        err_at(ld, path, "stabilizationWindowSeconds", "must be at most 3600 seconds");
    int sel = get_enum(ld, o, path, "selectPolicy", KEYS("Max", "Min", "Disabled"), "selectPolicy");
    if (sel >= 0) r->select_policy = (hpa_select_t)sel;
    const cJSON *pol = member(o, "policies");
    if (!pol) return;
    path_t pp = pkey(path, "policies");
    if (!cJSON_IsArray(pol) || cJSON_GetArraySize(pol) == 0) {
        if (cJSON_IsArray(pol))
            err_at(ld, pp.s, NULL, "must have at least one policy");
        else
            err_type(ld, pp.s, NULL, "an array of policies", pol);
        return;
    }
    free(r->policies);
    r->policies = array_items(ld, pol, sizeof *r->policies, &r->policy_count);
    if (!r->policies) return;
    int i = 0;
    for (const cJSON *c = pol->child; c; c = c->next, i++) {
        path_t p = pidx(pp.s, i);
        hpa_policy_t *hp = &r->policies[i];
        if (!check_object(ld, c, p.s, KEYS("type", "value", "periodSeconds"))) continue;
        require(ld, c, p.s, "type");
        require(ld, c, p.s, "value");
        require(ld, c, p.s, "periodSeconds");
        int t = get_enum(ld, c, p.s, "type", KEYS("Pods", "Percent"), "policy type");
        if (t >= 0) hp->type = t == 0 ? HPA_POLICY_PODS : HPA_POLICY_PERCENT;
        get_int(ld, c, p.s, "value", &hp->value, 1,
                t == 1 ? SCN_MAX_PERCENT : SCN_MAX_REPLICAS); /* Percent, Pods */
        if (get_duration(ld, c, p.s, "periodSeconds", &hp->period, true) &&
            hp->period > 1800 * SIM_SEC)
            err_at(ld, p.s, "periodSeconds", "must be at most 1800 seconds");
    }
}

static void load_hpa(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s) {
    hpa_spec_t *h = &s->hpa;
    if (!check_object(
            ld, o, path,
            KEYS("minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "behavior")))
        return;
    h->enabled = true;
    get_int(ld, o, path, "minReplicas", &h->min_replicas, 1, SCN_MAX_REPLICAS);
    if (require(ld, o, path, "maxReplicas") &&
        get_int(ld, o, path, "maxReplicas", &h->max_replicas, 1, SCN_MAX_REPLICAS) &&
        h->max_replicas < h->min_replicas)
        err_at(ld, path, "maxReplicas", "must be greater than or equal to minReplicas (%d)",
               h->min_replicas);
    get_int(ld, o, path, "targetCPUUtilizationPercentage", &h->target_cpu_utilization, 1,
            SCN_MAX_PERCENT);
    const cJSON *b = member(o, "behavior");
    path_t pb = pkey(path, "behavior");
    if (!b || !check_object(ld, b, pb.s, KEYS("scaleUp", "scaleDown"))) return;
    h->has_behavior = true;
    hpa_default_rules(ld, &h->scale_up, true);
    hpa_default_rules(ld, &h->scale_down, false);
    path_t p = pkey(pb.s, "scaleUp");
    if (member(b, "scaleUp")) load_rules(ld, member(b, "scaleUp"), p.s, &h->scale_up);
    p = pkey(pb.s, "scaleDown");
    if (member(b, "scaleDown")) load_rules(ld, member(b, "scaleDown"), p.s, &h->scale_down);
}

/* ---- services ------------------------------------------------------------------------ */

static int by_at(const void *a, const void *b, size_t at_offset) {
    sim_time_t x = *(const sim_time_t *)((const char *)a + at_offset);
    sim_time_t y = *(const sim_time_t *)((const char *)b + at_offset);
    return (x > y) - (x < y);
}

/* Stable insertion sort by a sim_time_t field (inputs are nearly always sorted already). */
static void sort_by_at(void *base, int n, size_t size, size_t at_offset) {
    char tmp[256];
    char *a = base;
    if (size > sizeof tmp) return;
    for (int i = 1; i < n; i++) {
        int j = i;
        while (j > 0 && by_at(a + (size_t)(j - 1) * size, a + (size_t)i * size, at_offset) > 0)
            j--;
        if (j == i) continue;
        memcpy(tmp, a + (size_t)i * size, size);
        memmove(a + (size_t)(j + 1) * size, a + (size_t)j * size, (size_t)(i - j) * size);
        memcpy(a + (size_t)j * size, tmp, size);
    }
}

static void load_traffic(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s) {
    if (!check_object(ld, o, path, KEYS("rps", "pattern"))) return;
    get_rps(ld, o, path, "rps", &s->rps);
    const cJSON *pat = get_array(ld, o, path, "pattern");
    path_t pp = pkey(path, "pattern");
    s->pattern = array_items(ld, pat, sizeof *s->pattern, &s->pattern_count);
    if (!s->pattern) return;
    int i = 0;
    for (const cJSON *c = pat->child; c; c = c->next, i++) {
        path_t p = pidx(pp.s, i);
        if (!check_object(ld, c, p.s, KEYS("at", "rps", "ramp"))) continue;
        require(ld, c, p.s, "at");
        require(ld, c, p.s, "rps");
        get_duration(ld, c, p.s, "at", &s->pattern[i].at, false);
        get_rps(ld, c, p.s, "rps", &s->pattern[i].rps);
        get_duration(ld, c, p.s, "ramp", &s->pattern[i].ramp, false);
    }
    sort_by_at(s->pattern, s->pattern_count, sizeof *s->pattern, offsetof(traffic_point_t, at));
}

static void load_pdb(ld_t *ld, const cJSON *o, const char *path, pdb_spec_t *pdb) {
    if (!check_object(ld, o, path, KEYS("minAvailable", "maxUnavailable"))) return;
    if (!member(o, "minAvailable") == !member(o, "maxUnavailable")) {
        err_at(ld, path, NULL, "needs exactly one of minAvailable, maxUnavailable");
        return;
    }
    const char *key = member(o, "minAvailable") ? "minAvailable" : "maxUnavailable";
    if (!get_int_or_pct(ld, o, path, key, &pdb->value)) return;
    pdb->kind = key[1] == 'i' ? PDB_MIN_AVAILABLE : PDB_MAX_UNAVAILABLE;
    if (pdb->value.percent && pdb->value.value > 100)
        err_at(ld, path, key, "must not be greater than 100%%");
}

/* ---- placement: node labels and taints, what a pod asks of its node ------------------- */

/* The zone's index in sc->zones, added on first sight; -1 when out of memory. */
static int zone_index(ld_t *ld, const char *name) {
    scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->zone_count; i++)
        if (!strcmp(sc->zones[i], name)) return i;
    char **n = realloc(sc->zones, sizeof *n * (size_t)(sc->zone_count + 1));
    if (!n) return -1;
    sc->zones = n;
    char *dup = ld_strdup(ld, name);
    if (!dup) return -1;
    sc->zones[sc->zone_count] = dup;
    return sc->zone_count++;
}

/* A map of label keys to string values ({"disktype": "ssd"}). */
static void load_labels(ld_t *ld, const cJSON *o, const char *path, const char *key, label_t **out,
                        int *count) {
    const cJSON *m = member(o, key);
    if (!m) return;
    path_t p = pkey(path, key);
    if (!check_object(ld, m, p.s, NULL)) return;
    *out = array_items(ld, m, sizeof **out, count);
    int i = 0;
    for (const cJSON *c = m->child; c && *out; c = c->next, i++) {
        if (!c->string[0]) err_at(ld, p.s, NULL, "a label key must not be empty");
        if (!strcmp(c->string, LABEL_ZONE) || !strcmp(c->string, LABEL_HOSTNAME) ||
            !strcmp(c->string, LABEL_INSTANCE_TYPE))
            if (!strcmp(key, "labels"))
                err_at(ld, p.s, c->string,
                       "set by the pool's zone, the node's name or "
                       "instanceType, not as a label");
        (*out)[i].key = ld_strdup(ld, c->string);
        get_strdup(ld, m, p.s, c->string, &(*out)[i].value, false);
    }
}

static void load_taint(ld_t *ld, const cJSON *o, const char *path, taint_spec_t *t) {
    if (!check_object(ld, o, path, KEYS("key", "value", "effect"))) return;
    require(ld, o, path, "key");
    require(ld, o, path, "effect");
    get_strdup(ld, o, path, "key", &t->key, true);
    t->value = ld_strdup(ld, "");
    get_strdup(ld, o, path, "value", &t->value, false);
    int e = get_enum_n(ld, o, path, "effect", taint_effect_names, 3, "taint effect");
    if (e >= 0) t->effect = (taint_effect_t)e;
}

static void load_pool_placement(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p) {
    const char *zone;
    if (member(o, "zone") && member(o, "zones"))
        err_at(ld, path, "zones", "give zone or zones, not both");
    if (get_string(ld, o, path, "zone", &zone, true)) {
        p->zones = ld_calloc(ld, 1, sizeof *p->zones);
        if (p->zones) p->zones[0] = zone_index(ld, zone), p->zone_count = 1;
    }
    const cJSON *zs = get_array(ld, o, path, "zones");
    if (zs && !member(o, "zone")) {
        path_t pz = pkey(path, "zones");
        if (!zs->child) err_at(ld, path, "zones", "must not be empty");
        p->zones = array_items(ld, zs, sizeof *p->zones, &p->zone_count);
        int i = 0;
        for (const cJSON *c = zs->child; c && p->zones; c = c->next, i++) {
            if (!cJSON_IsString(c) || !c->valuestring[0]) {
                err_type(ld, pidx(pz.s, i).s, NULL, "a zone name", c);
                continue;
            }
            p->zones[i] = zone_index(ld, c->valuestring);
        }
    }
    load_labels(ld, o, path, "labels", &p->labels, &p->label_count);
    const cJSON *ts = get_array(ld, o, path, "taints");
    p->taints = array_items(ld, ts, sizeof *p->taints, &p->taint_count);
    int i = 0;
    for (const cJSON *c = ts ? ts->child : NULL; c && p->taints; c = c->next, i++)
        load_taint(ld, c, pidx(pkey(path, "taints").s, i).s, &p->taints[i]);
    get_strdup(ld, o, path, "instanceType", &p->instance_type, true);
}

static const char *const SELECTOR_OPS[] = {"In", "NotIn", "Exists", "DoesNotExist",
                                           "Gt", "Lt",    NULL};

/* A nodeSelectorTerm; k8s: validation.ValidateNodeSelectorRequirement (values for In/NotIn,
 * none for Exists/DoesNotExist, one integer for Gt/Lt). */
static void load_term(ld_t *ld, const cJSON *o, const char *path, node_term_t *t) {
    if (!check_object(ld, o, path, KEYS("matchExpressions"))) return;
    const cJSON *es = get_array(ld, o, path, "matchExpressions");
    t->exprs = array_items(ld, es, sizeof *t->exprs, &t->expr_count);
    path_t pe = pkey(path, "matchExpressions");
    int i = 0;
    for (const cJSON *c = es ? es->child : NULL; c && t->exprs; c = c->next, i++) {
        path_t p = pidx(pe.s, i);
        match_expr_t *e = &t->exprs[i];
        if (!check_object(ld, c, p.s, KEYS("key", "operator", "values"))) continue;
        require(ld, c, p.s, "key");
        require(ld, c, p.s, "operator");
        get_strdup(ld, c, p.s, "key", &e->key, true);
        int op = get_enum(ld, c, p.s, "operator", SELECTOR_OPS, "operator");
        if (op < 0) continue;
        e->op = (selector_op_t)op;
        const cJSON *vs = get_array(ld, c, p.s, "values");
        int n = vs ? cJSON_GetArraySize(vs) : 0;
        if ((e->op == SEL_IN || e->op == SEL_NOT_IN) && n == 0)
            err_at(ld, p.s, "values", "must be non-empty for operator %s", SELECTOR_OPS[op]);
        if ((e->op == SEL_EXISTS || e->op == SEL_DOES_NOT_EXIST) && n > 0)
            err_at(ld, p.s, "values", "must be empty for operator %s", SELECTOR_OPS[op]);
        if ((e->op == SEL_GT || e->op == SEL_LT) && n != 1)
            err_at(ld, p.s, "values", "must have one integer for operator %s", SELECTOR_OPS[op]);
        e->values = array_items(ld, vs, sizeof *e->values, &e->value_count);
        int k = 0;
        for (const cJSON *v = vs ? vs->child : NULL; v && e->values; v = v->next, k++) {
            char *end = NULL;
            if (!cJSON_IsString(v)) {
                err_type(ld, pidx(pkey(p.s, "values").s, k).s, NULL, "a string", v);
                continue;
            }
            if ((e->op == SEL_GT || e->op == SEL_LT) &&
                (strtoll(v->valuestring, &end, 10), !v->valuestring[0] || *end))
                err_at(ld, pidx(pkey(p.s, "values").s, k).s, NULL, "must be an integer");
            e->values[k] = ld_strdup(ld, v->valuestring);
        }
    }
}

static void load_node_affinity(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl) {
    static const char *const REQ = "requiredDuringSchedulingIgnoredDuringExecution";
    static const char *const PREF = "preferredDuringSchedulingIgnoredDuringExecution";
    if (!check_object(ld, o, path, KEYS(REQ, PREF))) return;
    const cJSON *req = member(o, REQ);
    path_t pr = pkey(path, REQ);
    if (req && check_object(ld, req, pr.s, KEYS("nodeSelectorTerms")) &&
        require(ld, req, pr.s, "nodeSelectorTerms")) {
        const cJSON *ts = get_array(ld, req, pr.s, "nodeSelectorTerms");
        if (ts && !ts->child) err_at(ld, pr.s, "nodeSelectorTerms", "must not be empty");
        pl->required = array_items(ld, ts, sizeof *pl->required, &pl->required_count);
        path_t pt = pkey(pr.s, "nodeSelectorTerms");
        int i = 0;
        for (const cJSON *c = ts ? ts->child : NULL; c && pl->required; c = c->next, i++)
            load_term(ld, c, pidx(pt.s, i).s, &pl->required[i]);
    }
    const cJSON *pf = get_array(ld, o, path, PREF);
    pl->preferred = array_items(ld, pf, sizeof *pl->preferred, &pl->preferred_count);
    path_t pp = pkey(path, PREF);
    int i = 0;
    for (const cJSON *c = pf ? pf->child : NULL; c && pl->preferred; c = c->next, i++) {
        path_t p = pidx(pp.s, i);
        preferred_term_t *t = &pl->preferred[i];
        if (!check_object(ld, c, p.s, KEYS("weight", "preference"))) continue;
        require(ld, c, p.s, "weight");
        get_int(ld, c, p.s, "weight", &t->weight, 1, 100);
        if (require(ld, c, p.s, "preference"))
            load_term(ld, member(c, "preference"), pkey(p.s, "preference").s, &t->term);
    }
}

static void load_tolerations(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl) {
    const cJSON *ts = get_array(ld, o, path, "tolerations");
    pl->tolerations = array_items(ld, ts, sizeof *pl->tolerations, &pl->toleration_count);
    path_t pt = pkey(path, "tolerations");
    int i = 0;
    for (const cJSON *c = ts ? ts->child : NULL; c && pl->tolerations; c = c->next, i++) {
        path_t p = pidx(pt.s, i);
        toleration_t *t = &pl->tolerations[i];
        t->effect = -1;
        t->key = ld_strdup(ld, "");
        t->value = ld_strdup(ld, "");
        if (!check_object(ld, c, p.s,
                          KEYS("key", "operator", "value", "effect", "tolerationSeconds")))
            continue;
        get_strdup(ld, c, p.s, "key", &t->key, false);
        t->exists = get_enum(ld, c, p.s, "operator", KEYS("Equal", "Exists"), "operator") == 1;
        get_strdup(ld, c, p.s, "value", &t->value, false);
        int e = get_enum_n(ld, c, p.s, "effect", taint_effect_names, 3, "taint effect");
        if (e >= 0) t->effect = e;
        /* k8s: validation.ValidateTolerations */
        if (t->exists && t->value && t->value[0])
            err_at(ld, p.s, "value", "must be empty when operator is Exists");
        if (t->key && !t->key[0] && !t->exists)
            err_at(ld, p.s, "operator", "must be Exists when key is empty");
        int secs;
        if (get_int(ld, c, p.s, "tolerationSeconds", &secs, 0, (int)(SCN_MAX_DURATION / SIM_SEC))) {
            if (t->effect != TAINT_NO_EXECUTE)
                err_at(ld, p.s, "tolerationSeconds", "only with effect NoExecute");
            t->has_seconds = true;
            t->seconds = (sim_time_t)secs * SIM_SEC;
        }
    }
}

/* topologySpreadConstraints; the labelSelector is the service's own pods (app=NAME). */
static void load_spread(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                        const char *service) {
    const cJSON *cs = get_array(ld, o, path, "topologySpreadConstraints");
    pl->spread = array_items(ld, cs, sizeof *pl->spread, &pl->spread_count);
    path_t pc = pkey(path, "topologySpreadConstraints");
    int i = 0;
    for (const cJSON *c = cs ? cs->child : NULL; c && pl->spread; c = c->next, i++) {
        path_t p = pidx(pc.s, i);
        spread_constraint_t *t = &pl->spread[i];
        if (!check_object(ld, c, p.s,
                          KEYS("maxSkew", "topologyKey", "whenUnsatisfiable", "minDomains",
                               "labelSelector", "nodeAffinityPolicy", "nodeTaintsPolicy")))
            continue;
        require(ld, c, p.s, "maxSkew");
        require(ld, c, p.s, "topologyKey");
        require(ld, c, p.s, "whenUnsatisfiable");
        get_int(ld, c, p.s, "maxSkew", &t->max_skew, 1, SCN_MAX_REPLICAS);
        int k =
            get_enum(ld, c, p.s, "topologyKey", KEYS(LABEL_HOSTNAME, LABEL_ZONE), "topology key");
        if (k >= 0) t->key = (topology_key_t)k;
        t->do_not_schedule =
            get_enum(ld, c, p.s, "whenUnsatisfiable", KEYS("DoNotSchedule", "ScheduleAnyway"),
                     "whenUnsatisfiable") == 0;
        if (get_int(ld, c, p.s, "minDomains", &t->min_domains, 1, SCN_MAX_COUNT) &&
            !t->do_not_schedule)
            err_at(ld, p.s, "minDomains", "only with whenUnsatisfiable DoNotSchedule");
        get_enum(ld, c, p.s, "nodeAffinityPolicy", KEYS("Honor"),
                 "nodeAffinityPolicy (the model has the default, Honor)");
        get_enum(ld, c, p.s, "nodeTaintsPolicy", KEYS("Ignore"),
                 "nodeTaintsPolicy (the model has the default, Ignore)");
        const cJSON *sel = member(c, "labelSelector");
        path_t ps = pkey(p.s, "labelSelector");
        if (sel && check_object(ld, sel, ps.s, KEYS("matchLabels"))) {
            const cJSON *ml = member(sel, "matchLabels");
            path_t pm = pkey(ps.s, "matchLabels");
            /* the model's pods carry app=SERVICE only: no other selector can be counted */
            if (ml && check_object(ld, ml, pm.s, KEYS("app")) &&
                (!cJSON_IsString(member(ml, "app")) || !service ||
                 strcmp(member(ml, "app")->valuestring, service)))
                err_at(ld, pm.s, "app",
                       "must be the service's own name (%s): the model counts "
                       "the service's pods",
                       service ? service : "?");
        }
    }
}

/* One podAffinityTerm: {labelSelector: {matchLabels: {app: NAME}}, topologyKey}. */
static void load_pod_term(ld_t *ld, const cJSON *o, const char *path, pod_term_t *t) {
    t->service = -1;
    if (!check_object(ld, o, path, KEYS("labelSelector", "topologyKey"))) return;
    require(ld, o, path, "labelSelector");
    require(ld, o, path, "topologyKey");
    int k = get_enum(ld, o, path, "topologyKey", KEYS(LABEL_HOSTNAME, LABEL_ZONE), "topology key");
    if (k >= 0) t->key = (topology_key_t)k;
    const cJSON *sel = member(o, "labelSelector");
    path_t ps = pkey(path, "labelSelector");
    if (!sel || !check_object(ld, sel, ps.s, KEYS("matchLabels")) ||
        !require(ld, sel, ps.s, "matchLabels"))
        return;
    path_t pm = pkey(ps.s, "matchLabels");
    const cJSON *ml = member(sel, "matchLabels");
    /* the model's pods carry one label, app=SERVICE */
    if (check_object(ld, ml, pm.s, KEYS("app")) && require(ld, ml, pm.s, "app"))
        get_strdup(ld, ml, pm.s, "app", &t->app, true);
}

static void load_pod_affinity(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                              bool anti) {
    static const char *const REQ = "requiredDuringSchedulingIgnoredDuringExecution";
    static const char *const PREF = "preferredDuringSchedulingIgnoredDuringExecution";
    if (!check_object(ld, o, path, KEYS(REQ, PREF))) return;
    int kr = anti ? POD_ANTI_REQ : POD_AFFINITY_REQ, kp = anti ? POD_ANTI_PREF : POD_AFFINITY_PREF;
    const cJSON *req = get_array(ld, o, path, REQ);
    pl->pod_terms[kr] = array_items(ld, req, sizeof(pod_term_t), &pl->pod_term_count[kr]);
    int i = 0;
    for (const cJSON *c = req ? req->child : NULL; c && pl->pod_terms[kr]; c = c->next, i++)
        load_pod_term(ld, c, pidx(pkey(path, REQ).s, i).s, &pl->pod_terms[kr][i]);
    const cJSON *pref = get_array(ld, o, path, PREF);
    pl->pod_terms[kp] = array_items(ld, pref, sizeof(pod_term_t), &pl->pod_term_count[kp]);
    i = 0;
    for (const cJSON *c = pref ? pref->child : NULL; c && pl->pod_terms[kp]; c = c->next, i++) {
        path_t p = pidx(pkey(path, PREF).s, i);
        pod_term_t *t = &pl->pod_terms[kp][i];
        t->service = -1;
        if (!check_object(ld, c, p.s, KEYS("weight", "podAffinityTerm"))) continue;
        require(ld, c, p.s, "weight");
        get_int(ld, c, p.s, "weight", &t->weight, 1, 100);
        if (require(ld, c, p.s, "podAffinityTerm"))
            load_pod_term(ld, member(c, "podAffinityTerm"), pkey(p.s, "podAffinityTerm").s, t);
    }
}

/* The pod terms' app labels name services of the same namespace (after every service is
 * loaded: a term may name a later one). */
static void resolve_pod_terms(ld_t *ld) {
    scenario_t *sc = ld->sc;
    static const char *const kinds[] = {
        "podAffinity.requiredDuringSchedulingIgnoredDuringExecution",
        "podAffinity.preferredDuringSchedulingIgnoredDuringExecution",
        "podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution",
        "podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"};
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        for (int k = 0; k < POD_TERM_KINDS; k++)
            for (int t = 0; t < s->placement.pod_term_count[k]; t++) {
                pod_term_t *pt = &s->placement.pod_terms[k][t];
                sc->pod_affinity = true;
                for (int j = 0; j < sc->service_count && pt->app; j++)
                    if (sc->services[j].name && !strcmp(sc->services[j].name, pt->app) &&
                        sc->services[j].namespace_ && s->namespace_ &&
                        !strcmp(sc->services[j].namespace_, s->namespace_))
                        pt->service = j;
                if (pt->app && pt->service < 0) {
                    char path[256];
                    snprintf(path, sizeof path, "services[%d].affinity.%s[%d]", i, kinds[k], t);
                    err_at(ld, path, "labelSelector",
                           "app \"%s\" is no service of namespace %s (the model's pods carry "
                           "app=SERVICE)",
                           pt->app, s->namespace_ ? s->namespace_ : "?");
                }
            }
    }
}

static void load_placement(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                           const char *service) {
    load_labels(ld, o, path, "nodeSelector", &pl->node_selector, &pl->node_selector_count);
    load_tolerations(ld, o, path, pl);
    const cJSON *a = member(o, "affinity");
    path_t pa = pkey(path, "affinity");
    if (a && check_object(ld, a, pa.s, KEYS("nodeAffinity", "podAffinity", "podAntiAffinity"))) {
        if (member(a, "nodeAffinity"))
            load_node_affinity(ld, member(a, "nodeAffinity"), pkey(pa.s, "nodeAffinity").s, pl);
        if (member(a, "podAffinity"))
            load_pod_affinity(ld, member(a, "podAffinity"), pkey(pa.s, "podAffinity").s, pl, false);
        if (member(a, "podAntiAffinity"))
            load_pod_affinity(ld, member(a, "podAntiAffinity"), pkey(pa.s, "podAntiAffinity").s, pl,
                              true);
    }
    load_spread(ld, o, path, pl, service);
}

static void term_free(node_term_t *t) {
    for (int i = 0; i < t->expr_count; i++) {
        free(t->exprs[i].key);
        for (int k = 0; k < t->exprs[i].value_count; k++)
            free(t->exprs[i].values[k]);
        free(t->exprs[i].values);
    }
    free(t->exprs);
}

static void labels_free(label_t *l, int n) {
    for (int i = 0; i < n; i++)
        free(l[i].key), free(l[i].value);
    free(l);
}

static void placement_free(placement_spec_t *pl) {
    labels_free(pl->node_selector, pl->node_selector_count);
    for (int i = 0; i < pl->required_count; i++)
        term_free(&pl->required[i]);
    free(pl->required);
    for (int i = 0; i < pl->preferred_count; i++)
        term_free(&pl->preferred[i].term);
    free(pl->preferred);
    for (int i = 0; i < pl->toleration_count; i++)
        free(pl->tolerations[i].key), free(pl->tolerations[i].value);
    free(pl->tolerations);
    free(pl->spread);
    for (int k = 0; k < POD_TERM_KINDS; k++) {
        for (int t = 0; t < pl->pod_term_count[k]; t++)
            free(pl->pod_terms[k][t].app);
        free(pl->pod_terms[k]);
    }
}

static void pool_placement_free(pool_spec_t *p) {
    free(p->zones);
    labels_free(p->labels, p->label_count);
    for (int i = 0; i < p->taint_count; i++)
        free(p->taints[i].key), free(p->taints[i].value);
    free(p->taints);
    free(p->instance_type);
}

static void service_defaults(service_spec_t *s) {
    s->runtime = RUNTIME_CONTAINER;
    s->replicas = 1;
    s->progress_deadline = 600 * SIM_SEC;
    s->revision_history_limit = 10;
    s->load_balancing = LB_ROUND_ROBIN;
    s->ingress = -1;
    strategy_spec_t *st = &s->strategy;
    st->type = STRATEGY_ROLLING_UPDATE;
    st->max_surge = st->max_unavailable = (int_or_pct_t){true, true, 25};
    st->analysis.interval = 30 * SIM_SEC;
    st->traffic_router_ingress = -1;
    st->abort_scale_down_delay = 30 * SIM_SEC;
    st->auto_promotion_enabled = true;
    st->auto_promotion_seconds = -1;
    st->scale_down_delay = 30 * SIM_SEC;
    st->preview_replica_count = -1;
    s->hpa.min_replicas = 1;
    s->hpa.target_cpu_utilization = 80;
    s->pdb.kind = PDB_NONE;
}

static void load_service(ld_t *ld, const cJSON *o, const char *path, int index) {
    service_spec_t *s = &ld->sc->services[index];
    service_defaults(s);
    const char *const *lists[] = {SERVICE_KEYS, TEMPLATE_KEYS, NULL};
    if (!check_object_ex(ld, o, path, lists, NULL, NULL)) return;
    require(ld, o, path, "name");
    if (get_strdup(ld, o, path, "name", &s->name, true))
        check_label(ld, path, "name", "service name", s->name);
    s->namespace_ = ld_strdup(ld, "default");
    if (get_strdup(ld, o, path, "namespace", &s->namespace_, true))
        check_label(ld, path, "namespace", "namespace", s->namespace_);
    int rt = get_enum(ld, o, path, "runtime", RUNTIME_NAMES, "runtime");
    if (rt >= 0) s->runtime = (runtime_kind_t)rt;
    get_int(ld, o, path, "replicas", &s->replicas, 0, SCN_MAX_REPLICAS);
    get_duration(ld, o, path, "minReadySeconds", &s->min_ready, false);
    if (get_duration(ld, o, path, "progressDeadlineSeconds", &s->progress_deadline, true) &&
        s->progress_deadline <= s->min_ready)
        err_at(ld, path, "progressDeadlineSeconds", "must be greater than minReadySeconds");
    get_int(ld, o, path, "revisionHistoryLimit", &s->revision_history_limit, 0, SCN_MAX_COUNT);
    int lb = get_enum(ld, o, path, "loadBalancing", KEYS("round-robin", "random", "least-request"),
                      "load balancing");
    if (lb >= 0) s->load_balancing = (lb_kind_t)lb;

    version_spec_t base;
    template_defaults(&base);
    load_template(ld, o, path, &base);
    load_versions(ld, o, path, s, &base);
    version_free(&base);

    path_t p = pkey(path, "strategy");
    if (member(o, "strategy")) load_strategy(ld, member(o, "strategy"), p.s, s, index);
    p = pkey(path, "hpa");
    if (member(o, "hpa")) load_hpa(ld, member(o, "hpa"), p.s, s);
    if (s->hpa.enabled && s->version_count > 0 && s->versions[0].cpu == 0)
        err_at(ld, p.s, NULL, "needs a CPU request (resources.cpu is 0)");
    p = pkey(path, "podDisruptionBudget");
    if (member(o, "podDisruptionBudget"))
        load_pdb(ld, member(o, "podDisruptionBudget"), p.s, &s->pdb);
    p = pkey(path, "traffic");
    if (member(o, "traffic")) load_traffic(ld, member(o, "traffic"), p.s, s);
    load_placement(ld, o, path, &s->placement, s->name);
}

/* ---- name lookups -------------------------------------------------------------------- */

/* A service by "name" (unique across namespaces) or "namespace/name"; -1 with an error. */
static int resolve_service(ld_t *ld, const char *path, const char *key, const char *ref) {
    const scenario_t *sc = ld->sc;
    const char *slash = strchr(ref, '/');
    int found = -1, matches = 0;
    for (int i = 0; i < sc->service_count; i++) {
        const service_spec_t *s = &sc->services[i];
        if (!s->name || !s->namespace_) continue;
        if (slash ? (strlen(s->namespace_) == (size_t)(slash - ref) &&
                     !strncmp(s->namespace_, ref, (size_t)(slash - ref)) &&
                     !strcmp(s->name, slash + 1))
                  : !strcmp(s->name, ref)) {
            if (found < 0) found = i;
            matches++;
        }
    }
    if (matches == 1) return found;
    if (matches > 1) {
        err_at(ld, path, key, "ambiguous service \"%s\": %d namespaces have one (write \"%s/%s\")",
               ref, matches, sc->services[found].namespace_, ref);
        return -1;
    }
    const char **names = collect_names(sc->services, sc->service_count, sizeof(service_spec_t),
                                       offsetof(service_spec_t, name));
    err_unknown(ld, path, key, "service", "services", ref, names, sc->service_count);
    free(names);
    return -1;
}

/* A string member naming a service: its index, or -1. */
static int get_service_ref(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const char *ref;
    if (!get_string(ld, o, path, key, &ref, true)) return -1;
    return resolve_service(ld, path, key, ref);
}

static int get_pool_ref(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const char *ref;
    if (!get_string(ld, o, path, key, &ref, true)) return -1;
    const scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->pool_count; i++)
        if (sc->pools[i].name && !strcmp(sc->pools[i].name, ref)) return i;
    const char **names =
        collect_names(sc->pools, sc->pool_count, sizeof(pool_spec_t), offsetof(pool_spec_t, name));
    err_unknown(ld, path, key, "node pool", "node pools", ref, names, sc->pool_count);
    free(names);
    return -1;
}

/* Reports the second and later uses of a name (`what` "service" etc.); `scope` optionally
 * narrows uniqueness to a namespace. */
static void check_unique(ld_t *ld, const char *array_path, const void *base, int n, size_t stride,
                         size_t name_off, ptrdiff_t scope_off, const char *what) {
    for (int i = 0; i < n; i++) {
        const char *ni = *(char *const *)((const char *)base + (size_t)i * stride + name_off);
        const char *si =
            scope_off < 0
                ? NULL
                : *(char *const *)((const char *)base + (size_t)i * stride + (size_t)scope_off);
        for (int j = 0; ni && j < i; j++) {
            const char *nj = *(char *const *)((const char *)base + (size_t)j * stride + name_off);
            const char *sj =
                scope_off < 0
                    ? NULL
                    : *(char *const *)((const char *)base + (size_t)j * stride + (size_t)scope_off);
            if (!nj || strcmp(ni, nj) || (si && sj && strcmp(si, sj))) continue;
            path_t p = pidx(array_path, i);
            if (si)
                err_at(ld, p.s, "name", "duplicate %s \"%s\" in namespace \"%s\" (also %s[%d])",
                       what, ni, si, array_path, j);
            else
                err_at(ld, p.s, "name", "duplicate %s \"%s\" (also %s[%d])", what, ni, array_path,
                       j);
            break;
        }
    }
}

/* ---- cluster ------------------------------------------------------------------------- */

static void load_runtimes(ld_t *ld, const cJSON *root) {
    for (int r = 0; r < RUNTIME_COUNT; r++)
        ld->sc->runtimes[r] = runtime_default(r);
    const cJSON *rts = member(root, "runtimes");
    if (!rts || !check_object(ld, rts, "runtimes", RUNTIME_NAMES)) return;
    for (int r = 0; r < RUNTIME_COUNT; r++) {
        const cJSON *o = member(rts, RUNTIME_NAMES[r]);
        path_t p = pkey("runtimes", RUNTIME_NAMES[r]);
        runtime_spec_t *spec = &ld->sc->runtimes[r];
        if (!o || !check_object(ld, o, p.s,
                                KEYS("start", "memoryOverhead", "cpuOverhead", "pricePerHour")))
            continue;
        get_dist(ld, o, p.s, "start", &spec->start, false);
        get_quantity(ld, o, p.s, "memoryOverhead", Q_BYTES, SCN_MAX_BYTES, &spec->memory_overhead);
        get_quantity(ld, o, p.s, "cpuOverhead", Q_CPU, SCN_MAX_CPU, &spec->cpu_overhead);
        get_number(ld, o, p.s, "pricePerHour", &spec->price_per_hour, R_PRICE);
    }
}

static void load_pool(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p) {
    p->count = 1;
    p->cpu = 4000;
    p->memory = 16LL << 30;
    p->runtime = RUNTIME_CONTAINER;
    p->pull_bandwidth = (double)(100LL << 20);
    p->scale_down_utilization_threshold = 0.5;
    p->scale_down_unneeded_time = 600 * SIM_SEC;
    if (!check_object(ld, o, path,
                      KEYS("name", "count", "cpu", "memory", "runtime", "pricePerHour",
                           "pullBandwidth", "repair", "provisioningTime", "autoscaling", "zone",
                           "zones", "labels", "taints", "instanceType")))
        return;
    load_pool_placement(ld, o, path, p);
    require(ld, o, path, "name");
    if (get_strdup(ld, o, path, "name", &p->name, true))
        check_label(ld, path, "name", "node pool name", p->name);
    get_int(ld, o, path, "count", &p->count, 0, SCN_MAX_NODES);
    if (get_quantity(ld, o, path, "cpu", Q_CPU, SCN_MAX_CPU, &p->cpu) && p->cpu == 0)
        err_at(ld, path, "cpu", "must be greater than 0");
    if (get_quantity(ld, o, path, "memory", Q_BYTES, SCN_MAX_BYTES, &p->memory) && p->memory == 0)
        err_at(ld, path, "memory", "must be greater than 0");
    int rt = get_enum(ld, o, path, "runtime", RUNTIME_NAMES, "runtime");
    if (rt >= 0) p->runtime = (runtime_kind_t)rt;
    p->price_per_hour = ld->sc->runtimes[p->runtime].price_per_hour;
    get_number(ld, o, path, "pricePerHour", &p->price_per_hour, R_PRICE);
    int64_t bw;
    if (get_quantity(ld, o, path, "pullBandwidth", Q_RATE, (int64_t)SCN_MAX_BANDWIDTH, &bw)) {
        if ((double)bw < SCN_MIN_BANDWIDTH)
            err_at(ld, path, "pullBandwidth",
                   "%lld bytes per second is too small (the range is 1Ki to 1Pi per second)",
                   (long long)bw);
        else
            p->pull_bandwidth = (double)bw;
    }
    int rep = get_enum(ld, o, path, "repair", KEYS("manual", "auto"), "repair mode");
    p->repair_auto = rep == 1;
    p->provisioning_time = dist_constant(p->runtime == RUNTIME_VM     ? PROVISION_VM
                                         : p->runtime == RUNTIME_BARE ? PROVISION_BARE
                                                                      : PROVISION_CONTAINER);
    get_dist(ld, o, path, "provisioningTime", &p->provisioning_time, false);
    const cJSON *as = member(o, "autoscaling");
    path_t pa = pkey(path, "autoscaling");
    if (!as ||
        !check_object(ld, as, pa.s,
                      KEYS("min", "max", "scaleDownUtilizationThreshold", "scaleDownUnneededTime")))
        return;
    /* min defaults to the declared count: the autoscaler never removes what the file asks
     * for unless told it may */
    p->autoscaling = true;
    p->autoscaling_min = p->count;
    get_int(ld, as, pa.s, "min", &p->autoscaling_min, 0, SCN_MAX_NODES);
    if (require(ld, as, pa.s, "max") &&
        get_int(ld, as, pa.s, "max", &p->autoscaling_max, 0, SCN_MAX_NODES)) {
        if (p->autoscaling_max < p->autoscaling_min)
            err_at(ld, pa.s, "max", "must be greater than or equal to min (%d)",
                   p->autoscaling_min);
        else if (p->count < p->autoscaling_min || p->count > p->autoscaling_max)
            err_at(ld, path, "count", "must be between autoscaling.min (%d) and max (%d)",
                   p->autoscaling_min, p->autoscaling_max);
    }
    get_number(ld, as, pa.s, "scaleDownUtilizationThreshold", &p->scale_down_utilization_threshold,
               R_FRACTION);
    get_duration(ld, as, pa.s, "scaleDownUnneededTime", &p->scale_down_unneeded_time, false);
}

static void load_cluster(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    sc->node_monitor_grace_period = 50 * SIM_SEC;
    sc->toleration_seconds = 300 * SIM_SEC;
    sc->hpa_sync_period = 15 * SIM_SEC;
    sc->endpoint_propagation_delay = 0;
    const cJSON *c = member(root, "cluster");
    if (c && !check_object(ld, c, "cluster",
                           KEYS("nodePools", "nodeMonitorGracePeriod", "tolerationSeconds",
                                "hpaSyncPeriod", "endpointPropagationDelay")))
        return;
    get_duration(ld, c, "cluster", "nodeMonitorGracePeriod", &sc->node_monitor_grace_period, true);
    get_duration(ld, c, "cluster", "tolerationSeconds", &sc->toleration_seconds, false);
    get_duration(ld, c, "cluster", "hpaSyncPeriod", &sc->hpa_sync_period, true);
    get_duration(ld, c, "cluster", "endpointPropagationDelay", &sc->endpoint_propagation_delay,
                 false);
    if (!require(ld, c, "cluster", "nodePools")) return;
    const cJSON *pools = get_array(ld, c, "cluster", "nodePools");
    if (pools && !pools->child) err_at(ld, "cluster", "nodePools", "needs at least one node pool");
    sc->pools = array_items(ld, pools, sizeof *sc->pools, &sc->pool_count);
    if (!sc->pools) return;
    int i = 0;
    for (const cJSON *p = pools->child; p; p = p->next, i++)
        load_pool(ld, p, pidx("cluster.nodePools", i).s, &sc->pools[i]);
    check_unique(ld, "cluster.nodePools", sc->pools, sc->pool_count, sizeof *sc->pools,
                 offsetof(pool_spec_t, name), -1, "node pool");
}

/* ---- ingresses ----------------------------------------------------------------------- */

static void load_ingresses(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = get_array(ld, root, "", "ingresses");
    sc->ingresses = array_items(ld, arr, sizeof *sc->ingresses, &sc->ingress_count);
    if (!sc->ingresses) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = pidx("ingresses", i);
        ingress_spec_t *ing = &sc->ingresses[i];
        if (!check_object(ld, o, path.s, KEYS("name", "rules"))) continue;
        require(ld, o, path.s, "name");
        get_strdup(ld, o, path.s, "name", &ing->name, true);
        const cJSON *rules = get_array(ld, o, path.s, "rules");
        ing->rules = array_items(ld, rules, sizeof *ing->rules, &ing->rule_count);
        if (!ing->rules) continue;
        path_t pr = pkey(path.s, "rules");
        int k = 0;
        for (const cJSON *r = rules->child; r; r = r->next, k++) {
            path_t p = pidx(pr.s, k);
            ingress_rule_t *rule = &ing->rules[k];
            rule->host = ld_strdup(ld, "");
            rule->path = ld_strdup(ld, "/");
            rule->service = -1;
            if (!check_object(ld, r, p.s, KEYS("host", "path", "service"))) continue;
            get_strdup(ld, r, p.s, "host", &rule->host, false);
            if (get_strdup(ld, r, p.s, "path", &rule->path, true) && rule->path[0] != '/')
                err_at(ld, p.s, "path", "must start with \"/\" (got \"%s\")", rule->path);
            if (require(ld, r, p.s, "service"))
                rule->service = get_service_ref(ld, r, p.s, "service");
            if (rule->service >= 0 && sc->services[rule->service].ingress < 0)
                sc->services[rule->service].ingress = i;
        }
    }
    check_unique(ld, "ingresses", sc->ingresses, sc->ingress_count, sizeof *sc->ingresses,
                 offsetof(ingress_spec_t, name), -1, "ingress");
}

/* Cross-references that need every service, pool and ingress loaded. */
static void check_services(ld_t *ld) {
    scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        path_t path = pidx("services", i);
        bool provided = false;
        for (int k = 0; k < sc->pool_count; k++)
            provided |= sc->pools[k].runtime == s->runtime;
        if (!provided && sc->pool_count > 0) {
            char list[512] = "";
            size_t o = 0;
            for (int k = 0; k < sc->pool_count && o < sizeof list; k++) {
                int w = snprintf(list + o, sizeof list - o, "%s%s (%s)", k ? ", " : "",
                                 sc->pools[k].name ? sc->pools[k].name : "?",
                                 runtime_name(sc->pools[k].runtime));
                if (w > 0) o += (size_t)w;
            }
            err_at(ld, path.s, "runtime", "no node pool provides runtime \"%s\" (pools: %s)",
                   runtime_name(s->runtime), list);
        }
        const cJSON *ref = ld->routing[i];
        if (!ref) continue;
        path_t rp = pkey(path.s, "strategy.canary.trafficRouting");
        int found = -1;
        for (int k = 0; k < sc->ingress_count && found < 0; k++)
            if (sc->ingresses[k].name && !strcmp(sc->ingresses[k].name, ref->valuestring))
                found = k;
        if (found < 0) {
            const char **names =
                collect_names(sc->ingresses, sc->ingress_count, sizeof(ingress_spec_t),
                              offsetof(ingress_spec_t, name));
            err_unknown(ld, rp.s, "ingress", "ingress", "ingresses", ref->valuestring, names,
                        sc->ingress_count);
            free(names);
            continue;
        }
        bool routes = false;
        for (int r = 0; r < sc->ingresses[found].rule_count; r++)
            routes |= sc->ingresses[found].rules[r].service == i;
        if (!routes)
            err_at(ld, rp.s, "ingress", "ingress \"%s\" has no rule for service \"%s\"",
                   ref->valuestring, s->name ? s->name : "?");
        s->strategy.traffic_router_ingress = found;
    }
    check_unique(ld, "services", sc->services, sc->service_count, sizeof *sc->services,
                 offsetof(service_spec_t, name), (ptrdiff_t)offsetof(service_spec_t, namespace_),
                 "service");
}

/* ---- events, faults, notes ----------------------------------------------------------- */

/* "workers-3" -> pool and 0-based node index. `adds` counts the addNode events of each
 * pool before this event: they create POOL-(count+1), ... */
static void resolve_node(ld_t *ld, const char *path, const char *name, const int *adds,
                         action_t *a) {
    const scenario_t *sc = ld->sc;
    int best = -1;
    long n = 0;
    for (int i = 0; i < sc->pool_count; i++) {
        const char *pn = sc->pools[i].name;
        size_t len = pn ? strlen(pn) : 0;
        if (!pn || strncmp(name, pn, len) || name[len] != '-') continue;
        const char *num = name + len + 1;
        if (!*num || strspn(num, "0123456789") != strlen(num) || strlen(num) > 9) continue;
        if (best < 0 || len > strlen(sc->pools[best].name)) best = i, n = strtol(num, NULL, 10);
    }
    if (best >= 0) {
        const pool_spec_t *p = &sc->pools[best];
        int have = p->count + adds[best];
        if (n >= 1 && n <= have) {
            a->pool = best;
            a->node = (int)n - 1;
            return;
        }
        char extra[64] = "";
        if (adds[best])
            snprintf(extra, sizeof extra, ", counting %d addNode event%s before it", adds[best],
                     adds[best] == 1 ? "" : "s");
        if (have == 0)
            err_at(ld, path, "node", "unknown node \"%s\" (pool %s has no nodes%s)", name, p->name,
                   extra);
        else if (have == 1)
            err_at(ld, path, "node", "unknown node \"%s\" (pool %s has one node, %s-1%s)", name,
                   p->name, p->name, extra);
        else
            err_at(ld, path, "node", "unknown node \"%s\" (pool %s has nodes %s-1..%s-%d%s)", name,
                   p->name, p->name, p->name, have, extra);
        return;
    }
    char list[512] = "";
    size_t o = 0;
    for (int i = 0; i < sc->pool_count && o < sizeof list; i++) {
        const pool_spec_t *p = &sc->pools[i];
        if (!p->name) continue;
        int w = p->count > 1
                    ? snprintf(list + o, sizeof list - o, "%s%s-1..%s-%d", i ? ", " : "", p->name,
                               p->name, p->count)
                    : snprintf(list + o, sizeof list - o, "%s%s-1", i ? ", " : "", p->name);
        if (w > 0) o += (size_t)w;
    }
    err_at(ld, path, "node", "unknown node \"%s\" (nodes are named POOL-N: %s)", name, list);
}

/* killPod by name: pods are SERVICE-HASH-XXXXX, so the longest service name that prefixes
 * it names the service. */
static void resolve_pod(ld_t *ld, const char *path, const char *pod, action_t *a) {
    const scenario_t *sc = ld->sc;
    size_t best_len = 0;
    for (int i = 0; i < sc->service_count; i++) {
        const char *sn = sc->services[i].name;
        size_t len = sn ? strlen(sn) : 0;
        if (sn && len > best_len && !strncmp(pod, sn, len) && pod[len] == '-')
            best_len = len, a->service = i;
    }
    if (a->service < 0)
        err_at(ld, path, "pod",
               "unknown pod \"%s\" (pods are named SERVICE-HASH-XXXXX, e.g. web-7d4b9c8f6-x2k9q;"
               " or give \"service\" to kill one of its pods)",
               pod);
}

/* failZone / repairZone {zone}; taint {node, key, value, effect}; untaint {node, key, effect}
 * like `kubectl taint nodes NODE key[=value]:EFFECT[-]`. */
static void load_zone_taint_action(ld_t *ld, const cJSON *o, const char *path, action_t *a) {
    const char *zone;
    if ((a->action == ACTION_FAIL_ZONE || a->action == ACTION_REPAIR_ZONE) &&
        get_string(ld, o, path, "zone", &zone, true)) {
        for (int i = 0; i < ld->sc->zone_count; i++)
            if (!strcmp(ld->sc->zones[i], zone)) a->zone = i;
        if (a->zone < 0)
            err_unknown(ld, path, "zone", "zone", "zones of the node pools", zone,
                        (const char **)ld->sc->zones, ld->sc->zone_count);
    }
    if (a->action != ACTION_TAINT && a->action != ACTION_UNTAINT) return;
    get_strdup(ld, o, path, "key", &a->taint.key, true);
    a->taint.value = ld_strdup(ld, "");
    get_strdup(ld, o, path, "value", &a->taint.value, false);
    int e = get_enum_n(ld, o, path, "effect", taint_effect_names, 3, "taint effect");
    if (e >= 0) a->taint.effect = (taint_effect_t)e;
    a->untaint_effect = member(o, "effect") ? e : -1;
}

static void load_event(ld_t *ld, const cJSON *o, const char *path, action_t *a,
                       const char **node_name) {
    *a = (action_t){.action = ACTION_DEPLOY,
                    .service = -1,
                    .version = -1,
                    .pool = -1,
                    .node = -1,
                    .zone = -1,
                    .untaint_effect = -1};
    if (!cJSON_IsObject(o)) {
        err_type(ld, path, NULL, "an object", o);
        return;
    }
    require(ld, o, path, "at");
    get_duration(ld, o, path, "at", &a->at, false);
    int act = require(ld, o, path, "action")
                  ? get_enum_n(ld, o, path, "action", action_names, ACTION_COUNT, "action")
                  : -1;
    if (act < 0) {
        check_object(ld, o, path, EVENT_KEYS);
        return;
    }
    a->action = (action_kind_t)act;
    const char *const *req = ACTION_KEYS[act].required, *const *opt = ACTION_KEYS[act].optional;
    const char *const *lists[4] = {KEYS("at", "action"), NULL, NULL, NULL};
    int nlists = 1;
    if (req) lists[nlists++] = req;
    if (opt) lists[nlists++] = opt;
    char takes[128], takes2[64], msg[256];
    join(req ? req : opt, -1, takes, sizeof takes);
    if (req && opt)
        snprintf(takes + strlen(takes), sizeof takes - strlen(takes), ", %s",
                 join(opt, -1, takes2, sizeof takes2));
    snprintf(msg, sizeof msg, "not a key of action \"%s\" (it takes %s)", action_names[act], takes);
    check_object_ex(ld, o, path, lists, EVENT_KEYS, msg);
    for (int i = 0; req && req[i]; i++)
        require(ld, o, path, req[i]);
    if (a->action == ACTION_KILL_POD && !member(o, "pod") == !member(o, "service"))
        err_at(ld, path, NULL, "killPod needs exactly one of pod, service");

    if (member(o, "service") && (req ? in_list(req, "service") : in_list(opt, "service")))
        a->service = get_service_ref(ld, o, path, "service");
    const char *ver;
    if (a->action == ACTION_DEPLOY && a->service >= 0 &&
        get_string(ld, o, path, "version", &ver, true)) {
        const service_spec_t *s = &ld->sc->services[a->service];
        for (int v = 0; v < s->version_count && a->version < 0; v++)
            if (s->versions[v].name && !strcmp(s->versions[v].name, ver)) a->version = v;
        if (a->version < 0) {
            char what[160];
            snprintf(what, sizeof what, "versions of service %s", s->name);
            const char **names =
                collect_names(s->versions, s->version_count, sizeof(version_spec_t),
                              offsetof(version_spec_t, name));
            err_unknown(ld, path, "version", "version", what, ver, names, s->version_count);
            free(names);
        }
    }
    if (a->action == ACTION_SCALE)
        get_int(ld, o, path, "replicas", &a->replicas, 0, SCN_MAX_REPLICAS);
    if (a->action == ACTION_PROMOTE) get_bool(ld, o, path, "full", &a->full);
    if (a->action == ACTION_SET_TRAFFIC) {
        get_rps(ld, o, path, "rps", &a->rps);
        get_duration(ld, o, path, "ramp", &a->ramp, false);
    }
    if (a->action == ACTION_ADD_NODE) a->pool = get_pool_ref(ld, o, path, "pool");
    const char *pod;
    if (a->action == ACTION_KILL_POD && get_string(ld, o, path, "pod", &pod, true)) {
        a->pod = ld_strdup(ld, pod);
        resolve_pod(ld, path, pod, a);
    }
    if ((act >= ACTION_FAIL_NODE && act <= ACTION_DRAIN_NODE) || act == ACTION_TAINT ||
        act == ACTION_UNTAINT)
        get_string(ld, o, path, "node", node_name, true);
    load_zone_taint_action(ld, o, path, a);
}

static void load_events(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = get_array(ld, root, "", "events");
    sc->events = array_items(ld, arr, sizeof *sc->events, &sc->event_count);
    int n = sc->event_count;
    const char **nodes = ld_calloc(ld, (size_t)n, sizeof *nodes);
    int *adds = ld_calloc(ld, (size_t)sc->pool_count + 1, sizeof *adds);
    if (!n || !nodes || !adds) goto out;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++)
        load_event(ld, o, pidx("events", i).s, &sc->events[i], &nodes[i]);
    /* node names, once every addNode is known: POOL-N exists if N <= count + addNodes before */
    for (i = 0; i < n; i++) {
        if (!nodes[i]) continue;
        memset(adds, 0, sizeof *adds * (size_t)sc->pool_count);
        for (int j = 0; j < n; j++) {
            const action_t *e = &sc->events[j];
            if (e->action == ACTION_ADD_NODE && e->pool >= 0 &&
                (e->at < sc->events[i].at || (e->at == sc->events[i].at && j < i)))
                adds[e->pool]++;
        }
        resolve_node(ld, pidx("events", i).s, nodes[i], adds, &sc->events[i]);
    }
    sort_by_at(sc->events, n, sizeof *sc->events, offsetof(action_t, at));
out:
    free(nodes);
    free(adds);
}

static void load_faults(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = get_array(ld, root, "", "faults");
    sc->faults = array_items(ld, arr, sizeof *sc->faults, &sc->fault_count);
    if (!sc->faults) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = pidx("faults", i);
        fault_spec_t *f = &sc->faults[i];
        f->pool = f->service = f->zone = -1;
        if (!cJSON_IsObject(o)) {
            err_type(ld, path.s, NULL, "an object", o);
            continue;
        }
        int type = require(ld, o, path.s, "type")
                       ? get_enum(ld, o, path.s, "type",
                                  KEYS("nodeFailure", "podCrash", "zoneFailure"), "fault type")
                       : -1;
        if (type < 0) {
            check_object(ld, o, path.s, FAULT_KEYS);
            continue;
        }
        f->type = type == 0 ? FAULT_NODE_FAILURE : type == 1 ? FAULT_POD_CRASH : FAULT_ZONE_FAILURE;
        const char *const *keys = type == 0   ? KEYS("type", "pool", "mtbf", "repairTime")
                                  : type == 1 ? KEYS("type", "service", "mtbf")
                                              : KEYS("type", "zone", "mtbf", "repairTime");
        const char *const *lists[] = {keys, NULL};
        check_object_ex(ld, o, path.s, lists, FAULT_KEYS,
                        type == 0 ? "not a key of a nodeFailure (it takes pool, mtbf, repairTime)"
                        : type == 1
                            ? "not a key of a podCrash (it takes service, mtbf)"
                            : "not a key of a zoneFailure (it takes zone, mtbf, repairTime)");
        require(ld, o, path.s, "mtbf");
        get_dist(ld, o, path.s, "mtbf", &f->mtbf, true);
        if (type == 0) {
            if (require(ld, o, path.s, "pool")) f->pool = get_pool_ref(ld, o, path.s, "pool");
            f->has_repair_time = get_dist(ld, o, path.s, "repairTime", &f->repair_time, false);
        } else if (type == 1 && require(ld, o, path.s, "service")) {
            f->service = get_service_ref(ld, o, path.s, "service");
        } else if (type == 2) { /* a zone outage: every node of the zone at once */
            const char *zone;
            if (require(ld, o, path.s, "zone") && get_string(ld, o, path.s, "zone", &zone, true)) {
                for (int z = 0; z < sc->zone_count; z++)
                    if (!strcmp(sc->zones[z], zone)) f->zone = z;
                if (f->zone < 0)
                    err_unknown(ld, path.s, "zone", "zone", "zones of the node pools", zone,
                                (const char **)sc->zones, sc->zone_count);
            }
            f->has_repair_time = get_dist(ld, o, path.s, "repairTime", &f->repair_time, false);
        }
    }
}

bool scenario_lang_valid(const char *s) {
    size_t n = strlen(s), i = 0;
    if (n == 0 || n > 15) return false;
    while (i < n && islower((unsigned char)s[i]))
        i++;
    if (i < 2 || i > 3) return false;
    while (i < n) { /* -subtag */
        if (s[i++] != '-') return false;
        size_t k = 0;
        while (i < n && isalnum((unsigned char)s[i]))
            i++, k++;
        if (k < 2 || k > 8) return false;
    }
    return true;
}

const char *scenario_note_text(const note_t *n, const char *lang) {
    for (int i = 0; lang && i < n->translation_count; i++)
        if (strcmp(n->translations[i].lang, lang) == 0) return n->translations[i].text;
    return n->text;
}

bool scenario_has_lang(const scenario_t *sc, const char *lang) {
    if (!lang || strcmp(lang, "en") == 0) return true;
    for (int i = 0; i < sc->note_count; i++)
        if (scenario_note_text(&sc->notes[i], lang) != sc->notes[i].text) return true;
    return false;
}

/* `text`: a string (English), or an object of language tag -> string that has "en". */
static void load_note_text(ld_t *ld, const cJSON *o, const char *path, note_t *n) {
    const cJSON *j = member(o, "text");
    if (j && !cJSON_IsObject(j) && !cJSON_IsString(j)) {
        err_type(ld, path, "text",
                 "a string, or an object of translations ({\"en\": ..., \"ko\": ...})", j);
        return;
    }
    if (!j || !cJSON_IsObject(j)) {
        get_strdup(ld, o, path, "text", &n->text, false);
        return;
    }
    path_t tp = pkey(path, "text");
    check_object(ld, j, tp.s, NULL); /* each language once */
    int count = cJSON_GetArraySize(j);
    n->translations = ld_calloc(ld, (size_t)count, sizeof *n->translations);
    for (const cJSON *tr = j->child; tr; tr = tr->next) {
        const char *tag = tr->string;
        bool dup = false;
        for (const cJSON *e = j->child; e != tr && !dup; e = e->next)
            dup = !strcmp(e->string, tag);
        if (dup) continue; /* reported above */
        /* country codes written for languages: Korea is KR, the Korean language ko */
        static const char *const wrong[][2] = {{"kr", "ko"}, {"jp", "ja"}, {"cn", "zh"},
                                               {"ua", "uk"}, {"gr", "el"}, {"dk", "da"}};
        const char *hint = NULL;
        for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++)
            if (strcasecmp(tag, wrong[k][0]) == 0) hint = wrong[k][1];
        if (hint || !scenario_lang_valid(tag)) {
            if (hint)
                err_at(ld, tp.s, tag, "a country code, not a language (did you mean \"%s\"?)",
                       hint);
            else
                err_at(ld, tp.s, tag,
                       "not a language tag (expected an ISO 639 code such as \"en\", \"ko\", "
                       "\"pt-BR\")");
            continue;
        }
        if (strcmp(tag, "en") == 0) {
            get_strdup(ld, j, tp.s, "en", &n->text, false);
        } else if (n->translations) {
            note_translation_t *t = &n->translations[n->translation_count];
            if (!get_strdup(ld, j, tp.s, tag, &t->text, false)) continue;
            snprintf(t->lang, sizeof t->lang, "%s", tag);
            n->translation_count++;
        }
    }
    if (!member(j, "en"))
        err_at(ld, tp.s, NULL,
               "needs \"en\": the caption shown when there is no translation into the language "
               "asked for");
}

static void load_notes(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = get_array(ld, root, "", "notes");
    sc->notes = array_items(ld, arr, sizeof *sc->notes, &sc->note_count);
    if (!sc->notes) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = pidx("notes", i);
        if (!check_object(ld, o, path.s, KEYS("at", "text"))) continue;
        require(ld, o, path.s, "at");
        require(ld, o, path.s, "text");
        get_duration(ld, o, path.s, "at", &sc->notes[i].at, false);
        load_note_text(ld, o, path.s, &sc->notes[i]);
    }
    sort_by_at(sc->notes, sc->note_count, sizeof *sc->notes, offsetof(note_t, at));
}

/* ---- ui: what the dashboard shows first ----------------------------------------------- */

const char *const scenario_ui_chart_names[SCENARIO_UI_CHARTS] = {
    "requests", "pods", "errors", "latency", "nodes", "cpu", "weight"};

static void load_ui(ld_t *ld, const cJSON *root) {
    ui_spec_t *ui = &ld->sc->ui;
    const cJSON *u = member(root, "ui");
    if (!u || !check_object(ld, u, "ui", KEYS("focus", "charts"))) return;
    const cJSON *focus = get_array(ld, u, "ui", "focus");
    int i = 0;
    for (const cJSON *f = focus ? focus->child : NULL; f; f = f->next, i++) {
        path_t p = pidx("ui.focus", i);
        if (!cJSON_IsString(f) || !f->valuestring[0]) {
            err_type(ld, p.s, NULL, "a service name (\"name\" or \"namespace/name\")", f);
            continue;
        }
        int svc = resolve_service(ld, p.s, NULL, f->valuestring);
        if (svc < 0) continue;
        if (ui->focus_count == SCENARIO_UI_MAX_FOCUS)
            err_at(ld, p.s, NULL, "at most %d services can be in focus", SCENARIO_UI_MAX_FOCUS);
        else
            ui->focus[ui->focus_count++] = svc;
    }
    const cJSON *charts = get_array(ld, u, "ui", "charts");
    i = 0;
    for (const cJSON *c = charts ? charts->child : NULL; c; c = c->next, i++) {
        path_t p = pidx("ui.charts", i);
        int k = -1;
        for (int j = 0; cJSON_IsString(c) && j < SCENARIO_UI_CHARTS; j++)
            if (!strcmp(c->valuestring, scenario_ui_chart_names[j])) k = j;
        if (k < 0) {
            char list[256];
            err_at(ld, p.s, NULL, "expected a chart name (%s)",
                   join(scenario_ui_chart_names, SCENARIO_UI_CHARTS, list, sizeof list));
            continue;
        }
        bool dup = false;
        for (int j = 0; j < ui->chart_count; j++)
            dup = dup || ui->charts[j] == k;
        if (dup)
            err_at(ld, p.s, NULL, "chart \"%s\" is listed twice", c->valuestring);
        else
            ui->charts[ui->chart_count++] = k;
    }
}

/* ---- the document -------------------------------------------------------------------- */

static void load_top(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    sc->description = ld_strdup(ld, "");
    sc->seed = 1;
    sc->duration = 600 * SIM_SEC;
    sc->fidelity = FIDELITY_REQUESTS;
    sc->metrics_interval = 1 * SIM_SEC;
    sc->metrics_pods = true;
    check_object(ld, root, "", TOP_KEYS);
    require(ld, root, "", "name");
    get_strdup(ld, root, "", "name", &sc->name, true);
    get_strdup(ld, root, "", "description", &sc->description, false);
    const cJSON *seed = member(root, "seed");
    if (seed) {
        if (!cJSON_IsNumber(seed) || seed->valuedouble != floor(seed->valuedouble) ||
            seed->valuedouble < 0 || seed->valuedouble > MAX_SEED)
            err_type(ld, "", "seed", "an integer from 0 to 2^53", seed);
        else
            sc->seed = (uint64_t)seed->valuedouble;
    }
    get_duration(ld, root, "", "duration", &sc->duration, true);
    get_bool(ld, root, "", "coldStart", &sc->cold_start);
    int fid = get_enum(ld, root, "", "fidelity", KEYS("requests", "fluid"), "fidelity");
    if (fid >= 0) sc->fidelity = (fidelity_t)fid;
    const cJSON *m = member(root, "metrics");
    if (m && check_object(ld, m, "metrics", KEYS("interval", "pods"))) {
        get_duration(ld, m, "metrics", "interval", &sc->metrics_interval, true);
        get_bool(ld, m, "metrics", "pods", &sc->metrics_pods);
    }
}

static void load_document(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    load_top(ld, root);
    load_runtimes(ld, root);
    load_cluster(ld, root);
    const cJSON *svcs = get_array(ld, root, "", "services");
    sc->services = array_items(ld, svcs, sizeof *sc->services, &sc->service_count);
    ld->routing = ld_calloc(ld, (size_t)sc->service_count, sizeof *ld->routing);
    if (sc->service_count && !ld->routing) sc->service_count = 0;
    int i = 0;
    for (const cJSON *o = sc->service_count ? svcs->child : NULL; o; o = o->next, i++)
        load_service(ld, o, pidx("services", i).s, i);
    load_ingresses(ld, root);
    check_services(ld);
    resolve_pod_terms(ld);
    load_events(ld, root);
    load_faults(ld, root);
    load_notes(ld, root);
    load_ui(ld, root);
}

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

/* cJSON says only where it stopped; a scan says why, where it can: a trailing comma, or a
 * document that ends inside a string or an open bracket (a truncated file). */
static void syntax_error(ld_t *ld, const char *text, size_t len, size_t pos) {
    size_t trailing_comma = len, string_start = len, too_deep = SIZE_MAX;
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true, string_start = i;
        else if ((c == '{' || c == '[') && ++depth > CJSON_NESTING_LIMIT && too_deep == SIZE_MAX)
            too_deep = i;
        else if (c == '}' || c == ']')
            depth--;
        else if (c == ',' && trailing_comma == len) {
            size_t j = i + 1;
            while (j < len && isspace((unsigned char)text[j]))
                j++;
            if (j < len && (text[j] == '}' || text[j] == ']')) trailing_comma = i;
        }
    }
    size_t end = len; /* the end of the file, before trailing blanks */
    while (end > 0 && isspace((unsigned char)text[end - 1]))
        end--;
    size_t at = pos;
    char msg[160];
    if (too_deep != SIZE_MAX && too_deep <= pos) {
        /* valid JSON, but deeper than cJSON parses (CJSON_NESTING_LIMIT): not a syntax error */
        at = too_deep;
        snprintf(msg, sizeof msg,
                 "nested deeper than %d levels of '{' and '[' (the most this JSON parser reads; "
                 "a scenario needs fewer than 10)",
                 CJSON_NESTING_LIMIT);
    } else if (trailing_comma < len && trailing_comma <= pos) {
        at = trailing_comma;
        snprintf(msg, sizeof msg, "trailing comma (JSON allows none before '%c')",
                 text[trailing_comma + 1 + strspn(text + trailing_comma + 1, " \t\r\n")]);
    } else if (end == 0) {
        at = 0;
        snprintf(msg, sizeof msg, "empty file: expected a JSON object");
    } else if (in_string && pos >= string_start) {
        at = end;
        snprintf(msg, sizeof msg,
                 "unexpected end of file inside a string (is the file "
                 "truncated, or a closing '\"' missing?)");
    } else if (pos >= end || (depth > 0 && strspn(text + pos, " \t\r\n") == len - pos)) {
        at = end;
        snprintf(msg, sizeof msg,
                 "unexpected end of file: %d unclosed '{' or '[' (is the "
                 "file truncated?)",
                 depth > 0 ? depth : 1);
    } else {
        char c = text[pos];
        if (c != '\'' && pos > 0 && text[pos - 1] == '\'') c = text[--at]; /* cJSON steps past it */
        if (c == '\'')
            snprintf(msg, sizeof msg, "strings and keys need double quotes, not '");
        else if (c == '/')
            snprintf(msg, sizeof msg, "comments are not allowed in JSON");
        else if (isalpha((unsigned char)c))
            snprintf(msg, sizeof msg,
                     "unexpected \"%.*s\" (a string needs double quotes; the "
                     "literals are true, false, null)",
                     (int)strspn(text + pos, "abcdefghijklmnopqrstuvwxyz"
                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"),
                     text + pos);
        else if (isprint((unsigned char)c))
            snprintf(msg, sizeof msg, "syntax error at '%c' (a missing ',' or ':'?)", c);
        else
            snprintf(msg, sizeof msg, "syntax error (unexpected byte 0x%02x)", (unsigned char)c);
    }
    int line, col;
    line_col(text, at, &line, &col);
    diag_add(ld->diag, "%s:%d:%d: %s", ld->file, line, col, msg);
    ld->errors++;
}

static cJSON *parse_json(ld_t *ld, const char *text) {
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

/* ---- loading and freeing ------------------------------------------------------------- */

int scenario_load_text(const char *text, const char *file, const scenario_set_t *sets,
                       int set_count, scenario_t **out, diag_t *diag) {
    *out = NULL;
    ld_t ld = {file ? file : "<scenario>", diag, 0, NULL, NULL};
    cJSON *root = parse_json(&ld, text);
    if (!root) return -1;
    for (int i = 0; i < set_count; i++) {
        char err[512];
        if (scenario_json_set(root, sets[i].path, sets[i].value, err, sizeof err))
            err_at(&ld, sets[i].path, NULL, "--set: %s", err);
    }
    scenario_t *sc = calloc(1, sizeof *sc);
    if (!sc) {
        cJSON_Delete(root);
        err_at(&ld, "", NULL, "out of memory");
        return -1;
    }
    sc->json = root;
    sc->path = ld_strdup(&ld, ld.file);
    ld.sc = sc;
    if (!cJSON_IsObject(root))
        err_type(&ld, "", NULL, "a JSON object at the top of the file", root);
    else
        load_document(&ld, root);
    free(ld.routing);
    if (ld.errors) {
        scenario_free(sc);
        return -1;
    }
    *out = sc;
    return 0;
}

int scenario_load_file(const char *file, const scenario_set_t *sets, int set_count,
                       scenario_t **out, diag_t *diag) {
    *out = NULL;
    FILE *f = fopen(file, "rb");
    if (!f) {
        diag_add(diag, "%s: cannot open: %s", file, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1) break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) free(buf);
        buf = bigger;
        cap *= 2;
    }
    bool failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        diag_add(diag, "%s: cannot read%s", file, buf ? "" : ": out of memory");
        free(buf);
        return -1;
    }
    buf[len] = 0;
    if (memchr(buf, 0, len)) {
        diag_add(diag, "%s: not a text file (it contains a NUL byte)", file);
        free(buf);
        return -1;
    }
    int rc = scenario_load_text(buf, file, sets, set_count, out, diag);
    free(buf);
    return rc;
}

static void rules_free(hpa_rules_t *r) {
    free(r->policies);
}

void scenario_free(scenario_t *sc) {
    if (!sc) return;
    free(sc->path);
    free(sc->name);
    free(sc->description);
    for (int i = 0; i < sc->pool_count; i++) {
        free(sc->pools[i].name);
        pool_placement_free(&sc->pools[i]);
    }
    free(sc->pools);
    for (int i = 0; i < sc->zone_count; i++)
        free(sc->zones[i]);
    free(sc->zones);
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        free(s->name);
        free(s->namespace_);
        for (int v = 0; v < s->version_count; v++)
            version_free(&s->versions[v]);
        free(s->versions);
        free(s->strategy.steps);
        free(s->strategy.preview_service);
        rules_free(&s->hpa.scale_up);
        rules_free(&s->hpa.scale_down);
        free(s->pattern);
        placement_free(&s->placement);
    }
    free(sc->services);
    for (int i = 0; i < sc->ingress_count; i++) {
        for (int r = 0; r < sc->ingresses[i].rule_count; r++) {
            free(sc->ingresses[i].rules[r].host);
            free(sc->ingresses[i].rules[r].path);
        }
        free(sc->ingresses[i].rules);
        free(sc->ingresses[i].name);
    }
    free(sc->ingresses);
    for (int i = 0; i < sc->event_count; i++) {
        free(sc->events[i].pod);
        free(sc->events[i].taint.key);
        free(sc->events[i].taint.value);
    }
    free(sc->events);
    free(sc->faults);
    for (int i = 0; i < sc->note_count; i++) {
        free(sc->notes[i].text);
        for (int k = 0; k < sc->notes[i].translation_count; k++)
            free(sc->notes[i].translations[k].text);
        free(sc->notes[i].translations);
    }
    free(sc->notes);
    cJSON_Delete(sc->json);
    free(sc);
}
