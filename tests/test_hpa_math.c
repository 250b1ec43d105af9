/* hpa_math against every `hpa.*` case of tests/vectors/k8s-vectors.json (the upstream
 * replica_calculator_test.go and horizontal_test.go tables), read at test time, plus a few
 * rows of our own. Each vector test counts what it ran and checks that nothing was dropped
 * but the skips listed below. Run from the repository root (as `make test` does). */
#include "test_util.h"

#include <limits.h>

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "hpa_math.h"

#define VECTORS "tests/vectors/k8s-vectors.json"
#define NOW (10000 * SIM_SEC)
#define MAX_PODS 16
#define MAX_POLICIES 8
#define MAX_ENTRIES 16

/* The deliberate skips: rule prefix, case, why. */
static const struct {
    const char *rule, *name, *why;
} skips[] = {
    {"hpa.groupPods", "count in a ready pod - memory",
     "resource memory: the model's HPA scales on CPU only, and the readiness rules exist only "
     "for CPU"},
};

static cJSON *vectors;

static int load_vectors(void **state) {
    (void)state;
    FILE *f = fopen(VECTORS, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s: run from the repository root\n", VECTORS);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    fclose(f);
    text[got] = '\0';
    vectors = cJSON_Parse(text);
    free(text);
    return vectors ? 0 : -1;
}

static int free_vectors(void **state) {
    (void)state;
    cJSON_Delete(vectors);
    return 0;
}

/* ---- JSON helpers ---------------------------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) fail_msg("missing key %s", key);
    return v;
}

static int jint(const cJSON *o, const char *key) {
    return (int)get(o, key)->valuedouble;
}
static double jnum(const cJSON *o, const char *key) {
    return get(o, key)->valuedouble;
}
static bool jnull(const cJSON *o, const char *key) {
    return cJSON_IsNull(get(o, key));
}
static const char *jstr(const cJSON *o, const char *key) {
    const char *s = cJSON_GetStringValue(get(o, key));
    return s ? s : "";
}
static const char *case_name(const cJSON *c) {
    const cJSON *name =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "inputs"), "case");
    return cJSON_IsString(name) ? name->valuestring : "(unnamed)";
}

static sim_time_t secs(double s) {
    return (sim_time_t)llround(s * (double)SIM_SEC);
}

/* A time in the vectors' conventions: "zero" (Go's zero time), "now", "now-180s", or a number
 * of seconds from now. */
static sim_time_t vtime(const cJSON *v) {
    if (cJSON_IsNumber(v)) return NOW + secs(v->valuedouble);
    const char *s = cJSON_GetStringValue(v);
    if (s && strcmp(s, "zero") == 0) return HPA_TIME_ZERO;
    if (s && strcmp(s, "now") == 0) return NOW;
    if (s && strcmp(s, "now-180s") == 0) return NOW - 180 * SIM_SEC;
    fail_msg("unknown time %s", s ? s : "(not a string)");
    return 0;
}

/* {replicas, ageSeconds} (recommendations) or {replicaChange, ageSeconds} (scale events). */
static int entries(const cJSON *arr, const char *value_key, sim_time_t *times, int *values) {
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        assert_true(n < MAX_ENTRIES);
        times[n] = NOW - secs(jnum(e, "ageSeconds"));
        values[n] = jint(e, value_key);
        n++;
    }
    return n;
}

static void rec_log_from(const cJSON *arr, hpa_rec_log_t *log) {
    sim_time_t t[MAX_ENTRIES];
    int v[MAX_ENTRIES];
    log->count = entries(arr, "replicas", t, v);
    for (int i = 0; i < log->count; i++)
        log->items[i] = (hpa_recommendation_t){t[i], v[i]};
}

static void event_log_from(const cJSON *arr, hpa_event_log_t *log) {
    sim_time_t t[MAX_ENTRIES];
    int v[MAX_ENTRIES];
    log->count = entries(arr, "replicaChange", t, v);
    for (int i = 0; i < log->count; i++)
        log->items[i] = (hpa_scale_event_t){t[i], v[i]};
}

static void rules_from(const cJSON *o, hpa_rules_t *rules, hpa_policy_t *policies) {
    const char *sel = jstr(o, "selectPolicy");
    rules->select_policy = strcmp(sel, "Min") == 0        ? HPA_SELECT_MIN
                           : strcmp(sel, "Disabled") == 0 ? HPA_SELECT_DISABLED
                                                          : HPA_SELECT_MAX;
    rules->stabilization_window = jnull(o, "stabilizationWindowSeconds")
                                      ? HPA_DOWNSCALE_STABILIZATION_WINDOW
                                      : secs(jnum(o, "stabilizationWindowSeconds"));
    rules->policies = policies;
    rules->policy_count = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, get(o, "policies")) {
        assert_true(rules->policy_count < MAX_POLICIES);
        hpa_policy_t *pol = &policies[rules->policy_count++];
        pol->type = strcmp(jstr(p, "type"), "Pods") == 0 ? HPA_POLICY_PODS : HPA_POLICY_PERCENT;
        pol->value = jint(p, "value");
        pol->period = secs(jnum(p, "periodSeconds"));
    }
}

/* ---- one function per rule --------------------------------------------------------------- */

static hpa_pod_phase_t phase_named(const char *s) {
    if (strcmp(s, "Pending") == 0) return HPA_POD_PENDING;
    if (strcmp(s, "Failed") == 0) return HPA_POD_FAILED;
    return HPA_POD_RUNNING; /* Running, Succeeded: groupPods treats them alike */
}

/* The fields both pod tables share: name, phase, deletion. */
static hpa_pod_sample_t *pod_from(const cJSON *p, hpa_pod_sample_t *s, char name[32]) {
    memset(s, 0, sizeof *s);
    snprintf(name, 32, "%s", jstr(p, "name"));
    s->phase = phase_named(jstr(p, "phase"));
    s->deleting = cJSON_IsTrue(get(p, "deletionTimestampSet"));
    return s;
}

