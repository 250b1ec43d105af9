/* batch: the machinery compare, sweep, merge and run --replications share (cmd_batch.h).
 * This file: summary rows as numbers, CSV reading and files; the forked workers are in
 * batch_workers.c, shard manifests in batch_shard.c, statistics cells and aligned tables in
 * batch_table.c. */
#include "cmd_batch.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "summary_csv.h"

/* ---- CSV records ---- */

static int csv_push_field(batch_csv_t *r, size_t start) {
    if (r->count == r->fcap) {
        int cap = r->fcap ? 2 * r->fcap : 32;
        char **f = realloc(r->field, (size_t)cap * sizeof *f);
        if (!f) return -1;
        r->field = f;
        r->fcap = cap;
    }
    /* offsets now, pointers once the buffer stops moving */
    r->field[r->count++] = (char *)(uintptr_t)start;
    return 0;
}

static int csv_putc(batch_csv_t *r, size_t *len, char c) {
    if (*len + 1 >= r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        char *b = realloc(r->buf, cap);
        if (!b) return -1;
        r->buf = b;
        r->cap = cap;
    }
    r->buf[(*len)++] = c;
    return 0;
}

bool batch_csv_next(batch_csv_t *r, const char **p) {
    const char *s = *p;
    if (!s || !*s) return false;
    size_t len = 0;
    r->count = 0;
    if (csv_push_field(r, 0) != 0) return false;
    for (;;) {
        if (*s == '"') { /* quoted: "" is a quote; commas and line breaks are data */
            for (s++; *s; s++) {
                if (*s == '"' && s[1] == '"')
                    s++;
                else if (*s == '"') {
                    s++;
                    break;
                }
                if (csv_putc(r, &len, *s) != 0) return false;
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r') {
            if (csv_putc(r, &len, *s++) != 0) return false;
        }
        if (csv_putc(r, &len, 0) != 0) return false;
        if (*s != ',') break;
        s++;
        if (csv_push_field(r, len) != 0) return false;
    }
    if (*s == '\r') s++;
    if (*s == '\n') s++;
    *p = s;
    for (int i = 0; i < r->count; i++)
        r->field[i] = r->buf + (uintptr_t)r->field[i];
    return true;
}

void batch_csv_free(batch_csv_t *r) {
    free(r->buf);
    free(r->field);
    memset(r, 0, sizeof *r);
}

/* ---- rows ---- */

void batch_rows_free(batch_rows_t *r) {
    for (int i = 0; i < r->count; i++) {
        free(r->rows[i].service);
        free(r->rows[i].namespace_);
        free(r->rows[i].key);
    }
    free(r->rows);
    free(r->scenario);
    memset(r, 0, sizeof *r);
}

static double parse_value(const char *s) {
    if (!*s) return NAN; /* blank: nothing served */
    char *end;
    double v = strtod(s, &end);
    return *end ? NAN : v;
}

/* Appends one row: the service name, its namespace (fields[ns], or "default" when ns < 0: a
 * file from before the column) and the metric fields, fields[idx[m]]. */
static int rows_add(batch_rows_t *out, char **fields, int service, int ns, const int *idx) {
    batch_row_t *rows = realloc(out->rows, (size_t)(out->count + 1) * sizeof *rows);
    if (!rows) return -1;
    out->rows = rows;
    batch_row_t *row = &rows[out->count];
    const char *nsname = ns >= 0 && *fields[ns] ? fields[ns] : "default";
    bool plain = strcmp(nsname, "default") == 0;
    size_t n = strlen(nsname) + strlen(fields[service]) + 2;
    row->service = strdup(fields[service]);
    row->namespace_ = strdup(nsname);
    row->key = malloc(n);
    if (!row->service || !row->namespace_ || !row->key) {
        free(row->service);
        free(row->namespace_);
        free(row->key);
        return -1;
    }
    snprintf(row->key, n, "%s%s%s", plain ? "" : nsname, plain ? "" : "/", fields[service]);
    for (int m = 0; m < SUMMARY_METRICS; m++)
        row->v[m] = parse_value(fields[idx[m]]);
    out->count++;
    return 0;
}

int batch_rows_parse(const char *text, batch_rows_t *out) {
    memset(out, 0, sizeof *out);
    batch_csv_t csv = {0};
    int idx[SUMMARY_METRICS];
    for (int m = 0; m < SUMMARY_METRICS; m++)
        idx[m] = summary_metric_field(m);
    int rc = 0, ns = summary_text_field("namespace");
    while (rc == 0 && batch_csv_next(&csv, &text)) {
        /* the fields of summary_write_fields */
        if (csv.count != summary_field_count() || rows_add(out, csv.field, 0, ns, idx) != 0)
            rc = -1;
    }
    batch_csv_free(&csv);
    if (rc) batch_rows_free(out);
    return rc;
}

int batch_rows_read_summary(const char *path, batch_rows_t *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    char *text = batch_read_file(path, NULL);
    if (!text) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    const char *p = text;
    batch_csv_t csv = {0};
    int idx[SUMMARY_METRICS], scenario = -1, service = -1, ns = -1, rc = 0;
    if (!batch_csv_next(&csv, &p)) {
        snprintf(err, errlen, "%s: empty file", path);
        rc = -1;
    }
    for (int m = 0; rc == 0 && m < SUMMARY_METRICS; m++) {
        idx[m] = -1;
        for (int i = 0; i < csv.count; i++) {
            if (strcmp(csv.field[i], summary_metrics[m].name) == 0) idx[m] = i;
            if (strcmp(csv.field[i], "scenario") == 0) scenario = i;
            if (strcmp(csv.field[i], "service") == 0) service = i;
            if (strcmp(csv.field[i], "namespace") == 0) ns = i;
        }
        if (idx[m] < 0) {
            snprintf(err, errlen, "%s: no column %s", path, summary_metrics[m].name);
            rc = -1;
        }
    }
    if (rc == 0 && service < 0) {
        snprintf(err, errlen, "%s: no column service", path);
        rc = -1;
    }
    int header = csv.count;
    while (rc == 0 && batch_csv_next(&csv, &p)) {
        if (csv.count != header) {
            snprintf(err, errlen, "%s: a row has %d fields, the header %d", path, csv.count,
                     header);
            rc = -1;
        } else if (rows_add(out, csv.field, service, ns, idx) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (!out->scenario && scenario >= 0) {
            out->scenario = strdup(csv.field[scenario]);
        }
    }
    batch_csv_free(&csv);
    free(text);
    if (rc) batch_rows_free(out);
    return rc;
}

double batch_rows_value(const batch_rows_t *r, const char *key, int m) {
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->rows[i].key, key) == 0) return r->rows[i].v[m];
    return NAN;
}

