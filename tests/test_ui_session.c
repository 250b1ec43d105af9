/* ui session: a jump back in time re-simulates exactly (the same numbers as never jumping),
 * the user's actions are re-injected at their times, and --record writes a scenario that
 * `deploysim run` replays to the same result. Uses scenarios/rolling-update.json. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "ui.h"

#define SCENARIO "scenarios/rolling-update.json"

typedef struct {
    uint64_t requests, failed;
    int max_pods, samples, actions;
    double last_served;
} fingerprint_t;

static fingerprint_t fingerprint(const sim_t *s) {
    fingerprint_t f;
    memset(&f, 0, sizeof f);
    sim_summary_t sm;
    assert_true(sim_summary(s, 0, &sm));
    f.requests = sm.requests;
    f.failed = sm.failed;
    f.max_pods = sm.max_pods;
    const sim_sample_t *rows;
    f.samples = sim_samples(s, 0, &rows);
    if (f.samples > 0) f.last_served = rows[f.samples - 1].served_rps;
    f.actions = sim_action_count(s);
    return f;
}

static void assert_same(fingerprint_t a, fingerprint_t b) {
    assert_int_equal(a.requests, b.requests);
    assert_int_equal(a.failed, b.failed);
    assert_int_equal(a.max_pods, b.max_pods);
    assert_int_equal(a.samples, b.samples);
    assert_int_equal(a.actions, b.actions);
    assert_near(a.last_served, b.last_served, 0);
}

static action_t scale_to(int replicas) {
    action_t a;
    memset(&a, 0, sizeof a);
    a.action = ACTION_SCALE;
    a.service = 0;
    a.version = a.pool = a.node = -1;
    a.replicas = replicas;
    return a;
}

static void open_session(session_t *s) {
    diag_t d;
    diag_init(&d);
    int rc = session_open(s, SCENARIO, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    diag_free(&d);
    assert_int_equal(rc, 0);
}

static void seek(session_t *s, double seconds) {
    diag_t d;
    diag_init(&d);
    assert_int_equal(session_seek(s, (sim_time_t)(seconds * SIM_SEC), &d), 0);
    diag_free(&d);
}

static void test_jump_back_resimulates_exactly(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    seek(&s, 70);
    action_t a = scale_to(9);
    char err[256];
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    seek(&s, 150);
    fingerprint_t straight = fingerprint(s.sim);
    /* back to before the action, and forward again: the action is re-applied at 70 s */
    seek(&s, 30);
    assert_int_equal(sim_now(s.sim), 30 * SIM_SEC);
    seek(&s, 150);
    assert_same(straight, fingerprint(s.sim));
    /* the same through many small steps, as frames at 1000x would do */
    seek(&s, 0);
    for (double t = 0.25; t <= 150; t += 0.37)
        seek(&s, t);
    seek(&s, 150);
    assert_same(straight, fingerprint(s.sim));
    session_close(&s);
}

static void test_new_action_after_jump_drops_the_old_future(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    seek(&s, 100);
    action_t a = scale_to(9);
    char err[256];
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    seek(&s, 40);
    a = scale_to(4);
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    assert_int_equal(s.act_count, 1); /* the scale to 9 at 100 s belonged to the other timeline */
    seek(&s, 120);
    sim_service_view_t v;
    assert_true(sim_service_view(s.sim, 0, &v));
    assert_int_equal(v.replicas, 4);
    session_close(&s);
}

static void test_restart_forgets(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    seek(&s, 10);
    action_t a = scale_to(8);
    char err[256];
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    diag_t d;
    diag_init(&d);
    assert_int_equal(session_restart(&s, true, &d), 0);
    diag_free(&d);
    assert_int_equal(s.act_count, 0);
    assert_int_equal(sim_now(s.sim), 0);
    session_close(&s);
}

