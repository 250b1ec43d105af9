/* Nodes, failures and the cluster autoscaler, end to end through sim.h: the node-failure
 * timeline (heartbeats, NotReady, eviction, Terminating until repair), repairs, random node
 * failures against their MTBF, random container crashes, CrashLoopBackOff, killPod, drain with
 * PodDisruptionBudgets, cordon/addNode, and the cluster autoscaler's scale-up and scale-down. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_run_util.h"

#define POOL(extra)                                                                                \
    "\"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 3, \"cpu\": \"4\","          \
    " \"memory\": \"8Gi\", \"pricePerHour\": 0.2" extra "}]}"
#define WEB(extra)                                                                                 \
    "\"services\": [{\"name\": \"web\", \"namespace\": \"shop\", \"capacityRps\": 100,"            \
    " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"},"                                  \
    " \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2}" extra "}]"

/* ---- the node-failure timeline ------------------------------------------------------------ */

/* Acceptance: a failed node is NotReady 50-60 s after its last heartbeat (lease renewals
 * every 10 s: the last one at or before the failure), at a 5 s monitor pass strictly after
 * the renewal was seen + 50 s; its pods are deleted 300 s later and replaced on the other
 * nodes at once; they stay Terminating on the dead node, which stays NotReady, until
 * repairNode. Requests sent to its pods fail until NotReady takes them out of the Service. */
static void failure_case(double fail_at, double want_not_ready) {
    char json[2048];
    snprintf(
        json, sizeof json,
        "{\"name\": \"nf\", \"duration\": \"11m\", \"metrics\": {\"pods\": false}, " POOL(
            "") ", " WEB(", \"replicas\": 6, \"traffic\": {\"rps\": 300}") ","
                                                                           " \"events\": [{\"at\": "
                                                                           "%.3f, \"action\": "
                                                                           "\"failNode\", "
                                                                           "\"node\": "
                                                                           "\"workers-2\"},"
                                                                           " {\"at\": \"10m\", "
                                                                           "\"action\": "
                                                                           "\"repairNode\", "
                                                                           "\"node\": "
                                                                           "\"workers-2\"}]}",
        fail_at);
    run_t r = run_create(json, NULL);
    int dead = node_by_name(r.s, "workers-2");
    assert_true(dead >= 0);
    sim_time_t nr = (sim_time_t)(want_not_ready * SIM_SEC);
    sim_run_until(r.s, nr - 1);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, dead, &nv));
    assert_int_equal(nv.state, SIM_NODE_READY); /* Kubernetes does not know yet */
    assert_true(nv.failed);
    sim_run_until(r.s, nr);
    assert_true(sim_node_view(r.s, dead, &nv));
    assert_int_equal(nv.state, SIM_NODE_NOT_READY);
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "NodeNotReady", "Node/workers-2", NULL, &e) >= 0);
    assert_true(e.time == nr);
    double heartbeat = (double)((int)(fail_at / 10) * 10);
    assert_true(secs(e.time) - heartbeat >= 50 && secs(e.time) - heartbeat <= 60);
    /* eviction 300 s later, replacements at once, Ready elsewhere */
    sim_time_t evict = nr + 300 * SIM_SEC;
    sim_run_until(r.s, evict + 60 * SIM_SEC);
    assert_int_equal(
        event_count(r.s, "TaintManagerEviction", NULL, "Marking for deletion Pod shop/"), 2);
    int i = event_find(r.s, 0, "TaintManagerEviction", NULL, NULL, &e);
    assert_true(i >= 0 && e.time == evict);
    int created = 0;
    for (int k = event_find(r.s, i, "SuccessfulCreate", NULL, NULL, &e); k >= 0;
         k = event_find(r.s, k + 1, "SuccessfulCreate", NULL, NULL, &e)) {
        assert_true(e.time == evict);
        created++;
    }
    assert_int_equal(created, 2);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.ready, 6);
    assert_int_equal(sv.total, 8); /* the two on the dead node still exist */
    uint32_t ids[16];
    int n = sim_node_pods(r.s, dead, ids, 16);
    assert_int_equal(n, 2);
    for (int k = 0; k < n; k++) {
        sim_pod_view_t pv;
        assert_true(sim_pod_view(r.s, ids[k], &pv));
        assert_int_equal(pv.state, SIM_POD_TERMINATING);
    }
    /* the node stays down until repairNode */
    sim_run_until(r.s, 600 * SIM_SEC - 1);
    assert_true(sim_node_view(r.s, dead, &nv));
    assert_int_equal(nv.state, SIM_NODE_NOT_READY);
    assert_int_equal(sim_node_pods(r.s, dead, ids, 16), 2);
    sim_run_until(r.s, 600 * SIM_SEC);
    assert_true(sim_node_view(r.s, dead, &nv));
    assert_int_equal(nv.state, SIM_NODE_READY);
    assert_int_equal(sim_node_pods(r.s, dead, ids, 16), 0);
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.total, 6);
    /* requests to the dead pods failed until NotReady, and only then */
    sim_run(r.s);
    const sim_sample_t *rows;
    int count = sim_samples(r.s, 0, &rows);
    double failed_before = 0, failed_after = 0;
    for (int k = 0; k < count; k++) {
        if (rows[k].time > (sim_time_t)((fail_at + 1) * SIM_SEC) && rows[k].time <= nr)
            failed_before += rows[k].failed_rps;
        if (rows[k].time > nr + SIM_SEC) failed_after += rows[k].failed_rps;
    }
    assert_true(failed_before > 0);
    assert_true(failed_after == 0);
    run_free(&r);
}

static void test_failure_timeline(void **state) {
    (void)state;
    /* failure time -> NotReady: the renewal at 60 s is seen at 60 s, the first pass strictly
     * after 110 s is 115 s; a failure at 70 s comes after the 70 s renewal */
    static const double cases[][2] = {{60, 115}, {61, 115}, {65, 115}, {69.5, 115}, {70, 125}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        failure_case(cases[i][0], cases[i][1]);
}

/* repair: auto — a replacement machine is Ready the pool's provisioning time after NotReady;
 * it is a new machine, so the old pods are gone and the ReplicaSet has replaced them. */
static void test_auto_repair(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"auto\", \"duration\": \"5m\", \"metrics\": {\"pods\": "
        "false}, " POOL(", \"repair\": \"auto\", \"provisioningTime\": \"2m\"") ", " WEB(
            ", \"replicas\": 6") ","
                                 " \"events\": [{\"at\": \"61s\", \"action\": "
                                 "\"failNode\", \"node\": \"workers-2\"}]}";
    run_t r = run_whole(json);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "NodeReady", "Node/workers-2", NULL, &e) >= 0);
    assert_true(e.time == (115 + 120) * SIM_SEC);
    assert_true(decision_find(r.s, 0, "node-repair", "replace", "repair: auto", NULL) >= 0);
    int dead = node_by_name(r.s, "workers-2");
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, dead, &nv));
    assert_int_equal(nv.state, SIM_NODE_READY);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.total, 6);
    assert_int_equal(sv.ready, 6);
    run_free(&r);
}

/* Acceptance: 24 simulated hours of random failures of 20 nodes (mtbf 2 h, repaired after
 * 10 min). Failures come at rate 1/mtbf per node while it is up, so their number over the
 * exposure (node-seconds up) is Poisson with mean exposure / mtbf: the count must be within
 * 4 standard deviations of it (a false alarm less than once in 10^4 seeds). Three seeds. */
