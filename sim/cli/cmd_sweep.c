/* sweep: one scenario over the cartesian product of --vary values (each a --set), every
 * point with the same seeds, run on worker processes. sweep.csv's rows come in the order of
 * the product (last --vary fastest), then replication, then service — never in the order
 * the workers finish — so -j 1, -j 8 and merged shards write the same bytes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_batch.h"
#include "summary_csv.h"

#define SWEEP_MAX_VARY 16
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
    scenario_set_t sets[CLI_MAX_SETS + SWEEP_MAX_VARY];
    int idx[SWEEP_MAX_VARY], n = w->o.set_count;
    memcpy(sets, w->o.sets, (size_t)n * sizeof sets[0]);
    point_indices(w, point, idx);
    for (int k = 0; k < w->nvary; k++)
        sets[n++] = (scenario_set_t){w->vary[k].path, w->vary[k].values[idx[k]]};
    scenario_t *sc = NULL;
    if (scenario_load_file(w->file, sets, n, &sc, d) != 0) return NULL;
    return sc;
}

static void write_header(FILE *f, const sweep_t *w) {
    fputs("point,replication,seed", f);
    for (int k = 0; k < w->nvary; k++) {
        fputc(',', f);
        metrics_csv_field(f, w->vary[k].path);
    }
    fputs(",service", f);
    for (int m = 0; m < BATCH_METRICS; m++)
        fprintf(f, ",%s", batch_metrics[m].name);
    fputc('\n', f);
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
            metrics_csv_field(f, w->vary[k].labels[idx[k]]);
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
        for (int m = 0; m < BATCH_METRICS; m++)
            if (strcmp(batch_metrics[m].name, shown[j]) == 0) metric[j] = m;
    double *col = malloc((size_t)reps * sizeof *col);
    if (!col) return;
    batch_table_t t;
    batch_table_init(&t, 2 + w->nvary + NSHOWN);
    batch_table_add(&t, "point");
    for (int k = 0; k < w->nvary; k++)
        batch_table_add(&t, "%s", short_path(w->vary[k].path));
    batch_table_add(&t, "service");
    for (int j = 0; j < NSHOWN; j++)
        batch_table_add(&t, "%s", batch_metrics[metric[j]].label);
    for (int p = lo; p < hi; p++) {
        const scenario_t *sc = scs[p];
        if (!sc) continue;
        int idx[SWEEP_MAX_VARY];
        point_indices(w, p, idx);
        for (int i = 0; i < sc->service_count; i++) {
            batch_table_add(&t, "%d", p + 1);
            for (int k = 0; k < w->nvary; k++)
                batch_table_add(&t, "%s", w->vary[k].labels[idx[k]]);
            batch_table_add(&t, "%s", sc->services[i].name);
            for (int j = 0; j < NSHOWN; j++) {
                char cell[128];
                batch_column(runs + (p - lo) * reps, reps, 1, sc->services[i].name, metric[j], col);
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
          "         [--set PATH=VALUE]... [--quiet]\n"
          "Runs every point of the cartesian product of the --vary values (each applied\n"
          "like --set; V1,V2,... or a JSON array:\n"
          "  --vary 'services[0].strategy.rollingUpdate.maxSurge=[0,\"25%\",2]')\n"
          "N times with seeds seed..seed+N-1, on JOBS worker processes (default: every\n"
          "core), and writes DIR/sweep.csv (default out/): one row per point x replication\n"
          "x service. --shard K/N runs only the K-th of N contiguous slices of the points;\n"
          "deploysim merge joins the shards' directories.\n",
          f);
    return f == stdout ? 0 : 2;
}

/* Parses the arguments; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, sweep_t *w) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return sweep_usage(stdout);
        if (strcmp(argv[i], "--vary") == 0) {
            if (i + 1 == argc) {
                fprintf(stderr, "deploysim sweep: --vary needs a value\n");
                return 2;
            }
            if (w->nvary == SWEEP_MAX_VARY) {
                fprintf(stderr, "deploysim sweep: at most %d --vary options\n", SWEEP_MAX_VARY);
                return 2;
            }
            if (vary_parse(argv[++i], &w->vary[w->nvary++]) != 0) return 2;
            continue;
        }
        int r = batch_jobs_option(argv[i], &w->o);
        if (r == 0) r = cli_common_option(argc, argv, &i, &w->o);
        if (r < 0) return 2;
        if (r > 0) continue;
        if (argv[i][0] == '-') {
            fprintf(stderr, "deploysim sweep: unknown option %s\n", argv[i]);
            return sweep_usage(stderr);
        }
        if (w->file) {
            fprintf(stderr, "deploysim sweep: one scenario (vary it with --vary)\n");
            return 2;
        }
        w->file = argv[i];
    }
    if (!w->file || w->nvary == 0) {
        fprintf(stderr, "deploysim sweep: needs a scenario and at least one --vary\n");
        return sweep_usage(stderr);
    }
    long long points = 1;
    for (int k = 0; k < w->nvary; k++) {
        points *= w->vary[k].count;
        if (points > SWEEP_MAX_POINTS) {
            fprintf(stderr, "deploysim sweep: more than %d points\n", SWEEP_MAX_POINTS);
            return 2;
        }
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

/* Runs the points [lo, hi) with scs[p] loaded (NULL: invalid); writes sweep.csv. */
static int run_points(sweep_t *w, scenario_t **scs, int lo, int hi, int invalid) {
    const cli_opts_t *o = &w->o;
    int reps = o->replications > 0 ? o->replications : 1, n = (hi - lo) * reps;
    batch_job_t *jobs = calloc((size_t)(n ? n : 1), sizeof *jobs);
    batch_result_t *res = calloc((size_t)(n ? n : 1), sizeof *res);
    batch_rows_t *runs = calloc((size_t)(n ? n : 1), sizeof *runs);
    int *job_of = calloc((size_t)(n ? n : 1), sizeof *job_of); /* -1: point invalid */
    if (!jobs || !res || !runs || !job_of) {
        fprintf(stderr, "deploysim sweep: out of memory\n");
        free(jobs);
        free(res);
        free(runs);
        free(job_of);
        return 1;
    }
    int nj = 0;
    for (int i = 0; i < n; i++) {
        scenario_t *sc = scs[lo + i / reps];
        job_of[i] = -1;
        if (!sc) continue;
        uint64_t seed = (o->seed_set ? o->seed : sc->seed) + (uint64_t)(i % reps);
        job_of[i] = nj;
        jobs[nj++] = (batch_job_t){.sc = sc, .seed = seed};
    }
    int workers = o->jobs > 0 ? o->jobs : batch_default_workers();
    int failed = batch_run(jobs, nj, workers, "sweep", batch_progress_wanted(o), res);
    char *path = batch_path(o->outdir, "sweep.csv");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f) fprintf(stderr, "deploysim sweep: %s: %s\n", path ? path : o->outdir, strerror(errno));
    if (f) write_header(f, w);
    for (int i = 0; i < n; i++) {
        int j = job_of[i], p = lo + i / reps, r = i % reps;
        if (j < 0) continue;
        if (res[j].ok && batch_rows_parse(res[j].text, &runs[i]) == 0) {
            if (f) write_rows(f, w, p, r, jobs[j].seed, res[j].text);
            continue;
        }
        char name[1024];
        point_name(w, p, name, sizeof name);
        if (res[j].ok) failed++;
        fprintf(stderr, "deploysim sweep: point %d (%s), replication %d (seed %llu): %s\n", p + 1,
                name, r + 1, (unsigned long long)jobs[j].seed,
                res[j].ok ? "unreadable summary from the worker" : res[j].text);
    }
    int rc = failed || invalid || !f ? 1 : 0;
    if (f && (ferror(f) | fclose(f))) {
        fprintf(stderr, "deploysim sweep: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    if (o->shard_n > 0) {
        batch_manifest_t m = {.command = "sweep",
                              .shard = o->shard_k,
                              .shards = o->shard_n,
                              .items = w->points,
                              .replications = reps,
                              .seed = o->seed_set ? o->seed : 0,
                              .failed = failed + invalid * reps};
        for (int p = 0; p < w->points && !m.batch; p++)
            if (scs[p]) m.batch = sweep_key(w, scs[p]);
        if (batch_manifest_write(o->outdir, &m) != 0) {
            fprintf(stderr, "deploysim sweep: %s/shard.json: cannot write\n", o->outdir);
            rc = 1;
        }
        free(m.batch);
    }
    if (!o->quiet && hi > lo) {
        printf("sweep: %s, %d point%s", w->file, hi - lo, hi - lo == 1 ? "" : "s");
        if (o->shard_n > 0)
            printf(" (%d..%d of %d, shard %d/%d)", lo + 1, hi, w->points, o->shard_k, o->shard_n);
        printf(" x %d replication%s\n\n", reps, reps == 1 ? "" : "s");
        print_table(w, lo, hi, scs, runs, reps);
        if (reps > 1) printf("\nmean ± half-width of its 95%% confidence interval (Student's t)\n");
        printf("wrote %s\n", path);
    }
    for (int i = 0; i < n; i++)
        batch_rows_free(&runs[i]);
    free(runs);
    free(path);
    free(jobs);
    free(job_of);
    batch_results_free(res, nj);
    return rc;
}

