/* sweep: one scenario over the cartesian product of --vary values (each a --set), every
 * point with the same seeds, run on worker processes. sweep.csv's rows come in the order of
 * the product (last --vary fastest), then replication, then service — never in the order
 * the workers finish — so -j 1, -j 8 and merged shards write the same bytes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_batch.h"
#include "summary_csv.h"

#define SWEEP_MAX_VARY CLI_MAX_VARY
#define SWEEP_MAX_POINTS 1000000

typedef struct {
    char *path;
    int count;
    char **values; /* the text given to the loader: JSON or a bare string */
    char **labels; /* what sweep.csv and the table show: a string without its quotes */
} vary_t;

static void vary_free(vary_t *v) {
    for (int i = 0; i < v->count; i++) {
        free(v->values[i]);
        free(v->labels[i]);
    }
    free(v->values);
    free(v->labels);
    free(v->path);
    memset(v, 0, sizeof *v);
}

static int vary_push(vary_t *v, char *value, char *label) {
    char **vals = realloc(v->values, (size_t)(v->count + 1) * sizeof *vals);
    if (vals) v->values = vals;
    char **labs = realloc(v->labels, (size_t)(v->count + 1) * sizeof *labs);
    if (labs) v->labels = labs;
    if (!vals || !labs || !value || !label) {
        free(value);
        free(label);
        return -1;
    }
    v->values[v->count] = value;
    v->labels[v->count++] = label;
    return 0;
}

/* PATH=V1,V2,... or PATH=[JSON array]. Prints its error; 0 = ok. */
static int vary_parse(const char *arg, vary_t *v) {
    memset(v, 0, sizeof *v);
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        fprintf(stderr,
                "deploysim sweep: --vary \"%s\" must be PATH=V1,V2,... or PATH=[JSON array]\n",
                arg);
        return -1;
    }
    v->path = strndup(arg, (size_t)(eq - arg));
    const char *list = eq + 1;
    if (*list == '[') {
        cJSON *a = cJSON_Parse(list);
        if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
            fprintf(stderr, "deploysim sweep: --vary %s: \"%s\" is not a non-empty JSON array\n",
                    v->path, list);
            cJSON_Delete(a);
            return -1;
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, a) {
            char *label = cJSON_IsString(e) ? strdup(e->valuestring) : cJSON_PrintUnformatted(e);
            if (vary_push(v, cJSON_PrintUnformatted(e), label) != 0) {
                cJSON_Delete(a);
                return -1;
            }
        }
        cJSON_Delete(a);
        return 0;
    }
    for (const char *p = list;;) {
        size_t len = strcspn(p, ",");
        if (len == 0) {
            fprintf(stderr, "deploysim sweep: --vary %s: an empty value in \"%s\"\n", v->path,
                    list);
            return -1;
        }
        if (vary_push(v, strndup(p, len), strndup(p, len)) != 0) return -1;
        if (!p[len]) break;
        p += len + 1;
    }
    return 0;
}

typedef struct {
    const char *file;
    char *text; /* the scenario file, read once (it may be standard input) */
    cli_opts_t o;
    vary_t vary[SWEEP_MAX_VARY];
    int nvary;
    int points;
} sweep_t;

/* The value index of each --vary at a point: the last --vary changes fastest. */
static void point_indices(const sweep_t *w, int point, int *idx) {
    for (int k = w->nvary - 1; k >= 0; k--) {
        idx[k] = point % w->vary[k].count;
        point /= w->vary[k].count;
    }
}

/* "maxSurge=25%, replicas=4": how a point is named in messages. */
static void point_name(const sweep_t *w, int point, char *buf, size_t n) {
    int idx[SWEEP_MAX_VARY];
    point_indices(w, point, idx);
    size_t len = 0;
    buf[0] = 0;
    for (int k = 0; k < w->nvary && len < n; k++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s=%s", k ? ", " : "", w->vary[k].path,
                                w->vary[k].labels[idx[k]]);
}

