/* deployment: end-to-end properties of the Deployment controller, read from replicasets.csv
 * and pods.csv as a user would: a grid of (replicas, maxSurge, maxUnavailable) RollingUpdates,
 * Recreate's "never old and new together", a rollback mid-rollout, and the Progressing
 * condition's life (timed out, progressing again, timed out again, complete). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rollout_math.h"
#include "sim.h"
#include "sim_run_util.h"

typedef struct {
    double t;
    int revision, desired, current, ready, available;
    char version[16];
} rs_row_t;

static char tmpdir[64];

static void run_to_dir(const char *json) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "grid.json", NULL, 0, &sc, &d) != 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fail_msg("scenario did not load");
    }
    sim_options_t o = {
        .seed = 0, .outdir = tmpdir, .history_events = 100, .placement = SIM_PLACE_DEFAULT};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run(s), 0);
    sim_destroy(s);
    scenario_free(sc);
    diag_free(&d);
}

static int read_rs(rs_row_t *rows, int max) {
    char path[128];
    snprintf(path, sizeof path, "%s/replicasets.csv", tmpdir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int n = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (n < max && fgets(line, sizeof line, f)) {
        rs_row_t *r = &rows[n];
        char svc[64];
        if (sscanf(line, "%lf,%63[^,],%d,%15[^,],%d,%d,%d,%d", &r->t, svc, &r->revision, r->version,
                   &r->desired, &r->current, &r->ready, &r->available) == 8)
            n++;
    }
    fclose(f);
    return n;
}

/* Replays replicasets.csv instant by instant and checks the RollingUpdate bounds. */
static void check_rolling(int replicas, const char *surge_s, const char *unavail_s) {
    int_or_pct_t ms = {true, false, 0}, mu = {true, false, 0};
    if (surge_s[0] == '"') {
        char buf[16];
        snprintf(buf, sizeof buf, "%.*s", (int)strlen(surge_s) - 2, surge_s + 1);
        assert_int_equal(rollout_parse_int_or_pct(buf, &ms), 0);
    } else {
        ms.value = atoi(surge_s);
    }
    if (unavail_s[0] == '"') {
        char buf[16];
        snprintf(buf, sizeof buf, "%.*s", (int)strlen(unavail_s) - 2, unavail_s + 1);
        assert_int_equal(rollout_parse_int_or_pct(buf, &mu), 0);
    } else {
        mu.value = atoi(unavail_s);
    }
    int surge, unavail;
    assert_int_equal(rollout_resolve_fenceposts(ms, mu, replicas, &surge, &unavail), 0);
    enum { MAXROWS = 20000 };
    rs_row_t *rows = calloc(MAXROWS, sizeof *rows);
    int n = read_rs(rows, MAXROWS);
    int desired[8] = {0}, avail[8] = {0}, ready[8] = {0};
    for (int i = 0; i < n; i++) {
        rs_row_t *r = &rows[i];
        assert_true(r->revision >= 1 && r->revision < 8);
        desired[r->revision] = r->desired;
        avail[r->revision] = r->available;
        ready[r->revision] = r->ready;
        if (i + 1 < n && rows[i + 1].t == r->t) continue; /* the end of an instant */
        int total = 0, available = 0;
        for (int k = 1; k < 8; k++) {
            total += desired[k];
            available += avail[k];
        }
        if (total > replicas + surge)
            fail_msg("R=%d surge %s: %d desired at %.3f s > %d", replicas, surge_s, total, r->t,
                     replicas + surge);
        if (r->t > 0 && available < replicas - unavail)
            fail_msg("R=%d unavail %s: %d available at %.3f s < %d", replicas, unavail_s, available,
                     r->t, replicas - unavail);
    }
    assert_int_equal(desired[2], replicas);
    assert_int_equal(ready[2], replicas);
    assert_int_equal(desired[1], 0);
    free(rows);
    /* The first scale-up of the new ReplicaSet, from events.csv (several syncs can share one
     * instant, so replicasets.csv shows only where the instant ended). Kubernetes: with a
     * surge the new ReplicaSet grows first, by min(maxSurge, replicas); without one the old
     * ReplicaSet first gives up maxUnavailable pods, which the new one then takes. */
    char path[128], line[512];
    snprintf(path, sizeof path, "%s/events.csv", tmpdir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int first = -1;
    while (first < 0 && fgets(line, sizeof line, f)) {
        const char *m = strstr(line, "Scaled up replica set ");
        if (m && strstr(line, ",ScalingReplicaSet,")) {
            const char *from = strstr(m, " from 0 to ");
            if (from) first = atoi(from + strlen(" from 0 to "));
        }
    }
    fclose(f);
    int want = surge > 0 ? (surge < replicas ? surge : replicas)
                         : (unavail < replicas ? unavail : replicas);
    if (first != want)
        fail_msg("R=%d surge %s unavail %s: first scale-up to %d, Kubernetes gives %d", replicas,
                 surge_s, unavail_s, first, want);
}

static void test_rolling_grid(void **state) {
    (void)state;
    const int reps[] = {1, 2, 3, 5, 10};
    /* JSON values: integers bare, percentages quoted */
    const char *surges[] = {"0", "1", "\"25%\"", "\"50%\"", "\"100%\""};
    const char *unavails[] = {"0", "1", "\"25%\"", "\"50%\""};
    int cases = 0;
    for (size_t a = 0; a < sizeof reps / sizeof *reps; a++)
        for (size_t b = 0; b < sizeof surges / sizeof *surges; b++)
            for (size_t c = 0; c < sizeof unavails / sizeof *unavails; c++) {
                if (strcmp(surges[b], "0") == 0 && strcmp(unavails[c], "0") == 0)
                    continue; /* invalid */
                char json[2048];
                snprintf(json, sizeof json,
                         "{\"name\": \"grid\", \"seed\": %d, \"duration\": \"4m\", \"metrics\": "
                         "{\"interval\": \"10s\"},"
                         " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 4, \"cpu\": "
                         "\"16\", \"memory\": \"32Gi\"}]},"
                         " \"services\": [{\"name\": \"web\", \"replicas\": %d, "
                         "\"readinessProbe\": {\"periodSeconds\": 2},"
                         " \"startup\": {\"dist\": \"uniform\", \"min\": \"2s\", \"max\": \"9s\"}, "
                         "\"versions\": {\"v2\": {}},"
                         " \"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": "
                         "{\"maxSurge\": %s, \"maxUnavailable\": %s}},"
                         " \"traffic\": {\"rps\": 20}}],"
                         " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": "
                         "\"web\", \"version\": \"v2\"}]}",
                         cases + 1, reps[a], surges[b], unavails[c]);
                run_to_dir(json);
                check_rolling(reps[a], surges[b], unavails[c]);
                cases++;
            }
    print_message("%d RollingUpdate combinations checked\n", cases);
    assert_true(cases >= 30);
}

/* Recreate: no instant with an old and a new pod both running; downtime under traffic. */
static void test_recreate_never_together(void **state) {
    (void)state;
    run_to_dir(
        "{\"name\": \"recreate\", \"duration\": \"2m\","
        " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 3}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 4, \"readinessProbe\": "
        "{\"periodSeconds\": 2},"
        " \"terminationGracePeriodSeconds\": 5, \"preStop\": \"3s\", \"versions\": {\"v2\": {}},"
        " \"strategy\": {\"type\": \"Recreate\"}, \"traffic\": {\"rps\": 100}}],"
        " \"events\": [{\"at\": \"20s\", \"action\": \"deploy\", \"service\": \"web\", "
        "\"version\": \"v2\"}]}");
    char path[128];
    snprintf(path, sizeof path, "%s/pods.csv", tmpdir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int alive[3] = {0}; /* per version index (v1 = 1, v2 = 2): pods not yet Deleted */
    char names[64][64];
    int vers[64], gone[64], npods = 0;
    bool overlap = false;
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        double t;
        char pod[64], svc[32], ver[16], node[32], ip[32], st[32];
        /* node and ip may be empty: parse field by field */
        char *fld[7];
        int k = 0;
        for (char *p = line; k < 7; k++) {
            fld[k] = p;
            char *c = strpbrk(p, ",\n");
            if (!c) break;
            *c = 0;
            p = c + 1;
        }
        t = atof(fld[0]);
        snprintf(pod, sizeof pod, "%s", fld[1]);
        snprintf(svc, sizeof svc, "%s", fld[2]);
        snprintf(ver, sizeof ver, "%s", fld[3]);
        snprintf(node, sizeof node, "%s", fld[4]);
        snprintf(ip, sizeof ip, "%s", fld[5]);
        snprintf(st, sizeof st, "%s", fld[6]);
        (void)t;
        int idx = -1;
        for (int i = 0; i < npods; i++)
            if (strcmp(names[i], pod) == 0) idx = i;
        if (idx < 0) {
            assert_true(npods < 64);
            idx = npods++;
            snprintf(names[idx], sizeof names[idx], "%s", pod);
            vers[idx] = ver[1] - '0';
            gone[idx] = 0;
            alive[vers[idx]]++;
        }
        if (strcmp(st, "Deleted") == 0 && gone[idx] == 0) {
            gone[idx] = 1;
            alive[vers[idx]]--;
        }
        if (alive[1] > 0 && alive[2] > 0) overlap = true;
    }
    fclose(f);
    assert_false(overlap);
    snprintf(path, sizeof path, "%s/summary.csv", tmpdir);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    /* requests,served,failed are fields 4-6; downtime_s is field 11 */
    char *fld[16];
    int k = 0;
    for (char *p = strtok(line, ","); p && k < 16; p = strtok(NULL, ","))
        fld[k++] = p;
    assert_true(k >= 11);
    assert_true(atoi(fld[5]) > 0);  /* failed */
    assert_true(atof(fld[10]) > 0); /* downtime */
}

/* rollback mid-rollout: back to v1 within the same maxSurge/maxUnavailable bounds. */
static void test_rollback_mid_rollout(void **state) {
    (void)state;
    run_to_dir("{\"name\": \"rollback\", \"duration\": \"3m\","
               " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 4, \"cpu\": \"16\", "
               "\"memory\": \"32Gi\"}]},"
               " \"services\": [{\"name\": \"web\", \"replicas\": 8, \"readinessProbe\": "
               "{\"periodSeconds\": 2},"
               " \"startup\": \"20s\", \"versions\": {\"v2\": {}},"
               " \"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": "
               "\"25%\", \"maxUnavailable\": \"25%\"}},"
               " \"traffic\": {\"rps\": 50}}],"
               " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\", "
               "\"version\": \"v2\"},"
               "            {\"at\": \"25s\", \"action\": \"rollback\", \"service\": \"web\"}]}");
    /* the v1 ReplicaSet becomes revision 3: rows carry revisions 1, 2, 3 */
    enum { MAXROWS = 2000 };
    rs_row_t *rows = calloc(MAXROWS, sizeof *rows);
    int n = read_rs(rows, MAXROWS);
    int last_v1 = -1, last_v2 = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(rows[i].version, "v1") == 0)
            last_v1 = i;
        else
            last_v2 = i;
    }
    assert_true(last_v1 >= 0 && last_v2 >= 0);
    assert_int_equal(rows[last_v1].desired, 8);
    assert_int_equal(rows[last_v1].ready, 8);
    assert_int_equal(rows[last_v1].revision, 3);
    assert_int_equal(rows[last_v2].desired, 0);
    free(rows);
    /* the same bounds as any rollout: reuse the grid's replay on revisions 1..3 */
    rows = calloc(MAXROWS, sizeof *rows);
    n = read_rs(rows, MAXROWS);
    int desired[2] = {0}, avail[2] = {0};
    for (int i = 0; i < n; i++) {
        int k = strcmp(rows[i].version, "v1") == 0 ? 0 : 1;
        desired[k] = rows[i].desired;
        avail[k] = rows[i].available;
        if (i + 1 < n && rows[i + 1].t == rows[i].t) continue;
        assert_true(desired[0] + desired[1] <= 8 + 2);
        if (rows[i].t > 0) assert_true(avail[0] + avail[1] >= 8 - 2);
    }
    free(rows);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/deploysim-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The Progressing condition re-arms (k8s pkg/controller/deployment/progress.go
 * syncRolloutStatus; test/integration/deployment/deployment_test.go TestFailedDeployment:
 * ProgressDeadlineExceeded while the new pods are not ready, then NewReplicaSetAvailable once
 * they are). Each v2 pod takes 45 s to start, progressDeadlineSeconds is 20, maxSurge 1 and
 * maxUnavailable 0 on 2 replicas: the rollout stalls twice. After the first timeout, the first
 * new pod becoming ready is progress: Progressing=True (ReplicaSetUpdated) with a new
 * lastUpdateTime, so the second stall times out again 20 s (+ the 1 s requeue, on whole
 * seconds) after it; the rollout's completion is NewReplicaSetAvailable. */
