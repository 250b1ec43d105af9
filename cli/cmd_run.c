/* run, validate, explain: one scenario at a time. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_batch.h"

/* The long options of every subcommand; cli_parse keeps those the subcommand allows. */
enum { OPT_SEED = 256, OPT_SHARD, OPT_SET, OPT_VARY, OPT_RESUME, OPT_MAXMEM };

static const struct {
    struct option opt;
    unsigned flag;
} all_options[] = {
    {{"output", required_argument, NULL, 'o'}, CLI_OPT_OUTPUT},
    {{"seed", required_argument, NULL, OPT_SEED}, CLI_OPT_SEED},
    {{"replications", required_argument, NULL, 'r'}, CLI_OPT_REPS},
    {{"jobs", required_argument, NULL, 'j'}, CLI_OPT_JOBS},
    {{"shard", required_argument, NULL, OPT_SHARD}, CLI_OPT_SHARD},
    {{"set", required_argument, NULL, OPT_SET}, CLI_OPT_SET},
    {{"quiet", no_argument, NULL, 'q'}, CLI_OPT_QUIET},
    {{"vary", required_argument, NULL, OPT_VARY}, CLI_OPT_VARY},
    {{"resume", no_argument, NULL, OPT_RESUME}, CLI_OPT_RESUME},
    {{"max-memory", required_argument, NULL, OPT_MAXMEM}, CLI_OPT_MAXMEM},
    {{"help", no_argument, NULL, 'h'}, 0},
};
#define NOPTIONS (sizeof all_options / sizeof all_options[0])

/* A decimal integer from lo to hi, nothing else (no sign, no blanks, no overflow). */
static bool parse_int(const char *s, long long lo, long long hi, long long *out) {
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > (unsigned long long)hi || (long long)v < lo) return false;
    *out = (long long)v;
    return true;
}

/* Long only as a switch with one case of a few lines per option of every subcommand: one
 * switch is where a reader looks for what an option does. */
static int option_value(int c, const char *cmd, char *val, cli_opts_t *o) {
    long long v;
    switch (c) {
    case 'o':
        if (!*val) {
            fprintf(stderr, "deploysim %s: -o needs a directory (or - for standard output)\n", cmd);
            return -1;
        }
        o->outdir = val;
        return 0;
    case OPT_SEED: {
        errno = 0;
        char *end;
        unsigned long long s = strtoull(val, &end, 10);
        if (!*val || *end || errno || strspn(val, "0123456789") != strlen(val)) {
            fprintf(stderr,
                    "deploysim %s: --seed \"%s\": expected an integer from 0 to "
                    "18446744073709551615\n",
                    cmd, val);
            return -1;
        }
        o->seed = s;
        o->seed_set = true;
        return 0;
    }
    case 'r':
        if (!parse_int(val, 1, 100000, &v)) {
            fprintf(stderr,
                    "deploysim %s: --replications \"%s\": expected an integer from 1 to 100000\n",
                    cmd, val);
            return -1;
        }
        o->replications = (int)v;
        return 0;
    case 'j':
        if (!parse_int(val, 1, 1024, &v)) {
            fprintf(stderr, "deploysim %s: -j \"%s\": expected an integer from 1 to 1024\n", cmd,
                    val);
            return -1;
        }
        o->jobs = (int)v;
        return 0;
    case OPT_SHARD: {
        char *slash = strchr(val, '/');
        long long k, n;
        if (slash) *slash = 0;
        bool ok = slash && parse_int(val, 1, INT_MAX, &k) && parse_int(slash + 1, 1, INT_MAX, &n) &&
                  k <= n;
        if (slash) *slash = '/';
        if (!ok) {
            fprintf(stderr, "deploysim %s: --shard \"%s\": expected K/N with 1 <= K <= N <= %d\n",
                    cmd, val, INT_MAX);
            return -1;
        }
        o->shard_k = (int)k;
        o->shard_n = (int)n;
        return 0;
    }
    case OPT_SET: {
        char *eq = strchr(val, '=');
        if (!eq || eq == val) {
            fprintf(stderr, "deploysim %s: --set \"%s\": expected PATH=VALUE\n", cmd, val);
            return -1;
        }
        if (o->set_count == CLI_MAX_SETS) {
            fprintf(stderr, "deploysim %s: at most %d --set options\n", cmd, CLI_MAX_SETS);
            return -1;
        }
        *eq = 0; /* argv strings live for the whole process: split in place */
        o->sets[o->set_count].path = val;
        o->sets[o->set_count].value = eq + 1;
        o->set_count++;
        return 0;
    }
    case OPT_VARY:
        if (o->vary_count == CLI_MAX_VARY) {
            fprintf(stderr, "deploysim %s: at most %d --vary options\n", cmd, CLI_MAX_VARY);
            return -1;
        }
        o->vary[o->vary_count++] = val;
        return 0;
    case 'q':
        o->quiet = true;
        return 0;
    case OPT_RESUME:
        o->resume = true;
        return 0;
    case OPT_MAXMEM:
        if (cli_parse_memory(val, &o->max_memory) != 0) {
            fprintf(stderr,
                    "deploysim %s: --max-memory \"%s\": expected a size such as 4Gi or 512Mi\n",
                    cmd, val);
            return -1;
        }
        return 0;
    }
    return -1;
}

