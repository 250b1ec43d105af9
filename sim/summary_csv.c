/* summary_csv: summary.csv's columns from include/summary_csv.h's table, written the same way
 * in summary.csv, the workers' rows and sweep.csv. */
#include "summary_csv.h"

#include <stdint.h>
#include <string.h>

#define METRIC_ROW(name, field, type, digits, label, table_digits, table_scale, batch_digits)      \
    {name,                                                                                         \
     SUMMARY_##type,                                                                               \
     offsetof(sim_summary_t, field),                                                               \
     digits,                                                                                       \
     label,                                                                                        \
     table_digits,                                                                                 \
     table_scale,                                                                                  \
     SUMMARY_##type == SUMMARY_COUNT || SUMMARY_##type == SUMMARY_INT,                             \
     batch_digits},
#define NO_ROW(...)

const summary_metric_t summary_metrics[SUMMARY_METRICS] = {SUMMARY_COLUMNS(NO_ROW, METRIC_ROW)};

double summary_value(const sim_summary_t *s, int m) {
    const char *p = (const char *)s + summary_metrics[m].offset;
    switch (summary_metrics[m].type) {
    case SUMMARY_COUNT:
        return (double)*(const uint64_t *)(const void *)p;
    case SUMMARY_INT:
        return (double)*(const int *)(const void *)p;
    default:
        return *(const double *)(const void *)p;
    }
}

void summary_csv_field(FILE *f, const char *s) {
    if (!s) return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

#define FIELD_NAME(name, ...) name,
static const char *const FIELD_NAMES[] = {SUMMARY_COLUMNS(FIELD_NAME, FIELD_NAME)};
#define FIELD_COUNT ((int)(sizeof FIELD_NAMES / sizeof FIELD_NAMES[0]))

int summary_field_count(void) {
    return FIELD_COUNT;
}

int summary_text_field(const char *name) {
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(FIELD_NAMES[i], name) == 0) return i;
    return -1;
}

int summary_metric_field(int m) {
    return summary_text_field(summary_metrics[m].name);
}

static void write_metric(FILE *f, const sim_summary_t *s, int m) {
    const summary_metric_t *c = &summary_metrics[m];
    const void *field = (const char *)s + c->offset;
    if (c->type == SUMMARY_COUNT)
        fprintf(f, "%llu", (unsigned long long)*(const uint64_t *)field);
    else if (c->type == SUMMARY_INT)
        fprintf(f, "%d", *(const int *)field);
    else if (summary_value(s, m) >= 0) /* negative: no value, a blank field */
        fprintf(f, "%.*f", c->digits, summary_value(s, m));
}

void summary_write_fields(FILE *f, const sim_summary_t *s) {
    int column = 0, m = 0;
#define WRITE_TEXT(name, field)                                                                    \
    if (column++) fputc(',', f);                                                                   \
    summary_csv_field(f, s->field);
#define WRITE_METRIC(...)                                                                          \
    if (column++) fputc(',', f);                                                                   \
    write_metric(f, s, m++);
    /* one `if (column++)` per column, on this line: each is false only for the first column,
     * by construction (docs/COVERAGE.md, exclusions) */
    SUMMARY_COLUMNS(WRITE_TEXT, WRITE_METRIC) /* GCOVR_EXCL_BR_LINE */
}