static void test_progress_deadline_rearms(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"pd\", \"duration\": \"3m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": \"8\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"startup\": \"2s\","
        " \"readinessProbe\": {\"initialDelaySeconds\": 0, \"periodSeconds\": 1},"
        " \"progressDeadlineSeconds\": 20, \"versions\": {\"v2\": {\"startup\": \"45s\"}},"
        " \"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": 1,"
        " \"maxUnavailable\": 0}}, \"traffic\": {\"rps\": 50}}],"
        " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\","
        " \"version\": \"v2\"}]}");
    sim_event_view_t e[5];
    int i0 = event_find(r.s, 0, "ProgressDeadlineExceeded", "Deployment/web", "timed out", &e[0]);
    int i1 =
        event_find(r.s, i0 + 1, "ReplicaSetUpdated", "Deployment/web", "is progressing.", &e[1]);
    int i2 = event_find(r.s, i1 + 1, "ProgressDeadlineExceeded", "Deployment/web", NULL, &e[2]);
    int i3 = event_find(r.s, i2 + 1, "NewReplicaSetAvailable", "Deployment/web",
                        "has successfully progressed.", &e[3]);
    assert_true(i0 >= 0 && i1 > i0 && i2 > i1 && i3 > i2);
    for (int k = 0; k < 4; k++)
        assert_string_equal(e[k].type, "Condition");
    assert_near(secs(e[0].time), 31, 1e-9); /* the scale-up at 10 s + 20 s + 1 s */
    /* the first v2 pod ready at 10 + 1 (container) + 45 s, at its next probe */
    assert_true(secs(e[1].time) >= 56 && secs(e[1].time) < 57);
    assert_near(secs(e[2].time), floor(secs(e[1].time)) + 21, 1e-9);
    assert_true(secs(e[3].time) > secs(e[2].time) + 20); /* the second pod: 45 s later */
    assert_int_equal(event_count(r.s, "ProgressDeadlineExceeded", NULL, NULL), 2);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_string_equal(v.status, "Complete");
    run_free(&r);
}