static void test_node_failures_mtbf(void **state) {
    (void)state;
    for (int seed = 1; seed <= 3; seed++) {
        char json[2048];
        snprintf(json, sizeof json,
                 "{\"name\": \"mtbf\", \"seed\": %d, \"duration\": \"24h\","
                 " \"metrics\": {\"interval\": \"1h\", \"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 20}]},"
                 " " WEB(", \"replicas\": 1") ","
                                              " \"faults\": [{\"type\": \"nodeFailure\", \"pool\": "
                                              "\"workers\", \"mtbf\": \"2h\","
                                              " \"repairTime\": \"10m\"}]}",
                 seed);
        run_t r = run_create(json, NULL);
        assert_int_equal(sim_run(r.s), 0);
        double end = 24 * 3600.0, down = 0;
        int failures = 0;
        sim_event_view_t e;
        for (int i = event_find(r.s, 0, "NodeFailed", NULL, "random failure", &e); i >= 0;
             i = event_find(r.s, i + 1, "NodeFailed", NULL, "random failure", &e)) {
            failures++;
            double t = secs(e.time);
            down += (t + 600 < end ? t + 600 : end) - t;
        }
        double expected = (20 * end - down) / 7200.0;
        printf("seed %d: %d node failures in 24 h, expected %.1f +- %.1f (4 sd)\n", seed, failures,
               expected, 4 * sqrt(expected));
        assert_true(fabs(failures - expected) <= 4 * sqrt(expected));
        assert_int_equal(event_count(r.s, "NodeFailed", NULL, NULL), failures);
        run_free(&r);
    }
}

/* ---- crashes ---------------------------------------------------------------------------- */

/* Acceptance: a crashing version restarts under CrashLoopBackOff: the first restart at once
 * (no BackOff event), then after 10, 20, 40, 80, 160, 300, 300 s; each BackOff event at the
 * crash, the next start (container runtime: 1 s) after the delay. */
static void test_crash_loop_backoff(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"crash\", \"duration\": \"40m\", \"metrics\": {\"pods\": false}, " POOL(
            "") ", " WEB(", \"replicas\": 1, \"startup\": \"1s\", \"versions\": {\"v1\": "
                         "{\"crashAfter\": \"30s\"}}") "}";
    run_t r = run_whole(json);
    static const int delays[] = {10, 20, 40, 80, 160, 300, 300, 300};
    sim_event_view_t e;
    /* the first crash at 30 s restarts at once: started again at 31 s, no BackOff before */
    int first = event_find(r.s, 0, "BackOff", NULL, NULL, &e);
    assert_true(first >= 0);
    assert_true(e.time == 61 * SIM_SEC);
    assert_true(event_find(r.s, 0, "Started", NULL, NULL, &e) >= 0 && e.time == 31 * SIM_SEC);
    int i = first;
    for (size_t k = 0; k < sizeof delays / sizeof delays[0]; k++) {
        sim_event_view_t b = {0}, st = {0};
        i = event_find(r.s, i, "BackOff", NULL, NULL, &b);
        assert_true(i >= 0);
        /* the delay itself is in the kubelet's decision row at the same instant */
        char want[32];
        snprintf(want, sizeof want, "back-off %ds:", delays[k]);
        bool said = false;
        for (int d = 0; d < sim_decision_count(r.s) && !said; d++) {
            sim_decision_view_t dv;
            sim_decision_get(r.s, d, &dv);
            said = dv.time == b.time && strstr(dv.explanation, want) != NULL;
        }
        assert_true(said);
        int j = event_find(r.s, i, "Started", NULL, NULL, &st);
        assert_true(j >= 0);
        assert_true(st.time == b.time + (delays[k] + 1) * SIM_SEC);
        i = j;
    }
    run_free(&r);
}

/* The backoff resets when the container exits more than 10 min after the last restart (k8s:
 * strictly more). crashAfter 599 s: restart at 599 s, running at 600 s (1 s runtime start),
 * crash at 1199 s, exactly 600 s after the restart: still backing off (BackOff 10s, restart at
 * 1209 s, crash at 1809 s: BackOff 20s). crashAfter 600 s: 601 s each time, every restart at
 * once, no BackOff at all. */
static void backoff_reset_case(const char *crash_after, int want_backoffs) {
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"reset\", \"duration\": \"35m\", \"metrics\": {\"pods\": false}, " POOL(
                 "") ", " WEB(", \"replicas\": 1, \"startup\": \"1s\","
                              " \"versions\": {\"v1\": {\"crashAfter\": \"%s\"}}") "}",
             crash_after);
    run_t r = run_whole(json);
    assert_int_equal(event_count(r.s, "BackOff", NULL, NULL), want_backoffs);
    run_free(&r);
}

static void test_backoff_reset(void **state) {
    (void)state;
    backoff_reset_case("599s", 2);
    backoff_reset_case("600s", 0);
}

/* killPod: the pod leaves at once and its ReplicaSet creates a replacement in the same instant. */
static void test_kill_pod_replaced_at_once(void **state) {
    (void)state;
    const char *json = "{\"name\": \"kill\", \"duration\": \"1m\", \"metrics\": {\"pods\": "
                       "false}, " POOL("") ", " WEB(", \"replicas\": 12, \"traffic\": {\"rps\": "
                                                    "100}") ","
                                                            " \"events\": [{\"at\": \"20.5s\", "
                                                            "\"action\": \"killPod\", \"service\": "
                                                            "\"web\"},"
                                                            " {\"at\": \"30s\", \"action\": "
                                                            "\"killPod\", \"service\": \"web\"}]}";
    run_t r = run_whole(json);
    static const double at[] = {20.5, 30};
    int from = 0, created = 0;
    for (int k = 0; k < 2; k++) {
        sim_event_view_t kill = {0};
        from = event_find(r.s, from, "Killing", NULL, NULL, &kill);
        assert_true(from >= 0);
        assert_true(kill.time == (sim_time_t)(at[k] * SIM_SEC));
        from++;
    }
    sim_event_view_t create;
    for (int i = event_find(r.s, 0, "SuccessfulCreate", NULL, NULL, &create); i >= 0;
         i = event_find(r.s, i + 1, "SuccessfulCreate", NULL, NULL, &create)) {
        assert_true(create.time == (sim_time_t)(at[created] * SIM_SEC));
        created++;
    }
    assert_int_equal(created, 2);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.ready, 12);
    run_free(&r);
}

/* podCrash: 20 containers, mean time between failures 2 h each, for 10 h: ~100 crashes
 * (Poisson; within 4 standard deviations). Each restarts in place: no pod is replaced. */
static void test_pod_crash_fault_rate(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"crashes\", \"seed\": 5, \"duration\": \"10h\","
        " \"metrics\": {\"interval\": \"1h\", \"pods\": false}, " POOL("") ", " WEB(
            ", \"replicas\": 20, \"startup\": \"1s\"") ","
                                                       " \"faults\": [{\"type\": \"podCrash\", "
                                                       "\"service\": \"web\", \"mtbf\": \"2h\"}]}";
    run_t r = run_whole(json);
    int crashes = 0;
    for (int i = decision_find(r.s, 0, "faults", "container crash", NULL, NULL); i >= 0;
         i = decision_find(r.s, i + 1, "faults", "container crash", NULL, NULL))
        crashes++;
    printf("%d container crashes, expected 100 +- 40 (4 sd)\n", crashes);
    assert_true(abs(crashes - 100) <= 40);
    assert_int_equal(event_count(r.s, "SuccessfulCreate", NULL, NULL), 0);
    run_free(&r);
}

