/* compare: two or more scenarios run with the same seeds — and, since every random number
 * comes from a stream of (seed, concern, entity), with the same arrivals and failures
 * (common random numbers). A difference between them is then the strategy's, not luck's,
 * and the paired difference per replication has a much tighter interval than two means. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_batch.h"
#include "summary_csv.h"

static int compare_usage(FILE *f) {
    fputs("usage: deploysim compare A.json B.json [C.json ...] [-o DIR] [--seed N]\n"
          "                         [--replications N] [-j JOBS] [--set PATH=VALUE]... "
          "[--max-memory SIZE]\n"
          "                         [--quiet]\n"
          "Runs every scenario with the same seeds (replication r uses seed + r - 1; the seed is\n"
          "--seed or A's) and so the same random numbers, prints a table with one column per\n"
          "scenario and writes DIR/compare.csv (default out/; - for standard output). With\n"
          "--replications N: the mean\n"
          "and 95% confidence interval of each metric, and the paired difference to A with its\n"
          "interval.\n",
          f);
    return f == stdout ? 0 : 2;
}

/* Every service of every scenario, by namespace/name (service_spec_t.qualified), in order of
 * first appearance. */
static int union_services(scenario_t **scs, int n, const char ***out) {
    int count = 0, cap = 0;
    const char **names = NULL;
    for (int s = 0; s < n; s++) {
        for (int i = 0; i < scs[s]->service_count; i++) {
            const char *name = scs[s]->services[i].qualified;
            int known = 0;
            for (int j = 0; j < count && !known; j++)
                known = strcmp(names[j], name) == 0;
            if (known) continue;
            if (count == cap) {
                cap = cap ? 2 * cap : 8;
                const char **nn = realloc(names, (size_t)cap * sizeof *nn);
                if (!nn) break;
                names = nn;
            }
            names[count++] = name;
        }
    }
    *out = names;
    return count;
}

/* mean,ci95_low,ci95_high (the bounds blank without an interval) */
static void put_interval(FILE *f, const stats_ci_t *c, int decimals) {
    batch_put_stat(f, c->mean, decimals);
    fputc(',', f);
    batch_put_stat(f, c->mean - c->half, decimals);
    fputc(',', f);
    batch_put_stat(f, c->mean + c->half, decimals);
}

static int write_compare_csv(const char *dir, scenario_t **scs, int n, const batch_rows_t *runs,
                             int reps) {
    char *path = batch_path(dir, "compare.csv");
    FILE *f = path ? fopen(path, "w") : NULL;
    double *a = malloc((size_t)reps * sizeof *a), *b = malloc((size_t)reps * sizeof *b);
    if (!f || !a || !b) {
        fprintf(stderr, "deploysim compare: %s: %s\n", path ? path : dir, strerror(errno));
        if (f) fclose(f);
        free(path);
        free(a);
        free(b);
        return -1;
    }
    fputs("scenario,service,metric,replications,mean,ci95_low,ci95_high,diff,diff_ci95_low,"
          "diff_ci95_high,namespace\n",
          f);
    for (int s = 0; s < n; s++) {
        for (int i = 0; i < scs[s]->service_count; i++) {
            const service_spec_t *spec = &scs[s]->services[i];
            const char *svc = spec->qualified;
            for (int m = 0; m < SUMMARY_METRICS; m++) {
                if (!batch_metric_has_values(runs, n * reps, svc, m)) continue;
                int dec = summary_metrics[m].csv_decimals;
                batch_column(runs + s * reps, reps, 1, svc, m, b);
                stats_ci_t c = stats_ci95(b, reps);
                summary_csv_field(f, scs[s]->name);
                fputc(',', f);
                summary_csv_field(f, spec->name);
                fprintf(f, ",%s,%d,", summary_metrics[m].name, c.n);
                put_interval(f, &c, dec);
                fputc(',', f);
                if (s > 0) {
                    /* paired: replication r of both used seed + r - 1 */
                    batch_column(runs, reps, 1, svc, m, a);
                    stats_ci_t d = stats_paired_ci95(a, b, reps);
                    put_interval(f, &d, dec);
                } else {
                    fputs(",,", f); /* the first scenario is the reference: no difference */
                }
                fputc(',', f);
                summary_csv_field(f, spec->namespace_);
                fputc('\n', f);
            }
        }
    }
    int rc = 0;
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "deploysim compare: %s: %s\n", path, strerror(errno));
        rc = -1;
    }
    free(path);
    free(a);
    free(b);
    return rc;
}

/* The table on the terminal: which scenario is which letter, then a block per service. */
static void print_table(const char **files, scenario_t **scs, int nf, const batch_rows_t *runs,
                        int reps, uint64_t seed, const char *const *services, int ns) {
    printf("compare: %d scenarios x %d replication%s, seeds %llu..%llu (the same for every "
           "scenario: common random numbers)\n",
           nf, reps, reps == 1 ? "" : "s", (unsigned long long)seed,
           (unsigned long long)(seed + (uint64_t)reps - 1));
    for (int s = 0; s < nf; s++)
        printf("  %c = %s  (%s)\n", 'A' + s % 26, cli_scenario_name(files[s]), scs[s]->name);
    putchar('\n');
    batch_print_metrics(stdout, runs, nf, reps, NULL, services, ns);
    if (reps > 1)
        printf("mean ± half-width of its 95%% confidence interval (Student's t, %d "
               "replications);\nB-A: mean of the per-replication differences with its 95%% "
               "interval, * when it excludes 0.\n",
               reps);
}

