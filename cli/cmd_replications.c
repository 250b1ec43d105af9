/* run --replications N: N runs of one scenario with seeds seed..seed+N-1, each writing its
 * files to DIR/rep-R/, and DIR/summary.csv with each metric's mean and 95% interval. The
 * statistics are read back from the replications' own summary.csv files, so a merge of
 * shards (which has only those files) computes the very same digits. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_batch.h"
#include "summary_csv.h"

/* Reads the summary.csv of each replication that succeeded (failed[r] false) from
 * DIR/rep-R/; the statistics then come from exactly the digits in those files, whether the
 * replications ran here or in shards merged later. */
int batch_read_reps(const char *dir, int lo, int hi, const bool *failed, batch_rows_t *reps) {
    int bad = 0;
    for (int r = lo; r < hi; r++) {
        memset(&reps[r], 0, sizeof reps[r]);
        if (failed && failed[r]) continue;
        char name[64], err[512];
        snprintf(name, sizeof name, "rep-%d/summary.csv", r + 1);
        char *path = batch_path(dir, name);
        if (!path || batch_rows_read_summary(path, &reps[r], err, sizeof err) != 0) {
            fprintf(stderr, "deploysim: %s\n", path ? err : "out of memory");
            bad++;
        }
        free(path);
    }
    return bad;
}