/* ---- drain and PodDisruptionBudgets ------------------------------------------------------- */

/* Ready pods of `web` after every instant of pods.csv: the least, and how many instants it
 * held. Returns the least. */
static int least_ready(const char *path, int *instants_at_least) {
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    char names[64][64];
    bool ready[64] = {false};
    int n = 0, cur = 0, least = 1 << 30, at_least = 0;
    char last_time[32] = "";
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        char *fields[7];
        int k = 0;
        for (char *tok = strtok(line, ",\n"); tok && k < 7; tok = strtok(NULL, ",\n"))
            fields[k++] = tok;
        if (k < 6) continue;
        const char *state = fields[k - 1];
        if (strcmp(fields[0], last_time) != 0) { /* a new instant: the last one is complete */
            if (last_time[0] && strcmp(last_time, "0.000") != 0) {
                if (cur < least) least = cur;
                if (cur == least) at_least++;
            }
            snprintf(last_time, sizeof last_time, "%s", fields[0]);
        }
        int p = 0;
        while (p < n && strcmp(names[p], fields[1]) != 0)
            p++;
        if (p == n) {
            assert_true(n < 64);
            snprintf(names[n++], sizeof names[0], "%s", fields[1]);
        }
        bool now = strcmp(state, "Ready") == 0;
        cur += (int)now - (int)ready[p];
        ready[p] = now;
    }
    if (cur < least) least = cur;
    fclose(f);
    *instants_at_least = at_least;
    return least;
}

static void remove_dir(const char *dir) {
    static const char *const files[] = {"timeseries.csv", "versions.csv", "replicasets.csv",
                                        "pods.csv",       "nodes.csv",    "events.csv",
                                        "decisions.csv",  "summary.csv"};
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Acceptance: drainNode on a node with 3 pods of a service whose budget is maxUnavailable 1
 * evicts them one at a time: the next only when the previous one's replacement is Ready, so
 * never more than one of the 6 is unavailable. */
static void test_drain_respects_pdb(void **state) {
    (void)state;
    char dir[] = "/tmp/deploysim-drain-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *json = "{\"name\": \"drain\", \"duration\": \"2m\","
                       " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": "
                       "2}]}, " WEB(", \"replicas\": 6, \"podDisruptionBudget\": "
                                    "{\"maxUnavailable\": 1}") ","
                                                               " \"events\": [{\"at\": \"30s\", "
                                                               "\"action\": \"drainNode\", "
                                                               "\"node\": \"workers-1\"}]}";
    run_t r = run_create(json, dir);
    int n1 = node_by_name(r.s, "workers-1");
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, n1, &nv));
    assert_int_equal(nv.pod_count, 3);
    assert_int_equal(sim_run(r.s), 0);
    /* three evictions, at distinct instants, each after a replacement became Ready */
    sim_decision_view_t e[3] = {{0}};
    int i = -1;
    for (int k = 0; k < 3; k++) {
        i = decision_find(r.s, i + 1, "drain", "evict",
                          "kubectl drain workers-1: eviction accepted", &e[k]);
        assert_true(i >= 0);
        if (k > 0) assert_true(e[k].time > e[k - 1].time);
    }
    assert_true(e[0].time == 30 * SIM_SEC);
    assert_true(decision_find(r.s, i + 1, "drain", "evict", "accepted", NULL) < 0);
    assert_true(decision_find(r.s, 0, "drain", "eviction refused", "PodDisruptionBudget", NULL) >=
                0);
    assert_true(sim_node_view(r.s, n1, &nv));
    assert_int_equal(nv.state, SIM_NODE_SCHEDULING_DISABLED);
    assert_int_equal(nv.pod_count, 0);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.ready, 6);
    run_free(&r);
    char path[512];
    snprintf(path, sizeof path, "%s/pods.csv", dir);
    int held = 0;
    int least = least_ready(path, &held);
    assert_int_equal(least, 5); /* one unavailable at a time, and it happened */
    assert_true(held >= 3);
    remove_dir(dir);
}

/* A budget that allows no disruption (minAvailable 100%) blocks the drain: the pods stay. */
static void test_drain_blocked(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"blocked\", \"duration\": \"1m\", \"metrics\": {\"pods\": "
        "false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": "
        "2}]}, " WEB(", \"replicas\": 4, \"podDisruptionBudget\": {\"minAvailable\": "
                     "\"100%\"}") ","
                                  " \"events\": [{\"at\": \"10s\", \"action\": "
                                  "\"drainNode\", \"node\": \"workers-1\"}]}";
    run_t r = run_whole(json);
    assert_true(decision_find(r.s, 0, "drain", "evict", "accepted", NULL) < 0);
    assert_true(event_find(r.s, 0, "NodeNotSchedulable", "Node/workers-1", NULL, NULL) >= 0);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, node_by_name(r.s, "workers-1"), &nv));
    assert_int_equal(nv.pod_count, 2);
    run_free(&r);
}

/* cordon keeps new pods off a node; uncordon lets them back; addNode provisions one. */
static void test_cordon_and_add_node(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"cordon\", \"duration\": \"3m\", \"metrics\": {\"pods\": false}, " POOL(
            "") ", " WEB(", \"replicas\": 3") ","
                                              " \"events\": [{\"at\": \"10s\", \"action\": "
                                              "\"cordonNode\", \"node\": \"workers-1\"},"
                                              " {\"at\": \"10s\", \"action\": \"addNode\", "
                                              "\"pool\": \"workers\"},"
                                              " {\"at\": \"20s\", \"action\": \"scale\", "
                                              "\"service\": \"web\", \"replicas\": 9},"
                                              " {\"at\": \"30s\", \"action\": \"uncordonNode\", "
                                              "\"node\": \"workers-1\"}]}";
    run_t r = run_create(json, NULL);
    int w1 = node_by_name(r.s, "workers-1");
    sim_run_until(r.s, 25 * SIM_SEC);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, w1, &nv));
    assert_int_equal(nv.state, SIM_NODE_SCHEDULING_DISABLED);
    assert_int_equal(nv.pod_count, 1); /* the 6 new pods went to workers-2 and -3 */
    int w4 = node_by_name(r.s, "workers-4");
    assert_true(w4 >= 0);
    assert_true(sim_node_view(r.s, w4, &nv));
    assert_int_equal(nv.state, SIM_NODE_PROVISIONING);
    assert_int_equal(sim_run(r.s), 0);
    assert_true(sim_node_view(r.s, w1, &nv));
    assert_int_equal(nv.state, SIM_NODE_READY);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "NodeReady", "Node/workers-4", NULL, &e) >= 0);
    assert_true(e.time == 100 * SIM_SEC); /* container pools: 90 s */
    assert_true(event_find(r.s, 0, "NodeSchedulable", "Node/workers-1", NULL, NULL) >= 0);
    run_free(&r);
}

/* ---- cluster autoscaler -------------------------------------------------------------------- */

/* Acceptance: more pods than the nodes hold trigger a scale-up within a scan (10 s); the pods
 * wait Pending until the new node is Ready, the pool's provisioning time later (container
 * 90 s, vm 3 min). Two full nodes, then two more replicas than they hold. */