static int pod_index(char names[][32], int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

/* GetResourceReplicas. The harness gives each pod two containers with the same request;
 * a pod's sample is the sum of its containers' (missing if one is missing). For a
 * ContainerResource metric (`container` set) the named container's request and usage stand
 * for the pod's: that is exactly what calculateRequests and the metrics client do then, and
 * the arithmetic after is the same. */
static void run_replica_calculator(const cJSON *in, const cJSON *want) {
    hpa_pod_sample_t pods[MAX_PODS];
    char names[MAX_PODS][32];
    int n = 0, container = -1, ncont = cJSON_GetArraySize(get(in, "containers"));
    if (!jnull(in, "container")) {
        for (int i = 0; i < ncont; i++)
            if (strcmp(cJSON_GetArrayItem(get(in, "containers"), i)->valuestring,
                       jstr(in, "container")) == 0)
                container = i;
        assert_true(container >= 0);
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, get(in, "pods")) {
        assert_true(n < MAX_PODS);
        hpa_pod_sample_t *s = pod_from(p, &pods[n], names[n]);
        s->has_ready_condition = true; /* the harness always sets one */
        s->ready = cJSON_IsTrue(get(p, "ready"));
        s->ready_transition = vtime(get(in, "readyConditionLastTransitionTime"));
        s->has_start_time = true;
        s->start_time = vtime(get(p, "startTime"));
        if (!jnull(p, "cpuRequestMilliPerContainer"))
            s->cpu_request_milli =
                jint(p, "cpuRequestMilliPerContainer") * (container >= 0 ? 1 : ncont);
        n++;
    }
    hpa_replica_params_t params = {
        .group = {NOW, secs(jnum(in, "cpuInitializationPeriodSeconds")),
                  secs(jnum(in, "delayOfInitialReadinessStatusSeconds"))},
        .current_replicas = jint(in, "currentReplicas"),
        .target_utilization = jint(in, "targetUtilization"),
        .scale_up_tolerance = jnum(get(in, "tolerance"), "scaleUp"),
        .scale_down_tolerance = jnum(get(in, "tolerance"), "scaleDown"),
    };
    const cJSON *m;
    cJSON_ArrayForEach(m, get(in, "metrics")) {
        const cJSON *usage = get(m, "containerUsageMilli");
        int have = cJSON_GetArraySize(usage);
        bool complete = container >= 0 ? have > container : have == ncont;
        int64_t sum = 0;
        for (int c = 0; c < have; c++)
            if (container < 0 || c == container)
                sum += (int64_t)cJSON_GetArrayItem(usage, c)->valuedouble;
        int i = pod_index(names, n, jstr(m, "pod"));
        if (!complete) continue;
        if (i < 0) {
            params.unmatched_metrics++;
            continue;
        }
        pods[i].has_metric = true;
        pods[i].cpu_usage_milli = sum;
        pods[i].metric_time = vtime(get(in, "metricTimestamp"));
        pods[i].metric_window = secs(jnum(in, "metricWindowSeconds"));
    }
    hpa_replica_result_t r;
    int status = hpa_math_replicas(pods, n, &params, &r);
    /* the pass one pod at a time (hpa.c visits a ReplicaSet's pods in no set order): the pods
     * backwards give the same answer, first bad pod aside */
    hpa_cpu_pass_t pass;
    hpa_math_cpu_begin(&pass, &params);
    for (int i = n - 1; i >= 0; i--)
        hpa_math_cpu_add(&pass, &pods[i], &params);
    hpa_replica_result_t back;
    assert_int_equal(hpa_math_cpu_finish(&pass, &params, &back), status);
    assert_int_equal(back.replicas, r.replicas);
    assert_int_equal(back.utilization, r.utilization);
    assert_int_equal(back.raw_average_milli, r.raw_average_milli);
    assert_int_equal(back.pods_counted, r.pods_counted);
    assert_int_equal(back.path, r.path);
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(want, "error");
    if (err) {
        assert_int_not_equal(status, HPA_MATH_OK);
        if (!strstr(hpa_math_status_message(status), err->valuestring))
            fail_msg("error \"%s\", expected one containing \"%s\"",
                     hpa_math_status_message(status), err->valuestring);
        return;
    }
    assert_int_equal(status, HPA_MATH_OK);
    assert_int_equal(r.replicas, jint(want, "replicas"));
    assert_int_equal(r.utilization, jint(want, "utilization"));
    assert_int_equal(r.raw_average_milli, jint(want, "rawValue"));
}

/* groupPods. Times are seconds from now; a pod without readyCondition has no Ready
 * condition, a null startTimeSecondsFromNow no start time. */
static void run_group_pods(const cJSON *in, const cJSON *want) {
    hpa_pod_sample_t pods[MAX_PODS];
    char names[MAX_PODS][32];
    int n = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, get(in, "pods")) {
        assert_true(n < MAX_PODS);
        hpa_pod_sample_t *s = pod_from(p, &pods[n], names[n]);
        s->has_start_time = !jnull(p, "startTimeSecondsFromNow");
        if (s->has_start_time) s->start_time = vtime(get(p, "startTimeSecondsFromNow"));
        const cJSON *cond = get(p, "readyCondition");
        s->has_ready_condition = !cJSON_IsNull(cond);
        if (s->has_ready_condition) {
            s->ready = cJSON_IsTrue(get(cond, "status"));
            s->ready_transition = vtime(get(cond, "lastTransitionTimeSecondsFromNow"));
        }
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(get(in, "metrics"), names[n]);
        if (m) {
            s->has_metric = true;
            s->metric_time = vtime(get(m, "timestampSecondsFromNow"));
            s->metric_window = secs(jnum(m, "windowSeconds"));
        }
        n++;
    }
    hpa_group_params_t params = {NOW, secs(jnum(in, "cpuInitializationPeriodSeconds")),
                                 secs(jnum(in, "delayOfInitialReadinessStatusSeconds")), false};
    hpa_pod_class_t classes[MAX_PODS];
    hpa_pod_groups_t g = hpa_math_group_pods(pods, n, &params, classes);
    assert_int_equal(g.ready, jint(want, "readyPodCount"));
    static const struct {
        const char *key;
        hpa_pod_class_t cls;
    } lists[] = {{"unreadyPods", HPA_POD_UNREADY},
                 {"missingPods", HPA_POD_MISSING},
                 {"ignoredPods", HPA_POD_IGNORED}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const cJSON *arr = get(want, lists[l].key), *name;
        int listed = 0, have = 0;
        cJSON_ArrayForEach(name, arr) {
            int i = pod_index(names, n, name->valuestring);
            assert_true(i >= 0);
            if (classes[i] != lists[l].cls) fail_msg("%s should be in %s", names[i], lists[l].key);
            listed++;
        }
        for (int i = 0; i < n; i++)
            have += classes[i] == lists[l].cls;
        assert_int_equal(have, listed);
    }
}

/* stabilizeRecommendation (legacy): ageSeconds = how long ago each was recorded. */
static void run_stabilize_legacy(const cJSON *in, const cJSON *want) {
    hpa_recommendation_t items[MAX_ENTRIES];
    hpa_rec_log_t log = {items, 0, MAX_ENTRIES};
    rec_log_from(get(in, "recommendations"), &log);
    int got =
        hpa_math_stabilize_legacy(&log, NOW, secs(jnum(in, "downscaleStabilizationWindowSeconds")),
                                  jint(in, "prenormalizedDesiredReplicas"));
    assert_int_equal(got, jint(want, "stabilizedReplicas"));
    assert_int_equal(log.count, jint(want, "recommendationLogLength"));
}