/* kubectl rollout restart (kubectl polymorphichelpers/objectrestarter.go: the pod template
 * gets the annotation kubectl.kubernetes.io/restartedAt): a new template, so a new
 * ReplicaSet (revision 2, another pod-template hash) of the same version, rolled out by the
 * RollingUpdate rules (maxSurge 1, maxUnavailable 0 on 4 replicas: never more than 5 pods,
 * never fewer than 4 available). A rollback restores revision 1's template without the
 * annotation: its ReplicaSet again (revision 3). */
static void test_rollout_restart_deployment(void **state) {
    (void)state;
    run_t r = run_create(
        "{\"name\": \"restart\", \"duration\": \"2m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": \"8\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 4, \"startup\": \"4s\","
        " \"readinessProbe\": {\"periodSeconds\": 1},"
        " \"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": 1,"
        " \"maxUnavailable\": 0}}, \"traffic\": {\"rps\": 100}}],"
        " \"events\": [{\"at\": \"20s\", \"action\": \"restart\", \"service\": \"web\"},"
        " {\"at\": \"80s\", \"action\": \"rollback\", \"service\": \"web\"}]}",
        NULL);
    /* revision 1's ReplicaSet: its pods are SERVICE-HASH-XXXXX */
    uint32_t id;
    sim_pod_view_t pv;
    assert_int_equal(sim_node_pods(r.s, 0, &id, 1), 1);
    assert_true(sim_pod_view(r.s, id, &pv));
    char rs1[64];
    snprintf(rs1, sizeof rs1, "%.*s", (int)strlen(pv.name) - 6, pv.name);
    assert_int_equal(sim_run(r.s), 0);
    sim_event_view_t up = {0};
    int i = event_find(r.s, 0, "ScalingReplicaSet", "Deployment/web", "from 0 to 1", &up);
    assert_true(i >= 0);
    assert_near(secs(up.time), 20, 1e-9);
    assert_null(strstr(up.message, rs1)); /* another ReplicaSet than revision 1's */
    sim_decision_view_t d = {0};
    assert_true(decision_find(r.s, 0, "deployment", "restart", "revision 2", &d) >= 0);
    assert_non_null(strstr(d.explanation, "still v1"));
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    for (int k = 0; k < n; k++) {
        assert_true(rows[k].available >= 4);
        assert_true(rows[k].total_pods <= 5 + 1); /* + a pod still terminating */
    }
    /* the rollback scales revision 1's ReplicaSet (by name) up again */
    char scaled[128];
    snprintf(scaled, sizeof scaled, "Scaled up replica set %s from 0 to 1", rs1);
    assert_true(event_find(r.s, 0, "ScalingReplicaSet", "Deployment/web", scaled, NULL) >= 0);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_string_equal(v.status, "Complete");
    run_free(&r);
    /* kubectl: "can't restart paused deployment (run rollout resume first)" */
    r = run_create("{\"name\": \"paused\", \"duration\": \"30s\", \"metrics\": {\"pods\": false},"
                   " \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
                   " \"services\": [{\"name\": \"web\", \"replicas\": 2}]}",
                   NULL);
    assert_int_equal(sim_run_until(r.s, 5 * SIM_SEC), 0);
    char err[256];
    action_t pause = {.action = ACTION_PAUSE, .service = 0};
    action_t restart = {.action = ACTION_RESTART, .service = 0};
    assert_int_equal(sim_inject(r.s, &pause, err, sizeof err), 0);
    assert_int_equal(sim_inject(r.s, &restart, err, sizeof err), -1);
    assert_non_null(strstr(err, "can't restart paused deployment"));
    run_free(&r);
}