static void scale_up_case(const char *runtime, int per_node, int provisioning_s) {
    char json[2048];
    snprintf(
        json, sizeof json,
        "{\"name\": \"up\", \"duration\": \"6m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"4\","
        " \"memory\": \"8Gi\", \"runtime\": \"%s\", \"autoscaling\": {\"min\": 2, \"max\": 5}}]},"
        " \"services\": [{\"name\": \"web\", \"runtime\": \"%s\", \"replicas\": %d,"
        " \"resources\": {\"cpu\": \"500m\", \"memory\": \"256Mi\"}, \"startup\": \"5s\"}],"
        " \"events\": [{\"at\": \"25s\", \"action\": \"scale\", \"service\": \"web\","
        " \"replicas\": %d}]}",
        runtime, runtime, 2 * per_node, 2 * per_node + 2);
    run_t r = run_whole(json);
    sim_event_view_t trig, ready, sched;
    int i = event_find(r.s, 0, "TriggeredScaleUp", NULL,
                       "pod triggered scale-up: [{workers 2->3 (max: 5)}]", &trig);
    assert_true(i >= 0);
    assert_true(trig.time == 30 * SIM_SEC); /* the first scan after the pods went Pending */
    assert_int_equal(event_count(r.s, "TriggeredScaleUp", NULL, NULL), 2);
    assert_true(event_find(r.s, 0, "FailedScheduling", NULL,
                           "0/2 nodes are available: 2 Insufficient cpu.", NULL) >= 0);
    assert_true(event_find(r.s, 0, "NodeReady", "Node/workers-3", NULL, &ready) >= 0);
    assert_true(ready.time == trig.time + provisioning_s * SIM_SEC);
    /* both Pending pods are placed on the new node when it is Ready, not before */
    int placed = 0;
    for (int k = event_find(r.s, i, "Scheduled", NULL, NULL, &sched); k >= 0;
         k = event_find(r.s, k + 1, "Scheduled", NULL, NULL, &sched)) {
        assert_true(sched.time == ready.time);
        assert_true(strstr(sched.message, "workers-3") != NULL);
        placed++;
    }
    assert_int_equal(placed, 2);
    assert_true(
        decision_find(r.s, 0, "cluster-autoscaler", "scale up workers 2 -> 3", NULL, NULL) >= 0);
    run_free(&r);
}

static void test_ca_scale_up(void **state) {
    (void)state;
    scale_up_case("container", 8, 90); /* 500m per pod: 8 on 4 CPUs */
    scale_up_case("vm", 6, 180);       /* + the hypervisor's 100m: 6 */
}

/* Nodes under half used for 10 minutes are removed, down to the pool's min; their pods move;
 * node-hours and cost stop counting for them. Two pods of 600m per 2-CPU node (60%: needed)
 * until the Deployment is scaled to 2 at 30 s: then no node holds more than 30%. */
static void test_ca_scale_down(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"down\", \"duration\": \"20m\", \"metrics\": {\"interval\": \"10s\", "
        "\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 3, \"cpu\": \"2\","
        " \"memory\": \"4Gi\", \"pricePerHour\": 0.5, \"autoscaling\": {\"min\": 1, \"max\": 3}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 6, \"resources\": {\"cpu\": \"600m\"},"
        " \"traffic\": {\"rps\": 50}}],"
        " \"events\": [{\"at\": \"30s\", \"action\": \"scale\", \"service\": \"web\", "
        "\"replicas\": 2}]}";
    run_t r = run_whole(json);
    /* unneeded from the first scan after the scale-down (40 s): removable once unneeded for
     * more than 600 s, at the scan at 650 s */
    sim_event_view_t e;
    int removed = 0;
    double node_seconds = 0, end = 1200;
    for (int i = event_find(r.s, 0, "ScaleDown", NULL, "node removed by cluster autoscaler", &e);
         i >= 0;
         i = event_find(r.s, i + 1, "ScaleDown", NULL, "node removed by cluster autoscaler", &e)) {
        assert_true(e.time >= 650 * SIM_SEC);
        node_seconds += secs(e.time);
        removed++;
    }
    assert_int_equal(removed, 2);
    node_seconds += (3 - removed) * end;
    int up = 0;
    for (int i = 0; i < sim_node_count(r.s); i++) {
        sim_node_view_t nv;
        assert_true(sim_node_view(r.s, i, &nv));
        if (nv.state != SIM_NODE_REMOVED) up++;
    }
    assert_int_equal(up, 1);
    sim_summary_t m;
    assert_true(sim_summary(r.s, 0, &m));
    assert_near(m.node_hours, node_seconds / 3600, 1e-6);
    assert_near(m.cost, 0.5 * node_seconds / 3600, 1e-6);
    const sim_cluster_sample_t *cs;
    int n = sim_cluster_samples(r.s, &cs);
    assert_near(cs[0].cost_per_hour, 1.5, 1e-9);
    assert_near(cs[n - 1].cost_per_hour, 0.5, 1e-9);
    assert_int_equal(cs[n - 1].nodes_total, 1);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.ready, 2);
    run_free(&r);
}

/* No pool can help: at its max, or the pod needs more than a node has. */
static void test_ca_not_triggered(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"max\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"2\","
        " \"memory\": \"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 2}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 4, \"resources\": {\"cpu\": \"1\"}},"
        " {\"name\": \"big\", \"replicas\": 1, \"resources\": {\"cpu\": \"3\"}}]}";
    run_t r = run_whole(json);
    assert_true(event_find(r.s, 0, "NotTriggerScaleUp", "Pod/big-",
                           "pod didn't trigger scale-up: 1 Insufficient cpu", NULL) >= 0);
    assert_int_equal(event_count(r.s, "NotTriggerScaleUp", NULL, NULL), 1); /* once per pod */
    assert_int_equal(event_count(r.s, "TriggeredScaleUp", NULL, NULL), 0);
    run_free(&r);

    const char *full =
        "{\"name\": \"full\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"2\","
        " \"memory\": \"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 2}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 5, \"resources\": {\"cpu\": \"1\"}}]}";
    r = run_whole(full);
    assert_true(event_find(r.s, 0, "NotTriggerScaleUp", "Pod/web-",
                           "pod didn't trigger scale-up: 1 max node group size reached",
                           NULL) >= 0);
    run_free(&r);

    /* One reason per node group, counted by reason (cluster-autoscaler
     * processors/status/eventing_scale_up_processor.go ReasonsMessage: "%d %s" per reason,
     * joined with ", "; the simulation sorts them, upstream's map order varies): a 3-CPU,
     * 6 GiB pod is too big for the 2-CPU pool by cpu and for the 4 GiB pool by memory. */
    const char *two =
        "{\"name\": \"two\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"small-cpu\", \"count\": 1, \"cpu\": \"2\","
        " \"memory\": \"16Gi\", \"autoscaling\": {\"min\": 1, \"max\": 3}},"
        " {\"name\": \"small-mem\", \"count\": 1, \"cpu\": \"8\","
        " \"memory\": \"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 3}}]},"
        " \"services\": [{\"name\": \"big\", \"replicas\": 1,"
        " \"resources\": {\"cpu\": \"3\", \"memory\": \"6Gi\"}}]}";
    r = run_whole(two);
    assert_true(event_find(r.s, 0, "NotTriggerScaleUp", "Pod/big-",
                           "pod didn't trigger scale-up: 1 Insufficient cpu, 1 Insufficient memory",
                           NULL) >= 0);
    assert_int_equal(event_count(r.s, "TriggeredScaleUp", NULL, NULL), 0);
    run_free(&r);
}