int batch_write_rep_summary(const char *dir, const batch_rows_t *reps, int count, uint64_t seed,
                            char *err, size_t errlen) {
    /* the services, in the order of the first replication that has them */
    const batch_row_t **services = NULL; /* the first row of each */
    int ns = 0;
    const char *scenario = NULL;
    for (int r = 0; r < count; r++) {
        if (!scenario) scenario = reps[r].scenario;
        for (int i = 0; i < reps[r].count; i++) {
            int known = 0;
            for (int j = 0; j < ns && !known; j++)
                known = strcmp(services[j]->key, reps[r].rows[i].key) == 0;
            if (known) continue;
            const batch_row_t **s = realloc(services, (size_t)(ns + 1) * sizeof *s);
            if (!s) break;
            services = s;
            services[ns++] = &reps[r].rows[i];
        }
    }
    char *path = batch_path(dir, "summary.csv");
    FILE *f = path ? fopen(path, "w") : NULL;
    double *col = malloc((size_t)(count > 0 ? count : 1) * sizeof *col);
    if (!f || !col) {
        snprintf(err, errlen, "%s: %s", path ? path : dir, strerror(errno));
        if (f) fclose(f);
        free(path);
        free(col);
        free(services);
        return -1;
    }
    fputs("scenario,seed,service", f);
    for (int m = 0; m < SUMMARY_METRICS; m++)
        fprintf(f, ",%s", summary_metrics[m].name);
    for (int m = 0; m < SUMMARY_METRICS; m++)
        fprintf(f, ",%s_ci95", summary_metrics[m].name);
    fputs(",namespace\n", f);
    for (int i = 0; i < ns; i++) {
        stats_ci_t c[SUMMARY_METRICS];
        for (int m = 0; m < SUMMARY_METRICS; m++) {
            batch_column(reps, count, 1, services[i]->key, m, col);
            c[m] = stats_ci95(col, count);
        }
        summary_csv_field(f, scenario ? scenario : "");
        fprintf(f, ",%llu,", (unsigned long long)seed);
        summary_csv_field(f, services[i]->service);
        for (int m = 0; m < SUMMARY_METRICS; m++) {
            fputc(',', f);
            batch_put_stat(f, c[m].mean, summary_metrics[m].csv_decimals);
        }
        for (int m = 0; m < SUMMARY_METRICS; m++) {
            fputc(',', f);
            batch_put_stat(f, c[m].half, summary_metrics[m].csv_decimals);
        }
        fputc(',', f);
        summary_csv_field(f, services[i]->namespace_);
        fputc('\n', f);
    }
    int rc = 0;
    if (ferror(f) | fclose(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    free(path);
    free(col);
    free(services);
    return rc;
}

/* shard.json of a sharded run: what merge checks (the slice, its seeds, the scenario's hash,
 * the replications that failed). 0 = ok. */
static int write_manifest(const char *dir, const scenario_t *sc, const cli_opts_t *o, int total,
                          int lo, int hi, uint64_t seed, const bool *failed, int *failed_reps) {
    batch_manifest_t m = {.command = "run",
                          .shard = o->shard_k,
                          .shards = o->shard_n,
                          .items = total,
                          .replications = total,
                          .seed = seed,
                          .seed_first = seed + (uint64_t)lo,
                          .seed_last = seed + (uint64_t)(hi > lo ? hi - 1 : lo),
                          .failed_reps = failed_reps,
                          .batch = batch_manifest_key(sc, o, NULL)};
    cli_scenario_hash(sc, m.hash);
    for (int r = lo; r < hi; r++)
        if (failed[r]) failed_reps[m.failed++] = r + 1;
    int rc = batch_manifest_write(dir, &m);
    if (rc != 0) fprintf(stderr, "deploysim run: %s/shard.json: cannot write\n", o->outdir);
    free(m.batch);
    return rc;
}

/* The table on the terminal: each metric's mean and interval over the replications. */
static void print_replications(const scenario_t *sc, const cli_opts_t *o, const batch_rows_t *reps,
                               int total, int lo, int hi, uint64_t seed) {
    int n = hi - lo;
    printf("%s  (%d replication%s, seeds %llu..%llu", sc->name, n, n == 1 ? "" : "s",
           (unsigned long long)(seed + (uint64_t)lo),
           (unsigned long long)(seed + (uint64_t)hi - 1));
    if (o->shard_n > 0) printf(", shard %d/%d of %d", o->shard_k, o->shard_n, total);
    printf(")\n\n");
    const char **services = calloc((size_t)sc->service_count + 1, sizeof *services);
    for (int i = 0; services && i < sc->service_count; i++)
        services[i] = sc->services[i].qualified;
    const char *heading[] = {"mean ± 95% CI"};
    if (services)
        batch_print_metrics(stdout, reps + lo, 1, n, heading, services, sc->service_count);
    free(services);
    printf("mean ± half-width of its 95%% confidence interval (Student's t, %d runs)\n", n);
    printf("files: %s/rep-%d .. rep-%d, summary: %s/summary.csv\n", o->outdir, lo + 1, hi,
           o->outdir);
}

int cli_run_replications(const char *path, cli_opts_t *o, scenario_t *sc);
int cli_run_replications(const char *path, cli_opts_t *o, scenario_t *sc) {
    int total = o->replications > 0 ? o->replications : 1, lo, hi;
    batch_shard_range(total, o->shard_k, o->shard_n, &lo, &hi);
    uint64_t seed = sc->seed; /* --seed already applied */
    if (seed > UINT64_MAX - (uint64_t)(total - 1)) {
        fprintf(stderr, "deploysim run: seeds %llu + %d replications go beyond 2^64 - 1\n",
                (unsigned long long)seed, total);
        return 2;
    }
    cli_signals_install();
    cli_out_t out;
    if (cli_out_begin(&out, o->outdir, "run") != 0) return 1;
    out.owns_reps = true; /* rep-N/ of an earlier, larger run are stale */
    const char *dir = out.stage;
    int n = hi - lo;
    batch_job_t *jobs = calloc((size_t)(n > 0 ? n : 1), sizeof *jobs);
    char **dirs = calloc((size_t)(n > 0 ? n : 1), sizeof *dirs);
    batch_result_t *res = calloc((size_t)(n > 0 ? n : 1), sizeof *res);
    batch_rows_t *reps = calloc((size_t)total, sizeof *reps);
    bool *failed = calloc((size_t)total, sizeof *failed);
    int *failed_reps = calloc((size_t)total, sizeof *failed_reps);
    if (!jobs || !dirs || !res || !reps || !failed || !failed_reps) {
        fprintf(stderr, "deploysim run: out of memory\n");
        cli_out_abort(&out);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof name, "rep-%d", lo + i + 1);
        dirs[i] = batch_path(dir, name);
        jobs[i] = (batch_job_t){.sc = sc, .seed = seed + (uint64_t)(lo + i), .outdir = dirs[i]};
    }
    int workers = o->jobs > 0 ? o->jobs : batch_default_workers();
    int nfailed = batch_run(jobs, n, workers, "run", batch_progress_wanted(o), res);
    int bad = 0;
    if (cli_interrupted) goto cleanup;
    for (int i = 0; i < n; i++) {
        if (res[i].ok) continue;
        failed[lo + i] = true;
        cli_remove_tree(dirs[i]); /* what a failed run wrote is not a result */
        fprintf(stderr, "deploysim run: %s: replication %d (seed %llu): %s\n",
                cli_scenario_name(path), lo + i + 1, (unsigned long long)jobs[i].seed,
                res[i].text ? res[i].text : "failed");
    }
    bad = batch_read_reps(dir, lo, hi, failed, reps);
    char err[512];
    if (batch_write_rep_summary(dir, reps + lo, n, seed, err, sizeof err) != 0) {
        fprintf(stderr, "deploysim run: %s\n", err);
        bad++;
    }
    if (o->shard_n > 0 && write_manifest(dir, sc, o, total, lo, hi, seed, failed, failed_reps) != 0)
        bad++;
    /* a run that failed still leaves the others' results; a write error leaves nothing */
    if (bad || cli_out_commit(&out, "summary.csv", "run") != 0) {
        bad++;
        goto cleanup;
    }
    if (!o->quiet && n > 0 && !out.to_stdout) print_replications(sc, o, reps, total, lo, hi, seed);
cleanup:
    cli_out_abort(&out);
    for (int r = 0; r < total; r++)
        batch_rows_free(&reps[r]);
    for (int i = 0; i < n; i++)
        free(dirs[i]);
    free(dirs);
    free(jobs);
    batch_results_free(res, n);
    free(reps);
    free(failed);
    free(failed_reps);
    if (cli_interrupted) {
        scenario_free(sc);
        free(o->args);
        cli_die_of_signal();
    }
    return nfailed || bad ? 1 : 0;
}