/* Runs replication r of scenario s with seed + r (paired: the same seeds for every scenario)
 * and parses each run's summary rows into runs[s * reps + r]. Returns the failed runs. */
static int run_all(const char **files, scenario_t **scs, int nf, int reps, uint64_t seed,
                   const cli_opts_t *o, batch_rows_t *runs) {
    int n = nf * reps;
    batch_job_t *jobs = calloc((size_t)n, sizeof *jobs);
    batch_result_t *res = calloc((size_t)n, sizeof *res);
    if (!jobs || !res) {
        free(jobs);
        free(res);
        return n;
    }
    for (int s = 0; s < nf; s++)
        for (int r = 0; r < reps; r++)
            jobs[s * reps + r] = (batch_job_t){.sc = scs[s], .seed = seed + (uint64_t)r};
    int workers = o->jobs > 0 ? o->jobs : batch_default_workers();
    int failed = batch_run(jobs, n, workers, "compare", batch_progress_wanted(o), res);
    for (int i = 0; i < n && !cli_interrupted; i++) {
        if (res[i].ok && batch_rows_parse(res[i].text, &runs[i]) == 0) continue;
        if (res[i].ok) failed++;
        fprintf(stderr, "deploysim compare: %s: replication %d (seed %llu): %s\n", files[i / reps],
                i % reps + 1, (unsigned long long)jobs[i].seed,
                res[i].ok ? "unreadable summary from the worker" : res[i].text);
    }
    free(jobs);
    batch_results_free(res, n);
    return failed;
}

/* What compare refuses before running anything: seeds beyond 2^64 - 1, too many runs, more
 * memory than allowed. 0 = ok (the messages are printed). */
static int check_limits(const char **files, scenario_t **scs, int nf, int reps, uint64_t seed,
                        const cli_opts_t *o) {
    if (seed > UINT64_MAX - (uint64_t)(reps - 1)) {
        fprintf(stderr, "deploysim compare: seeds %llu + %d replications go beyond 2^64 - 1\n",
                (unsigned long long)seed, reps);
        return -1;
    }
    if ((long long)nf * reps > CLI_MAX_RUNS) {
        fprintf(stderr, "deploysim compare: %d scenarios x %d replications: more than %d runs\n",
                nf, reps, CLI_MAX_RUNS);
        return -1;
    }
    int at_once = o->jobs > 0 ? o->jobs : batch_default_workers();
    if (at_once > nf * reps) at_once = nf * reps;
    for (int s = 0; s < nf; s++)
        if (cli_check_memory("compare", files[s], scs[s], at_once, o) != 0) return -1;
    return 0;
}

/* Runs the loaded scenarios and writes compare.csv: 0 = ok, 1 = a run or the output failed. */
static int compare_loaded(const char **files, scenario_t **scs, int nf, cli_opts_t *o) {
    int reps = o->replications > 0 ? o->replications : 1, n = nf * reps;
    uint64_t seed = o->seed_set ? o->seed : scs[0]->seed;
    if (check_limits(files, scs, nf, reps, seed, o) != 0) return 2;
    cli_signals_install();
    cli_out_t out;
    if (cli_out_begin(&out, o->outdir, "compare") != 0) return 1;
    batch_rows_t *runs = calloc((size_t)n, sizeof *runs);
    const char **services = NULL;
    int ns = union_services(scs, nf, &services);
    if (!runs) {
        free(services);
        cli_out_abort(&out);
        return 1;
    }
    int failed = run_all(files, scs, nf, reps, seed, o, runs);
    bool table = !o->quiet && !out.to_stdout && !cli_interrupted;
    if (table) print_table(files, scs, nf, runs, reps, seed, services, ns);
    if (cli_interrupted || write_compare_csv(out.stage, scs, nf, runs, reps) != 0) {
        cli_out_abort(&out);
        failed++;
    } else if (cli_out_commit(&out, "compare.csv", "compare") != 0) {
        failed++;
    } else if (table) {
        printf("wrote %s/compare.csv\n", o->outdir);
    }
    for (int i = 0; i < n; i++)
        batch_rows_free(&runs[i]);
    free(runs);
    free(services);
    return failed ? 1 : 0;
}

int cli_compare(int argc, char **argv) {
    cli_opts_t o = {.outdir = "out"};
    int rc = cli_parse(argc, argv, "compare",
                       CLI_OPT_OUTPUT | CLI_OPT_SEED | CLI_OPT_REPS | CLI_OPT_JOBS | CLI_OPT_SHARD |
                           CLI_OPT_SET | CLI_OPT_QUIET | CLI_OPT_MAXMEM,
                       &o, compare_usage);
    const char **files = (const char **)o.args;
    int nf = o.nargs;
    if (rc >= 0) {
        free(files);
        return rc;
    }
    if (o.shard_n > 0) {
        fprintf(stderr,
                "deploysim compare: --shard is for run and sweep (compare's runs are paired)\n");
        free(files);
        return 2;
    }
    if (nf < 2) {
        free(files);
        fprintf(stderr, "deploysim compare: needs two scenarios or more\n");
        return compare_usage(stderr);
    }
    /* every file is checked (and every error printed) before anything runs */
    scenario_t **scs = calloc((size_t)nf, sizeof *scs);
    int bad = 0;
    for (int s = 0; scs && s < nf; s++)
        bad += (scs[s] = cli_load(files[s], &o)) == NULL;
    rc = !scs || bad ? 2 : compare_loaded(files, scs, nf, &o);
    for (int s = 0; scs && s < nf; s++)
        scenario_free(scs[s]);
    free(scs);
    free(files);
    if (cli_interrupted) cli_die_of_signal();
    return rc;
}