/* A node that is not Ready within max-node-provision-time (15 min) is given up. */
static void test_ca_gives_up_provisioning(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"slow\", \"duration\": \"20m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 1, \"cpu\": \"2\","
        " \"memory\": \"4Gi\", \"provisioningTime\": \"30m\", \"autoscaling\": {\"min\": 1, "
        "\"max\": 3}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 3, \"resources\": {\"cpu\": \"1\"}}]}";
    run_t r = run_whole(json);
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "TriggeredScaleUp", NULL, NULL, &e) >= 0);
    sim_time_t asked = e.time;
    assert_true(event_find(r.s, 0, "ScaleUpTimedOut", "Node/workers-2", NULL, &e) >= 0);
    assert_true(e.time > asked + 900 * SIM_SEC && e.time <= asked + 910 * SIM_SEC);
    run_free(&r);
}

/* NoExecute taints and the taint manager (k8s: tainteviction/taint_eviction.go): a manual
 * taint evicts at once the pods that do not tolerate it, each tolerating pod after its own
 * tolerationSeconds counted from the taint, never a pod tolerating it without a limit; an
 * untaint before the time cancels the timer. */
static void test_no_execute_taint(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"noexec\", \"duration\": \"5m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2}]},"
        " \"services\": ["
        "  {\"name\": \"plain\", \"nodeSelector\": {\"kubernetes.io/hostname\": \"w-1\"}},"
        "  {\"name\": \"short\", \"nodeSelector\": {\"kubernetes.io/hostname\": \"w-1\"},"
        "   \"tolerations\": [{\"key\": \"dedicated\", \"operator\": \"Equal\", \"value\": \"gpu\","
        "    \"effect\": \"NoExecute\", \"tolerationSeconds\": 45}]},"
        "  {\"name\": \"long\", \"nodeSelector\": {\"kubernetes.io/hostname\": \"w-1\"},"
        "   \"tolerations\": [{\"key\": \"dedicated\", \"operator\": \"Exists\","
        "    \"effect\": \"NoExecute\", \"tolerationSeconds\": 120}]},"
        "  {\"name\": \"forever\", \"nodeSelector\": {\"kubernetes.io/hostname\": \"w-1\"},"
        "   \"tolerations\": [{\"operator\": \"Exists\"}]}],"
        " \"events\": [{\"at\": \"20s\", \"action\": \"taint\", \"node\": \"w-1\","
        "  \"key\": \"dedicated\", \"value\": \"gpu\", \"effect\": \"NoExecute\"},"
        "  {\"at\": \"100s\", \"action\": \"untaint\", \"node\": \"w-1\", \"key\": "
        "\"dedicated\"}]}";
    run_t r = run_whole(json);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "TaintManagerEviction", "Pod/plain-", NULL, &e) >= 0);
    assert_int_equal(e.time, 20 * SIM_SEC);
    assert_true(event_find(r.s, 0, "TaintManagerEviction", "Pod/short-", NULL, &e) >= 0);
    assert_int_equal(e.time, 65 * SIM_SEC);
    /* the untaint at 100 s came before 20 + 120 s */
    assert_int_equal(event_count(r.s, "TaintManagerEviction", "Pod/long-", NULL), 0);
    assert_int_equal(event_count(r.s, "TaintManagerEviction", "Pod/forever-", NULL), 0);
    /* the replacements of plain and short wait while the taint is there (NoExecute filters
     * like NoSchedule), then go back to w-1 */
    assert_true(event_find(r.s, 0, "FailedScheduling", "Pod/plain-",
                           "1 node(s) had untolerated taint {dedicated: gpu}", NULL) >= 0);
    run_free(&r);
}

/* A zone outage: every node of the zone stops heartbeating at once and is NotReady together;
 * a pod with its own toleration for node.kubernetes.io/unreachable (60 s) is evicted then,
 * the others after the 300 s the DefaultTolerationSeconds admission plugin gives; repairZone
 * brings the nodes back. */
static void test_fail_zone(void **state) {
    (void)state;
    const char *json = "{\"name\": \"zone\", \"duration\": \"8m\", \"metrics\": {\"pods\": false},"
                       " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 4, \"zones\": "
                       "[\"a\", \"b\"]}]},"
                       " \"services\": [{\"name\": \"web\", \"replicas\": 4},"
                       "  {\"name\": \"quick\", \"replicas\": 4, \"tolerations\": [{\"key\":"
                       "   \"node.kubernetes.io/unreachable\", \"operator\": \"Exists\", "
                       "\"effect\": \"NoExecute\","
                       "   \"tolerationSeconds\": 60}]}],"
                       " \"events\": [{\"at\": \"10s\", \"action\": \"failZone\", \"zone\": \"b\"},"
                       "  {\"at\": \"7m\", \"action\": \"repairZone\", \"zone\": \"b\"}]}";
    run_t r = run_whole(json);
    /* zones round-robin: w-1 a, w-2 b, w-3 a, w-4 b */
    sim_event_view_t e;
    assert_int_equal(event_count(r.s, "NodeFailed", NULL, "failZone b"), 2);
    assert_true(event_find(r.s, 0, "NodeFailed", "Node/w-2", NULL, NULL) >= 0);
    assert_true(event_find(r.s, 0, "NodeFailed", "Node/w-4", NULL, NULL) >= 0);
    assert_int_equal(event_count(r.s, "NodeFailed", "Node/w-1", NULL), 0);
    /* last heartbeat at 10 s (renewals at 0, 10, ...): NotReady at the first 5 s pass after
     * 10 + 50 s, i.e. 65 s */
    assert_true(event_find(r.s, 0, "NodeNotReady", "Node/w-2", NULL, &e) >= 0);
    sim_time_t not_ready = e.time;
    assert_int_equal(not_ready, 65 * SIM_SEC);
    assert_true(event_find(r.s, 0, "TaintManagerEviction", "Pod/quick-", NULL, &e) >= 0);
    assert_int_equal(e.time, not_ready + 60 * SIM_SEC);
    assert_true(event_find(r.s, 0, "TaintManagerEviction", "Pod/web-", NULL, &e) >= 0);
    assert_int_equal(e.time, not_ready + 300 * SIM_SEC);
    assert_true(event_find(r.s, 0, "NodeReady", "Node/w-4", NULL, &e) >= 0);
    assert_int_equal(e.time, 7 * 60 * SIM_SEC);
    /* the views the dashboard reads: the node's zone */
    sim_node_view_t v;
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-2"), &v));
    assert_string_equal(v.zone, "b");
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-3"), &v));
    assert_string_equal(v.zone, "a");
    assert_int_equal(v.taint_count, 0);
    run_free(&r);
}

/* A zoneFailure fault: outages drawn from its mtbf take both nodes of the zone down at once;
 * each ends exactly repairTime later, when the next outage is drawn. */
