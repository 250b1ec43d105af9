/* scenario_trace: a traffic shape — `rps`, `pattern` and `trace` of a service's `traffic` or
 * of an Ingress's (one loader for both, so they take the same keys and ranges) — and its
 * integral. `trace` is a rate series read from a file at load time and turned into the
 * pattern. Two formats: CSV (`time,rps`; times in seconds or RFC
 * 3339) and the JSON of a Prometheus range query (`/api/v1/query_range`, `resultType:
 * matrix`, one series, e.g. of `sum(rate(http_requests_total[1m]))`). Between samples the
 * rate is linear (each segment becomes a ramp, so traffic.c thins arrivals against the exact
 * series and fluid.c integrates the same function); after the last sample it holds. Times
 * are relative to the first sample, so the same series in either format gives the same
 * pattern bit for bit. Errors name FILE:LINE (CSV) or FILE: JSON.PATH (Prometheus). */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

#define TRACE_MAX_BYTES (64L << 20) /* 64 MiB: a year of 1 s samples is ~1 GB, of 1 min 20 MB */
#define TRACE_MAX_POINTS 2000000
#define TRACE_MAX_ERRORS 20 /* a file that is not a trace at all: its first lines say so */

typedef struct {
    double t; /* seconds, absolute (Unix time or the file's own origin) */
    double rps;
} sample_t;

typedef struct {
    ld_t *ld;
    const char *file; /* as the scenario names it, for messages */
    const char *path; /* the JSON path of the trace key */
    sample_t *v;
    int n, cap;
    int errors; /* reported so far */
} trace_t;

static bool push(trace_t *tr, double t, double rps) {
    if (tr->n == tr->cap) {
        int ncap = tr->cap ? tr->cap * 2 : 256;
        sample_t *nv = realloc(tr->v, sizeof *nv * (size_t)ncap);
        if (!nv) return false;
        tr->v = nv;
        tr->cap = ncap;
    }
    tr->v[tr->n++] = (sample_t){t, rps};
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* RFC 3339 date-time (`2026-12-01T14:00:00.5Z`, `...+09:00`) to Unix seconds. */
static bool parse_rfc3339(const char *s, double *out) {
    int y, mo, d, h, mi, n = 0;
    double sec;
    if (sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6)
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec < 0 || sec >= 61)
        return false;
    const char *z = s + n;
    double off = 0;
    if (*z == 'Z' || *z == 'z') {
        z++;
    } else if (*z == '+' || *z == '-') {
        int oh, om, k = 0;
        if (sscanf(z + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5) return false;
        off = (oh * 60 + om) * 60.0 * (*z == '-' ? -1 : 1);
        z += 6;
    } else {
        return false;
    }
    if (*z) return false;
    *out = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400.0 + h * 3600.0 +
           mi * 60.0 + sec - off;
    return true;
}

/* A time: seconds (a plain number) or RFC 3339. */
static bool parse_time(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s && !*end && !errno && isfinite(v)) {
        *out = v;
        return true;
    }
    return parse_rfc3339(s, out);
}

static bool parse_rate(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < 0) return false;
    *out = v;
    return true;
}

static void trim(char **s) {
    while (isspace((unsigned char)**s))
        (*s)++;
    char *e = *s + strlen(*s);
    while (e > *s && isspace((unsigned char)e[-1]))
        *--e = 0;
}

/* A header line: its first field is not a time (`time`, `timestamp`, ...). */
static bool line_is_header(const char *first) {
    double t;
    return !parse_time(first, &t) && isalpha((unsigned char)first[0]);
}

static void csv_err(trace_t *tr, int line, const char *msg, const char *got) {
    if (++tr->errors > TRACE_MAX_ERRORS) return;
    ld_err_at(tr->ld, tr->path, NULL, "%s:%d: %s (got \"%.60s\")", tr->file, line, msg, got);
}

