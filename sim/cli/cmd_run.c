/* run, validate, explain: one scenario at a time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_common_option(int argc, char **argv, int *i, cli_opts_t *o) {
    const char *a = argv[*i];
    const char *val = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        if (!val) goto missing;
        o->outdir = val;
    } else if (strcmp(a, "--seed") == 0) {
        char *end;
        if (!val) goto missing;
        errno = 0;
        unsigned long long v = strtoull(val, &end, 10);
        if (*end || errno || val[0] == '-') {
            fprintf(stderr, "deploysim: --seed: \"%s\" is not a non-negative integer\n", val);
            return -1;
        }
        o->seed = v;
        o->seed_set = true;
    } else if (strcmp(a, "--replications") == 0 || strcmp(a, "-r") == 0) {
        char *end;
        if (!val) goto missing;
        long v = strtol(val, &end, 10);
        if (*end || v < 1 || v > 100000) {
            fprintf(stderr, "deploysim: --replications: \"%s\" must be an integer from 1\n", val);
            return -1;
        }
        o->replications = (int)v;
    } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
        char *end;
        if (!val) goto missing;
        long v = strtol(val, &end, 10);
        if (*end || v < 1 || v > 1024) {
            fprintf(stderr, "deploysim: -j: \"%s\" must be an integer from 1\n", val);
            return -1;
        }
        o->jobs = (int)v;
    } else if (strcmp(a, "--shard") == 0) {
        int k, n;
        char extra;
        if (!val) goto missing;
        if (sscanf(val, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n) {
            fprintf(stderr, "deploysim: --shard: \"%s\" must be K/N with 1 <= K <= N\n", val);
            return -1;
        }
        o->shard_k = k;
        o->shard_n = n;
    } else if (strcmp(a, "--set") == 0) {
        if (!val) goto missing;
        const char *eq = strchr(val, '=');
        if (!eq || eq == val) {
            fprintf(stderr, "deploysim: --set: \"%s\" must be PATH=VALUE\n", val);
            return -1;
        }
        if (o->set_count == CLI_MAX_SETS) {
            fprintf(stderr, "deploysim: at most %d --set options\n", CLI_MAX_SETS);
            return -1;
        }
        /* argv strings live for the whole process: split in place */
        char *path = argv[*i + 1];
        path[eq - val] = 0;
        o->sets[o->set_count].path = path;
        o->sets[o->set_count].value = path + (eq - val) + 1;
        o->set_count++;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        o->quiet = true;
        return 1;
    } else {
        return 0;
    }
    (*i)++;
    return 1;
missing:
    fprintf(stderr, "deploysim: %s needs a value\n", a);
    return -1;
}

scenario_t *cli_load(const char *path, const cli_opts_t *o) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_file(path, o ? o->sets : NULL, o ? o->set_count : 0, &sc, &d) != 0) {
        for (int i = 0; i < d.count; i++) fprintf(stderr, "%s\n", d.items[i]);
        if (d.count == 0) fprintf(stderr, "%s: cannot load the scenario\n", path);
        diag_free(&d);
        return NULL;
    }
    diag_free(&d);
    return sc;
}

static void fmt_ms(char *buf, size_t n, double ms) {
    if (ms < 0) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.1f ms", ms);
}

void cli_print_summary(FILE *f, const sim_t *s) {
    const scenario_t *sc = sim_scenario(s);
    fprintf(f, "%s  (seed %llu, %.0f s simulated)\n", sc->name,
            (unsigned long long)(sc->seed), (double)sim_now(s) / SIM_SEC);
    fprintf(f, "%-14s %10s %9s %13s %10s %10s %9s %9s %9s %8s %9s %9s\n", "service", "requests",
            "failed", "availability", "p50", "p99", "downtime", "rollout", "to scale", "max pods",
            "min avail", "pods/node");
    sim_summary_t m;
    for (int i = 0; i < sim_service_count(s); i++) {
        if (!sim_summary(s, i, &m)) continue;
        char p50[32], p99[32];
        fmt_ms(p50, sizeof p50, m.p50_ms);
        fmt_ms(p99, sizeof p99, m.p99_ms);
        fprintf(f, "%-14s %10llu %9llu %12.4f%% %10s %10s %8.1fs %8.1fs %8.1fs %8d %9d %9.2f\n",
                m.service, (unsigned long long)m.requests, (unsigned long long)m.failed,
                m.availability * 100, p50, p99, m.downtime_s, m.rollout_s, m.scale_s, m.max_pods,
                m.min_available, m.pods_per_node);
    }
    if (sim_summary(s, 0, &m))
        fprintf(f, "cluster: %.2f node-hours, cost $%.2f\n", m.node_hours, m.cost);
}