static void run_convert_with_rules(const cJSON *in, const cJSON *want) {
    hpa_reason_t reason;
    int got = hpa_math_convert_with_rules(jint(in, "currentReplicas"), jint(in, "desiredReplicas"),
                                          jint(in, "minReplicas"), jint(in, "maxReplicas"),
                                          jnum(in, "scaleUpLimitFactor"),
                                          jnum(in, "scaleUpLimitMinimum"), &reason);
    assert_int_equal(got, jint(want, "replicas"));
    assert_string_equal(hpa_math_reason_name(reason), jstr(want, "condition"));
}

static void run_stabilize_behavior(const cJSON *in, const cJSON *want) {
    hpa_recommendation_t items[MAX_ENTRIES];
    hpa_rec_log_t log = {items, 0, MAX_ENTRIES};
    rec_log_from(get(in, "recommendations"), &log);
    int got = hpa_math_stabilize_behavior(
        &log, NOW, secs(jnum(in, "scaleUpStabilizationWindowSeconds")),
        secs(jnum(in, "scaleDownStabilizationWindowSeconds")), jint(in, "currentReplicas"),
        jint(in, "prenormalizedDesiredReplicas"), NULL);
    assert_int_equal(got, jint(want, "stabilizedReplicas"));
    const cJSON *after = get(want, "recommendationsAfter");
    if (cJSON_IsNull(after)) return; /* not asserted upstream */
    assert_int_equal(log.count, cJSON_GetArraySize(after));
    for (int i = 0; i < log.count; i++)
        assert_int_equal(log.items[i].replicas, (int)cJSON_GetArrayItem(after, i)->valuedouble);
}

/* The inputs shared by the behaviour-rate rules: events of both directions. */
typedef struct {
    hpa_scale_event_t up_items[MAX_ENTRIES], down_items[MAX_ENTRIES];
    hpa_event_log_t up, down;
} events_t;

static void events_from(const cJSON *in, events_t *ev) {
    ev->up = (hpa_event_log_t){ev->up_items, 0, MAX_ENTRIES};
    ev->down = (hpa_event_log_t){ev->down_items, 0, MAX_ENTRIES};
    event_log_from(get(in, "scaleUpEvents"), &ev->up);
    event_log_from(get(in, "scaleDownEvents"), &ev->down);
}

/* Rules left null are GenerateHPAScale{Up,Down}Rules' defaults, given beside them. */
static void rules_or_default(const cJSON *in, const char *key, const char *dflt, hpa_rules_t *r,
                             hpa_policy_t *pol) {
    rules_from(jnull(in, key) ? get(in, dflt) : get(in, key), r, pol);
}

static void run_behavior_rate(const cJSON *in, const cJSON *want) {
    events_t ev;
    events_from(in, &ev);
    hpa_policy_t up_pol[MAX_POLICIES], down_pol[MAX_POLICIES];
    hpa_rules_t up, down;
    rules_or_default(in, "scaleUpRules", "defaultScaleUpRules", &up, up_pol);
    rules_or_default(in, "scaleDownRules", "defaultScaleDownRules", &down, down_pol);
    hpa_reason_t reason;
    int got = hpa_math_convert_with_behavior_rate(jint(in, "currentReplicas"),
                                                  jint(in, "prenormalizedDesiredReplicas"),
                                                  jint(in, "minReplicas"), jint(in, "maxReplicas"),
                                                  &up, &down, &ev.up, &ev.down, NOW, &reason);
    assert_int_equal(got, jint(want, "replicas"));
    assert_string_equal(hpa_math_reason_name(reason), jstr(want, "condition"));
}

static void run_limit(const cJSON *in, const cJSON *want, bool scale_up) {
    events_t ev;
    events_from(in, &ev);
    hpa_policy_t pol[MAX_POLICIES];
    hpa_rules_t rules;
    rules_from(get(in, "rules"), &rules, pol);
    int current = jint(in, "currentReplicas");
    int got = scale_up ? hpa_math_scale_up_limit(current, &ev.up, &ev.down, &rules, NOW)
                       : hpa_math_scale_down_limit(current, &ev.up, &ev.down, &rules, NOW);
    assert_int_equal(got, jint(want, "limit"));
}

static void run_scale_up_limit(const cJSON *in, const cJSON *want) {
    run_limit(in, want, true);
}
static void run_scale_down_limit(const cJSON *in, const cJSON *want) {
    run_limit(in, want, false);
}

/* ---- the driver ------------------------------------------------------------------------ */

static const struct {
    const char *rule; /* prefix of the vectors' `rule` */
    void (*run)(const cJSON *in, const cJSON *want);
} runners[] = {
    {"hpa.replicaCalculator.GetResourceReplicas", run_replica_calculator},
    {"hpa.groupPods", run_group_pods},
    {"hpa.stabilizeRecommendation ", run_stabilize_legacy},
    {"hpa.convertDesiredReplicasWithRules", run_convert_with_rules},
    {"hpa.stabilizeRecommendationWithBehaviors", run_stabilize_behavior},
    {"hpa.convertDesiredReplicasWithBehaviorRate", run_behavior_rate},
    {"hpa.calculateScaleUpLimitWithScalingRules", run_scale_up_limit},
    {"hpa.calculateScaleDownLimitWithBehaviors", run_scale_down_limit},
};
#define RUNNER_COUNT (sizeof runners / sizeof runners[0])

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *skip_reason(const char *rule, const char *name) {
    for (size_t i = 0; i < sizeof skips / sizeof skips[0]; i++)
        if (has_prefix(rule, skips[i].rule) && strcmp(name, skips[i].name) == 0)
            return skips[i].why;
    return NULL;
}

/* Runs every case of runners[k]; checks ran = present - listed skips. */
static void run_rule(size_t k) {
    int present = 0, ran = 0, skipped = 0, listed = 0;
    for (size_t i = 0; i < sizeof skips / sizeof skips[0]; i++)
        listed += has_prefix(runners[k].rule, skips[i].rule);
    const cJSON *c;
    cJSON_ArrayForEach(c, vectors) {
        const char *rule = jstr(c, "rule");
        if (!has_prefix(rule, runners[k].rule)) continue;
        present++;
        const char *name = case_name(c);
        const char *why = skip_reason(rule, name);
        if (why) {
            print_message("skip  %s: %s (%s)\n", runners[k].rule, name, why);
            skipped++;
            continue;
        }
        print_message("case  %s: %s\n", runners[k].rule, name);
        runners[k].run(get(c, "inputs"), get(c, "expected"));
        ran++;
    }
    print_message("%-45s %d cases, %d run, %d skipped\n", runners[k].rule, present, ran, skipped);
    assert_true(present > 0);
    assert_int_equal(skipped, listed);
    assert_int_equal(ran, present - listed);
}

/* One cmocka test per rule, so that a failure names its rule. */
#define VECTOR_TEST(fn, k)                                                                         \
    static void fn(void **s) {                                                                     \
        (void)s;                                                                                   \
        run_rule(k);                                                                               \
    }
