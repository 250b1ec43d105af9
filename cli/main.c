/* deploysim: the command line. Subcommands run, validate, explain (and, for batch science,
 * compare, sweep, merge). Exit codes: 0 success, 1 failure while running, 2 bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef DEPLOYSIM_VERSION
#define DEPLOYSIM_VERSION "0.1.0"
#endif

static void usage(FILE *f) {
    fputs("deploysim — a deployment-strategy simulator (local, VM and container deployments on a\n"
          "Kubernetes-like cluster: rollouts, failures, self-healing, autoscaling).\n\n"
          "usage:\n"
          "  deploysim run SCENARIO.json [-o DIR] [--seed N] [--replications N] [--shard K/N]\n"
          "                [-j JOBS] [--set PATH=VALUE]... [--max-memory SIZE] [--quiet]\n"
          "  deploysim compare A.json B.json [C.json ...] [-o DIR] [--seed N] [--replications N]\n"
          "  deploysim sweep SCENARIO.json --vary PATH=V1,V2,... [--vary ...] [--replications N]\n"
          "                [-j JOBS] [--shard K/N] [--resume] [-o DIR]\n"
          "  deploysim merge DIR... -o DIR\n"
          "  deploysim validate SCENARIO.json...\n"
          "  deploysim explain SCENARIO.json\n"
          "  deploysim import MANIFEST.yaml... [-o SCENARIO.json] [--set PATH=VALUE]...\n"
          "  deploysim export SCENARIO.json [-o DIR]\n"
          "  deploysim --help | --version       (every subcommand has -h and --help)\n\n"
          "Outputs of run (in DIR, default out/): timeseries.csv versions.csv replicasets.csv\n"
          "pods.csv nodes.csv events.csv decisions.csv summary.csv. A scenario - is read from\n"
          "standard input; -o - writes the main CSV to standard output. Outputs appear only when\n"
          "complete: an interrupted or failed command leaves DIR as it was.\n"
          "Exit codes: 0 success, 1 failure while running, 2 bad input or usage.\n",
          f);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("deploysim %s\n", DEPLOYSIM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0) return cli_run(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0) return cli_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0) return cli_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0) return cli_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0) return cli_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0) return cli_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cli_import(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0) return cli_export(argc - 1, argv + 1);
    fprintf(stderr, "deploysim: unknown command \"%s\" (try deploysim --help)\n", cmd);
    return 2;
}