static int run_usage(FILE *f) {
    fputs("usage: deploysim run SCENARIO.json [-o DIR] [--seed N] [--replications N] [--shard K/N]\n"
          "                     [--set PATH=VALUE]... [--quiet]\n"
          "Runs the scenario and writes timeseries.csv, versions.csv, replicasets.csv, pods.csv,\n"
          "nodes.csv, events.csv, decisions.csv and summary.csv to DIR (default out/).\n"
          "--set overrides a key (services[0].replicas=8, duration=30s); VALUE is JSON or a bare string.\n",
          f);
    return f == stdout ? 0 : 2;
}

int cli_run_replications(const char *path, cli_opts_t *o, scenario_t *sc);

static double wall_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs to the end; on a terminal, a long run shows how far it is (simulated time, elapsed,
 * ETA) on stderr, in 200 steps that change nothing in the results. */
static int run_with_progress(sim_t *s, bool show) {
    if (!show) return sim_run(s);
    sim_time_t end = sim_duration(s);
    double t0 = wall_seconds();
    bool shown = false;
    for (int k = 1; k <= 200; k++) {
        if (sim_run_until(s, end / 200 * k + (k == 200 ? end % 200 : 0)) != 0) {
            if (shown) fputs("\r\033[K", stderr);
            return sim_run(s); /* reports the stall */
        }
        double el = wall_seconds() - t0;
        if (el < 0.5 || k == 200) continue;
        double frac = (double)k / 200;
        fprintf(stderr, "\r  %3.0f%% simulated (%.0f of %.0f s), %.1f s elapsed, ETA %.1f s   ",
                frac * 100, (double)sim_now(s) / SIM_SEC, (double)end / SIM_SEC, el,
                el / frac * (1 - frac));
        shown = true;
    }
    if (shown) fputs("\r\033[K", stderr);
    return sim_finish(s);
}

int cli_run(int argc, char **argv) {
    cli_opts_t o = {.outdir = "out"};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return run_usage(stdout);
        int r = cli_common_option(argc, argv, &i, &o);
        if (r < 0) return 2;
        if (r > 0) continue;
        if (argv[i][0] == '-') {
            fprintf(stderr, "deploysim run: unknown option %s\n", argv[i]);
            return run_usage(stderr);
        }
        if (path) {
            fprintf(stderr, "deploysim run: one scenario at a time (use compare for several)\n");
            return 2;
        }
        path = argv[i];
    }
    if (!path) return run_usage(stderr);
    scenario_t *sc = cli_load(path, &o);
    if (!sc) return 2;
    if (o.replications > 1 || o.shard_n > 0) {
        int rc = cli_run_replications(path, &o, sc);
        scenario_free(sc);
        return rc;
    }
    diag_t d;
    diag_init(&d);
    sim_options_t so = {.seed = o.seed_set ? o.seed : sc->seed, .outdir = o.outdir};
    if (o.seed_set) sc->seed = o.seed;
    sim_t *s = sim_create(sc, &so, &d);
    if (!s) {
        for (int i = 0; i < d.count; i++) fprintf(stderr, "deploysim: %s\n", d.items[i]);
        diag_free(&d);
        scenario_free(sc);
        return 1;
    }
    int rc = run_with_progress(s, !o.quiet && isatty(STDERR_FILENO));
    if (rc != 0) fprintf(stderr, "deploysim: %s\n", sim_error(s));
    else if (!o.quiet) cli_print_summary(stdout, s);
    sim_destroy(s);
    scenario_free(sc);
    diag_free(&d);
    return rc ? 1 : 0;
}

int cli_validate(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: deploysim validate SCENARIO.json...\n", stderr);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs("usage: deploysim validate SCENARIO.json...\nChecks each file; prints every error.\n", stdout);
            return 0;
        }
        scenario_t *sc = cli_load(argv[i], NULL);
        if (!sc) {
            bad++;
            continue;
        }
        printf("%s: ok (%d node pools, %d services, %d events)\n", argv[i], sc->pool_count,
               sc->service_count, sc->event_count);
        scenario_free(sc);
    }
    return bad ? 2 : 0;
}