/* CSV: `time,rps` per line; an optional header, blank lines and `#` comments. */
static void read_csv(trace_t *tr, char *text) {
    int line = 0;
    bool first = true; /* the first line that is not blank or a comment may be a header */
    for (char *next = text; next;) {
        char *l = next;
        next = strchr(l, '\n');
        if (next) *next++ = 0;
        line++;
        trim(&l);
        if (!*l || *l == '#') continue;
        char *comma = strchr(l, ',');
        if (!comma) {
            csv_err(tr, line, "expected \"time,rps\"", l);
            continue;
        }
        *comma = 0;
        char *ts = l, *rs = comma + 1;
        trim(&ts);
        trim(&rs);
        double t, r;
        bool header = first && line_is_header(ts);
        first = false;
        if (header) continue;
        if (!parse_time(ts, &t)) {
            csv_err(tr, line, "time: expected seconds or an RFC 3339 date-time", ts);
            continue;
        }
        if (!parse_rate(rs, &r)) {
            csv_err(tr, line, "rps: expected a number >= 0", rs);
            continue;
        }
        if (tr->n > 0 && !(t > tr->v[tr->n - 1].t)) {
            csv_err(tr, line, "times must increase", ts);
            continue;
        }
        if (!push(tr, t, r)) return;
    }
}

/* ---- Prometheus range query JSON ------------------------------------------------------ */

static void prom_err(trace_t *tr, const char *path, const char *fmt, const char *got) {
    if (++tr->errors > TRACE_MAX_ERRORS) return;
    ld_err_at(tr->ld, tr->path, NULL, "%s: %s: %s%s%.60s%s", tr->file, path, fmt,
              got ? " (got \"" : "", got ? got : "", got ? "\")" : "");
}

/* The response of /api/v1/query_range ({"status": ..., "data": {...}}) or its `data`. */
static void read_prometheus(trace_t *tr, const cJSON *root) {
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const char *dp = "data";
    if (!data) data = root, dp = "";
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "status");
    if (cJSON_IsString(st) && strcmp(st->valuestring, "success") != 0) {
        prom_err(tr, "status", "the query did not succeed", st->valuestring);
        return;
    }
    path_t p = ld_pkey(dp, "resultType");
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(data, "resultType");
    if (!cJSON_IsString(rt) || strcmp(rt->valuestring, "matrix") != 0) {
        prom_err(tr, p.s, "expected \"matrix\": the result of a range query (/api/v1/query_range)",
                 cJSON_IsString(rt) ? rt->valuestring : "none");
        return;
    }
    p = ld_pkey(dp, "result");
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(data, "result");
    int nres = cJSON_IsArray(res) ? cJSON_GetArraySize(res) : -1;
    if (nres != 1) {
        prom_err(tr, p.s,
                 "expected exactly one series: aggregate the query, e.g. "
                 "sum(rate(http_requests_total[1m]))",
                 NULL);
        return;
    }
    path_t pv = ld_pkey(ld_pidx(p.s, 0).s, "values");
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(res->child, "values");
    if (!cJSON_IsArray(vals)) {
        prom_err(tr, pv.s, "expected an array of [time, \"value\"] pairs", NULL);
        return;
    }
    int i = 0;
    for (const cJSON *v = vals->child; v; v = v->next, i++) {
        path_t pi = ld_pidx(pv.s, i);
        const cJSON *t = cJSON_GetArrayItem(v, 0), *r = cJSON_GetArrayItem(v, 1);
        double tv, rv;
        if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !cJSON_IsNumber(t) ||
            !cJSON_IsString(r)) {
            prom_err(tr, pi.s, "expected [time, \"value\"] (a number and a string)", NULL);
            continue;
        }
        tv = t->valuedouble;
        if (!parse_rate(r->valuestring, &rv)) {
            prom_err(tr, ld_pidx(pi.s, 1).s, "expected a rate >= 0", r->valuestring);
            continue;
        }
        if (tr->n > 0 && !(tv > tr->v[tr->n - 1].t)) {
            prom_err(tr, ld_pidx(pi.s, 0).s, "times must increase", NULL);
            continue;
        }
        if (!push(tr, tv, rv)) return;
    }
}

/* ---- the file -------------------------------------------------------------------------- */

/* The trace's path: relative to the scenario file's folder unless absolute. */
static char *resolve(ld_t *ld, const char *name) {
    const char *slash = strrchr(ld->file, '/');
    size_t dir = name[0] == '/' || !slash ? 0 : (size_t)(slash - ld->file) + 1;
    size_t n = dir + strlen(name) + 1;
    char *p = ld_calloc(ld, n, 1);
    if (p) snprintf(p, n, "%.*s%s", (int)dir, ld->file, name);
    return p;
}