void batch_column(const batch_rows_t *runs, int count, int stride, const char *key, int m,
                  double *values) {
    for (int r = 0; r < count; r++)
        values[r] = batch_rows_value(&runs[r * stride], key, m);
}

/* ---- files ---- */

char *batch_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 65536 + 1);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

char *batch_path(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

bool batch_metric_has_values(const batch_rows_t *runs, int count, const char *key, int m) {
    for (int r = 0; r < count; r++)
        if (!isnan(batch_rows_value(&runs[r], key, m))) return true;
    return false;
}

void batch_print_metrics(FILE *f, const batch_rows_t *runs, int scenarios, int reps,
                         const char *const *headings, const char *const *services,
                         int service_count) {
    double *a = malloc((size_t)reps * sizeof *a), *b = malloc((size_t)reps * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return;
    }
    int cols = 1 + scenarios + (scenarios - 1);
    for (int i = 0; i < service_count; i++) {
        batch_table_t t;
        batch_table_init(&t, cols);
        batch_table_add(&t, "service %s", services[i]);
        for (int s = 0; s < scenarios; s++) {
            if (headings)
                batch_table_add(&t, "%s", headings[s]);
            else
                batch_table_add(&t, "%c", 'A' + s % 26);
            if (s > 0) batch_table_add(&t, "%c-A (paired)", 'A' + s % 26);
        }
        for (int m = 0; m < SUMMARY_METRICS; m++) {
            if (!batch_metric_has_values(runs, scenarios * reps, services[i], m)) continue;
            batch_table_add(&t, "%s", summary_metrics[m].label);
            batch_column(runs, reps, 1, services[i], m, a);
            for (int s = 0; s < scenarios; s++) {
                char cell[160];
                batch_column(runs + s * reps, reps, 1, services[i], m, b);
                stats_ci_t c = stats_ci95(b, reps);
                batch_format_ci(cell, sizeof cell, &c, m, false);
                batch_table_add(&t, "%s", cell);
                if (s == 0) continue;
                c = stats_paired_ci95(a, b, reps);
                batch_format_ci(cell, sizeof cell, &c, m, true);
                batch_table_add(&t, "%s", cell);
            }
        }
        batch_table_print(f, &t, 1);
        batch_table_free(&t);
        fputc('\n', f);
    }
    free(a);
    free(b);
}
