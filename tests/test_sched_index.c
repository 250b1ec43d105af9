/* sched_index (sim/sched_index.c): placing through the index gives exactly the placements of
 * the filter walk and scores (k8s: pkg/scheduler/schedule_one.go findNodesThatFitPod,
 * prioritizeNodes, selectHost with one draw among the best nodes), so every output file of a
 * run is byte-identical whichever places. Both run at every cluster size here
 * (SIM_PLACE_WALK / SIM_PLACE_INDEX), over every lesson and over generated clusters with zones,
 * several request classes, full nodes, node and zone failures and rollouts; each check also
 * asserts that the index placed pods, so it cannot pass by declining. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"

#include "test_outputs.h"

#include "model.h"
#include "sched_index.h"
#include "sim.h"

/* The pods the index placed; and the trees kept node by node (counts moved in place) are the
 * trees built afresh. */
static uint64_t placed_by_index(sim_t *s) {
    assert_true(sched_index_consistent(s));
    return s->sched_ix_placed;
}

/* Walk and index runs of the scenario write the same bytes; the pods the index placed. */
static uint64_t check(const scenario_t *sc, const char *what) {
    return assert_same_runs(sc, check_options(sc, SIM_PLACE_WALK, false),
                            check_options(sc, SIM_PLACE_INDEX, false), placed_by_index, what);
}

static uint64_t check_file(const char *file) {
    scenario_t *sc = load_or_fail(file);
    uint64_t placed = check(sc, file);
    scenario_free(sc);
    return placed;
}

/* Every lesson but hyperscale (65,000 nodes: its default run uses the index already, and the
 * golden outputs hold it), and the dashboard's 200-node bench cluster. */
static void test_lessons_place_the_same(void **state) {
    (void)state;
    DIR *dir = opendir("scenarios");
    assert_non_null(dir);
    struct dirent *e;
    int files = 0, used = 0;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0 || strstr(e->d_name, "hyper"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "scenarios/%s", e->d_name);
        used += check_file(path) > 0;
        files++;
    }
    closedir(dir);
    assert_true(files >= 25);
    /* pods with an image some node holds (ImageLocality), priorities, taints, affinities or
     * explicit spread walk: the index places some pods of most lessons */
    assert_true(used >= 20);
    /* its services' images are on the nodes from the start: only the first pods' */
    assert_true(check_file("tests/bench/ui-200-nodes.json") > 100);
}

/* A generated cluster: pools of different sizes, with and without zones; services of three
 * request classes (one larger than a small node's room), some with a hard zone spread
 * constraint, rollouts, node and zone failures and repairs, a scale-up that fills the
 * cluster. */
static char *generated(unsigned seed, int zones) {
    size_t cap = 16384, n = 0;
    char *j = malloc(cap);
    assert_non_null(j);
#define PUT(...) (n += (size_t)snprintf(j + n, cap - n, __VA_ARGS__), assert_true(n < cap))
    const char *zl = zones == 3 ? "[\"a\", \"b\", \"c\"]" : "[\"a\", \"b\"]";
    PUT("{\"name\": \"generated %u\", \"seed\": %u, \"duration\": \"20m\", \"cluster\": "
        "{\"nodePools\": [",
        seed, seed);
    PUT("{\"name\": \"small\", \"count\": %u, \"cpu\": \"2\", \"memory\": \"4Gi\"%s%s%s},",
        20 + seed % 17, zones ? ", \"zones\": " : "", zones ? zl : "", "");
    PUT("{\"name\": \"big\", \"count\": %u, \"cpu\": \"8\", \"memory\": \"32Gi\"%s%s}",
        12 + seed % 9, zones && seed % 2 ? ", \"zones\": " : "", zones && seed % 2 ? zl : "");
    PUT("]}, \"services\": [");
    const char *cpu[] = {"250m", "500m", "1500m"}, *mem[] = {"256Mi", "1Gi", "3Gi"};
    /* every third service spreads over the zones, hard: the index's second kind */
    const char *zone_spread = ", \"topologySpreadConstraints\": [{\"maxSkew\": 1, "
                              "\"topologyKey\": \"topology.kubernetes.io/zone\", "
                              "\"whenUnsatisfiable\": \"DoNotSchedule\"}]";
    int services = 4 + (int)(seed % 3);
    for (int i = 0; i < services; i++)
        PUT("%s{\"name\": \"s%d\", \"replicas\": %u, \"strategy\": {\"type\": "
            "\"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": \"%d%%\"}}, \"resources\": "
            "{\"cpu\": \"%s\", \"memory\": \"%s\"}%s, \"versions\": {\"v2\": {}}}",
            i ? ", " : "", i, 6 + (seed * 7 + (unsigned)i * 5) % 30, 25 + 25 * (i % 3),
            cpu[(seed + (unsigned)i) % 3], mem[(seed + (unsigned)i) % 3],
            zones && i % 3 == 2 ? zone_spread : "");
    PUT("], \"events\": [");
    PUT("{\"at\": \"2m\", \"action\": \"deploy\", \"service\": \"s0\", \"version\": \"v2\"}, ");
    PUT("{\"at\": \"3m\", \"action\": \"failNode\", \"node\": \"small-%u\"}, ", seed % 7);
    PUT("{\"at\": \"4m\", \"action\": \"scale\", \"service\": \"s1\", \"replicas\": 90}, ");
    PUT("{\"at\": \"5m\", \"action\": \"deploy\", \"service\": \"s2\", \"version\": \"v2\"}, ");
    if (zones) PUT("{\"at\": \"6m\", \"action\": \"failZone\", \"zone\": \"b\"}, ");
    if (zones) PUT("{\"at\": \"12m\", \"action\": \"repairZone\", \"zone\": \"b\"}, ");
    PUT("{\"at\": \"8m\", \"action\": \"repairNode\", \"node\": \"small-%u\"}, ", seed % 7);
    PUT("{\"at\": \"14m\", \"action\": \"scale\", \"service\": \"s1\", \"replicas\": 10}, ");
    PUT("{\"at\": \"15m\", \"action\": \"deploy\", \"service\": \"s3\", \"version\": \"v2\"}]}");
#undef PUT
    return j;
}

