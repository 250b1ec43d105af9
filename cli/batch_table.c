/* batch_table: statistics as table cells (mean ± half-width, paired differences) and
 * aligned text tables (cmd_batch.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_batch.h"

/* ---- numbers ---- */

/* Fixed decimals, and no "-0.00": a difference of exactly nothing prints as 0. */
static void fmt_fixed(char *buf, size_t n, double v, int decimals) {
    snprintf(buf, n, "%.*f", decimals, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

void batch_put_stat(FILE *f, double v, int decimals) {
    if (isnan(v)) return;
    char buf[64];
    fmt_fixed(buf, sizeof buf, v, decimals);
    fputs(buf, f);
}

static int display_decimals(int m, int n) {
    return summary_metrics[m].decimals + (summary_metrics[m].integer && n > 1 ? 1 : 0);
}

void batch_format_ci(char *buf, size_t n, const stats_ci_t *c, int m, bool difference) {
    double k = summary_metrics[m].scale;
    int dec = display_decimals(m, c->n);
    char mean[48], lo[48], hi[48];
    if (c->n == 0) {
        snprintf(buf, n, "-");
        return;
    }
    fmt_fixed(mean, sizeof mean, c->mean * k, dec);
    if (isnan(c->half)) {
        snprintf(buf, n, "%s", mean);
        return;
    }
    double l = c->mean - c->half, h = c->mean + c->half;
    if (!difference) {
        fmt_fixed(hi, sizeof hi, c->half * k, dec);
        snprintf(buf, n, "%s ± %s", mean, hi);
        return;
    }
    fmt_fixed(lo, sizeof lo, l * k, dec);
    fmt_fixed(hi, sizeof hi, h * k, dec);
    snprintf(buf, n, "%s [%s, %s]%s", mean, lo, hi, (l > 0 || h < 0) ? " *" : "  ");
}

/* ---- tables ---- */

void batch_table_init(batch_table_t *t, int cols) {
    *t = (batch_table_t){.cols = cols};
}

void batch_table_add(batch_table_t *t, const char *fmt, ...) {
    if (t->count == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->cells, (size_t)cap * sizeof *c);
        if (!c) return;
        t->cells = c;
        t->cap = cap;
    }
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t->cells[t->count++] = strdup(buf);
}

/* Display width: UTF-8 continuation bytes take no column ("±"). */
static int text_width(const char *s) {
    int w = 0;
    for (; s && *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void batch_table_print(FILE *f, const batch_table_t *t, int left) {
    int *w = calloc((size_t)t->cols, sizeof *w);
    if (!w) return;
    for (int i = 0; i < t->count; i++) {
        int tw = text_width(t->cells[i]);
        if (tw > w[i % t->cols]) w[i % t->cols] = tw;
    }
    char *line = NULL;
    size_t len = 0;
    FILE *l = NULL;
    for (int i = 0; i < t->count; i++) {
        int c = i % t->cols, pad = w[c] - text_width(t->cells[i]);
        const char *s = t->cells[i] ? t->cells[i] : "";
        if (c == 0 && !(l = open_memstream(&line, &len))) break;
        if (c > 0) fputs("  ", l);
        if (c < left)
            fprintf(l, "%s%*s", s, pad, "");
        else
            fprintf(l, "%*s%s", pad, "", s);
        if (c < t->cols - 1 && i < t->count - 1) continue;
        fclose(l);
        while (len > 0 && line[len - 1] == ' ')
            len--; /* no trailing blanks */
        fprintf(f, "%.*s\n", (int)len, line);
        free(line);
        line = NULL;
    }
    free(w);
}

void batch_table_free(batch_table_t *t) {
    for (int i = 0; i < t->count; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