/* Loads the scenario of a point: the user's --set list, then the point's values. */
static scenario_t *load_point(const sweep_t *w, int point, diag_t *d) {
    scenario_set_t sets[SWEEP_MAX_VARY];
    int idx[SWEEP_MAX_VARY];
    point_indices(w, point, idx);
    for (int k = 0; k < w->nvary; k++)
        sets[k] = (scenario_set_t){w->vary[k].path, w->vary[k].values[idx[k]]};
    return cli_load_text(w->text, w->file, &w->o, sets, w->nvary, d);
}

static void write_header(FILE *f, const sweep_t *w) {
    fputs("point,replication,seed", f);
    for (int k = 0; k < w->nvary; k++) {
        fputc(',', f);
        summary_csv_field(f, w->vary[k].path);
    }
    fputs(SUMMARY_HEADER "\n", f);
}

/* Rows of one run: each worker line (summary.csv from `service` on) after the point's key. */
static void write_rows(FILE *f, const sweep_t *w, int point, int rep, uint64_t seed,
                       const char *text) {
    int idx[SWEEP_MAX_VARY];
    point_indices(w, point, idx);
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        fprintf(f, "%d,%d,%llu", point + 1, rep + 1, (unsigned long long)seed);
        for (int k = 0; k < w->nvary; k++) {
            fputc(',', f);
            summary_csv_field(f, w->vary[k].labels[idx[k]]);
        }
        fputc(',', f);
        fwrite(line, 1, len, f);
        fputc('\n', f);
        line += len + (line[len] == '\n');
    }
}