/* kubectl patch on a running Deployment (the example): mid-rollout, maxSurge 3 -> 6
 * and replicas 10 -> 50 in one patch. The Deployment scales proportionally to 50 + 6 = 56
 * (k8s pkg/controller/deployment/sync.go scale(), sync_test.go TestScale "change both surge
 * and size"): v1 10 x 56 / 13 = 43.1 -> 43, v2 3 x 56 / 13 = 12.9 -> 13; no new revision. */
static void test_patch_surge_and_size(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"patch\", \"duration\": \"4m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 8, \"cpu\": \"8\","
        " \"memory\": \"32Gi\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 10, \"resources\": {\"cpu\": \"100m\","
        " \"memory\": \"64Mi\"}, \"startup\": \"20s\", \"readinessProbe\": {\"periodSeconds\": 1},"
        " \"versions\": {\"v2\": {}}, \"strategy\": {\"type\": \"RollingUpdate\","
        " \"rollingUpdate\": {\"maxSurge\": 3, \"maxUnavailable\": 0}}, \"traffic\": {\"rps\": "
        "100}}],"
        " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\", "
        "\"version\": \"v2\"},"
        " {\"at\": \"15s\", \"action\": \"patch\", \"service\": \"web\", \"spec\": {\"strategy\":"
        " {\"rollingUpdate\": {\"maxSurge\": 6}}, \"minReadySeconds\": 1, \"replicas\": 50}}]}");
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "ScalingReplicaSet", "Deployment/web", "from 10 to 43", &e) >=
                0);
    assert_near(secs(e.time), 15, 1e-9);
    assert_true(event_find(r.s, 0, "ScalingReplicaSet", "Deployment/web", "from 3 to 13", &e) >= 0);
    assert_near(secs(e.time), 15, 1e-9);
    assert_true(decision_find(r.s, 0, "deployment", "patch", "\"maxSurge\":6", NULL) >= 0);
    assert_true(decision_find(r.s, 0, "deployment", "new revision", "revision 3", NULL) < 0);
    /* the rollout completes at 50 with the new surge: at most 56 pods asked for */
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_string_equal(v.status, "Complete");
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    assert_int_equal(rows[n - 1].ready, 50);
    for (int k = 0; k < n; k++)
        assert_true(rows[k].time < 15 * SIM_SEC || rows[k].desired == 50);
    run_free(&r);
}