static void test_zone_failure_fault(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"zf\", \"duration\": \"3h\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 6, \"zones\": [\"a\", \"b\", "
        "\"c\"]}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 6}],"
        " \"faults\": [{\"type\": \"zoneFailure\", \"zone\": \"b\", \"mtbf\": \"30m\","
        " \"repairTime\": \"5m\"}]}";
    run_t r = run_whole(json);
    sim_decision_view_t down, back;
    int outages = 0;
    for (int i = decision_find(r.s, 0, "faults", "zone down", NULL, &down); i >= 0;
         i = decision_find(r.s, i + 1, "faults", "zone down", NULL, &down)) {
        assert_string_equal(down.object, "topology.kubernetes.io/zone=b");
        assert_true(contains(down.explanation, "2 node(s)"));
        if (decision_find(r.s, i, "faults", "zone back", NULL, &back) < 0) break;
        assert_int_equal(back.time - down.time, 300 * SIM_SEC);
        outages++;
    }
    /* about 3 h / (30 + 5) min of them */
    assert_in_range(outages, 2, 9);
    /* only zone b's nodes (w-2, w-5) fail */
    assert_int_equal(event_count(r.s, "NodeFailed", "Node/w-1", NULL), 0);
    assert_int_equal(event_count(r.s, "NodeFailed", "Node/w-2", NULL),
                     event_count(r.s, "NodeFailed", "Node/w-5", NULL));
    run_free(&r);
}

/* Node actions that cannot apply are refused with the reason kubectl or the cloud gives and
 * change nothing; a refusal is a Warning ActionFailed event, as `kubectl taint` fails without
 * touching the node (staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go refuses a taint whose
 * key and effect the node already has, and the removal of a taint it does not have). */
static void test_refused_node_actions(void **state) {
    (void)state;
    run_t r = run_create("{\"name\": \"refused\", \"duration\": \"2m\","
                         " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2,"
                         " \"zones\": [\"a\"]}]},"
                         " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                         " \"traffic\": {\"rps\": 10}}]}",
                         NULL);
    assert_int_equal(sim_run_until(r.s, 5 * SIM_SEC), 0);
    char err[256];
    action_t a = {.action = ACTION_FAIL_NODE, .service = -1, .pool = 0, .node = 2};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "no node w-3");
    a = (action_t){.action = ACTION_REPAIR_NODE, .service = -1, .pool = 0, .node = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "node w-1 has not failed");
    a = (action_t){.action = ACTION_REPAIR_ZONE, .service = -1, .zone = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "zone a has no node that has failed");

    /* taint twice with the same key and effect; untaint a key the node has not */
    a = (action_t){.action = ACTION_TAINT,
                   .service = -1,
                   .pool = 0,
                   .node = 1,
                   .taint = {"dedicated", "gpu", TAINT_NO_SCHEDULE}};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "node w-2 already has a taint with key (dedicated) and effect "
                             "(NoSchedule)");
    sim_node_view_t v;
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-2"), &v));
    assert_int_equal(v.taint_count, 1);
    a = (action_t){.action = ACTION_UNTAINT,
                   .service = -1,
                   .pool = 0,
                   .node = 1,
                   .taint = {"other", "", TAINT_NO_SCHEDULE},
                   .untaint_effect = -1};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "taint \"other\" not found on node w-2");
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-2"), &v));
    assert_int_equal(v.taint_count, 1);

    /* the zone goes down once: then no node of it is up, and failNode finds w-1 failed */
    a = (action_t){.action = ACTION_FAIL_ZONE, .service = -1, .zone = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "zone a has no node that is up");
    a = (action_t){.action = ACTION_FAIL_NODE, .service = -1, .pool = 0, .node = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "node w-1 has already failed");
    /* seven refusals, each a Warning naming the action and the reason */
    assert_int_equal(event_count(r.s, "ActionFailed", NULL, NULL), 7);
    assert_true(event_find(r.s, 0, "ActionFailed", "Scenario/refused",
                           "failNode w-1: node w-1 has already failed", NULL) >= 0);
    run_free(&r);
}

static int node_action_at(run_t *r, action_kind_t kind, int node, char *err) {
    action_t a = {.action = kind, .service = -1, .pool = 0, .node = node};
    return sim_inject(r->s, &a, err, 256);
}

/* A node's life outside the failure timeline: a node that fails while it is provisioned
 * (never registered: Kubernetes notices nothing) and is repaired starts provisioning over,
 * Ready a whole provisioningTime after the repair; a node repaired before it was marked
 * NotReady is simply back (no NodeReady: it never was NotReady); a drain interrupted by the
 * node's failure goes on once it is repaired (kubectl drain retries its evictions). */
static void test_node_lifecycle_corners(void **state) {
    (void)state;
    run_t r =
        run_create("{\"name\": \"life\", \"duration\": \"10m\", \"metrics\": {\"pods\": false},"
                   " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": "
                   "\"4\", \"provisioningTime\": \"60s\"}]},"
                   " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                   " \"resources\": {\"cpu\": \"250m\"}, \"traffic\": {\"rps\": 10}}]}",
                   NULL);
    char err[256];
    assert_int_equal(sim_run_until(r.s, 10 * SIM_SEC), 0);
    action_t add = {.action = ACTION_ADD_NODE, .service = -1, .pool = 0};
    assert_int_equal(sim_inject(r.s, &add, err, sizeof err), 0); /* w-3, Ready at 70 s */
    assert_int_equal(sim_run_until(r.s, 20 * SIM_SEC), 0);
    assert_int_equal(node_action_at(&r, ACTION_FAIL_NODE, 2, err), 0);
    assert_int_equal(sim_run_until(r.s, 30 * SIM_SEC), 0);
    assert_int_equal(node_action_at(&r, ACTION_REPAIR_NODE, 2, err), 0);
    assert_true(event_find(r.s, 0, "NodeRepaired", "w-3", "is being provisioned again", NULL) >= 0);
    int w3 = node_by_name(r.s, "w-3");
    sim_node_view_t nv;
    assert_int_equal(sim_run_until(r.s, 89 * SIM_SEC), 0);
    assert_true(sim_node_view(r.s, w3, &nv));
    assert_int_equal(nv.state, SIM_NODE_PROVISIONING); /* not at 70 s: it started over at 30 s */
    assert_int_equal(sim_run_until(r.s, 91 * SIM_SEC), 0);
    assert_true(sim_node_view(r.s, w3, &nv));
    assert_int_equal(nv.state, SIM_NODE_READY);
    assert_int_equal(event_count(r.s, "NodeNotReady", "w-3", NULL), 0);

    /* w-1 fails and comes back within the grace period: back, never NotReady */
    assert_int_equal(node_action_at(&r, ACTION_FAIL_NODE, 0, err), 0);
    assert_int_equal(sim_run_until(r.s, 100 * SIM_SEC), 0);
    assert_int_equal(node_action_at(&r, ACTION_REPAIR_NODE, 0, err), 0);
    assert_true(event_find(r.s, 0, "NodeRepaired", "w-1", "Node w-1 is back", NULL) >= 0);
    assert_int_equal(event_count(r.s, "NodeReady", "w-1", NULL), 0);

    /* w-2 drained, fails at once (its pod cannot finish), repaired: the drain goes on */
    int w2 = node_by_name(r.s, "w-2");
    assert_int_equal(node_action_at(&r, ACTION_DRAIN_NODE, 1, err), 0);
    assert_int_equal(node_action_at(&r, ACTION_FAIL_NODE, 1, err), 0);
    assert_int_equal(sim_run_until(r.s, 120 * SIM_SEC), 0);
    assert_int_equal(node_action_at(&r, ACTION_REPAIR_NODE, 1, err), 0);
    assert_int_equal(sim_run_until(r.s, 200 * SIM_SEC), 0);
    assert_true(sim_node_view(r.s, w2, &nv));
    assert_true(nv.cordoned);
    assert_int_equal(nv.pod_count, 0);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.ready, 2); /* rescheduled on w-1 and w-3 */
    run_free(&r);
}