/* The short name of a --vary for a table heading: its last key. */
static const char *short_path(const char *path) {
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

static void print_table(const sweep_t *w, int lo, int hi, scenario_t **scs,
                        const batch_rows_t *runs, int reps) {
    static const char *const shown[] = {"failed",    "availability", "p99_ms", "downtime_s",
                                        "rollout_s", "max_pods",     "cost"};
    enum { NSHOWN = sizeof shown / sizeof shown[0] };
    int metric[NSHOWN];
    for (int j = 0; j < NSHOWN; j++)
        for (int m = 0; m < SUMMARY_METRICS; m++)
            if (strcmp(summary_metrics[m].name, shown[j]) == 0) metric[j] = m;
    double *col = malloc((size_t)reps * sizeof *col);
    if (!col) return;
    batch_table_t t;
    batch_table_init(&t, 2 + w->nvary + NSHOWN);
    batch_table_add(&t, "point");
    for (int k = 0; k < w->nvary; k++)
        batch_table_add(&t, "%s", short_path(w->vary[k].path));
    batch_table_add(&t, "service");
    for (int j = 0; j < NSHOWN; j++)
        batch_table_add(&t, "%s", summary_metrics[metric[j]].label);
    for (int p = lo; p < hi; p++) {
        const scenario_t *sc = scs[p];
        if (!sc) continue;
        int idx[SWEEP_MAX_VARY];
        point_indices(w, p, idx);
        for (int i = 0; i < sc->service_count; i++) {
            batch_table_add(&t, "%d", p + 1);
            for (int k = 0; k < w->nvary; k++)
                batch_table_add(&t, "%s", w->vary[k].labels[idx[k]]);
            batch_table_add(&t, "%s", sc->services[i].qualified);
            for (int j = 0; j < NSHOWN; j++) {
                char cell[128];
                batch_column(runs + (p - lo) * reps, reps, 1, sc->services[i].qualified, metric[j],
                             col);
                stats_ci_t c = stats_ci95(col, reps);
                batch_format_ci(cell, sizeof cell, &c, metric[j], false);
                batch_table_add(&t, "%s", cell);
            }
        }
    }
    batch_table_print(stdout, &t, 0);
    batch_table_free(&t);
    free(col);
}

static int sweep_usage(FILE *f) {
    fputs("usage: deploysim sweep SCENARIO.json --vary PATH=V1,V2,... [--vary ...]\n"
          "         [--replications N] [-j JOBS] [--shard K/N] [-o DIR] [--seed N]\n"
          "         [--set PATH=VALUE]... [--resume] [--max-memory SIZE] [--quiet]\n"
          "Runs every point of the cartesian product of the --vary values (each applied\n"
          "like --set; V1,V2,... or a JSON array:\n"
          "  --vary 'services[0].strategy.rollingUpdate.maxSurge=[0,\"25%\",2]')\n"
          "N times with seeds seed..seed+N-1, on JOBS worker processes (default: every\n"
          "core), and writes DIR/sweep.csv (default out/; - for standard output): one row per\n"
          "point x replication x service. --shard K/N runs only the K-th of N contiguous\n"
          "slices of the points; deploysim merge joins the shards' directories.\n"
          "An interrupted sweep keeps its finished runs in DIR/sweep.partial; the same\n"
          "command with --resume runs only the others.\n",
          f);
    return f == stdout ? 0 : 2;
}

/* Parses the arguments; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, sweep_t *w) {
    int rc =
        cli_parse(argc, argv, "sweep",
                  CLI_OPT_OUTPUT | CLI_OPT_SEED | CLI_OPT_REPS | CLI_OPT_JOBS | CLI_OPT_SHARD |
                      CLI_OPT_SET | CLI_OPT_QUIET | CLI_OPT_VARY | CLI_OPT_RESUME | CLI_OPT_MAXMEM,
                  &w->o, sweep_usage);
    if (rc >= 0) return rc;
    for (int k = 0; k < w->o.vary_count; k++)
        if (vary_parse(w->o.vary[k], &w->vary[w->nvary++]) != 0) return 2;
    if (w->o.nargs > 1) {
        fprintf(stderr, "deploysim sweep: one scenario (vary it with --vary)\n");
        return 2;
    }
    if (w->o.nargs == 0 || w->nvary == 0) {
        fprintf(stderr, "deploysim sweep: needs a scenario and at least one --vary\n");
        return sweep_usage(stderr);
    }
    w->file = w->o.args[0];
    long long points = 1;
    for (int k = 0; k < w->nvary; k++) {
        points *= w->vary[k].count;
        if (points > SWEEP_MAX_POINTS) {
            fprintf(stderr, "deploysim sweep: more than %d points\n", SWEEP_MAX_POINTS);
            return 2;
        }
    }
    long long reps = w->o.replications > 0 ? w->o.replications : 1;
    if (points * reps > CLI_MAX_RUNS) {
        fprintf(stderr,
                "deploysim sweep: %lld points x %lld replications = %lld runs, more than the %d "
                "one sweep may start (shard it, or vary fewer values)\n",
                points, reps, points * reps, CLI_MAX_RUNS);
        return 2;
    }
    w->points = (int)points;
    return -1;
}

/* What a shard of this sweep ran, for merge to check: the --vary lists after the --sets. */
static char *sweep_key(const sweep_t *w, const scenario_t *sc) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    for (int k = 0; k < w->nvary; k++) {
        fprintf(f, "\n--vary %s=", w->vary[k].path);
        for (int i = 0; i < w->vary[k].count; i++)
            fprintf(f, "%s%s", i ? "," : "", w->vary[k].values[i]);
    }
    fclose(f);
    char *key = batch_manifest_key(sc, &w->o, buf);
    free(buf);
    return key;
}

/* ---- the journal of an unfinished sweep (DIR/sweep.partial) ----
 * One record per finished run, "run POINT REP SEED BYTES\n" and the worker's rows, after a
 * first line that names the sweep (a hash of what it runs); --resume takes the runs it
 * lists instead of running them again. A record cut short (a kill -9 while writing) is
 * ignored. */

typedef struct {
    FILE *f;
    int lo, reps;
    const int *job_of; /* run index -> job */
    const batch_job_t *jobs;
    int *run_of_job;
} journal_t;

static void journal_add(void *ctx, int job, const batch_result_t *r) {
    journal_t *j = ctx;
    if (!j->f || !r->ok || !r->text) return;
    int i = j->run_of_job[job];
    fprintf(j->f, "run %d %d %llu %zu\n", j->lo + i / j->reps + 1, i % j->reps + 1,
            (unsigned long long)j->jobs[job].seed, strlen(r->text));
    fputs(r->text, j->f);
    fflush(j->f);
}

/* Reads the finished runs of a journal into text[i] (run index i); returns how many, or -1
 * when the journal is of another sweep (printed). */
