/* Priority and preemption (sim/preemption.c) against upstream's own test tables:
 * k8s: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go
 * (TestSelectBestCandidate, TestPreempt, TestPostFilter, TestPodEligibleToPreemptOthers) and
 * pkg/scheduler/util/utils_test.go (MoreImportantPod). Every case runs the model's real path:
 * pods placed on nodes, a preemptor that fits nowhere, sched_try -> the PostFilter, then the
 * nominated node and the victims are read back. Upstream's resources (smallRes 100m/100,
 * mediumRes 200m/200, largeRes 300m/300, veryLargeRes 500m/500 bytes; nodes of veryLargeRes)
 * and priorities (neg -100, low 0, mid 100, high 1000, veryHigh 10000) are used as they are.
 *
 * Ported: every TestSelectBestCandidate case; TestPreempt "basic preemption logic", "no
 * preempting in pod", "PreemptionPolicy is nil"; TestPostFilter "pod with tied priority is
 * still unschedulable", "pod can be made schedulable on one node", "no candidate nodes found,
 * no enough resource after removing low priority pods" (as "2 Insufficient cpu" would need
 * Unschedulable: the model's NodeResourcesFit says UnschedulableAndUnresolvable for a pod larger
 * than the node, k8s >= 1.34, hence not ported, nor its "mixed reasons" sibling);
 * TestPodEligibleToPreemptOthers "Pod with
 * 'PreemptNever' preemption policy", "preemption victim pod terminating, as indicated by the
 * dedicated DisruptionTarget condition", "non-victim Pods terminating", "Pod without nominated
 * node" (as a first attempt).
 * Left out: the extender cases (the model has no scheduler extenders), TestCustomSelection and
 * TestCustomOrdering (custom IsEligiblePod / MoreImportantPod hooks), "preemption for
 * topology spread constraints" (the dry run does not remove victims from PodTopologySpread's
 * counts: RemovePod extensions are not modelled), TestDryRunPreemption's PDB label cases (a
 * budget here covers one service; covered by the PDB run below instead), async preemption. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "kubelet.h"
#include "model.h"
#include "preemption.h"
#include "scheduler.h"
#include "sim_run_util.h"

static const char *const prios[] = {"neg", "low", "mid", "high", "vhigh", "never"};
static const char *const sizes[] = {"small", "medium", "large", "vlarge"};
static const int size_m[] = {100, 200, 300, 500};

/* A cluster of `nodes` nodes of veryLargeRes and one service per priority × size (no
 * replicas: the tests place the pods), "never" being high priority with preemptionPolicy
 * Never. */
static run_t world(int nodes, const char *extra_service) {
    static char json[16384];
    size_t n = (size_t)snprintf(
        json, sizeof json,
        "{\"name\": \"preemption\", \"duration\": \"1m\",\n"
        " \"runtimes\": {\"container\": {\"memoryOverhead\": 0, \"cpuOverhead\": 0}},\n"
        " \"priorityClasses\": [{\"name\": \"neg\", \"value\": -100}, {\"name\": \"low\", "
        "\"value\": 0}, {\"name\": \"mid\", \"value\": 100}, {\"name\": \"high\", \"value\": "
        "1000}, {\"name\": \"vhigh\", \"value\": 10000}, {\"name\": \"never\", \"value\": 1000, "
        "\"preemptionPolicy\": \"Never\"}],\n"
        " \"cluster\": {\"nodePools\": [{\"name\": \"node\", \"count\": %d, \"cpu\": \"500m\", "
        "\"memory\": 500}]},\n \"services\": [",
        nodes);
    for (int p = 0; p < 6; p++)
        for (int z = 0; z < 4; z++)
            n += (size_t)snprintf(json + n, sizeof json - n,
                                  "%s{\"name\": \"%s-%s\", \"replicas\": 0, \"priorityClassName\": "
                                  "\"%s\", \"resources\": {\"cpu\": \"%dm\", \"memory\": %d}, "
                                  "\"traffic\": {\"rps\": 0}}\n",
                                  p + z ? "," : "", prios[p], sizes[z], prios[p], size_m[z],
                                  size_m[z]);
    snprintf(json + n, sizeof json - n, "%s]}", extra_service ? extra_service : "");
    return run_create(json, NULL);
}

static int service_index(const sim_t *s, const char *name) {
    for (int i = 0; i < s->sc->service_count; i++)
        if (!strcmp(s->sc->services[i].name, name)) return i;
    fail_msg("no service %s", name);
    return -1;
}