int cli_parse(int argc, char **argv, const char *cmd, unsigned allowed, cli_opts_t *o,
              int (*usage)(FILE *)) {
    struct option longopts[NOPTIONS + 1];
    char shortopts[32] = "+:h"; /* ':' so that a missing value is told apart */
    int n = 0;
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (all_options[i].flag && !(all_options[i].flag & allowed)) continue;
        longopts[n++] = all_options[i].opt;
        int c = all_options[i].opt.val;
        if (c < 256 && c != 'h') {
            size_t len = strlen(shortopts);
            shortopts[len] = (char)c;
            shortopts[len + 1] = 0;
            if (all_options[i].opt.has_arg == required_argument) strcat(shortopts, ":");
        }
    }
    memset(&longopts[n], 0, sizeof longopts[n]);
    /* '+' above keeps getopt from permuting; operands are collected here instead, so that
     * options may still follow them (run file.json -o out) and `--` ends the options */
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args) return 2;
    o->args = args;
    o->nargs = 0;
    optind = 0; /* glibc: a full re-initialisation */
    opterr = 0;
    for (;;) {
        int before = optind > 0 ? optind : 1;
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (c == -1) {
            if (optind == before + 1 && strcmp(argv[before], "--") == 0) {
                /* everything after -- is an operand */
                while (optind < argc)
                    args[o->nargs++] = argv[optind++];
                break;
            }
            if (optind >= argc) break;
            args[o->nargs++] = argv[optind++];
            continue;
        }
        if (c == 'h') return usage(stdout);
        if (c == '?' || c == ':') {
            const char *what = argv[optind - 1];
            if (c == ':')
                fprintf(stderr, "deploysim %s: %s needs a value\n", cmd, what);
            else if (optopt && optopt < 256 && what[1] != '-')
                fprintf(stderr, "deploysim %s: unknown option -%c\n", cmd, optopt);
            else
                fprintf(stderr, "deploysim %s: unknown option %s\n", cmd, what);
            usage(stderr);
            return 2;
        }
        if (option_value(c, cmd, optarg, o) != 0) return 2;
    }
    return -1;
}

