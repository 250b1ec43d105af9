/* autoscaler_fit: the tree must give the node the autoscaler's linear first-fit gives — the
 * first node, in index order, with room for the pod's CPU and memory (k8s: kubernetes/
 * autoscaler cluster-autoscaler/simulator/cluster.go, SimulateNodeRemoval tries the
 * destination nodes in order and takes the first where the pod fits) — after any sequence of
 * placements, removals and undos. */
#include "test_util.h"

#include <stdlib.h>

#include "autoscaler_fit.h"

/* The rule the tree replaces, over the same arrays. */
static int linear(int n, const int64_t *cpu, const int64_t *mem, const bool *use, int from,
                  int64_t c, int64_t m) {
    for (int i = from < 0 ? 0 : from; i < n; i++)
        if (use[i] && cpu[i] >= c && mem[i] >= m) return i;
    return -1;
}

/* one row per case: free cpu/mem per node, usable nodes, a request and the node it gets */
static const struct {
    const char *name;
    int n;
    int64_t cpu[6], mem[6];
    bool use[6];
    int64_t c, m;
    int want;
} cases[] = {
    {"first with room", 4, {100, 500, 500, 500}, {10, 10, 10, 10}, {1, 1, 1, 1}, 250, 5, 1},
    /* node 0 has the CPU, node 1 the memory, node 2 both: the maxima of (0, 1) have room but
     * neither node does, so the search must back out of that subtree */
    {"maxima split", 3, {900, 10, 500}, {10, 900, 500}, {1, 1, 1}, 400, 400, 2},
    {"unusable skipped", 3, {900, 900, 900}, {900, 900, 900}, {0, 0, 1}, 1, 1, 2},
    {"nowhere", 3, {100, 100, 100}, {100, 100, 100}, {1, 1, 1}, 101, 1, -1},
    {"exactly the room", 2, {250, 250}, {256, 256}, {1, 1}, 250, 256, 0},
    {"one node", 1, {5}, {5}, {1}, 5, 5, 0},
    {"six, the last", 6, {1, 2, 3, 4, 5, 60}, {60, 5, 4, 3, 2, 60}, {1, 1, 1, 1, 1, 1}, 6, 6, 5},
};

static void test_fit_cases(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ca_fit_t t = {0};
        assert_int_equal(ca_fit_build(&t, cases[k].n, cases[k].cpu, cases[k].mem, cases[k].use), 0);
        int got = ca_fit_next(&t, 0, cases[k].c, cases[k].m);
        if (got != cases[k].want)
            fail_msg("%s: node %d, want %d", cases[k].name, got, cases[k].want);
        ca_fit_free(&t);
    }
}

/* Random clusters and random simulations (take room, give it back, remove nodes) against
 * the linear search, every search from every start. */
static void test_fit_matches_linear(void **state) {
    (void)state;
    srand(7);
    static const int sizes[] = {1, 2, 3, 5, 64, 100, 1000};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        int n = sizes[z];
        int64_t *cpu = malloc(sizeof *cpu * (size_t)n), *mem = malloc(sizeof *mem * (size_t)n);
        bool *use = malloc(sizeof *use * (size_t)n);
        for (int i = 0; i < n; i++) {
            cpu[i] = rand() % 16000;
            mem[i] = (int64_t)(rand() % 64) << 30;
            use[i] = rand() % 10 != 0;
        }
        ca_fit_t t = {0};
        assert_int_equal(ca_fit_build(&t, n, cpu, mem, use), 0);
        for (int step = 0; step < 2000; step++) {
            int64_t c = rand() % 8000, m = (int64_t)(rand() % 32) << 30;
            int from = rand() % (n + 1);
            int want = linear(n, cpu, mem, use, from, c, m);
            assert_int_equal(ca_fit_next(&t, from, c, m), want);
            int i = rand() % n;
            switch (rand() % 4) {
            case 0: /* a pod placed there */
            case 1: /* or taken off */
                cpu[i] += (rand() % 2 ? 1 : -1) * 250;
                mem[i] += (rand() % 2 ? 1 : -1) * ((int64_t)256 << 20);
                if (use[i]) ca_fit_set(&t, i, cpu[i], mem[i]);
                break;
            case 2: /* the node is gone in this simulation */
                use[i] = false;
                ca_fit_set(&t, i, CA_FIT_NONE, CA_FIT_NONE);
                break;
            default:
                break;
            }
        }
        ca_fit_free(&t);
        free(cpu);
        free(mem);
        free(use);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_cases),
        cmocka_unit_test(test_fit_matches_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