/* A pod of the service on node `node` (1-based, 0: Pending) that started at `start` us. */
static int place(sim_t *s, const char *svc, int node, sim_time_t start) {
    int pi = pod_create(s, s->services[service_index(s, svc)].new_rs);
    assert_true(pi >= 0);
    if (node > 0) {
        pod_place_steady(s, pi, node - 1);
        s->pods[pi].start_time = start;
    } else {
        sched_enqueue(s, pi);
    }
    return pi;
}

typedef struct {
    const char *svc;
    int node;
    int start; /* epochTimeN */
} pod_case_t;

typedef struct {
    const char *name;
    int nodes;
    const char *preemptor;
    pod_case_t pods[12];
    const char *want_nodes; /* any of these node numbers ("12": node1 or node2), "" none */
    unsigned victims;       /* bit i: pods[i] is preempted (checked when want_victims) */
    bool want_victims;
} select_case_t;

static const select_case_t select_cases[] = {
    /* TestSelectBestCandidate */
    {"a pod that fits on both nodes when lower priority pods are preempted",
     2,
     "high-large",
     {{"mid-large", 1, 0}, {"mid-large", 2, 0}},
     "12",
     0,
     false},
    {"node with min highest priority pod is picked",
     3,
     "high-vlarge",
     {{"mid-medium", 1, 0},
      {"mid-large", 1, 0},
      {"mid-medium", 2, 0},
      {"low-medium", 2, 0},
      {"low-medium", 3, 0},
      {"low-medium", 3, 0}},
     "3",
     0,
     false},
    {"when highest priorities are the same, minimum sum of priorities is picked",
     3,
     "high-vlarge",
     {{"mid-medium", 1, 0},
      {"mid-large", 1, 0},
      {"mid-large", 2, 0},
      {"low-medium", 2, 0},
      {"mid-medium", 3, 0},
      {"mid-medium", 3, 0}},
     "2",
     0,
     false},
    {"when highest priority and sum are the same, minimum number of pods is picked",
     3,
     "high-vlarge",
     {{"mid-small", 1, 0},
      {"neg-small", 1, 0},
      {"mid-small", 1, 0},
      {"neg-small", 1, 0},
      {"mid-large", 2, 0},
      {"neg-medium", 2, 0},
      {"mid-medium", 3, 0},
      {"neg-small", 3, 0},
      {"low-small", 3, 0}},
     "2",
     0,
     false},
    {"sum of adjusted priorities is considered",
     3,
     "high-vlarge",
     {{"mid-small", 1, 0},
      {"neg-small", 1, 0},
      {"neg-small", 1, 0},
      {"mid-large", 2, 0},
      {"neg-medium", 2, 0},
      {"mid-medium", 3, 0},
      {"neg-small", 3, 0},
      {"low-small", 3, 0}},
     "2",
     0,
     false},
    {"non-overlapping lowest high priority, sum priorities, and number of pods",
     4,
     "vhigh-vlarge",
     {{"mid-small", 1, 0},
      {"low-small", 1, 0},
      {"low-small", 1, 0},
      {"high-large", 2, 0},
      {"mid-medium", 3, 0},
      {"low-small", 3, 0},
      {"low-small", 3, 0},
      {"low-medium", 3, 0},
      {"mid-medium", 4, 0},
      {"mid-small", 4, 0},
      {"mid-small", 4, 0},
      {"neg-small", 4, 0}},
     "1",
     0,
     false},
    {"same priority, same number of victims, different start time for each node's pod",
     3,
     "high-vlarge",
     {{"mid-medium", 1, 2},
      {"mid-medium", 1, 2},
      {"mid-medium", 2, 3},
      {"mid-medium", 2, 3},
      {"mid-medium", 3, 1},
      {"mid-medium", 3, 1}},
     "2",
     0,
     false},
    {"same priority, same number of victims, different start time for all pods",
     3,
     "high-vlarge",
     {{"mid-medium", 1, 4},
      {"mid-medium", 1, 2},
      {"mid-medium", 2, 5},
      {"mid-medium", 2, 1},
      {"mid-medium", 3, 3},
      {"mid-medium", 3, 6}},
     "3",
     0,
     false},
    {"different priority, same number of victims, different start time for all pods",
     3,
     "high-vlarge",
     {{"low-medium", 1, 4},
      {"mid-medium", 1, 2},
      {"mid-medium", 2, 6},
      {"low-medium", 2, 1},
      {"low-medium", 3, 3},
      {"mid-medium", 3, 5}},
     "2",
     0,
     false},
    /* TestPreempt */
    {"basic preemption logic",
     3,
     "high-vlarge",
     {{"low-small", 1, 0}, {"low-small", 1, 0}, {"high-large", 2, 0}, {"mid-medium", 3, 0}},
     "1",
     0x3,
     true},
    {"no preempting in pod",
     3,
     "never-vlarge",
     {{"low-small", 1, 0}, {"low-small", 1, 0}, {"high-large", 2, 0}, {"mid-medium", 3, 0}},
     "",
     0,
     true},
    {"PreemptionPolicy is nil", /* the class sets none: PreemptLowerPriority */
     3,
     "high-vlarge",
     {{"low-small", 1, 0}, {"low-small", 1, 0}, {"high-large", 2, 0}, {"mid-medium", 3, 0}},
     "1",
     0x3,
     true},
    /* TestPostFilter (capacity one pod: a vlarge pod fills a node) */
    {"pod can be made schedulable on one node",
     2,
     "mid-vlarge",
     {{"high-vlarge", 1, 0}, {"low-vlarge", 2, 0}},
     "2",
     0x2,
     true},
    {"pod with tied priority is still unschedulable",
     1,
     "low-vlarge",
     {{"low-vlarge", 1, 0}},
     "",
     0,
     true},
};