static int journal_read(const char *path, const char *key, int lo, int hi, int reps,
                        const uint64_t *seeds, char **text) {
    char *all = batch_read_file(path, NULL);
    if (!all) return 0;
    size_t kl = strlen(key);
    if (strncmp(all, key, kl) != 0 || all[kl] != '\n') {
        fprintf(stderr,
                "deploysim sweep: %s is the journal of another sweep (scenario, --set, --vary, "
                "seed, replications or shard differ): run without --resume to start over\n",
                path);
        free(all);
        return -1;
    }
    int found = 0;
    for (const char *p = all + kl + 1; *p;) {
        int pt, rep, used = 0;
        unsigned long long seed;
        size_t len;
        if (sscanf(p, "run %d %d %llu %zu\n%n", &pt, &rep, &seed, &len, &used) != 4 || !used ||
            strlen(p + used) < len)
            break;
        int i = (pt - 1 - lo) * reps + (rep - 1);
        if (pt - 1 >= lo && pt - 1 < hi && rep >= 1 && rep <= reps && seeds[i] == seed &&
            !text[i]) {
            text[i] = strndup(p + used, len);
            found++;
        }
        p += (size_t)used + len; /* used > 0: checked above */
    }
    free(all);
    return found;
}

/* The runs of one sweep shard: run index i = (point - lo) * reps + replication. */
typedef struct {
    int lo, hi, reps, n, nj;
    batch_job_t *jobs;   /* the runs to do now, nj of them */
    batch_result_t *res; /* their results */
    batch_rows_t *runs;  /* run index -> its summary rows */
    int *job_of;         /* run index -> job; -1: point invalid or already done */
    int *run_of_job;     /* job -> run index */
    uint64_t *seeds;     /* run index -> seed */
    char **done;         /* run index -> its rows from the journal, or NULL */
} sweep_runs_t;

static void runs_free(sweep_runs_t *r) {
    for (int i = 0; r->runs && r->done && i < r->n; i++) {
        batch_rows_free(&r->runs[i]);
        free(r->done[i]);
    }
    free(r->done);
    free(r->seeds);
    free(r->runs);
    free(r->jobs);
    free(r->job_of);
    free(r->run_of_job);
    batch_results_free(r->res, r->nj);
}

/* Allocates the tables and each run's seed; false when out of memory (printed). */
static bool runs_alloc(sweep_runs_t *r, const cli_opts_t *o, scenario_t **scs, int lo, int hi) {
    int reps = o->replications > 0 ? o->replications : 1, n = (hi - lo) * reps;
    size_t cap = (size_t)(n ? n : 1);
    *r = (sweep_runs_t){.lo = lo, .hi = hi, .reps = reps, .n = n};
    r->jobs = calloc(cap, sizeof *r->jobs);
    r->res = calloc(cap, sizeof *r->res);
    r->runs = calloc(cap, sizeof *r->runs);
    r->job_of = calloc(cap, sizeof *r->job_of);
    r->run_of_job = calloc(cap, sizeof *r->run_of_job);
    r->seeds = calloc(cap, sizeof *r->seeds);
    r->done = calloc(cap, sizeof *r->done);
    if (!r->jobs || !r->res || !r->runs || !r->job_of || !r->run_of_job || !r->seeds || !r->done) {
        fprintf(stderr, "deploysim sweep: out of memory\n");
        return false;
    }
    for (int i = 0; i < n; i++) {
        scenario_t *sc = scs[lo + i / reps];
        if (sc) r->seeds[i] = (o->seed_set ? o->seed : sc->seed) + (uint64_t)(i % reps);
    }
    return true;
}

/* The jobs: every run of a valid point that the journal does not already hold. */
static void runs_plan(sweep_runs_t *r, scenario_t **scs) {
    r->nj = 0;
    for (int i = 0; i < r->n; i++) {
        scenario_t *sc = scs[r->lo + i / r->reps];
        r->job_of[i] = -1;
        if (!sc || r->done[i]) continue;
        r->job_of[i] = r->nj;
        r->run_of_job[r->nj] = i;
        r->jobs[r->nj++] = (batch_job_t){.sc = sc, .seed = r->seeds[i]};
    }
}

/* Every run's rows into sweep.csv (`f` may be NULL: parsed only) and into r->runs; returns
 * how many runs failed, each said on stderr. */