static void test_record_replays(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    char err[256];
    seek(&s, 75);
    action_t a = scale_to(8);
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    seek(&s, 95);
    /* a pod killed by name, as a click does */
    sim_node_view_t nv;
    assert_true(sim_node_view(s.sim, 0, &nv));
    uint32_t ids[64];
    int n = sim_node_pods(s.sim, 0, ids, 64);
    assert_true(n > 0);
    sim_pod_view_t pv;
    assert_true(sim_pod_view(s.sim, ids[0], &pv));
    action_t kill;
    char name[128];
    snprintf(name, sizeof name, "%s", pv.name);
    memset(&kill, 0, sizeof kill);
    kill.action = ACTION_KILL_POD;
    kill.service = pv.service;
    kill.version = kill.pool = kill.node = -1;
    kill.pod = name;
    assert_int_equal(session_inject(&s, &kill, err, sizeof err), 0);
    seek(&s, 200);
    char path[] = "/tmp/deploysim-record-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    /* write it before the end: the scenario's later events must still be there */
    assert_int_equal(session_write_record(&s, path, err, sizeof err), 0);

    scenario_t *sc = NULL;
    diag_t d;
    diag_init(&d);
    int rc = scenario_load_file(path, NULL, 0, &sc, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    diag_free(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(sc->event_count, 3); /* deploy at 1m (the scenario's), scale, killPod */
    assert_int_equal(sc->events[0].action, ACTION_DEPLOY);
    assert_int_equal(sc->events[1].action, ACTION_SCALE);
    assert_int_equal(sc->events[1].at, 75 * SIM_SEC);
    assert_int_equal(sc->events[2].action, ACTION_KILL_POD);
    assert_string_equal(sc->events[2].pod, name);

    sim_options_t opt = {.seed = sc->seed, .outdir = NULL, .history_events = 500};
    diag_init(&d);
    sim_t *replay = sim_create(sc, &opt, &d);
    diag_free(&d);
    assert_non_null(replay);
    sim_run_until(replay, 200 * SIM_SEC);
    fingerprint_t a1 = fingerprint(s.sim), a2 = fingerprint(replay);
    assert_same(a1, a2);
    sim_destroy(replay);
    scenario_free(sc);
    unlink(path);
    session_close(&s);
}

static void test_pane_snapshot_and_hit(void **state) {
    (void)state;
    pane_t p;
    diag_t d;
    diag_init(&d);
    assert_int_equal(pane_init(&p, SCENARIO, 'A', &d), 0);
    diag_free(&d);
    seek(&p.ses, 30);
    pane_snapshot(&p);
    assert_int_equal(p.node_count, 3);
    assert_int_equal(p.card_count, 3);
    int total = 0;
    for (int i = 0; i < p.node_count; i++)
        total += p.node_pods[i];
    assert_int_equal(total + p.pending_count, p.pod_count);
    assert_int_equal(total, 6);
    /* the grid the renderer would compute, then a click on the first tile of the first card */
    layout_node_grid((ui_rect_t){0, 0, 1140, 560}, p.card_count, p.pods_hint, 18, 15, &p.grid);
    ui_rect_t c = layout_card_rect(&p.grid, 0);
    ui_rect_t t = layout_tile_rect(&p.grid, c, 0);
    int node = -1, pod = -1;
    assert_int_equal(pane_hit(&p, t.x + 2, t.y + 2, &node, &pod), 2);
    assert_int_equal(pod, p.node_first[p.card_node[0]]);
    assert_int_equal(pane_hit(&p, c.x + 3, c.y + 3, &node, &pod), 1);
    assert_int_equal(node, p.card_node[0]);
    assert_int_equal(pane_hit(&p, 1139, 559, &node, &pod), 0);
    pane_free(&p);
}

int main(void) {
    if (access(SCENARIO, R_OK) != 0) {
        fprintf(stderr, "run from the repository root (%s not found)\n", SCENARIO);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jump_back_resimulates_exactly),
        cmocka_unit_test(test_new_action_after_jump_drops_the_old_future),
        cmocka_unit_test(test_restart_forgets),
        cmocka_unit_test(test_record_replays),
        cmocka_unit_test(test_pane_snapshot_and_hit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