static void test_select_best_candidate(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof select_cases / sizeof select_cases[0]; k++) {
        const select_case_t *c = &select_cases[k];
        run_t r = world(c->nodes, NULL);
        int pods[12], n = 0;
        for (; n < 12 && c->pods[n].svc; n++)
            pods[n] = place(r.s, c->pods[n].svc, c->pods[n].node, c->pods[n].start);
        int pi = place(r.s, c->preemptor, 0, 0);
        assert_false(sched_try(r.s, pi, true));
        int got = r.s->pods[pi].nominated;
        char gotc = got ? (char)('0' + got) : 0;
        if (!*c->want_nodes ? got != 0 : !strchr(c->want_nodes, gotc))
            fail_msg("%s: nominated node%d, want one of {%s}", c->name, got, c->want_nodes);
        for (int i = 0; c->want_victims && i < n; i++)
            if (preempt_victim(r.s, pods[i]) != !!(c->victims & (1u << i)))
                fail_msg("%s: pod %d (%s on node%d) preempted %d", c->name, i, c->pods[i].svc,
                         c->pods[i].node, preempt_victim(r.s, pods[i]));
        run_free(&r);
    }
}

/* filterPodsWithPDBViolation / pickOneNodeForPreemption's first criterion: a victim whose
 * budget allows no disruption makes its node worse than any other, even one whose victims
 * started earlier (k8s: default_preemption_test.go TestDryRunPreemption "preemption to resolve
 * PDB violation" cases, with one budget per service). */
static void test_pdb_violation(void **state) {
    (void)state;
    run_t r = world(2, ",{\"name\": \"guarded\", \"replicas\": 0, \"priorityClassName\": "
                       "\"low\", \"resources\": {\"cpu\": \"500m\", \"memory\": 500}, "
                       "\"podDisruptionBudget\": {\"minAvailable\": 1}, \"traffic\": "
                       "{\"rps\": 0}}");
    int g = place(r.s, "guarded", 1, 9); /* started last: the start-time rule would pick node1 */
    int v = place(r.s, "low-vlarge", 2, 1);
    int pi = place(r.s, "high-vlarge", 0, 0);
    assert_int_equal(pdb_disruptions_allowed(r.s, r.s->pods[g].service), 0);
    assert_false(sched_try(r.s, pi, true));
    assert_int_equal(r.s->pods[pi].nominated, 2);
    assert_true(preempt_victim(r.s, v));
    assert_false(preempt_victim(r.s, g));
    /* the only room is behind the budget: preempted anyway (best effort), 1 violation */
    run_t r2 = world(1, ",{\"name\": \"guarded\", \"replicas\": 0, \"priorityClassName\": "
                        "\"low\", \"resources\": {\"cpu\": \"500m\", \"memory\": 500}, "
                        "\"podDisruptionBudget\": {\"minAvailable\": 1}, \"traffic\": "
                        "{\"rps\": 0}}");
    g = place(r2.s, "guarded", 1, 0);
    pi = place(r2.s, "high-vlarge", 0, 0);
    assert_false(sched_try(r2.s, pi, true));
    assert_true(preempt_victim(r2.s, g));
    assert_true(decision_find(r2.s, 0, "scheduler", "preempt 1 pod on node-1",
                              "1 PodDisruptionBudget violation", NULL) >= 0);
    run_free(&r);
    run_free(&r2);
}