const char *cli_scenario_name(const char *path) {
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *cli_read_scenario(const char *path) {
    bool in = strcmp(path, "-") == 0;
    const char *name = cli_scenario_name(path);
    int fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot open: %s\n", name, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 ||
        (!S_ISREG(st.st_mode) && !(in && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))))) {
        fprintf(stderr, "%s: not a regular file (a scenario is a JSON file%s)\n", name,
                in ? "" : "; - reads standard input");
        if (!in) close(fd);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && st.st_size > CLI_MAX_SCENARIO_BYTES) {
        fprintf(stderr, "%s: %lld bytes: larger than the %d MiB a scenario file may have\n", name,
                (long long)st.st_size, CLI_MAX_SCENARIO_BYTES >> 20);
        if (!in) close(fd);
        return NULL;
    }
    if (!in) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = malloc(cap + 1);
    int rc = buf ? 0 : -1;
    while (rc == 0) {
        if (len == cap) {
            char *b = cap < CLI_MAX_SCENARIO_BYTES + 1 ? realloc(buf, 2 * cap + 1) : NULL;
            if (!b) {
                rc = -1;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) rc = -1;
        if (r <= 0) break;
        len += (size_t)r;
        if (len > CLI_MAX_SCENARIO_BYTES) {
            fprintf(stderr, "%s: larger than the %d MiB a scenario file may have\n", name,
                    CLI_MAX_SCENARIO_BYTES >> 20);
            free(buf);
            if (!in) close(fd);
            return NULL;
        }
    }
    if (!in) close(fd);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot read: %s\n", name, strerror(errno));
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    if (strlen(buf) != len) {
        fprintf(stderr, "%s: holds a NUL byte: not a JSON text\n", name);
        free(buf);
        return NULL;
    }
    return buf;
}

scenario_t *cli_load_text(const char *text, const char *path, const cli_opts_t *o,
                          const scenario_set_t *extra, int nextra, diag_t *d) {
    scenario_set_t sets[CLI_MAX_SETS + CLI_MAX_VARY];
    int n = 0;
    for (int i = 0; o && i < o->set_count; i++)
        sets[n++] = o->sets[i];
    for (int i = 0; i < nextra && n < CLI_MAX_SETS + CLI_MAX_VARY; i++)
        sets[n++] = extra[i];
    scenario_t *sc = NULL;
    if (scenario_load_text(text, cli_scenario_name(path), sets, n, &sc, d) != 0) return NULL;
    return sc;
}

scenario_t *cli_load(const char *path, const cli_opts_t *o) {
    char *text = cli_read_scenario(path);
    if (!text) return NULL;
    diag_t d;
    diag_init(&d);
    scenario_t *sc = cli_load_text(text, path, o, NULL, 0, &d);
    if (!sc) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        if (d.count == 0)
            fprintf(stderr, "%s: cannot load the scenario\n", cli_scenario_name(path));
    }
    diag_free(&d);
    free(text);
    return sc;
}

