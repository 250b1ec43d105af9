/* batch: what compare, sweep, merge and run --replications share — the worker processes
 * that run simulations, the metrics of summary.csv as numbers, their statistics, shards,
 * aligned tables and a small CSV reader. Internal to the CLI (cli/cmd_*.c). */
#ifndef DEPLOYSIM_CMD_BATCH_H
#define DEPLOYSIM_CMD_BATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "stats.h"
#include "summary_csv.h"

/* The numeric columns of summary.csv (the `metric` names of compare.csv) are
 * summary_metrics[] (include/summary_csv.h). */

/* One service's row of one run: the metrics as written in summary.csv, read back, so that
 * statistics from worker output and from files merged later see the very same numbers. A
 * blank value (a latency when nothing was served) is NaN. */
typedef struct {
    char *service, *namespace_;
    char *key; /* "namespace/service", or the name alone in the default namespace */
    double v[SUMMARY_METRICS];
} batch_row_t;

typedef struct {
    char *scenario; /* NULL when the rows came without it */
    batch_row_t *rows;
    int count;
} batch_rows_t;

void batch_rows_free(batch_rows_t *r);
/* Parses worker output: one line per service, summary.csv's columns from `service` on. */
int batch_rows_parse(const char *text, batch_rows_t *out);
/* Reads a summary.csv (columns found by their header names). 0 = ok, else a message. */
int batch_rows_read_summary(const char *path, batch_rows_t *out, char *err, size_t errlen);
/* A service's value of metric m in a run, NaN when the run has no such service; `key` as
 * service_spec_t.qualified. */
double batch_rows_value(const batch_rows_t *r, const char *key, int m);

/* ---- worker processes ---- */

typedef struct {
    scenario_t *sc; /* loaded in the parent; the worker sets its seed in its own copy */
    uint64_t seed;
    const char *outdir; /* NULL: no CSV files, only the summary rows */
} batch_job_t;

typedef struct {
    bool ok;
    char *text; /* ok: one summary line per service (batch_rows_parse); else the error */
} batch_result_t;

/* Runs every job, each in a forked worker, at most `workers` at a time; results[i] belongs
 * to jobs[i] whatever the order of completion. Shows progress on stderr when `progress`.
 * Returns the number of failed jobs. */
int batch_run(const batch_job_t *jobs, int n, int workers, const char *what, bool progress,
              batch_result_t *results);
/* The same, calling done_fn(ctx, job, result) as each job finishes (in completion order).
 * When SIGINT/SIGTERM arrives (cli_interrupted), stops the workers and returns at once: the
 * jobs that had not finished are failed results without text. */
typedef void (*batch_done_fn)(void *ctx, int job, const batch_result_t *r);
int batch_run_cb(const batch_job_t *jobs, int n, int workers, const char *what, bool progress,
                 batch_result_t *results, batch_done_fn done_fn, void *ctx);
void batch_results_free(batch_result_t *r, int n);
/* -j's default: the processors this process may run on. */
int batch_default_workers(void);
/* Progress goes to stderr only when it is a terminal and --quiet was not given. */
bool batch_progress_wanted(const cli_opts_t *o);

/* ---- shards ---- */

/* The K-th (1-based) of N contiguous slices of count items: [*lo, *hi). N = 0: all. */
void batch_shard_range(int count, int k, int n, int *lo, int *hi);

/* What a sharded run leaves beside its outputs (shard.json) so that merge can check that
 * it has every slice exactly once, and put them in order. */
typedef struct {
    char command[16]; /* "run" or "sweep" */
    int shard, shards;
    int items; /* sweep: points; run: replications */
    int replications;
    uint64_t seed;    /* run: the seed of replication 1 */
    int failed;       /* runs that failed in this shard */
    int *failed_reps; /* run: the replications (1-based) that failed */
    char *batch;      /* what was run (scenario name, --set, --vary): shards must agree */
    char hash[17];    /* FNV-1a 64 of the resolved scenario(s): shards must agree */
    uint64_t seed_first, seed_last; /* the seeds this shard ran */
    /* read back: every file the shard wrote, with its CSV rows (-1: not a CSV), bytes and
     * FNV-1a 64, so that merge finds a truncated or damaged file */
    struct batch_file {
        char *name;
        long long rows, bytes;
        char hash[17];
    } * files;
    int nfiles;
} batch_manifest_t;