VECTOR_TEST(test_vectors_replica_calculator, 0)
VECTOR_TEST(test_vectors_group_pods, 1)
VECTOR_TEST(test_vectors_stabilize_legacy, 2)
VECTOR_TEST(test_vectors_convert_with_rules, 3)
VECTOR_TEST(test_vectors_stabilize_behavior, 4)
VECTOR_TEST(test_vectors_behavior_rate, 5)
VECTOR_TEST(test_vectors_scale_up_limit, 6)
VECTOR_TEST(test_vectors_scale_down_limit, 7)

/* Every `hpa.` case belongs to one of the rules above. */
static void test_vectors_all_hpa_rules_covered(void **s) {
    (void)s;
    const cJSON *c;
    cJSON_ArrayForEach(c, vectors) {
        const char *rule = jstr(c, "rule");
        if (!has_prefix(rule, "hpa.")) continue;
        int owners = 0;
        for (size_t k = 0; k < RUNNER_COUNT; k++)
            owners += has_prefix(rule, runners[k].rule);
        if (owners != 1) fail_msg("rule \"%s\" has %d runners", rule, owners);
    }
}

/* ---- our own rows ------------------------------------------------------------------------ */

/* `n` ready, long-running pods requesting 1000m each, at `pct` percent. */
static void steady_pods(hpa_pod_sample_t *pods, int n, int pct) {
    for (int i = 0; i < n; i++)
        pods[i] = (hpa_pod_sample_t){
            .phase = HPA_POD_RUNNING,
            .has_ready_condition = true,
            .ready = true,
            .ready_transition = NOW - 3600 * SIM_SEC,
            .has_start_time = true,
            .start_time = NOW - 3600 * SIM_SEC,
            .has_metric = true,
            .metric_time = NOW,
            .metric_window = 15 * SIM_SEC,
            .cpu_usage_milli = 10 * pct,
            .cpu_request_milli = 1000,
        };
}

static hpa_replica_params_t params_for(int current, int target) {
    return (hpa_replica_params_t){
        .group = {NOW, HPA_CPU_INITIALIZATION_PERIOD, HPA_INITIAL_READINESS_DELAY, false},
        .current_replicas = current,
        .target_utilization = target,
        .scale_up_tolerance = HPA_DEFAULT_TOLERANCE,
        .scale_down_tolerance = HPA_DEFAULT_TOLERANCE,
    };
}

static void test_own_replica_rows(void **s) {
    (void)s;
    static const struct {
        int replicas, pct, target, want;
        const char *what;
    } rows[] = {
        {4, 100, 50, 8, "twice the target doubles"},
        {8, 10, 50, 2, "a fifth of the target: ceil(0.2 x 8)"},
        {4, 92, 60, 7, "ceil(1.53 x 4)"},
        {10, 55, 50, 10, "ratio 1.10: the upper edge is within tolerance (else 12)"},
        {10, 45, 50, 10, "ratio 0.90: the lower edge is within tolerance (else 9)"},
        {4, 56, 50, 5, "ratio 1.12: ceil(4.48)"},
        {4, 44, 50, 4, "ratio 0.88: ceil(3.52)"},
        {3, 0, 50, 0, "idle: 0 (normalization brings it to minReplicas)"},
    };
    hpa_pod_sample_t pods[MAX_PODS];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        steady_pods(pods, rows[i].replicas, rows[i].pct);
        hpa_replica_params_t p = params_for(rows[i].replicas, rows[i].target);
        hpa_replica_result_t r;
        assert_int_equal(hpa_math_replicas(pods, rows[i].replicas, &p, &r), HPA_MATH_OK);
        if (r.replicas != rows[i].want)
            fail_msg("%s: %d, expected %d", rows[i].what, r.replicas, rows[i].want);
        assert_int_equal(r.utilization, rows[i].pct);
    }
}

/* Unready pods weigh in only on a scale-up; it shows when requests differ (with equal
 * requests ceil(ratio x pods) does not depend on how many pods are filled in at 0%). */
static void test_unready_pods_only_count_on_scale_up(void **s) {
    (void)s;
    hpa_pod_sample_t pods[6];
    steady_pods(pods, 6, 10);
    pods[4].has_metric = false; /* missing: 100% of 1000m on a scale-down */
    pods[5].ready = false;      /* unready, never ready: left out of a scale-down */
    pods[5].cpu_request_milli = 4000;
    hpa_replica_params_t p = params_for(6, 50);
    hpa_replica_result_t r;
    assert_int_equal(hpa_math_replicas(pods, 6, &p, &r), HPA_MATH_OK);
    assert_int_equal(r.utilization, 10);
    assert_int_equal(r.pods_counted, 5);
    assert_int_equal(r.replicas, 3); /* ceil(0.56 x 5); with the unready pod, ceil(0.3 x 6) */
    /* a pod with a Ready condition but no start time is unready too */
    pods[0].has_start_time = false;
    hpa_group_params_t gp = p.group;
    assert_int_equal(hpa_math_classify_pod(&pods[0], &gp), HPA_POD_UNREADY);
}

static void test_explain_and_events(void **s) {
    (void)s;
    hpa_pod_sample_t pods[4];
    steady_pods(pods, 4, 92);
    hpa_replica_params_t p = params_for(4, 60);
    hpa_replica_result_t r;
    char buf[256];
    assert_int_equal(hpa_math_replicas(pods, 4, &p, &r), HPA_MATH_OK);
    hpa_math_explain(buf, sizeof buf, &p, &r);
    assert_string_equal(buf, "utilization 92% of target 60% (ratio 1.53); 4 ready pods → "
                             "ceil(1.53 × 4) = 7");

    /* one unready, one missing, one ready at 200%: both filled in at 0% */
    steady_pods(pods, 3, 200);
    pods[0].ready = false;
    pods[2].has_metric = false;
    p = params_for(3, 50);
    assert_int_equal(hpa_math_replicas(pods, 3, &p, &r), HPA_MATH_OK);
    assert_int_equal(r.replicas, 4);
    assert_int_equal(r.path, HPA_PATH_REFILLED_SCALED);
    hpa_math_explain(buf, sizeof buf, &p, &r);
    assert_string_equal(buf, "utilization 200% of target 50% (ratio 4.00) over 1 ready pod; "
                             "counting 1 unready pod at 0% and 1 missing pod at 0%: ratio 1.32 "
                             "over 3 pods → ceil(1.32 × 3) = 4");
    /* a short buffer is cut, never overrun, and the full length is reported */
    char small[8];
    int len = hpa_math_explain(small, sizeof small, &p, &r);
    assert_int_equal((size_t)len, strlen(buf));
    assert_string_equal(small, "utiliza");

    hpa_math_event_message(buf, sizeof buf, 7, hpa_math_rescale_reason(4, 1, 10, 7));
    assert_string_equal(buf,
                        "New size: 7; reason: cpu resource utilization (percentage of request) "
                        "above target");
    hpa_math_event_message(buf, sizeof buf, 3, hpa_math_rescale_reason(5, 1, 10, 2));
    assert_string_equal(buf, "New size: 3; reason: All metrics below target");
    assert_string_equal(hpa_math_rescale_reason(12, 1, 10, 12),
                        "Current number of replicas above Spec.MaxReplicas");
    assert_string_equal(hpa_math_rescale_reason(1, 2, 10, 1),
                        "Current number of replicas below Spec.MinReplicas");
    assert_null(hpa_math_rescale_reason(0, 1, 10, 5)); /* scaled to 0 by hand: disabled */
    assert_string_equal(hpa_math_rescale_reason(4, 1, 10, 4), "");
}