uint64_t cli_fnv1a(uint64_t h, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void cli_scenario_hash(const scenario_t *sc, char out[17]) {
    char *text = sc->json ? cJSON_PrintUnformatted(sc->json) : NULL;
    uint64_t h = CLI_FNV_INIT;
    if (text) h = cli_fnv1a(h, text, strlen(text));
    free(text);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void fmt_ms(char *buf, size_t n, double ms) {
    if (ms < 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f ms", ms);
}

void cli_print_summary(FILE *f, const sim_t *s) {
    const scenario_t *sc = sim_scenario(s);
    fprintf(f, "%s  (seed %llu, %.0f s simulated)\n", sc->name, (unsigned long long)(sc->seed),
            (double)sim_now(s) / SIM_SEC);
    fprintf(f, "%-14s %10s %9s %13s %10s %10s %9s %9s %9s %8s %9s %9s\n", "service", "requests",
            "failed", "availability", "p50", "p99", "downtime", "rollout", "to scale", "max pods",
            "min avail", "pods/node");
    sim_summary_t m;
    for (int i = 0; i < sim_service_count(s); i++) {
        if (!sim_summary(s, i, &m)) continue;
        char p50[32], p99[32], name[160];
        bool plain = !m.namespace_ || strcmp(m.namespace_, "default") == 0;
        snprintf(name, sizeof name, "%s%s%s", plain ? "" : m.namespace_, plain ? "" : "/",
                 m.service);
        fmt_ms(p50, sizeof p50, m.p50_ms);
        fmt_ms(p99, sizeof p99, m.p99_ms);
        fprintf(f, "%-14s %10llu %9llu %12.4f%% %10s %10s %8.1fs %8.1fs %8.1fs %8d %9d %9.2f\n",
                name, (unsigned long long)m.requests, (unsigned long long)m.failed,
                m.availability * 100, p50, p99, m.downtime_s, m.rollout_s, m.scale_s, m.max_pods,
                m.min_available, m.pods_per_node);
    }
    if (sim_summary(s, 0, &m))
        fprintf(f, "cluster: %.2f node-hours, cost $%.2f\n", m.node_hours, m.cost);
    /* requests an Ingress answers itself: the rate the loader found no rule and no
     * defaultBackend for, times the time simulated (its expected count: no pod sees them) */
    double secs = (double)sim_now(s) / SIM_SEC;
    for (int i = 0; i < sc->ingress_count; i++) {
        const ingress_spec_t *ing = &sc->ingresses[i];
        if (ing->traffic.pattern_count > 0 && ing->unmatched_share > 0)
            /* a pattern or trace: that share of the rate's integral */
            fprintf(f,
                    "ingress %s: %.0f requests matched no rule and no defaultBackend: 404 "
                    "(%.15g of its traffic)\n",
                    ing->name,
                    ing->unmatched_share * scenario_traffic_integral(&ing->traffic, sim_now(s)),
                    ing->unmatched_share);
        else if (ing->unmatched_rps > 0)
            fprintf(f,
                    "ingress %s: %.0f requests matched no rule and no defaultBackend: 404 "
                    "(%.15g req/s)\n",
                    ing->name, ing->unmatched_rps * secs, ing->unmatched_rps);
    }
}

static int run_usage(FILE *f) {
    fputs(
        "usage: deploysim run SCENARIO.json [-o DIR] [--seed N] [--replications N] [--shard K/N]\n"
        "                     [-j JOBS] [--set PATH=VALUE]... [--max-memory SIZE] [--quiet]\n"
        "Runs the scenario and writes timeseries.csv, versions.csv, replicasets.csv, pods.csv,\n"
        "nodes.csv, events.csv, decisions.csv and summary.csv to DIR (default out/); only a\n"
        "complete run replaces what DIR held. -o - writes summary.csv to standard output;\n"
        "SCENARIO.json - reads standard input.\n"
        "--set overrides a key (services[0].replicas=8, duration=30s); VALUE is JSON or a bare "
        "string.\n"
        "--replications N: N runs with seeds seed..seed+N-1 in DIR/rep-R/, their statistics in\n"
        "DIR/summary.csv; --shard K/N runs the K-th of N slices of them (deploysim merge).\n"
        "A run estimated to need more than --max-memory (default: 75% of this machine's\n"
        "memory) is refused before it starts, naming the key to change.\n",
        f);
    return f == stdout ? 0 : 2;
}

int cli_run_replications(const char *path, cli_opts_t *o, scenario_t *sc);

static double wall_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs to the end in 1000 steps (they change nothing in the results), so that SIGINT or
 * SIGTERM stops it between two (returns -1 with cli_interrupted set); on a terminal, a long
 * run shows how far it is (simulated time, elapsed, ETA) on stderr. */
static int run_with_progress(sim_t *s, bool show) {
    enum { STEPS = 1000 };
    sim_time_t end = sim_duration(s);
    double t0 = wall_seconds();
    bool shown = false;
    for (int k = 1; k <= STEPS; k++) {
        if (cli_interrupted) {
            if (shown) fputs("\r\033[K", stderr);
            return -1;
        }
        if (sim_run_until(s, end / STEPS * k + (k == STEPS ? end % STEPS : 0)) != 0) {
            if (shown) fputs("\r\033[K", stderr);
            return sim_run(s); /* reports the stall */
        }
        double el = wall_seconds() - t0;
        if (!show || el < 0.5 || k == STEPS) continue;
        double frac = (double)k / STEPS;
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
    int rc = cli_parse(argc, argv, "run",
                       CLI_OPT_OUTPUT | CLI_OPT_SEED | CLI_OPT_REPS | CLI_OPT_JOBS | CLI_OPT_SHARD |
                           CLI_OPT_SET | CLI_OPT_QUIET | CLI_OPT_MAXMEM,
                       &o, run_usage);
    if (rc >= 0) goto out_args;
    rc = 2;
    if (o.nargs != 1) {
        if (o.nargs > 1)
            fprintf(stderr, "deploysim run: one scenario at a time (use compare for several)\n");
        run_usage(stderr);
        goto out_args;
    }
    const char *path = o.args[0];
    scenario_t *sc = cli_load(path, &o);
    if (!sc) goto out_args;
    if (o.seed_set) sc->seed = o.seed;
    int at_once = o.replications > 1 ? (o.jobs > 0 ? o.jobs : batch_default_workers()) : 1;
    if (at_once > o.replications) at_once = o.replications;
    if (cli_check_memory("run", path, sc, at_once, &o) != 0) {
        scenario_free(sc);
        goto out_args;
    }
    if (o.replications > 1 || o.shard_n > 0) {
        rc = cli_run_replications(path, &o, sc);
        scenario_free(sc);
        goto out_args;
    }
    rc = 1;
    cli_signals_install();
    cli_out_t out;
    if (cli_out_begin(&out, o.outdir, "run") != 0) {
        scenario_free(sc);
        goto out_args;
    }
    out.owns_reps = true; /* one run: any rep-N/ beside it is of an earlier batch */
    diag_t d;
    diag_init(&d);
    sim_options_t so = {.seed = sc->seed, .outdir = out.stage};
    sim_t *s = sim_create(sc, &so, &d);
    if (!s) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "deploysim: %s\n", d.items[i]);
        diag_free(&d);
        scenario_free(sc);
        cli_out_abort(&out);
        goto out_args;
    }
    int run = run_with_progress(s, !o.quiet && isatty(STDERR_FILENO));
    if (run != 0 && !cli_interrupted) fprintf(stderr, "deploysim: %s\n", sim_error(s));
    if (run == 0 && cli_out_commit(&out, "summary.csv", "run") == 0) {
        rc = 0;
        if (!o.quiet && !out.to_stdout) cli_print_summary(stdout, s);
    } else {
        cli_out_abort(&out);
    }
    sim_destroy(s);
    scenario_free(sc);
    diag_free(&d);
    if (cli_interrupted) {
        free(o.args);
        cli_die_of_signal();
    }
out_args:
    free(o.args);
    return rc;
}

static int validate_usage(FILE *f) {
    fputs("usage: deploysim validate SCENARIO.json...\n"
          "Checks each file (- reads standard input) and prints every error of each; exit 2\n"
          "when any file is invalid.\n",
          f);
    return f == stdout ? 0 : 2;
}

int cli_validate(int argc, char **argv) {
    cli_opts_t o = {0};
    int rc = cli_parse(argc, argv, "validate", 0, &o, validate_usage);
    if (rc >= 0) goto out;
    rc = 2;
    if (o.nargs == 0) {
        validate_usage(stderr);
        goto out;
    }
    int bad = 0;
    for (int i = 0; i < o.nargs; i++) {
        scenario_t *sc = cli_load(o.args[i], NULL);
        if (!sc) {
            bad++;
            continue;
        }
        printf("%s: ok (%d node pools, %d services, %d events)\n", cli_scenario_name(o.args[i]),
               sc->pool_count, sc->service_count, sc->event_count);
        scenario_free(sc);
    }
    rc = bad ? 2 : 0;
out:
    free(o.args);
    return rc;
}