/* Actions that cannot apply are refused and change nothing, as kubectl refuses them:
 * `kubectl rollout undo` with no earlier revision (staging/src/k8s.io/kubectl/pkg/
 * polymorphichelpers/rollback.go finds no history), a template that is already the current
 * one (no new revision), a negative scale (the API server's validation of spec.replicas),
 * `kubectl delete pod` of a pod that does not exist or is already terminating, and anything
 * after the run has finished. */
static void test_refused_actions(void **state) {
    (void)state;
    run_t r = run_create("{\"name\": \"refused\", \"duration\": \"60s\","
                         " \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
                         " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                         "   \"versions\": {\"v1\": {}, \"v2\": {}}},"
                         "  {\"name\": \"idle\", \"replicas\": 0}]}",
                         NULL);
    assert_int_equal(sim_run_until(r.s, 10 * SIM_SEC), 0);
    char err[256];
    action_t a = {.action = ACTION_DEPLOY, .service = 0, .version = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "web already runs v1");
    a = (action_t){.action = ACTION_ROLLBACK, .service = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "web has no previous revision to roll back to");
    a = (action_t){.action = ACTION_SCALE, .service = 0, .replicas = -1};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "replicas must be >= 0");
    a = (action_t){.action = ACTION_PATCH, .service = 0, .replicas = -1};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "patch: no merged spec (a patch comes from a scenario)");
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.replicas, 2);
    assert_int_equal(v.version_count, 1);

    a = (action_t){.action = ACTION_KILL_POD, .service = 0, .pod = "web-nope"};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "no pod named web-nope");
    a = (action_t){.action = ACTION_KILL_POD, .service = 1};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "idle has no pod to kill");
    /* a pod killed by name terminates for its grace period: killing it again is refused */
    uint32_t ids[4];
    assert_int_equal(sim_node_pods(r.s, 0, ids, 4), 2);
    sim_pod_view_t p;
    assert_true(sim_pod_view(r.s, ids[0], &p));
    char name[64];
    snprintf(name, sizeof name, "%s", p.name);
    a = (action_t){.action = ACTION_KILL_POD, .service = 0, .pod = name};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    char want[128];
    snprintf(want, sizeof want, "pod %s is already terminating", name);
    assert_string_equal(err, want);

    assert_int_equal(sim_finish(r.s), 0);
    a = (action_t){.action = ACTION_SCALE, .service = 0, .replicas = 3};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "the run has finished");
    run_free(&r);
}

