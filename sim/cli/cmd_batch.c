/* compare, sweep, merge and run --replications: batch science (being built). */
#include "cli.h"

static int not_yet(const char *what) {
    fprintf(stderr, "deploysim %s: not available in this build yet\n", what);
    return 2;
}

int cli_compare(int argc, char **argv) { (void)argc; (void)argv; return not_yet("compare"); }
int cli_sweep(int argc, char **argv) { (void)argc; (void)argv; return not_yet("sweep"); }
int cli_merge(int argc, char **argv) { (void)argc; (void)argv; return not_yet("merge"); }
int cli_run_replications(const char *path, cli_opts_t *o, scenario_t *sc) {
    (void)path; (void)o; (void)sc;
    return not_yet("run --replications");
}