static void test_errors(void **s) {
    (void)s;
    hpa_pod_sample_t pods[2];
    memset(pods, 0, sizeof pods);
    hpa_replica_params_t p = params_for(2, 50);
    hpa_replica_result_t r;
    assert_int_equal(hpa_math_replicas(pods, 0, &p, &r), HPA_MATH_ERR_NO_METRICS);
    p.unmatched_metrics = 1;
    assert_int_equal(hpa_math_replicas(pods, 0, &p, &r), HPA_MATH_ERR_NO_PODS);
    p.unmatched_metrics = 0;
    steady_pods(pods, 2, 50);
    pods[0].ready = pods[1].ready = false;
    assert_int_equal(hpa_math_replicas(pods, 2, &p, &r), HPA_MATH_ERR_NO_READY_METRICS);
    steady_pods(pods, 2, 50);
    pods[1].phase = HPA_POD_FAILED;
    pods[1].cpu_request_milli = 0; /* even an ignored pod needs a request */
    assert_int_equal(hpa_math_replicas(pods, 2, &p, &r), HPA_MATH_ERR_MISSING_REQUEST);
    assert_int_equal(r.bad_pod, 1);
    /* one pod at a time: the first pod without a request is the one named */
    pods[0].cpu_request_milli = 0;
    hpa_cpu_pass_t pass;
    hpa_math_cpu_begin(&pass, &p);
    hpa_math_cpu_add(&pass, &pods[0], &p);
    hpa_math_cpu_add(&pass, &pods[1], &p);
    assert_int_equal(hpa_math_cpu_finish(&pass, &p, &r), HPA_MATH_ERR_MISSING_REQUEST);
    assert_int_equal(r.bad_pod, 0);
}

/* The legacy path over several syncs: a new HPA's history holds the current count, so a
 * drop is held for 300 s; a jump is capped at max(2 x current, 4). */
static void test_legacy_normalization_over_time(void **s) {
    (void)s;
    hpa_recommendation_t items[32];
    hpa_rec_log_t log = {items, 0, 32};
    sim_time_t t0 = NOW;
    hpa_math_rec_log_init(&log, t0, 6);
    hpa_normalized_t n = hpa_math_normalize_legacy(&log, t0 + 15 * SIM_SEC, 6, 2, 1, 20);
    assert_int_equal(n.replicas, 6);
    assert_int_equal(n.able_to_scale, HPA_REASON_SCALE_DOWN_STABILIZED);
    assert_int_equal(n.scaling_limited, HPA_REASON_DESIRED_WITHIN_RANGE);
    /* at t0 + 300 s the seed is exactly at the cutoff: still counted (Before is strict) */
    n = hpa_math_normalize_legacy(&log, t0 + 300 * SIM_SEC, 6, 2, 1, 20);
    assert_int_equal(n.replicas, 6);
    n = hpa_math_normalize_legacy(&log, t0 + 301 * SIM_SEC, 6, 2, 1, 20);
    assert_int_equal(n.replicas, 2);
    assert_int_equal(n.able_to_scale, HPA_REASON_READY_FOR_NEW_SCALE);
    /* the seed was overwritten: the log did not grow */
    assert_int_equal(log.count, 3);
    n = hpa_math_normalize_legacy(&log, t0 + 316 * SIM_SEC, 2, 50, 1, 20);
    assert_int_equal(n.replicas, 4);
    assert_int_equal(n.scaling_limited, HPA_REASON_SCALE_UP_LIMIT);
    assert_true(n.limited);
    n = hpa_math_normalize_legacy(&log, t0 + 331 * SIM_SEC, 4, 50, 1, 20);
    assert_int_equal(n.replicas, 8);
    n = hpa_math_normalize_legacy(&log, t0 + 346 * SIM_SEC, 15, 50, 1, 20);
    assert_int_equal(n.replicas, 20);
    assert_int_equal(n.scaling_limited, HPA_REASON_TOO_MANY_REPLICAS);
}

/* The behaviour path with Kubernetes' default rules over several syncs, storing events the
 * way the controller will. */
static void test_behavior_defaults_over_time(void **s) {
    (void)s;
    hpa_policy_t up_pol[] = {{HPA_POLICY_PODS, 4, 15 * SIM_SEC},
                             {HPA_POLICY_PERCENT, 100, 15 * SIM_SEC}};
    hpa_policy_t down_pol[] = {{HPA_POLICY_PERCENT, 100, 15 * SIM_SEC}};
    hpa_spec_t spec = {
        .enabled = true,
        .min_replicas = 1,
        .max_replicas = 100,
        .target_cpu_utilization = 50,
        .has_behavior = true,
        .scale_up = {0, HPA_SELECT_MAX, up_pol, 2},
        .scale_down = {300 * SIM_SEC, HPA_SELECT_MAX, down_pol, 1},
    };
    hpa_recommendation_t rec_items[32];
    hpa_scale_event_t up_items[4], down_items[4];
    hpa_rec_log_t log = {rec_items, 0, 32};
    hpa_event_log_t up = {up_items, 0, 4}, down = {down_items, 0, 4};
    sim_time_t t = NOW;
    hpa_math_rec_log_init(&log, t, 2);
    int current = 2;
    /* 2 -> 6 (Pods 4 beats Percent 100), then within the same 15 s nothing more */
    static const int want_up[] = {6, 12, 24, 40};
    for (int i = 0; i < 4; i++) {
        t += 15 * SIM_SEC;
        hpa_normalized_t n = hpa_math_normalize_behavior(&log, &up, &down, t, &spec, current, 40);
        assert_int_equal(n.replicas, want_up[i]);
        hpa_math_store_scale_event(&up, t, &spec.scale_up, n.replicas - current);
        current = n.replicas;
    }
    /* an event exactly 15 s old is not outdated yet (Before is strict); older ones are
     * reused, so the log holds two */
    assert_int_equal(up.count, 2);
    /* a drop to 10 is held by the 300 s scale-down window */
    t += 15 * SIM_SEC;
    hpa_normalized_t n = hpa_math_normalize_behavior(&log, &up, &down, t, &spec, current, 10);
    assert_int_equal(n.replicas, 40);
    assert_int_equal(n.able_to_scale, HPA_REASON_SCALE_DOWN_STABILIZED);
    t += 301 * SIM_SEC;
    n = hpa_math_normalize_behavior(&log, &up, &down, t, &spec, current, 10);
    assert_int_equal(n.replicas, 10);
    assert_int_equal(n.scaling_limited, HPA_REASON_DESIRED_WITHIN_RANGE);
}

