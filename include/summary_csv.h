/* summary_csv: the columns of summary.csv, in one table, and their row format. The same table
 * gives the batch outputs (sweep.csv, the replication summaries, compare.csv) their metrics,
 * labels and digits, so that every file prints a metric the same way.
 *
 * Adding a column: a field in sim_summary_t (include/sim.h), its value in sim_summary()
 * (sim/metrics.c), and one row below, at the end (the file's columns are a contract: new ones
 * are appended, never inserted). Everything else follows from the row. */
#ifndef DEPLOYSIM_SUMMARY_CSV_H
#define DEPLOYSIM_SUMMARY_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "sim.h"

/* Every column of summary.csv from `service` on, in file order (`scenario` and `seed` come
 * first and are the run's, not the service's).
 *   TEXT(name, field)
 *   METRIC(name, field, type, digits, label, table_digits, table_scale, batch_digits)
 * type: COUNT (uint64_t), INT (int), REAL (double) or OPTIONAL (a double that may have no
 * value: negative in sim_summary_t, blank in the files — a latency when nothing was served, an
 * SLO column without an SLO); digits: decimals in summary.csv; label,
 * table_digits, table_scale: the terminal tables (availability as a percentage);
 * batch_digits: means and intervals in the batch CSVs. */
#define SUMMARY_COLUMNS(TEXT, METRIC)                                                              \
    TEXT("service", service)                                                                       \
    METRIC("requests", requests, COUNT, 0, "requests", 0, 1, 3)                                    \
    METRIC("served", served, COUNT, 0, "served", 0, 1, 3)                                          \
    METRIC("failed", failed, COUNT, 0, "failed requests", 0, 1, 3)                                 \
    METRIC("availability", availability, REAL, 6, "availability (%)", 4, 100, 8)                   \
    METRIC("mean_ms", mean_ms, OPTIONAL, 3, "mean latency (ms)", 1, 1, 5)                          \
    METRIC("p50_ms", p50_ms, OPTIONAL, 3, "p50 latency (ms)", 1, 1, 5)                             \
    METRIC("p99_ms", p99_ms, OPTIONAL, 3, "p99 latency (ms)", 1, 1, 5)                             \
    METRIC("downtime_s", downtime_s, REAL, 3, "downtime (s)", 1, 1, 5)                             \
    METRIC("rollout_s", rollout_s, REAL, 3, "rollout duration (s)", 1, 1, 5)                       \
    METRIC("max_pods", max_pods, INT, 0, "peak pods", 0, 1, 3)                                     \
    METRIC("min_available", min_available, INT, 0, "min available pods", 0, 1, 3)                  \
    METRIC("node_hours", node_hours, REAL, 4, "node-hours", 2, 1, 6)                               \
    METRIC("cost", cost, REAL, 4, "cost ($)", 4, 1, 6)                                             \
    METRIC("scale_s", scale_s, REAL, 3, "time to scale (s)", 1, 1, 5)                              \
    METRIC("pods_per_node", pods_per_node, REAL, 2, "pods per node", 2, 1, 5)                      \
    TEXT("namespace", namespace_)                                                                  \
    METRIC("budget_used", budget_used, OPTIONAL, 6, "SLO budget used (%)", 3, 100, 8)              \
    METRIC("burn_1h_5m", burn_1h_5m, OPTIONAL, 3, "peak burn 1h/5m", 2, 1, 5)                      \
    METRIC("burn_6h_30m", burn_6h_30m, OPTIONAL, 3, "peak burn 6h/30m", 2, 1, 5)                   \
    METRIC("latency_budget_used", latency_budget_used, OPTIONAL, 6, "latency budget used (%)", 3,  \
           100, 8)                                                                                 \
    METRIC("latency_burn_1h_5m", latency_burn_1h_5m, OPTIONAL, 3, "latency burn 1h/5m", 2, 1, 5)   \
    METRIC("latency_burn_6h_30m", latency_burn_6h_30m, OPTIONAL, 3, "latency burn 6h/30m", 2, 1, 5)

typedef enum { SUMMARY_COUNT, SUMMARY_INT, SUMMARY_REAL, SUMMARY_OPTIONAL } summary_type_t;

/* A numeric column: what the batch commands average and compare. */
typedef struct {
    const char *name; /* the summary.csv column: "failed" */
    summary_type_t type;
    size_t offset;     /* of its field in sim_summary_t */
    int digits;        /* decimals in summary.csv */
    const char *label; /* for tables: "failed requests" */
    int decimals;      /* printed in tables (integers get one more when averaged) */
    double scale;      /* printed in tables: availability as a percentage */
    bool integer;      /* a count in one run */
    int csv_decimals;  /* means and intervals in the batch CSVs */
} summary_metric_t;

#define SUMMARY_COUNT_METRIC_(...) +1
#define SUMMARY_COUNT_TEXT_(...)
enum { SUMMARY_METRICS = 0 SUMMARY_COLUMNS(SUMMARY_COUNT_TEXT_, SUMMARY_COUNT_METRIC_) };

/* The numeric columns, in file order. */
extern const summary_metric_t summary_metrics[SUMMARY_METRICS];

/* Metric m of a summary, as a double. */
double summary_value(const sim_summary_t *s, int m);

/* The header from `service` on, as one string literal: ",service,requests,...,namespace"
 * (a comma first, to follow "scenario,seed" or a batch file's own columns). */
#define SUMMARY_NAME_(name, ...) "," name
#define SUMMARY_HEADER SUMMARY_COLUMNS(SUMMARY_NAME_, SUMMARY_NAME_)
/* Where things are in a row from `service` on (0 = service): the number of fields, the field
 * of metric m, the field of a text column ("namespace"; -1 if none). */
int summary_field_count(void);
int summary_metric_field(int m);
int summary_text_field(const char *name);
/* A row from `service` on, without a newline: the same digits everywhere. */
void summary_write_fields(FILE *f, const sim_summary_t *m);
/* One CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break. */
void summary_csv_field(FILE *f, const char *s);

#endif