/* k8s pkg/controller/deployment/sync.go cleanupDeployment: once a rollout is complete, old
 * ReplicaSets without pods beyond spec.revisionHistoryLimit are deleted, the oldest revision
 * first; `kubectl rollout undo` can only go back to one that is left
 * (polymorphichelpers/rollback.go), and with a limit of 0 there is none. */
static void test_revision_history_limit(void **state) {
    (void)state;
    for (int limit = 0; limit <= 1; limit++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"history\", \"duration\": \"5m\", \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"startup\": \"1s\","
                 " \"revisionHistoryLimit\": %d,"
                 " \"versions\": {\"v1\": {}, \"v2\": {}, \"v3\": {}}}],"
                 " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\","
                 " \"version\": \"v2\"}, {\"at\": \"60s\", \"action\": \"deploy\","
                 " \"service\": \"web\", \"version\": \"v3\"}]}",
                 limit);
        run_t r = run_create(json, NULL);
        assert_int_equal(sim_run_until(r.s, 120 * SIM_SEC), 0);
        /* v3 (revision 3) and at most `limit` old ReplicaSets: v2 kept, v1 deleted first */
        int alive = 0;
        for (int k = 0; k < sim_replicaset_count(r.s, 0); k++) {
            sim_replicaset_view_t v;
            if (sim_replicaset_view(r.s, 0, k, &v)) alive++;
        }
        assert_int_equal(alive, 1 + limit);
        int cleanups = 0;
        for (int i = decision_find(r.s, 0, "deployment", "history cleanup", NULL, NULL); i >= 0;
             i = decision_find(r.s, i + 1, "deployment", "history cleanup", NULL, NULL))
            cleanups++;
        assert_int_equal(cleanups, 2 - limit); /* limit 0: v1 then v2; limit 1: v1 */
        char err[256];
        action_t a = {.action = ACTION_ROLLBACK, .service = 0};
        if (limit == 0) {
            assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
            assert_string_equal(err, "web has no previous revision to roll back to");
        } else {
            assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
            assert_int_equal(sim_run_until(r.s, 180 * SIM_SEC), 0);
            sim_service_view_t sv;
            assert_true(sim_service_view(r.s, 0, &sv));
            assert_int_equal(sv.version_count, 1);
            assert_string_equal(sv.versions[0].name, "v2"); /* revision 2, now revision 4 */
        }
        run_free(&r);
    }
}