/* A full log overwrites its oldest entry rather than writing past its end. */
static void test_full_logs(void **s) {
    (void)s;
    hpa_recommendation_t items[2];
    hpa_rec_log_t log = {items, 0, 2};
    hpa_math_stabilize_legacy(&log, NOW, 300 * SIM_SEC, 5);
    hpa_math_stabilize_legacy(&log, NOW + SIM_SEC, 300 * SIM_SEC, 7);
    assert_int_equal(hpa_math_stabilize_legacy(&log, NOW + 2 * SIM_SEC, 300 * SIM_SEC, 1), 7);
    assert_int_equal(log.count, 2);
    assert_int_equal(items[0].replicas, 1);
    assert_int_equal(items[1].replicas, 7);
    hpa_rec_log_t none = {NULL, 0, 0};
    assert_int_equal(hpa_math_stabilize_behavior(&none, NOW, 0, 0, 3, 5, NULL), 5);

    hpa_scale_event_t ev[1];
    hpa_event_log_t events = {ev, 0, 1};
    hpa_policy_t pol = {HPA_POLICY_PODS, 1, 60 * SIM_SEC};
    hpa_rules_t rules = {0, HPA_SELECT_MAX, &pol, 1};
    hpa_math_store_scale_event(&events, NOW, &rules, 3);
    hpa_math_store_scale_event(&events, NOW + SIM_SEC, &rules, 2);
    assert_int_equal(events.count, 1);
    assert_int_equal(ev[0].change, 2);
}

/* Window edges: the legacy window keeps an entry exactly at its cutoff (time.Before is
 * strict), the behaviour windows drop it (time.After is strict), so a window of 0 ignores
 * even an entry recorded this instant. */
static void test_window_edges(void **s) {
    (void)s;
    hpa_recommendation_t items[4];
    hpa_rec_log_t log = {items, 1, 4};
    items[0] = (hpa_recommendation_t){NOW - 300 * SIM_SEC, 9};
    assert_int_equal(hpa_math_stabilize_legacy(&log, NOW, 300 * SIM_SEC, 2), 9);
    log.count = 1;
    hpa_reason_t why;
    assert_int_equal(
        hpa_math_stabilize_behavior(&log, NOW, 300 * SIM_SEC, 300 * SIM_SEC, 5, 2, &why), 2);
    assert_int_equal(why, HPA_REASON_READY_FOR_NEW_SCALE);
    items[0] = (hpa_recommendation_t){NOW, 1};
    log.count = 1;
    assert_int_equal(hpa_math_stabilize_behavior(&log, NOW, 0, 0, 5, 3, &why), 3);
    items[0] = (hpa_recommendation_t){NOW - 299 * SIM_SEC, 9};
    log.count = 1;
    assert_int_equal(
        hpa_math_stabilize_behavior(&log, NOW, 300 * SIM_SEC, 300 * SIM_SEC, 5, 2, &why), 5);
    assert_int_equal(why, HPA_REASON_SCALE_DOWN_STABILIZED);
    /* the same at the scale-up window's edge */
    items[0] = (hpa_recommendation_t){NOW - 60 * SIM_SEC, 6};
    log.count = 1;
    assert_int_equal(hpa_math_stabilize_behavior(&log, NOW, 60 * SIM_SEC, 0, 5, 10, &why), 10);
    items[0].time++;
    log.count = 1;
    assert_int_equal(hpa_math_stabilize_behavior(&log, NOW, 60 * SIM_SEC, 0, 5, 10, &why), 6);
    assert_int_equal(why, HPA_REASON_SCALE_UP_STABILIZED);
    /* a pod started exactly one CPU initialization period ago is past it: a fresh readiness
     * change no longer makes its sample suspect */
    hpa_pod_sample_t pod;
    steady_pods(&pod, 1, 50);
    pod.start_time = NOW - HPA_CPU_INITIALIZATION_PERIOD;
    pod.ready_transition = NOW - SIM_SEC;
    hpa_group_params_t gp = {NOW, HPA_CPU_INITIALIZATION_PERIOD, HPA_INITIAL_READINESS_DELAY,
                             false};
    assert_int_equal(hpa_math_classify_pod(&pod, &gp), HPA_POD_READY);
    pod.start_time++;
    assert_int_equal(hpa_math_classify_pod(&pod, &gp), HPA_POD_UNREADY);
    /* a scale event exactly one period old no longer limits the rate */
    hpa_scale_event_t ev[1] = {{NOW - 15 * SIM_SEC, 4}};
    hpa_event_log_t up = {ev, 1, 1};
    hpa_policy_t pol = {HPA_POLICY_PODS, 4, 15 * SIM_SEC};
    hpa_rules_t r = {0, HPA_SELECT_MAX, &pol, 1};
    assert_int_equal(hpa_math_scale_up_limit(8, &up, NULL, &r, NOW), 12);
    ev[0].time++;
    assert_int_equal(hpa_math_scale_up_limit(8, &up, NULL, &r, NOW), 8);
}

/* selectPolicy Disabled: no change in that direction. */
static void test_disabled_policy(void **s) {
    (void)s;
    hpa_policy_t pol = {HPA_POLICY_PERCENT, 100, 15 * SIM_SEC};
    hpa_rules_t off = {0, HPA_SELECT_DISABLED, &pol, 1};
    hpa_rules_t on = {0, HPA_SELECT_MAX, &pol, 1};
    hpa_reason_t why;
    assert_int_equal(
        hpa_math_convert_with_behavior_rate(5, 9, 1, 20, &off, &on, NULL, NULL, NOW, &why), 5);
    assert_int_equal(why, HPA_REASON_SCALE_UP_LIMIT);
    assert_int_equal(
        hpa_math_convert_with_behavior_rate(5, 2, 1, 20, &on, &off, NULL, NULL, NOW, &why), 5);
    assert_int_equal(why, HPA_REASON_SCALE_DOWN_LIMIT);
}

/* ---- autoscaling/v2: plain metrics, Object and External ----------------------------------- */

/* Upstream pkg/controller/podautoscaler/replica_calculator_test.go, the custom-metric cases
 * (levels and targets in thousandths, as there). Pods metrics use calcPlainMetricReplicas
 * with no resource: groupPods' readiness rules do not apply, so an unready pod's sample
 * counts (the ...UnreadyHotCpu... cases). */