static char *slurp(ld_t *ld, const char *path, const char *key_path, long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        ld_err_at(ld, key_path, "file", "cannot open \"%s\": %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= TRACE_MAX_BYTES &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = 0;
    } else {
        ld_err_at(ld, key_path, "file", "cannot read \"%s\"%s", path,
                  n > TRACE_MAX_BYTES ? ": larger than 64 MiB" : "");
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void read_trace(trace_t *tr, char *text, long len, const char *path) {
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (memchr(text, 0, (size_t)len)) {
        ld_err_at(tr->ld, tr->path, NULL, "%s: not a text file (it contains a NUL byte)", path);
    } else if (*p == '{' || ends_with(path, ".json")) {
        /* syntax errors: SCENARIO: PATH: TRACE:LINE:COL */
        char where[1200];
        snprintf(where, sizeof where, "%s: %s: %s", tr->ld->file, tr->path, path);
        ld_t sub = {where, tr->ld->diag, 0, tr->ld->sc, NULL, NULL};
        cJSON *root = ld_parse_json(&sub, text);
        tr->ld->errors += sub.errors;
        if (root) read_prometheus(tr, root);
        cJSON_Delete(root);
    } else {
        read_csv(tr, text);
    }
}

/* ---- the pattern ---------------------------------------------------------------------- */

/* The samples as pattern points: sample i plays at (t_i - t_0) - offset; each segment is a
 * linear ramp to the next sample's rate; the part before the run's start is cut, with the
 * start rate interpolated. */
static void to_pattern(ld_t *ld, const trace_t *tr, double scale, sim_time_t offset,
                       traffic_shape_t *s) {
    int n = tr->n;
    sim_time_t *u = malloc(sizeof *u * (size_t)n);
    s->pattern = ld_calloc(ld, (size_t)n, sizeof *s->pattern);
    if (!u || !s->pattern) {
        free(u);
        return;
    }
    for (int i = 0; i < n; i++)
        u[i] = (sim_time_t)llround((tr->v[i].t - tr->v[0].t) * SIM_SEC) - offset;
    int k = 0; /* the segment the run starts in */
    while (k + 1 < n && u[k + 1] <= 0)
        k++;
    s->rps = tr->v[k].rps * scale;
    if (k + 1 < n && u[k] < 0) {
        double f = (double)-u[k] / (double)(u[k + 1] - u[k]);
        s->rps = (tr->v[k].rps + (tr->v[k + 1].rps - tr->v[k].rps) * f) * scale;
    }
    int m = 0;
    for (int j = k; j + 1 < n && u[j] < ld->sc->duration; j++) {
        sim_time_t start = u[j] > 0 ? u[j] : 0;
        s->pattern[m++] = (traffic_point_t){start, tr->v[j + 1].rps * scale, u[j + 1] - start};
    }
    s->pattern_count = m;
    free(u);
}

static void load_trace(ld_t *ld, const cJSON *o, const char *path, traffic_shape_t *s) {
    path_t p = ld_pkey(path, "trace");
    if (!ld_check_object(ld, o, p.s, KEYS("file", "scale", "offset"))) return;
    const char *name = NULL;
    double scale = 1;
    sim_time_t offset = 0;
    ld_require(ld, o, p.s, "file");
    ld_get_number(ld, o, p.s, "scale", &scale, (range_t){0, SCN_MAX_TRACE_SCALE});
    ld_get_duration(ld, o, p.s, "offset", &offset, false);
    if (!ld_get_string(ld, o, p.s, "file", &name, true)) return;
    char *file = resolve(ld, name);
    long len = 0;
    char *text = file ? slurp(ld, file, p.s, &len) : NULL;
    trace_t tr = {ld, file, p.s, NULL, 0, 0, 0};
    int errors = ld->errors;
    if (text) read_trace(&tr, text, len, file);
    free(text);
    if (tr.errors > TRACE_MAX_ERRORS)
        ld_err_at(ld, p.s, NULL, "%s: %d more errors not shown", file,
                  tr.errors - TRACE_MAX_ERRORS);
    /* the span must fit the clock (10 years) */
    if (tr.n > 1 && !(tr.v[tr.n - 1].t - tr.v[0].t <= (double)SCN_MAX_DURATION / SIM_SEC))
        ld_err_at(ld, p.s, "file", "\"%s\" spans %.15g s: at most 10 years (%.0f s)", file,
                  tr.v[tr.n - 1].t - tr.v[0].t, (double)SCN_MAX_DURATION / SIM_SEC);
    if (text && ld->errors == errors && tr.n == 0)
        ld_err_at(ld, p.s, "file", "\"%s\" has no samples", file);
    if (tr.n > TRACE_MAX_POINTS)
        ld_err_at(ld, p.s, "file", "\"%s\" has %d samples: at most %d", file, tr.n,
                  TRACE_MAX_POINTS);
    double peak = 0;
    for (int i = 0; i < tr.n; i++)
        peak = fmax(peak, tr.v[i].rps * scale);
    double max = ld->sc->fidelity == FIDELITY_FLUID ? SCN_MAX_RPS : SCN_MAX_RPS_REQUESTS;
    if (peak > max)
        ld_err_at(ld, p.s, NULL,
                  "peaks at %.15g req/s (times scale): at most %.0f with fidelity \"%s\"%s", peak,
                  max, ld->sc->fidelity == FIDELITY_FLUID ? "fluid" : "requests",
                  ld->sc->fidelity == FIDELITY_FLUID ? "" : ": set \"fidelity\": \"fluid\"");
    if (ld->errors == errors && tr.n > 0) to_pattern(ld, &tr, scale, offset, s);
    s->trace = ld->errors == errors ? file : NULL;
    if (!s->trace) free(file);
    free(tr.v);
}

/* ---- the shape ------------------------------------------------------------------------ */

void ld_load_shape(ld_t *ld, const cJSON *o, const char *path, traffic_shape_t *t) {
    ld_get_rps(ld, o, path, "rps", &t->rps);
    if (ld_member(o, "trace")) {
        /* the trace is the whole rate over time: a second source would be ambiguous */
        if (ld_member(o, "rps") || ld_member(o, "pattern"))
            ld_err_at(ld, path, "trace", "replaces rps and pattern: give only one of them");
        else
            load_trace(ld, ld_member(o, "trace"), path, t);
        return;
    }
    const cJSON *pat = ld_get_array(ld, o, path, "pattern");
    path_t pp = ld_pkey(path, "pattern");
    t->pattern = ld_array_items(ld, pat, sizeof *t->pattern, &t->pattern_count);
    if (!t->pattern) return;
    int i = 0;
    for (const cJSON *c = pat->child; c; c = c->next, i++) {
        path_t p = ld_pidx(pp.s, i);
        if (!ld_check_object(ld, c, p.s, KEYS("at", "rps", "ramp"))) continue;
        ld_require(ld, c, p.s, "at");
        ld_require(ld, c, p.s, "rps");
        ld_get_duration(ld, c, p.s, "at", &t->pattern[i].at, false);
        ld_get_rps(ld, c, p.s, "rps", &t->pattern[i].rps);
        ld_get_duration(ld, c, p.s, "ramp", &t->pattern[i].ramp, false);
    }
    ld_sort_by_at(t->pattern, t->pattern_count, sizeof *t->pattern, offsetof(traffic_point_t, at));
}

/* The rate at x of a ramp from `from` at `start` to `to` at `ramp_end` (traffic_rate_now). */
static double ramp_rate(double from, double to, sim_time_t start, sim_time_t ramp_end,
                        sim_time_t x) {
    if (x >= ramp_end || ramp_end <= start) return to;
    if (x <= start) return from;
    return from + (to - from) * ((double)(x - start) / (double)(ramp_end - start));
}

/* The area under the rate up to `end`, following the points as traffic.c plays them (a point
 * that starts mid-ramp ramps from the rate reached). */
double scenario_traffic_integral(const traffic_shape_t *t, sim_time_t end) {
    double sum = 0, from = t->rps, to = t->rps;
    sim_time_t start = 0, ramp_end = 0; /* the current ramp: from -> to over [start, ramp_end] */
    for (int k = 0;; k++) {
        bool last = k == t->pattern_count || t->pattern[k].at >= end;
        sim_time_t next = last ? end : t->pattern[k].at;
        if (next > start) {
            /* the ramp's part of [start, next) is a trapezoid, the rest is flat at `to` */
            sim_time_t r = ramp_end < next ? ramp_end : next;
            if (r > start)
                sum += (from + ramp_rate(from, to, start, ramp_end, r)) / 2 * (double)(r - start);
            sum += to * (double)(next - (r > start ? r : start));
        }
        if (last) break;
        from = ramp_rate(from, to, start, ramp_end, next);
        to = t->pattern[k].rps;
        start = next > start ? next : start;
        ramp_end = start + (t->pattern[k].ramp > 0 ? t->pattern[k].ramp : 0);
    }
    return sum / SIM_SEC;
}