/* The `batch` text of a manifest: the scenario's name, then each --set; `extra` after. */
char *batch_manifest_key(const scenario_t *sc, const cli_opts_t *o, const char *extra);

/* Writes DIR/shard.json, listing every file in DIR (and its rep-N/) with its size, rows and
 * hash. */
int batch_manifest_write(const char *dir, const batch_manifest_t *m);
/* Counts the CSV records after the header of a text; -1 when it has none (no header). */
long long batch_csv_rows(const char *text);
/* 0 = ok; else a message in err (one line: what is wrong with the manifest). */
int batch_manifest_read(const char *dir, batch_manifest_t *m, char *err, size_t errlen);
void batch_manifest_free(batch_manifest_t *m);

/* ---- statistics over replications ---- */

/* values[r] = metric m of the service `key` in runs[r * stride]: the column a CI is taken
 * over. */
void batch_column(const batch_rows_t *runs, int count, int stride, const char *key, int m,
                  double *values);
/* False when none of runs[0..count) has metric m for the service `key` (an SLO column of a
 * service without an SLO): tables and compare.csv leave such a row out. */
bool batch_metric_has_values(const batch_rows_t *runs, int count, const char *key, int m);
/* Formats a number for the batch CSVs (fixed decimals, blank for NaN, never "-0.000"). */
void batch_put_stat(FILE *f, double v, int decimals);

/* DIR/summary.csv of run --replications: one row per service with the mean of each metric
 * over the replications' rows, then a `_ci95` half-width column per metric. */
int batch_write_rep_summary(const char *dir, const batch_rows_t *reps, int count, uint64_t seed,
                            char *err, size_t errlen);

/* Reads DIR/rep-R/summary.csv for R = lo+1 .. hi into reps[lo..hi), skipping the
 * replications with failed[r] set; prints what it cannot read and returns its count. */
int batch_read_reps(const char *dir, int lo, int hi, const bool *failed, batch_rows_t *reps);

/* ---- tables on the terminal ---- */

/* The table of compare and run --replications: a block per service, a row per metric, a
 * column per scenario (mean ± half-width over the replications; runs[s * reps + r]), and
 * after each scenario but the first its paired difference to the first. Headings default
 * to the letters A, B, C, ... */
void batch_print_metrics(FILE *f, const batch_rows_t *runs, int scenarios, int reps,
                         const char *const *headings, const char *const *services,
                         int service_count);

typedef struct {
    char **cells; /* row-major */
    int cols, count, cap;
} batch_table_t;

void batch_table_init(batch_table_t *t, int cols);
void batch_table_add(batch_table_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints with columns padded to their widest cell; the first `left` columns left-aligned,
 * the others right-aligned. */
void batch_table_print(FILE *f, const batch_table_t *t, int left);
void batch_table_free(batch_table_t *t);
/* A table cell of metric m: "mean ± half", or for a difference "d [lo, hi]" and a "*" when
 * the interval excludes 0; the value alone with one replication, "-" with none. */
void batch_format_ci(char *buf, size_t n, const stats_ci_t *c, int m, bool difference);

/* ---- files ---- */

/* Reads a whole file (NUL-terminated); NULL when it cannot. */
char *batch_read_file(const char *path, size_t *len);
/* "dir/name" in a fresh allocation. */
char *batch_path(const char *dir, const char *name);

/* ---- CSV records (RFC 4180, quoted fields may hold commas, quotes and line breaks) ---- */

typedef struct {
    char *buf;
    size_t cap;
    char **field;
    int count, fcap;
} batch_csv_t;

/* Parses the record at *p and advances past it; false at the end of the text. */
bool batch_csv_next(batch_csv_t *r, const char **p);
void batch_csv_free(batch_csv_t *r);

#endif