static void test_v2_pods_metric_rows(void **s) {
    (void)s;
    static const struct {
        int current;
        int64_t levels[5];
        int n;
        bool unready[5];
        int64_t target;
        int want;
        int64_t want_usage;
        const char *what;
    } rows[] = {
        {3, {20000, 10000, 30000}, 3, {0}, 15000, 4, 20000, "TestReplicaCalcScaleUpCM"},
        {3,
         {50000, 10000, 30000},
         3,
         {false, false, true},
         15000,
         6,
         30000,
         "TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale"},
        {3,
         {50000, 15000, 30000},
         3,
         {true, false, true},
         15000,
         7,
         31666,
         "TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown"},
        {5,
         {12000, 12000, 12000, 12000, 12000},
         5,
         {0},
         20000,
         3,
         12000,
         "TestReplicaCalcScaleDownCM"},
        {3, {20000, 21000, 21000}, 3, {0}, 20000, 3, 20666, "TestReplicaCalcToleranceCM"},
    };
    hpa_pod_sample_t pods[MAX_PODS];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        steady_pods(pods, rows[i].n, 0);
        for (int k = 0; k < rows[i].n; k++) {
            pods[k].cpu_usage_milli = rows[i].levels[k];
            pods[k].ready = !rows[i].unready[k];
            if (pods[k].ready) continue;
            pods[k].start_time = NOW - 60 * SIM_SEC; /* hotCPUCreationTime: within the period */
            pods[k].ready_transition = pods[k].start_time;
        }
        hpa_replica_params_t p = params_for(rows[i].current, 0);
        p.group.not_cpu = true;
        hpa_replica_result_t r;
        assert_int_equal(hpa_math_plain_replicas(pods, rows[i].n, &p, rows[i].target, &r),
                         HPA_MATH_OK);
        if (r.replicas != rows[i].want || r.raw_average_milli != rows[i].want_usage)
            fail_msg("%s: %d (usage %lld), expected %d (%lld)", rows[i].what, r.replicas,
                     (long long)r.raw_average_milli, rows[i].want, (long long)rows[i].want_usage);
    }
}

/* The same rule on CPU (a Resource cpu metric with an AverageValue target: GetRawResourceReplicas)
 * keeps groupPods' readiness rules: an unready pod in its initialization period is set aside
 * and, on a scale-up, counted at 0. 3 pods at 500m, 100m ready and one unready: average
 * (500 + 100) / 2 = 300m over 150m = 2.0; refilled (500 + 100 + 0) / 3 = 200m: ceil(1.33 x 3)
 * = 4, not ceil(2.0 x 2) = 4 nor the 6 the unready sample would give. */
static void test_v2_cpu_average_value_keeps_readiness_rules(void **s) {
    (void)s;
    hpa_pod_sample_t pods[3];
    steady_pods(pods, 3, 0);
    pods[0].cpu_usage_milli = 500, pods[1].cpu_usage_milli = 100, pods[2].cpu_usage_milli = 900;
    pods[2].ready = false;
    pods[2].start_time = pods[2].ready_transition = NOW - 60 * SIM_SEC;
    hpa_replica_params_t p = params_for(3, 0);
    hpa_replica_result_t r;
    assert_int_equal(hpa_math_plain_replicas(pods, 3, &p, 150, &r), HPA_MATH_OK);
    assert_int_equal(r.groups.unready, 1);
    assert_int_equal(r.raw_average_milli, 300);
    assert_int_equal(r.filled_unready, 1);
    assert_int_equal(r.replicas, 4);
    p.group.not_cpu = true; /* as a Pods metric the unready sample counts: 500 > 150 x 3 */
    assert_int_equal(hpa_math_plain_replicas(pods, 3, &p, 150, &r), HPA_MATH_OK);
    assert_int_equal(r.replicas, 10);
}

/* Object and External metrics (replica_calculator_test.go): a Value target scales the Ready
 * pods by usage / target (getUsageRatioReplicaCount), an AverageValue target gives
 * ceil(usage / target) outside tolerance of target x replicas. */
static void test_v2_object_external_rows(void **s) {
    (void)s;
    static const struct {
        bool per_pod;
        int current, ready;
        int64_t usage, target;
        int want;
        const char *what;
    } rows[] = {
        {false, 3, 3, 20000, 15000, 4, "TestReplicaCalcScaleUpCMObject"},
        {true, 3, 3, 20000, 5000, 4, "TestReplicaCalcScaleUpCMPerPodObject"},
        {false, 3, 1, 50000, 10000, 5, "TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods"},
        {false, 3, 1, 8600, 4400, 2, "TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods"},
        {true, 3, 3, 8600, 2150, 4, "TestReplicaCalcScaleUpPerPodCMExternal"},
        {true, 5, 5, 6000, 2000, 3, "TestReplicaCalcScaleDownPerPodCMObject"},
        {false, 5, 5, 12000, 20000, 3, "TestReplicaCalcScaleDownCMObject"},
        {false, 5, 5, 8600, 14334, 3, "TestReplicaCalcScaleDownCMExternal"},
        {true, 5, 5, 8600, 2867, 3, "TestReplicaCalcScaleDownPerPodCMExternal"},
        {false, 3, 3, 20666, 20000, 3, "TestReplicaCalcToleranceCMObject"},
        {true, 4, 4, 20166, 5000, 4, "TestReplicaCalcTolerancePerPodCMObject"},
        {false, 3, 3, 8600, 8888, 3, "TestReplicaCalcToleranceCMExternal"},
        {true, 3, 3, 8600, 2900, 3, "TestReplicaCalcTolerancePerPodCMExternal"},
    };
    hpa_replica_params_t p = params_for(0, 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int got = rows[i].per_pod ? hpa_math_per_pod_replicas(rows[i].current, rows[i].usage,
                                                              rows[i].target, &p)
                                  : hpa_math_value_replicas(rows[i].current, rows[i].ready,
                                                            rows[i].usage, rows[i].target, &p);
        if (got != rows[i].want) fail_msg("%s: %d, expected %d", rows[i].what, got, rows[i].want);
    }
    /* getReadyPodsCount: Running and Ready */
    hpa_pod_sample_t pods[3];
    steady_pods(pods, 3, 50);
    pods[0].ready = false;
    pods[2].phase = HPA_POD_PENDING;
    assert_int_equal(hpa_math_ready_pods(pods, 3), 1);
}

/* The words Kubernetes writes: the AbleToScale / ScalingLimited condition reasons and
 * messages that pkg/controller/podautoscaler/horizontal.go sets (normalizeDesiredReplicas,
 * stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate), and the
 * errors of pkg/controller/podautoscaler/replica_calculator.go (FailedGetResourceMetric). */