/* TestPostFilter's wantStatus messages, as the FailedScheduling event words them. */
static void test_post_filter_messages(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int nodes;
        const char *preemptor;
        pod_case_t pods[4];
        const char *want;
    } cases[] = {
        {"pod with tied priority is still unschedulable",
         1,
         "low-vlarge",
         {{"low-vlarge", 1, 0}},
         "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."},
        {"the same on two nodes: one reason counted twice (FitError's histogram)",
         2,
         "low-vlarge",
         {{"low-vlarge", 1, 0}, {"low-vlarge", 2, 0}},
         "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."},
        {"preemptionPolicy Never (TestPreempt: no preempting in pod)",
         1,
         "never-vlarge",
         {{"low-vlarge", 1, 0}},
         "preemption: not eligible due to preemptionPolicy=Never."},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        run_t r = world(cases[k].nodes, NULL);
        for (int i = 0; i < 4 && cases[k].pods[i].svc; i++)
            place(r.s, cases[k].pods[i].svc, cases[k].pods[i].node, 0);
        int pi = place(r.s, cases[k].preemptor, 0, 0);
        assert_false(sched_try(r.s, pi, true));
        int e = event_find(r.s, 0, "FailedScheduling", NULL, cases[k].want, NULL);
        if (e < 0) fail_msg("%s: no FailedScheduling with \"%s\"", cases[k].name, cases[k].want);
        run_free(&r);
    }
    /* "no candidate nodes found, no enough resource after removing low priority pods" as
     * k8s >= 1.34 words it: a pod larger than any node is UnschedulableAndUnresolvable on
     * each (NodeResourcesFit), so no node is a candidate: "Preemption is not helpful" */
    run_t r = world(2, ",{\"name\": \"huge\", \"replicas\": 0, \"priorityClassName\": "
                       "\"high\", \"resources\": {\"cpu\": \"600m\", \"memory\": 100}, "
                       "\"traffic\": {\"rps\": 0}}");
    place(r.s, "low-small", 1, 0);
    place(r.s, "low-small", 2, 0);
    int pi = place(r.s, "huge", 0, 0);
    assert_false(sched_try(r.s, pi, true));
    assert_true(event_find(r.s, 0, "FailedScheduling", NULL,
                           "preemption: 0/2 nodes are available: 2 Preemption is not helpful "
                           "for scheduling.",
                           NULL) >= 0);
    run_free(&r);
}

/* TestPodEligibleToPreemptOthers: a preemptor that already preempted waits while its victims
 * terminate on its nominated node; a pod terminating for another reason does not hold it. */
static void test_eligible(void **state) {
    (void)state;
    run_t r = world(1, NULL);
    int v = place(r.s, "low-vlarge", 1, 0);
    int pi = place(r.s, "high-vlarge", 0, 0);
    assert_false(sched_try(r.s, pi, true)); /* no nominated node: eligible, preempts */
    assert_int_equal(r.s->pods[pi].nominated, 1);
    assert_true(preempt_victim(r.s, v));
    assert_int_equal(r.s->pods[v].phase, POD_TERMINATING);
    char msg[256] = "x";
    /* "preemption victim pod terminating, as indicated by the dedicated DisruptionTarget
     * condition": not eligible */
    assert_false(preempt_post_filter(r.s, pi, true, msg, sizeof msg));
    assert_string_equal(msg,
                        "preemption: not eligible due to a terminating pod on the nominated node.");
    /* "non-victim Pods terminating": eligible again (it finds no victim but itself tries) */
    preempt_mark(r.s, v, false);
    preempt_post_filter(r.s, pi, true, msg, sizeof msg);
    assert_null(strstr(msg, "not eligible"));
    run_free(&r);
}

/* k8s: pkg/scheduler/util/utils_test.go TestMoreImportantPod */
static void test_more_important(void **state) {
    (void)state;
    assert_true(preempt_more_important(1000, 5, 100, 1));  /* higher priority */
    assert_false(preempt_more_important(100, 1, 1000, 5)); /* lower priority */
    assert_true(preempt_more_important(100, 1, 100, 2));   /* equal: the earlier start */
    assert_false(preempt_more_important(100, 2, 100, 1));
    assert_false(preempt_more_important(100, 1, 100, 1)); /* the same */
}