static int write_runs(sweep_t *w, sweep_runs_t *r, FILE *f, const char *journal) {
    int failed = 0;
    for (int i = 0; i < r->n; i++) {
        int j = r->job_of[i], p = r->lo + i / r->reps, rep = i % r->reps;
        if (r->done[i]) {
            if (batch_rows_parse(r->done[i], &r->runs[i]) == 0) {
                if (f) write_rows(f, w, p, rep, r->seeds[i], r->done[i]);
                continue;
            }
            failed++;
            fprintf(stderr, "deploysim sweep: point %d, replication %d: unreadable in %s\n", p + 1,
                    rep + 1, journal);
            continue;
        }
        if (j < 0) continue;
        const batch_result_t *res = &r->res[j];
        if (res->ok && batch_rows_parse(res->text, &r->runs[i]) == 0) {
            if (f) write_rows(f, w, p, rep, r->jobs[j].seed, res->text);
            continue;
        }
        char name[1024];
        point_name(w, p, name, sizeof name);
        if (res->ok) failed++;
        fprintf(stderr, "deploysim sweep: point %d (%s), replication %d (seed %llu): %s\n", p + 1,
                name, rep + 1, (unsigned long long)r->jobs[j].seed,
                res->ok ? "unreadable summary from the worker" : res->text);
    }
    return failed;
}

/* shard.json beside a shard's sweep.csv: what it ran, for `deploysim merge`. */
static int write_sweep_manifest(const sweep_t *w, const sweep_runs_t *r, scenario_t **scs,
                                int failed, int invalid, const char *dir, const char *hash) {
    const cli_opts_t *o = &w->o;
    batch_manifest_t m = {.command = "sweep",
                          .shard = o->shard_k,
                          .shards = o->shard_n,
                          .items = w->points,
                          .replications = r->reps,
                          .seed = o->seed_set ? o->seed : 0,
                          .failed = failed + invalid * r->reps};
    snprintf(m.hash, sizeof m.hash, "%s", hash);
    for (int i = 0; i < r->n; i++) {
        if (!scs[r->lo + i / r->reps]) continue;
        if (!m.seed_first || r->seeds[i] < m.seed_first) m.seed_first = r->seeds[i];
        if (r->seeds[i] > m.seed_last) m.seed_last = r->seeds[i];
    }
    for (int p = 0; p < w->points && !m.batch; p++)
        if (scs[p]) m.batch = sweep_key(w, scs[p]);
    int rc = 0;
    if (batch_manifest_write(dir, &m) != 0) {
        fprintf(stderr, "deploysim sweep: %s/shard.json: cannot write\n", o->outdir);
        rc = -1;
    }
    free(m.batch);
    return rc;
}

/* The terminal table of the points [lo, hi). */
static void print_sweep(sweep_t *w, const sweep_runs_t *r, scenario_t **scs) {
    const cli_opts_t *o = &w->o;
    int lo = r->lo, hi = r->hi, reps = r->reps;
    printf("sweep: %s, %d point%s", cli_scenario_name(w->file), hi - lo, hi - lo == 1 ? "" : "s");
    if (o->shard_n > 0)
        printf(" (%d..%d of %d, shard %d/%d)", lo + 1, hi, w->points, o->shard_k, o->shard_n);
    printf(" x %d replication%s\n\n", reps, reps == 1 ? "" : "s");
    print_table(w, lo, hi, scs, r->runs, reps);
    if (reps > 1) printf("\nmean ± half-width of its 95%% confidence interval (Student's t)\n");
    printf("wrote %s/sweep.csv\n", o->outdir);
}

/* Runs the points [lo, hi) with scs[p] loaded (NULL: invalid); writes sweep.csv into the
 * stage `dir`. */