static void test_condition_and_error_texts(void **state) {
    (void)state;
    static const struct {
        hpa_reason_t r;
        const char *name, *message;
    } reasons[] = {
        {HPA_REASON_READY_FOR_NEW_SCALE, "ReadyForNewScale",
         "recommended size matches current size"},
        {HPA_REASON_SCALE_UP_STABILIZED, "ScaleUpStabilized",
         "recent recommendations were lower than current one, applying the lowest recent "
         "recommendation"},
        {HPA_REASON_SCALE_DOWN_STABILIZED, "ScaleDownStabilized",
         "recent recommendations were higher than current one, applying the highest recent "
         "recommendation"},
        {HPA_REASON_DESIRED_WITHIN_RANGE, "DesiredWithinRange",
         "the desired count is within the acceptable range"},
        {HPA_REASON_SCALE_UP_LIMIT, "ScaleUpLimit",
         "the desired replica count is increasing faster than the maximum scale rate"},
        {HPA_REASON_SCALE_DOWN_LIMIT, "ScaleDownLimit",
         "the desired replica count is decreasing faster than the maximum scale rate"},
        {HPA_REASON_TOO_MANY_REPLICAS, "TooManyReplicas",
         "the desired replica count is more than the maximum replica count"},
        {HPA_REASON_TOO_FEW_REPLICAS, "TooFewReplicas",
         "the desired replica count is less than the minimum replica count"},
        {HPA_REASON_COUNT, "Unknown", ""}, /* out of range: no condition */
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        assert_string_equal(hpa_math_reason_name(reasons[i].r), reasons[i].name);
        assert_string_equal(hpa_math_reason_message(reasons[i].r), reasons[i].message);
    }
    static const struct {
        int status;
        const char *message;
    } errors[] = {
        {HPA_MATH_OK, "ok"},
        {HPA_MATH_ERR_NO_PODS, "no pods returned by selector while calculating replica count"},
        {HPA_MATH_ERR_NO_METRICS,
         "unable to get metrics for resource cpu: no metrics returned from resource metrics API"},
        {HPA_MATH_ERR_NO_READY_METRICS,
         "did not receive metrics for targeted pods (pods might be unready)"},
        {HPA_MATH_ERR_MISSING_REQUEST, "missing request for cpu"},
        {HPA_MATH_ERR_NO_MATCH, "no metrics returned matched known pods"},
        {-1, "unknown error"},
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        assert_string_equal(hpa_math_status_message(errors[i].status), errors[i].message);
}

/* calcPlainMetricReplicas (replica_calculator.go) for a per-pod metric (not CPU: no readiness
 * rules) with pods whose samples are missing: below target (usage ratio < 1) a missing pod is
 * taken at the target, above it at 0, so the recommendation never swings the other way
 * (10 per pod targeted; 2 pods at 5 and one missing: (5 + 5 + 10) / 3 = 6.67, ceil(0.667 x 3)
 * = 2; 2 pods at 20 and one missing: 40 / 3 = 13.3, ceil(1.333 x 3) = 4). No sample at all
 * is "no metrics returned"; samples only of pods being deleted leave none to use. */
static void test_v2_plain_missing_metrics(void **s) {
    (void)s;
    hpa_pod_sample_t pods[3];
    hpa_replica_params_t p = params_for(3, 0);
    p.group.not_cpu = true;
    hpa_replica_result_t r;
    static const struct {
        int64_t level;
        int want, want_filled;
    } rows[] = {{5000, 2, 1}, {20000, 4, 1}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        steady_pods(pods, 3, 0);
        pods[0].cpu_usage_milli = pods[1].cpu_usage_milli = rows[i].level;
        pods[2].has_metric = false;
        assert_int_equal(hpa_math_plain_replicas(pods, 3, &p, 10000, &r), HPA_MATH_OK);
        assert_int_equal(r.groups.missing, 1);
        assert_int_equal(r.filled_missing, rows[i].want_filled);
        assert_int_equal(r.replicas, rows[i].want);
    }
    steady_pods(pods, 3, 0);
    for (int k = 0; k < 3; k++)
        pods[k].has_metric = false;
    assert_int_equal(hpa_math_plain_replicas(pods, 3, &p, 10000, &r), HPA_MATH_ERR_NO_METRICS);
    assert_int_equal(r.replicas, 3); /* the count stays */
    steady_pods(pods, 1, 0);
    pods[0].deleting = true;
    assert_int_equal(hpa_math_plain_replicas(pods, 1, &p, 10000, &r),
                     HPA_MATH_ERR_NO_READY_METRICS);
}

/* Edges of the Object/External formulas: with statusReplicas 0 (a target scaled to zero)
 * GetObjectPerPodMetricReplicas divides by 0, the ratio is +Inf, never within tolerance, so
 * the answer is ceil(usage / target) as usual; getUsageRatioReplicaCount from 0 replicas is
 * ceil(ratio). Go's int32(math.Ceil(x)) of a huge ratio is implementation-defined: the model
 * clamps to INT_MAX (maxReplicas caps it next). getReadyPodsCount ignores a Running pod
 * without a Ready condition. */
static void test_v2_object_external_edges(void **s) {
    (void)s;
    hpa_replica_params_t p = params_for(0, 0);
    assert_int_equal(hpa_math_per_pod_replicas(0, 8600, 2150, &p), 4);
    assert_int_equal(hpa_math_value_replicas(0, 0, 20000, 15000, &p), 2);
    assert_int_equal(hpa_math_value_replicas(3, 3, INT64_MAX / 2, 1, &p), INT_MAX);
    hpa_pod_sample_t pods[2];
    steady_pods(pods, 2, 50);
    pods[1].has_ready_condition = false;
    assert_int_equal(hpa_math_ready_pods(pods, 2), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_condition_and_error_texts),
        cmocka_unit_test(test_vectors_all_hpa_rules_covered),
        cmocka_unit_test(test_vectors_replica_calculator),
        cmocka_unit_test(test_vectors_group_pods),
        cmocka_unit_test(test_vectors_stabilize_legacy),
        cmocka_unit_test(test_vectors_convert_with_rules),
        cmocka_unit_test(test_vectors_stabilize_behavior),
        cmocka_unit_test(test_vectors_behavior_rate),
        cmocka_unit_test(test_vectors_scale_up_limit),
        cmocka_unit_test(test_vectors_scale_down_limit),
        cmocka_unit_test(test_own_replica_rows),
        cmocka_unit_test(test_unready_pods_only_count_on_scale_up),
        cmocka_unit_test(test_explain_and_events),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_legacy_normalization_over_time),
        cmocka_unit_test(test_behavior_defaults_over_time),
        cmocka_unit_test(test_full_logs),
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_disabled_policy),
        cmocka_unit_test(test_v2_pods_metric_rows),
        cmocka_unit_test(test_v2_cpu_average_value_keeps_readiness_rules),
        cmocka_unit_test(test_v2_object_external_rows),
        cmocka_unit_test(test_v2_plain_missing_metrics),
        cmocka_unit_test(test_v2_object_external_edges),
    };
    return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