/* kubectl taint: several taints on a node (its list grows), `key:EFFECT-` removes only that
 * effect and `key-` every effect of the key; a PreferNoSchedule taint removed no longer
 * lowers the node's score (the placement after it is spread again). A node added to a pool
 * with taints carries them (the pool's node template). */
static void test_taint_effects(void **state) {
    (void)state;
    run_t r =
        run_create("{\"name\": \"taints\", \"duration\": \"5m\", \"metrics\": {\"pods\": false},"
                   " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, "
                   "\"provisioningTime\": \"10s\", \"taints\": [{\"key\": \"team\", "
                   "\"value\": \"a\", \"effect\": \"PreferNoSchedule\"}]}]},"
                   " \"services\": [{\"name\": \"web\", \"replicas\": 1}]}",
                   NULL);
    char err[256];
    assert_int_equal(sim_run_until(r.s, 5 * SIM_SEC), 0);
    static const int effects[] = {TAINT_NO_SCHEDULE, TAINT_PREFER_NO_SCHEDULE, TAINT_NO_EXECUTE};
    for (int i = 0; i < 3; i++) {
        action_t t = {.action = ACTION_TAINT,
                      .service = -1,
                      .pool = 0,
                      .node = 1,
                      .taint = {"gpu", "x", effects[i]}};
        assert_int_equal(sim_inject(r.s, &t, err, sizeof err), 0);
    }
    sim_node_view_t nv;
    int w2 = node_by_name(r.s, "w-2");
    assert_true(sim_node_view(r.s, w2, &nv));
    assert_int_equal(nv.taint_count, 4); /* the pool's and three */
    action_t un = {.action = ACTION_UNTAINT,
                   .service = -1,
                   .pool = 0,
                   .node = 1,
                   .taint = {"gpu", "", TAINT_NO_SCHEDULE},
                   .untaint_effect = TAINT_PREFER_NO_SCHEDULE};
    assert_int_equal(sim_inject(r.s, &un, err, sizeof err), 0);
    assert_true(sim_node_view(r.s, w2, &nv));
    assert_int_equal(nv.taint_count, 3);
    un.untaint_effect = TAINT_PREFER_NO_SCHEDULE; /* gone already */
    assert_int_equal(sim_inject(r.s, &un, err, sizeof err), -1);
    assert_string_equal(err, "taint \"gpu\" not found on node w-2");
    un.untaint_effect = -1; /* gpu- : NoSchedule and NoExecute */
    assert_int_equal(sim_inject(r.s, &un, err, sizeof err), 0);
    assert_true(sim_node_view(r.s, w2, &nv));
    assert_int_equal(nv.taint_count, 1);
    un.taint.key = "team"; /* the pool's own PreferNoSchedule taint */
    assert_int_equal(sim_inject(r.s, &un, err, sizeof err), 0);
    assert_true(sim_node_view(r.s, w2, &nv));
    assert_int_equal(nv.taint_count, 0);
    action_t add = {.action = ACTION_ADD_NODE, .service = -1, .pool = 0};
    assert_int_equal(sim_inject(r.s, &add, err, sizeof err), 0);
    assert_int_equal(sim_run_until(r.s, 30 * SIM_SEC), 0);
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-3"), &nv));
    assert_int_equal(nv.state, SIM_NODE_READY);
    assert_int_equal(nv.taint_count, 1);
    run_free(&r);
}

/* The cluster autoscaler scales up only a pool whose next node would take the pod: it
 * simulates the pod on the node group's template node, with its taints and labels
 * (cluster-autoscaler core/scaleup/orchestrator/orchestrator.go computeExpansionOption over
 * the NodeGroup's TemplateNodeInfo, which the scheduler's filters check). A pod that does not
 * tolerate the gpu pool's NoSchedule taint grows the plain pool; a pod that tolerates it and
 * selects label accelerator=gpu grows the gpu pool, whatever the expander's random pick. */
static void test_ca_template_node_taints_and_labels(void **state) {
    (void)state;
    for (int seed = 1; seed <= 3; seed++) {
        char json[2048];
        snprintf(
            json, sizeof json,
            "{\"name\": \"template\", \"seed\": %d, \"duration\": \"4m\","
            " \"metrics\": {\"pods\": false},"
            " \"cluster\": {\"nodePools\": ["
            "{\"name\": \"gpu\", \"count\": 0, \"cpu\": \"4\", \"memory\": \"8Gi\","
            " \"labels\": {\"accelerator\": \"gpu\"},"
            " \"taints\": [{\"key\": \"gpu\", \"value\": \"true\", \"effect\": \"NoSchedule\"}],"
            " \"autoscaling\": {\"min\": 0, \"max\": 3}},"
            "{\"name\": \"plain\", \"count\": 1, \"cpu\": \"4\", \"memory\": \"8Gi\","
            " \"autoscaling\": {\"min\": 1, \"max\": 3}}]},"
            " \"services\": [{\"name\": \"web\", \"replicas\": 10,"
            " \"resources\": {\"cpu\": \"500m\", \"memory\": \"256Mi\"}},"
            " {\"name\": \"train\", \"replicas\": 2,"
            " \"resources\": {\"cpu\": \"1\", \"memory\": \"256Mi\"},"
            " \"nodeSelector\": {\"accelerator\": \"gpu\"},"
            " \"tolerations\": [{\"key\": \"gpu\", \"operator\": \"Exists\"}]}]}",
            seed);
        run_t r = run_create(json, NULL);
        assert_int_equal(sim_run_until(r.s, 200 * SIM_SEC), 0);
        /* web: 10 x 500m on 4-CPU plain nodes: 8 on plain-1, 2 on plain-2; train on gpu-1 */
        assert_true(
            decision_find(r.s, 0, "cluster-autoscaler", "scale up plain 1 -> 2", NULL, NULL) >= 0);
        assert_true(
            decision_find(r.s, 0, "cluster-autoscaler", "scale up gpu 0 -> 1", NULL, NULL) >= 0);
        sim_service_view_t v;
        assert_true(sim_service_view(r.s, 0, &v));
        assert_int_equal(v.ready, 10);
        assert_true(sim_service_view(r.s, 1, &v));
        assert_int_equal(v.ready, 2);
        sim_node_view_t nv;
        assert_true(sim_node_view(r.s, node_by_name(r.s, "gpu-1"), &nv));
        assert_int_equal(nv.pod_count, 2); /* only train's pods: web does not tolerate it */
        assert_int_equal(node_by_name(r.s, "gpu-2"), -1);
        assert_int_equal(node_by_name(r.s, "plain-3"), -1);
        run_free(&r);
    }
}

/* A node the cluster autoscaler drains for removal that fails before its pods have finished
 * terminating is deleted at the next scan (10 s), its pods with it: there is nothing left to
 * drain on a dead machine (the model's rule, autoscaler.c scale_down; upstream the
 * actuator would wait for the evictions up to --max-graceful-termination-sec first). */