static int run_points(sweep_t *w, scenario_t **scs, int lo, int hi, int invalid, const char *dir,
                      const char *journal, const char *key, const char *hash) {
    const cli_opts_t *o = &w->o;
    sweep_runs_t r;
    if (!runs_alloc(&r, o, scs, lo, hi)) {
        runs_free(&r);
        return 1;
    }
    int n = r.n, resumed = 0;
    if (journal && o->resume) {
        resumed = journal_read(journal, key, lo, hi, r.reps, r.seeds, r.done);
        if (resumed < 0) {
            runs_free(&r);
            return 2;
        }
        if (!o->quiet)
            fprintf(stderr, "deploysim sweep: resuming: %d of %d runs were already done\n", resumed,
                    n);
    }
    runs_plan(&r, scs);
    journal_t jn = {
        .lo = lo, .reps = r.reps, .job_of = r.job_of, .jobs = r.jobs, .run_of_job = r.run_of_job};
    if (journal) {
        jn.f = fopen(journal, resumed > 0 ? "a" : "w");
        if (jn.f && resumed == 0) fprintf(jn.f, "%s\n", key);
        if (jn.f) fflush(jn.f);
    }
    int workers = o->jobs > 0 ? o->jobs : batch_default_workers();
    int failed = batch_run_cb(r.jobs, r.nj, workers, "sweep", batch_progress_wanted(o), r.res,
                              journal_add, &jn);
    if (jn.f) fclose(jn.f);
    char *path = batch_path(dir, "sweep.csv");
    FILE *f = NULL;
    int rc = 1;
    if (cli_interrupted) {
        int kept = resumed;
        for (int j = 0; j < r.nj; j++)
            kept += r.res[j].ok;
        if (journal)
            fprintf(stderr,
                    "deploysim sweep: interrupted: %d of %d runs are kept in %s; the same "
                    "command with --resume runs the others\n",
                    kept, n, journal);
        goto out;
    }
    f = path ? fopen(path, "w") : NULL;
    if (!f) fprintf(stderr, "deploysim sweep: %s: %s\n", path ? path : dir, strerror(errno));
    if (f) write_header(f, w);
    failed += write_runs(w, &r, f, journal);
    rc = failed || invalid || !f ? 1 : 0;
    if (f && (ferror(f) | fclose(f))) {
        fprintf(stderr, "deploysim sweep: %s: %s\n", path, strerror(errno));
        rc = 1;
        f = NULL;
    }
    if (!f) {
        rc = -1; /* nothing to commit */
        goto out;
    }
    if (o->shard_n > 0 && write_sweep_manifest(w, &r, scs, failed, invalid, dir, hash) != 0)
        rc = -1;
    if (!o->quiet && hi > lo && strcmp(o->outdir, "-") != 0) print_sweep(w, &r, scs);
out:
    free(path);
    runs_free(&r);
    return rc;
}

/* Loads every point into scs[] and prints why each of this shard's invalid points was refused
 * (all of them when none is valid). Returns the valid points; *invalid counts this shard's. */
static int load_points(const sweep_t *w, scenario_t **scs, int lo, int hi, int *invalid) {
    int valid = 0;
    diag_t *diags = calloc((size_t)w->points, sizeof *diags);
    if (!diags) return 0;
    for (int p = 0; p < w->points; p++) {
        diag_init(&diags[p]);
        scs[p] = load_point(w, p, &diags[p]);
        valid += scs[p] != NULL;
    }
    for (int p = 0; p < w->points; p++) {
        if (scs[p] || (valid > 0 && (p < lo || p >= hi))) continue;
        char name[1024];
        point_name(w, p, name, sizeof name);
        for (int i = 0; i < diags[p].count; i++)
            fprintf(stderr, "deploysim sweep: point %d (%s): %s\n", p + 1, name, diags[p].items[i]);
        *invalid += p >= lo && p < hi;
    }
    for (int p = 0; p < w->points; p++)
        diag_free(&diags[p]);
    free(diags);
    return valid;
}

/* The hash of every valid point's resolved scenario (what shards and a resumed journal must
 * share), after checking that no point's seeds go beyond 2^64 - 1. 0 = ok. */
static int points_hash(const sweep_t *w, scenario_t **scs, int reps, char hash[17]) {
    uint64_t h = CLI_FNV_INIT;
    for (int p = 0; p < w->points; p++) {
        if (!scs[p]) continue;
        uint64_t s0 = w->o.seed_set ? w->o.seed : scs[p]->seed;
        if (s0 > UINT64_MAX - (uint64_t)(reps - 1)) {
            fprintf(stderr, "deploysim sweep: seeds %llu + %d replications go beyond 2^64 - 1\n",
                    (unsigned long long)s0, reps);
            return -1;
        }
        char ph[17];
        cli_scenario_hash(scs[p], ph);
        h = cli_fnv1a(h, ph, 16);
    }
    snprintf(hash, 17, "%016llx", (unsigned long long)h);
    return 0;
}