/* Reads the whole replicasets.csv of the last run_to_dir into a malloc'd string. */
static char *slurp_rs(void) {
    char path[128];
    snprintf(path, sizeof path, "%s/replicasets.csv", tmpdir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

#define PATCH_BASE                                                                                 \
    "{\"name\": \"tpl\", \"duration\": \"2m\", \"seed\": 3,"                                       \
    " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 4}]},"                            \
    " \"services\": [{\"name\": \"web\", \"replicas\": 4, \"minReadySeconds\": 5,"                 \
    " \"traffic\": {\"rps\": 40}, \"strategy\": {\"type\": \"RollingUpdate\","                     \
    " \"rollingUpdate\": {\"maxSurge\": 1, \"maxUnavailable\": 0}}"

/* A patch of the pod template is a new revision exactly as a deploy of that template
 * (kubectl patch on spec.template: pkg/controller/deployment/sync.go getNewReplicaSet finds no
 * ReplicaSet with the new pod-template-hash and creates one with revision max + 1; the
 * RollingUpdate then proceeds as rolling.go rolloutRolling). The patched run's
 * replicasets.csv is byte-identical to a run that declares the same template as version v2
 * and deploys it at the same time: same hash, same revision, same steps. */
static void test_patch_template_is_a_deploy(void **state) {
    (void)state;
    run_to_dir(PATCH_BASE "}], \"events\": [{\"at\": \"10s\", \"action\": \"patch\", \"service\":"
                          " \"web\", \"spec\": {\"template\": {\"version\": \"v2\", \"resources\":"
                          " {\"cpu\": \"300m\"}}}}]}");
    char *patched = slurp_rs();
    rs_row_t rows[64];
    int n = read_rs(rows, 64);
    int last2 = -1;
    for (int i = 0; i < n; i++)
        if (rows[i].revision == 2) last2 = i;
    assert_true(last2 > 0);
    assert_string_equal(rows[last2].version, "v2");
    assert_int_equal(rows[last2].available, 4);
    assert_int_equal(rows[n - 1].desired, 0); /* the old ReplicaSet, scaled to 0 last */
    run_to_dir(PATCH_BASE ", \"versions\": {\"v2\": {\"resources\": {\"cpu\": \"300m\"}}}}],"
                          " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\":"
                          " \"web\", \"version\": \"v2\"}]}");
    char *deployed = slurp_rs();
    assert_string_equal(patched, deployed);
    free(patched);
    free(deployed);
}

/* The first available time of revision 2's first pod in the last run. */
static double first_available(void) {
    rs_row_t rows[64];
    int n = read_rs(rows, 64);
    for (int i = 0; i < n; i++)
        if (rows[i].revision == 2 && rows[i].available > 0) return rows[i].t;
    return -1;
}

/* A patched minReadySeconds is the one availability is judged by (k8s
 * pkg/controller/deployment/util/deployment_util.go IsPodAvailable: Ready for minReadySeconds;
 * sync.go getNewReplicaSet copies the Deployment's minReadySeconds onto the new ReplicaSet).
 * The deploy at 10 s makes the first v2 pod Ready at 11 s; with minReadySeconds 5 it counts
 * as available at 11 + 5 + 1 = 17 s (the model's one-second resync). Raised to 30 at 12 s it
 * becomes available at 11 + 30 + 1 = 42 s; lowered to 2 at 13 s, at 11 + 2 + 1 = 14 s. */
static void test_patch_min_ready_live(void **state) {
    (void)state;
    const char *deploy = "}], \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\":"
                         " \"web\", \"version\": \"v2\"}";
    char json[2048];
    snprintf(json, sizeof json, PATCH_BASE ", \"versions\": {\"v2\": {}}%s]}", deploy);
    run_to_dir(json);
    assert_near(first_available(), 17, 1e-9);
    snprintf(json, sizeof json,
             PATCH_BASE ", \"versions\": {\"v2\": {}}%s, {\"at\": \"12s\", \"action\": \"patch\","
                        " \"service\": \"web\", \"spec\": {\"minReadySeconds\": 30}}]}",
             deploy);
    run_to_dir(json);
    assert_near(first_available(), 42, 1e-9);
    snprintf(json, sizeof json,
             PATCH_BASE ", \"versions\": {\"v2\": {}}%s, {\"at\": \"13s\", \"action\": \"patch\","
                        " \"service\": \"web\", \"spec\": {\"minReadySeconds\": 2}}]}",
             deploy);
    run_to_dir(json);
    assert_near(first_available(), 14, 1e-9);
}

/* kubectl rollout undo goes to the highest revision below the current one
 * (polymorphichelpers/rollback.go, deploymentutil.Revision), not to the ReplicaSet created
 * last: v2 (revision 2), back to v1 (its ReplicaSet reused as revision 3), v3 (revision 4);
 * undo brings v1 back, as revision 5. */
static void test_rollback_highest_revision(void **state) {
    (void)state;
    run_t r = run_create(
        "{\"name\": \"undo\", \"duration\": \"5m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"startup\": \"1s\","
        " \"versions\": {\"v1\": {}, \"v2\": {}, \"v3\": {}}}],"
        " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\","
        " \"version\": \"v2\"}, {\"at\": \"40s\", \"action\": \"deploy\", \"service\": \"web\","
        " \"version\": \"v1\"}, {\"at\": \"70s\", \"action\": \"deploy\","
        " \"service\": \"web\", \"version\": \"v3\"}]}",
        NULL);
    assert_int_equal(sim_run_until(r.s, 100 * SIM_SEC), 0);
    char err[256];
    action_t a = {.action = ACTION_ROLLBACK, .service = 0};
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    assert_true(decision_find(r.s, 0, "deployment", "rollback", "revision 3 (v1)", NULL) >= 0);
    assert_int_equal(sim_run_until(r.s, 160 * SIM_SEC), 0);
    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.version_count, 1);
    assert_string_equal(sv.versions[0].name, "v1");
    run_free(&r);
}

/* k8s pkg/controller/deployment/progress.go: a paused Deployment has no progress deadline
 * (syncRolloutStatus skips the estimate while spec.paused), and resuming it resets the
 * Progressing condition (DeploymentResumed, lastUpdateTime = now), so the deadline counts
 * from the resume. v2 never becomes Ready; progressDeadlineSeconds 10; deploy at 5 s, pause at
 * 8 s (its deadline check still pending), resume at 40 s: ProgressDeadlineExceeded comes at
 * 40 + 10 + 1 s (requeueStuckDeployment: one second after the deadline), not near 16 s. */
static void test_pause_cancels_pending_deadline(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"pd\", \"duration\": \"70s\", \"metrics\": {\"pods\": false}, \"cluster\": "
        "{\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": \"web\", \"replicas\": "
        "1, \"progressDeadlineSeconds\": 10, \"readinessProbe\": {\"periodSeconds\": 1}, "
        "\"versions\": {\"v2\": {\"startup\": \"1h\"}}}], "
        "\"events\": [{\"at\": \"5s\", \"action\": \"deploy\", \"service\": \"web\", "
        "\"version\": \"v2\"}, {\"at\": \"8s\", \"action\": \"pause\", \"service\": \"web\"}, "
        "{\"at\": \"40s\", \"action\": \"resume\", \"service\": \"web\"}]}");
    sim_event_view_t e = {0};
    assert_int_equal(event_count(r.s, "ProgressDeadlineExceeded", NULL, NULL), 1);
    assert_true(event_find(r.s, 0, "ProgressDeadlineExceeded", "Deployment/web", NULL, &e) >= 0);
    assert_true(e.time == 51 * SIM_SEC);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_actions),
        cmocka_unit_test(test_rollback_highest_revision),
        cmocka_unit_test(test_rolling_grid),
        cmocka_unit_test(test_recreate_never_together),
        cmocka_unit_test(test_rollback_mid_rollout),
        cmocka_unit_test(test_progress_deadline_rearms),
        cmocka_unit_test(test_rollout_restart_deployment),
        cmocka_unit_test(test_patch_surge_and_size),
        cmocka_unit_test(test_revision_history_limit),
        cmocka_unit_test(test_patch_template_is_a_deploy),
        cmocka_unit_test(test_patch_min_ready_live),
        cmocka_unit_test(test_pause_cancels_pending_deadline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