int cli_sweep(int argc, char **argv) {
    sweep_t w = {.o = {.outdir = "out"}};
    int rc = parse_args(argc, argv, &w);
    scenario_t **scs = NULL;
    if (rc >= 0) goto out;
    rc = 2;
    /* the scenario as given must be valid: otherwise it is bad input, and nothing is written */
    scenario_t *base = cli_load(w.file, &w.o);
    if (!base) goto out;
    scenario_free(base);
    int lo, hi, invalid = 0, valid = 0;
    batch_shard_range(w.points, w.o.shard_k, w.o.shard_n, &lo, &hi);
    scs = calloc((size_t)w.points, sizeof *scs);
    if (!scs) goto out;
    /* every point is loaded (cheap) so that a --vary no point accepts is bad input too */
    diag_t *diags = calloc((size_t)w.points, sizeof *diags);
    for (int p = 0; diags && p < w.points; p++) {
        diag_init(&diags[p]);
        scs[p] = load_point(&w, p, &diags[p]);
        valid += scs[p] != NULL;
    }
    for (int p = 0; diags && p < w.points; p++) {
        if (scs[p] || (valid > 0 && (p < lo || p >= hi))) continue;
        char name[1024];
        point_name(&w, p, name, sizeof name);
        for (int i = 0; i < diags[p].count; i++)
            fprintf(stderr, "deploysim sweep: point %d (%s): %s\n", p + 1, name, diags[p].items[i]);
        invalid += p >= lo && p < hi;
    }
    for (int p = 0; diags && p < w.points; p++)
        diag_free(&diags[p]);
    if (!diags || valid == 0) {
        free(diags);
        goto out;
    }
    free(diags);
    if (sim_mkdir_p(w.o.outdir) != 0) {
        fprintf(stderr, "deploysim sweep: %s: cannot create directory: %s\n", w.o.outdir,
                strerror(errno));
        rc = 1;
        goto out;
    }
    rc = run_points(&w, scs, lo, hi, invalid);
out:
    for (int p = 0; scs && p < w.points; p++)
        scenario_free(scs[p]);
    free(scs);
    for (int k = 0; k < w.nvary; k++)
        vary_free(&w.vary[k]);
    return rc;
}