static void test_ca_node_fails_while_drained(void **state) {
    (void)state;
    run_t r =
        run_create("{\"name\": \"dies\", \"duration\": \"20m\", \"metrics\": {\"pods\": false},"
                   " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": "
                   "\"2\", \"memory\": \"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 2}}]},"
                   " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                   " \"resources\": {\"cpu\": \"100m\"}, \"preStop\": \"100s\","
                   " \"terminationGracePeriodSeconds\": 200}]}",
                   NULL);
    int drained = -1;
    sim_time_t t = 600 * SIM_SEC;
    for (; t < 800 * SIM_SEC && drained < 0; t += SIM_SEC) {
        assert_int_equal(sim_run_until(r.s, t), 0);
        for (int i = 0; i < sim_node_count(r.s); i++) {
            sim_node_view_t nv;
            assert_true(sim_node_view(r.s, i, &nv));
            if (nv.cordoned && nv.state != SIM_NODE_REMOVED) drained = i;
        }
    }
    assert_true(drained >= 0);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, drained, &nv));
    assert_int_equal(nv.pod_count, 1); /* its pod is still in its preStop hook */
    char err[256], name[64];
    snprintf(name, sizeof name, "%s", nv.name);
    action_t fail = {.action = ACTION_FAIL_NODE, .service = -1, .pool = 0, .node = name[2] - '1'};
    assert_int_equal(sim_inject(r.s, &fail, err, sizeof err), 0);
    sim_time_t failed_at = sim_now(r.s);
    assert_int_equal(sim_run_until(r.s, failed_at + 30 * SIM_SEC), 0);
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "ScaleDown", name, "node removed by cluster autoscaler", &e) >=
                0);
    assert_true(e.time > failed_at && e.time <= failed_at + 10 * SIM_SEC);
    assert_true(sim_node_view(r.s, drained, &nv));
    assert_int_equal(nv.state, SIM_NODE_REMOVED);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.total, 2); /* the evicted pod's replacement runs on the other node */
    run_free(&r);
}

/* While the cluster autoscaler drains a node for removal, kubectl uncordon and kubectl drain
 * are refused (the node carries ToBeDeletedByClusterAutoscaler, the autoscaler owns it), and
 * a cordon takes the node over: the autoscaler lets it be and no longer removes it
 * (the model's rules for the dashboard's actions, nodes.c node_action). */
static void test_node_actions_during_ca_removal(void **state) {
    (void)state;
    run_t r =
        run_create("{\"name\": \"owned\", \"duration\": \"30m\", \"metrics\": {\"pods\": false},"
                   " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": "
                   "\"2\", \"memory\": \"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 2}}]},"
                   " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                   " \"resources\": {\"cpu\": \"100m\"}, \"preStop\": \"100s\","
                   " \"terminationGracePeriodSeconds\": 200}]}",
                   NULL);
    int drained = -1;
    for (sim_time_t t = 600 * SIM_SEC; t < 800 * SIM_SEC && drained < 0; t += SIM_SEC) {
        assert_int_equal(sim_run_until(r.s, t), 0);
        for (int i = 0; i < sim_node_count(r.s); i++) {
            sim_node_view_t nv;
            assert_true(sim_node_view(r.s, i, &nv));
            if (nv.cordoned && nv.state != SIM_NODE_REMOVED) drained = i;
        }
    }
    assert_true(drained >= 0);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, drained, &nv));
    char err[256], want[128], name[64];
    snprintf(name, sizeof name, "%s", nv.name);
    snprintf(want, sizeof want, "node %s is being removed by the cluster autoscaler", name);
    action_t a = {.action = ACTION_UNCORDON_NODE, .service = -1, .pool = 0, .node = name[2] - '1'};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, want);
    a.action = ACTION_DRAIN_NODE;
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, want);
    a.action = ACTION_CORDON_NODE;
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    assert_true(event_find(r.s, 0, "NodeNotSchedulable", name, NULL, NULL) >= 0);
    assert_int_equal(sim_run(r.s), 0);
    assert_int_equal(event_count(r.s, "ScaleDown", NULL, "node removed by cluster autoscaler"), 0);
    assert_true(sim_node_view(r.s, drained, &nv));
    assert_true(nv.cordoned);
    assert_true(nv.state != SIM_NODE_REMOVED);
    run_free(&r);
}

/* A zoneFailure without repairTime: the zone goes down once and stays down (no "zone back",
 * its nodes stay failed); an outage that finds the zone already down by a failZone action
 * changes no node and records nothing. A podCrash fault of one service leaves the other
 * service's containers alone. */
static void test_zone_fault_without_repair(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"zf\", \"seed\": 2, \"duration\": \"2h\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 4, \"zones\": [\"a\", "
        "\"b\"]}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 4}, {\"name\": \"api\", \"replicas\": "
        "2}],"
        " \"faults\": [{\"type\": \"zoneFailure\", \"zone\": \"b\", \"mtbf\": \"20m\"},"
        " {\"type\": \"podCrash\", \"service\": \"web\", \"mtbf\": \"10m\"}]}";
    run_t r = run_whole(json);
    sim_decision_view_t down = {0};
    int first = decision_find(r.s, 0, "faults", "zone down", NULL, &down);
    assert_true(first >= 0);
    assert_true(contains(down.explanation, "2 node(s)"));
    assert_int_equal(decision_find(r.s, 0, "faults", "zone back", NULL, NULL), -1);
    /* later outages find every node of b failed already: no second "zone down" */
    assert_int_equal(decision_find(r.s,
                                   1 + decision_find(r.s, 0, "faults", "zone down", NULL, NULL),
                                   "faults", "zone down", NULL, NULL),
                     -1);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, node_by_name(r.s, "w-2"), &nv));
    assert_true(nv.failed);
    /* crashes: web's containers only */
    assert_true(decision_find(r.s, 0, "faults", "container crash", "podCrash fault of web", NULL) >=
                0);
    assert_int_equal(decision_find(r.s, 0, "faults", "container crash", "of api", NULL), -1);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failure_timeline),
        cmocka_unit_test(test_auto_repair),
        cmocka_unit_test(test_node_failures_mtbf),
        cmocka_unit_test(test_crash_loop_backoff),
        cmocka_unit_test(test_backoff_reset),
        cmocka_unit_test(test_kill_pod_replaced_at_once),
        cmocka_unit_test(test_pod_crash_fault_rate),
        cmocka_unit_test(test_drain_respects_pdb),
        cmocka_unit_test(test_drain_blocked),
        cmocka_unit_test(test_cordon_and_add_node),
        cmocka_unit_test(test_ca_scale_up),
        cmocka_unit_test(test_ca_template_node_taints_and_labels),
        cmocka_unit_test(test_ca_scale_down),
        cmocka_unit_test(test_ca_node_fails_while_drained),
        cmocka_unit_test(test_node_actions_during_ca_removal),
        cmocka_unit_test(test_ca_not_triggered),
        cmocka_unit_test(test_ca_gives_up_provisioning),
        cmocka_unit_test(test_no_execute_taint),
        cmocka_unit_test(test_fail_zone),
        cmocka_unit_test(test_zone_failure_fault),
        cmocka_unit_test(test_zone_fault_without_repair),
        cmocka_unit_test(test_refused_node_actions),
        cmocka_unit_test(test_node_lifecycle_corners),
        cmocka_unit_test(test_taint_effects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
