/* cli: the subcommands of deploysim and what they share (argument parsing, loading with
 * --set, the summary table). Each returns the process exit code. */
#ifndef DEPLOYSIM_CLI_H
#define DEPLOYSIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#define CLI_MAX_SETS 64

typedef struct {
    const char *outdir;
    uint64_t seed;
    bool seed_set;
    int replications;
    int shard_k, shard_n; /* 1-based; 0 = unsharded */
    scenario_set_t sets[CLI_MAX_SETS];
    int set_count;
    bool quiet;
    int jobs;
} cli_opts_t;

/* Parses a common option at argv[*i]; returns 1 when consumed, 0 when not an option it
 * knows, -1 on a usage error (printed). */
int cli_common_option(int argc, char **argv, int *i, cli_opts_t *o);
/* Loads a scenario with the --set overrides; prints every error and returns NULL. */
scenario_t *cli_load(const char *path, const cli_opts_t *o);
void cli_print_summary(FILE *f, const sim_t *s);

int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);

#endif
