/* cli: the subcommands of deploysim and what they share (argument parsing, loading with
 * --set, the summary table). Each returns the process exit code. */
#ifndef DEPLOYSIM_CLI_H
#define DEPLOYSIM_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#define CLI_MAX_SETS 64
#define CLI_MAX_VARY 16
/* A scenario file larger than this is refused before it is read (no lesson is near 1 MiB). */
#define CLI_MAX_SCENARIO_BYTES (16 << 20)
/* The most runs one batch command starts (points x replications, scenarios x replications). */
#define CLI_MAX_RUNS 10000000

/* A batch worker ends with _exit and an interrupted command with its signal: neither runs
 * the atexit handler that writes gcov's counts, so a coverage build (make coverage) writes
 * them first; otherwise every run made in a worker would count as never executed. */
#ifdef DEPLOYSIM_COVERAGE
void __gcov_dump(void);
#define CLI_COVERAGE_DUMP() __gcov_dump()
#else
#define CLI_COVERAGE_DUMP() ((void)0)
#endif

/* The options a subcommand accepts (cli_parse's `allowed`). */
enum {
    CLI_OPT_OUTPUT = 1 << 0,
    CLI_OPT_SEED = 1 << 1,
    CLI_OPT_REPS = 1 << 2,
    CLI_OPT_JOBS = 1 << 3,
    CLI_OPT_SHARD = 1 << 4,
    CLI_OPT_SET = 1 << 5,
    CLI_OPT_QUIET = 1 << 6,
    CLI_OPT_VARY = 1 << 7,
    CLI_OPT_RESUME = 1 << 8,
    CLI_OPT_MAXMEM = 1 << 9,
};

typedef struct {
    const char *outdir; /* "-": the main CSV to standard output */
    uint64_t seed;
    bool seed_set;
    int replications;
    int shard_k, shard_n; /* 1-based; 0 = unsharded */
    scenario_set_t sets[CLI_MAX_SETS];
    int set_count;
    const char *vary[CLI_MAX_VARY];
    int vary_count;
    bool quiet;
    bool resume;
    double max_memory; /* bytes; 0: the default (cli_default_max_memory) */
    int jobs;
    char **args; /* the operands (files, directories), in order */
    int nargs;
} cli_opts_t;

/* Parses a subcommand's arguments (argv[0] is the subcommand's name) with getopt_long:
 * --opt=value and --opt value, -oDIR and -o DIR, -j4, `--` ends the options, -h/--help
 * prints usage(stdout). Returns -1 to go on, else the exit code (0 after --help, 2 after a
 * usage error, printed with usage(stderr)). */
int cli_parse(int argc, char **argv, const char *cmd, unsigned allowed, cli_opts_t *o,
              int (*usage)(FILE *));
/* Reads a scenario file ("-": standard input) into memory: only regular files (or a pipe for
 * "-"), at most CLI_MAX_SCENARIO_BYTES. Prints why not and returns NULL. */
char *cli_read_scenario(const char *path);
/* The name a scenario file has in messages ("-" is "<stdin>"). */
const char *cli_scenario_name(const char *path);
/* Loads a scenario with the --set overrides; prints every error and returns NULL. */
scenario_t *cli_load(const char *path, const cli_opts_t *o);
/* The same from text already read (cli_read_scenario), with extra sets after o's. */
scenario_t *cli_load_text(const char *text, const char *path, const cli_opts_t *o,
                          const scenario_set_t *extra, int nextra, diag_t *d);
/* FNV-1a 64 of the scenario as resolved (after --set and --vary), as 16 hex digits: shards
 * of one batch must agree on it. */
void cli_scenario_hash(const scenario_t *sc, char out[17]);
uint64_t cli_fnv1a(uint64_t h, const void *data, size_t len);
#define CLI_FNV_INIT 0xcbf29ce484222325ULL

/* ---- resource limits (cli_limits.c) ---- */

/* An upper bound of what one run of sc needs: pod slots, nodes, requests held in queues. */
typedef struct {
    double bytes, pods, nodes, requests;
    char key[160]; /* the scenario key whose term is the largest */
} cli_estimate_t;
void cli_estimate(const scenario_t *sc, cli_estimate_t *e);
/* 75% of the machine's memory. */
double cli_default_max_memory(void);
/* A --max-memory value: a Kubernetes quantity of bytes ("8Gi"), more than 0. */
int cli_parse_memory(const char *s, double *bytes);
/* Refuses (prints the estimate and the key to change, returns -1) a run whose estimate,
 * times the runs that go at once, is above --max-memory. */
int cli_check_memory(const char *cmd, const char *file, const scenario_t *sc, int concurrent,
                     const cli_opts_t *o);

/* ---- atomic outputs and signals (cli_out.c) ---- */

/* The signal (SIGINT, SIGTERM, SIGHUP) that asked us to stop; 0 while none has. */
extern volatile sig_atomic_t cli_interrupted;
void cli_signals_install(void);
/* Back to the default action (in a worker process). */
void cli_signals_default(void);
void cli_signals_block(bool block);
/* When a signal came: dies of it (after the caller cleaned up). */
void cli_die_of_signal(void);
int cli_remove_tree(const char *path);

typedef struct {
    const char *target; /* -o */
    char *stage;        /* where the command writes; moved over target by commit */
    bool to_stdout;     /* -o -: commit copies the main file to standard output */
    bool owns_reps;     /* a rep-N/ in target that the stage has not is stale */
} cli_out_t;

/* Creates the staging directory beside target (after removing those of earlier runs that
 * were killed); prints why not. 0 = ok. */
int cli_out_begin(cli_out_t *out, const char *target, const char *cmd);
/* Moves everything staged into target (or copies main_file to stdout), removes stale
 * entries, removes the stage. 0 = ok; prints why not. */
int cli_out_commit(cli_out_t *out, const char *main_file, const char *cmd);
/* Removes the stage: the target keeps what it had. */
void cli_out_abort(cli_out_t *out);
void cli_print_summary(FILE *f, const sim_t *s);

int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);

#endif