/* The first line of sweep.partial: a journal resumes only the very same sweep. */
static char *journal_key(const sweep_t *w, scenario_t **scs, const char *hash, int reps) {
    char *sk = NULL;
    for (int p = 0; p < w->points && !sk; p++)
        if (scs[p]) sk = sweep_key(w, scs[p]);
    size_t kl = (sk ? strlen(sk) : 0) + 200;
    char *key = malloc(kl);
    if (key)
        snprintf(key, kl, "deploysim sweep journal %016llx %s reps %d seed %llu shard %d/%d",
                 (unsigned long long)cli_fnv1a(CLI_FNV_INIT, sk ? sk : "", sk ? strlen(sk) : 0),
                 hash, reps, (unsigned long long)(w->o.seed_set ? w->o.seed : 0), w->o.shard_k,
                 w->o.shard_n);
    free(sk);
    return key;
}

int cli_sweep(int argc, char **argv) {
    sweep_t w = {.o = {.outdir = "out"}};
    int rc = parse_args(argc, argv, &w);
    scenario_t **scs = NULL;
    char *key = NULL, *journal = NULL;
    if (rc >= 0) goto out;
    rc = 2;
    /* the scenario as given must be valid: otherwise it is bad input, and nothing is written */
    w.text = cli_read_scenario(w.file);
    scenario_t *base = NULL;
    if (!w.text) goto out;
    {
        diag_t d;
        diag_init(&d);
        base = cli_load_text(w.text, w.file, &w.o, NULL, 0, &d);
        for (int i = 0; !base && i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        diag_free(&d);
    }
    if (!base) goto out;
    scenario_free(base);
    int lo, hi, invalid = 0;
    batch_shard_range(w.points, w.o.shard_k, w.o.shard_n, &lo, &hi);
    scs = calloc((size_t)w.points, sizeof *scs);
    if (!scs) goto out;
    /* every point is loaded (cheap) so that a --vary no point accepts is bad input too */
    if (load_points(&w, scs, lo, hi, &invalid) == 0) goto out;
    int reps = w.o.replications > 0 ? w.o.replications : 1;
    char hash[17];
    if (points_hash(&w, scs, reps, hash) != 0) goto out;
    {
        long long runs = (long long)(hi - lo) * reps;
        int at_once = w.o.jobs > 0 ? w.o.jobs : batch_default_workers();
        if (at_once > runs) at_once = (int)(runs > 0 ? runs : 1);
        for (int p = lo; p < hi; p++)
            if (scs[p] && cli_check_memory("sweep", w.file, scs[p], at_once, &w.o) != 0) goto out;
    }
    rc = 1;
    cli_signals_install();
    cli_out_t out;
    if (cli_out_begin(&out, w.o.outdir, "sweep") != 0) goto out;
    if (!out.to_stdout) {
        key = journal_key(&w, scs, hash, reps);
        if (sim_mkdir_p(w.o.outdir) == 0) journal = batch_path(w.o.outdir, "sweep.partial");
    }
    rc = run_points(&w, scs, lo, hi, invalid, out.stage, journal, key ? key : "", hash);
    if (rc == 2 || rc < 0 || cli_interrupted) {
        cli_out_abort(&out);
        if (rc < 0) rc = 1;
    } else if (cli_out_commit(&out, "sweep.csv", "sweep") != 0) {
        rc = 1;
    } else if (journal) {
        unlink(journal); /* complete: nothing left to resume */
    }
out:
    for (int p = 0; scs && p < w.points; p++)
        scenario_free(scs[p]);
    free(scs);
    for (int k = 0; k < w.nvary; k++)
        vary_free(&w.vary[k]);
    free(w.text);
    free(key);
    free(journal);
    free(w.o.args);
    if (cli_interrupted) cli_die_of_signal();
    return rc;
}