static void test_generated_clusters_place_the_same(void **state) {
    (void)state;
    uint64_t placed = 0;
    for (unsigned seed = 1; seed <= 6; seed++) {
        char *json = generated(seed, (int)(seed % 3) + (seed % 3 == 1 ? 1 : 0));
        diag_t d;
        diag_init(&d);
        scenario_t *sc = NULL;
        if (scenario_load_text(json, "generated.json", NULL, 0, &sc, &d) != 0)
            fail_msg("generated %u: %s", seed, d.count ? d.items[0] : "?");
        diag_free(&d);
        char what[64];
        snprintf(what, sizeof what, "generated cluster %u", seed);
        placed += check(sc, what);
        scenario_free(sc);
        free(json);
    }
    assert_true(placed > 300);
}

/* Loads the JSON text, checks walk against index, and returns the pods the index placed. */
static uint64_t check_text(const char *json, const char *what) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "generated.json", NULL, 0, &sc, &d) != 0)
        fail_msg("%s: %s", what, d.count ? d.items[0] : "?");
    diag_free(&d);
    uint64_t placed = check(sc, what);
    scenario_free(sc);
    return placed;
}

/* Many pods of one ReplicaSet per node: B nodes of every count from 1 up, the index's groups
 * for counts 1 to 15 and its decline from 16 on (the walk then places: same bytes). */
static void test_dense_nodes_place_the_same(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"dense\", \"seed\": 3, \"duration\": \"15m\", \"cluster\": "
        "{\"nodePools\": [{\"name\": \"big\", \"count\": 5, \"cpu\": \"64\", "
        "\"memory\": \"256Gi\", \"zones\": [\"a\", \"b\"]}]}, \"services\": ["
        "{\"name\": \"s0\", \"replicas\": 120, \"resources\": {\"cpu\": \"100m\", "
        "\"memory\": \"128Mi\"}, \"versions\": {\"v2\": {}}}, "
        "{\"name\": \"s1\", \"replicas\": 40, \"resources\": {\"cpu\": \"1\", "
        "\"memory\": \"1Gi\"}}], \"events\": ["
        "{\"at\": \"2m\", \"action\": \"deploy\", \"service\": \"s0\", \"version\": \"v2\"}, "
        "{\"at\": \"6m\", \"action\": \"failNode\", \"node\": \"big-1\"}, "
        "{\"at\": \"9m\", \"action\": \"scale\", \"service\": \"s1\", \"replicas\": 5}]}";
    assert_true(check_text(json, "dense nodes") > 50);
}

/* 300 nodes: kube-scheduler scores 48 % of them (numFeasibleNodesToFind: 50 - 300/125), so
 * each window is part of the ring, and it wraps past the last node; the services' pods fill
 * their windows (a ReplicaSet's nodes, counts 1 and 2, across the wrap). */
static void test_partial_windows_place_the_same(void **state) {
    (void)state;
    char json[2048];
    int n = snprintf(json, sizeof json, "%s",
                     "{\"name\": \"partial\", \"seed\": 5, \"duration\": \"10m\", "
                     "\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 300, "
                     "\"cpu\": \"4\", \"memory\": \"16Gi\", \"zones\": [\"a\", \"b\", "
                     "\"c\"]}]}, \"services\": [");
    for (int i = 0; i < 6; i++)
        n += snprintf(json + n, sizeof json - (size_t)n,
                      "%s{\"name\": \"s%d\", \"replicas\": %d, \"resources\": {\"cpu\": "
                      "\"250m\", \"memory\": \"512Mi\"}, \"versions\": {\"v2\": {}}}",
                      i ? ", " : "", i, 150 + 40 * i);
    n += snprintf(json + n, sizeof json - (size_t)n, "%s",
                  "], \"events\": [{\"at\": \"2m\", \"action\": \"deploy\", \"service\": "
                  "\"s1\", \"version\": \"v2\"}, {\"at\": \"4m\", \"action\": \"failZone\", "
                  "\"zone\": \"b\"}, {\"at\": \"7m\", \"action\": \"repairZone\", "
                  "\"zone\": \"b\"}]}");
    assert_true(n < (int)sizeof json);
    assert_true(check_text(json, "partial windows") > 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lessons_place_the_same),
        cmocka_unit_test(test_generated_clusters_place_the_same),
        cmocka_unit_test(test_dense_nodes_place_the_same),
        cmocka_unit_test(test_partial_windows_place_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