/* k8s: default_preemption_test.go TestCalculateNumCandidates (minCandidateNodesPercentage 10,
 * minCandidateNodesAbsolute 100) */
static void test_num_candidates(void **state) {
    (void)state;
    assert_int_equal(preempt_num_candidates(0), 0);
    assert_int_equal(preempt_num_candidates(10), 10);    /* "no nodes" .. small clusters: all */
    assert_int_equal(preempt_num_candidates(1000), 100); /* 10% = 100 */
    assert_int_equal(preempt_num_candidates(5000), 500);
    assert_int_equal(preempt_num_candidates(500), 100); /* 10% = 50 < 100 */
}

/* pickOneNodeForPreemption: each criterion decides only when the ones before tie. */
static void test_pick_order(void **state) {
    (void)state;
    preempt_candidate_t c[] = {
        {0, 1, 1, 0, 2147483648LL, 0},       /* a PDB violation */
        {1, 0, 2, 100, 2 * 2147483748LL, 5}, /* higher highest priority */
        {2, 0, 3, 0, 3 * 2147483648LL, 1},   /* more victims, larger sum */
        {3, 0, 2, 0, 2 * 2147483648LL, 1},   /* smallest sum among the lowest highest */
        {4, 0, 2, 0, 2 * 2147483648LL, 7},   /* the same, started later: wins */
    };
    assert_int_equal(preempt_pick(c, 5), 4);
    assert_int_equal(preempt_pick(c, 4), 3);
    assert_int_equal(preempt_pick(c, 1), 0);
}

/* The activeQ order: higher priority first, then arrival (queuesort PrioritySort.Less). */
static void test_queue_order(void **state) {
    (void)state;
    run_t r = world(1, NULL);
    int a = place(r.s, "low-small", 0, 0), b = place(r.s, "high-small", 0, 0);
    int c = place(r.s, "mid-small", 0, 0), d = place(r.s, "high-small", 0, 0);
    int e = place(r.s, "neg-small", 0, 0);
    int want[] = {b, d, c, a, e}, i = 0;
    for (int pi = r.s->pending_head; pi >= 0; pi = r.s->pods[pi].pend_next, i++) {
        assert_true(i < 5);
        assert_int_equal(pi, want[i]);
    }
    assert_int_equal(i, 5);
    sched_dequeue(r.s, d); /* the tail of the high level leaves: mid still follows b */
    int f = place(r.s, "high-small", 0, 0);
    int want2[] = {b, f, c, a, e};
    i = 0;
    for (int pi = r.s->pending_head; pi >= 0; pi = r.s->pods[pi].pend_next, i++)
        assert_int_equal(pi, want2[i]);
    assert_int_equal(r.s->pending_tail, e);
    run_free(&r);
}

/* A preemptor of the lowest priority in the cluster (k8s: default_preemption.go
 * SelectVictimsOnNode removes only pods of lower priority: there are none, so every node
 * answers "No preemption victims found for incoming pod", TestPostFilter's "pod with tied
 * priority" with a priority below the victim's). The message is the same whether or not the
 * scheduler reports it, and nothing is preempted either way. */
static void test_lowest_priority_preemptor(void **state) {
    (void)state;
    for (int report = 0; report < 2; report++) {
        run_t r = world(2, NULL);
        int v1 = place(r.s, "low-vlarge", 1, 0);
        int v2 = place(r.s, "mid-vlarge", 2, 0);
        int pi = place(r.s, "neg-small", 0, 0);
        assert_false(sched_try(r.s, pi, report));
        assert_int_equal(r.s->pods[pi].node, -1);
        assert_false(preempt_victim(r.s, v1) || preempt_victim(r.s, v2));
        assert_int_equal(event_count(r.s, "Preempted", NULL, NULL), 0);
        if (report)
            assert_true(event_find(r.s, 0, "FailedScheduling", NULL,
                                   "preemption: 0/2 nodes are available: 2 No preemption victims "
                                   "found for incoming pod.",
                                   NULL) >= 0);
        run_free(&r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_best_candidate),
        cmocka_unit_test(test_post_filter_messages),
        cmocka_unit_test(test_pdb_violation),
        cmocka_unit_test(test_eligible),
        cmocka_unit_test(test_more_important),
        cmocka_unit_test(test_num_candidates),
        cmocka_unit_test(test_pick_order),
        cmocka_unit_test(test_queue_order),
        cmocka_unit_test(test_lowest_priority_preemptor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
