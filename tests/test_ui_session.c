/* ui session: a jump back in time re-simulates exactly (the same numbers as never jumping),
 * from the checkpoint before it, the user's actions are re-injected at their times, and --record
 * writes a scenario that `deploysim run` replays to the same result. Uses
 * scenarios/rolling-update.json. */
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

/* What the session shows at t, made the way it was before checkpoints: a new run from 0 with
 * the session's actions injected at their times. */
static sim_t *fresh_run_to(const session_t *s, double seconds) {
    diag_t d;
    diag_init(&d);
    sim_options_t o = {.seed = s->sc->seed, .outdir = NULL, .history_events = 4000};
    sim_t *r = sim_create(s->sc, &o, &d);
    assert_non_null(r);
    sim_time_t t = (sim_time_t)(seconds * SIM_SEC);
    char err[256];
    for (int i = 0; i < s->act_count && s->acts[i].at <= t; i++) {
        assert_int_equal(sim_run_until(r, s->acts[i].at), 0);
        assert_int_equal(sim_inject(r, &s->acts[i], err, sizeof err), 0);
    }
    assert_int_equal(sim_run_until(r, t), 0);
    diag_free(&d);
    return r;
}

static void assert_checkpoints_ordered(const session_t *s) {
    size_t bytes = 0;
    assert_true(s->cp_count >= 1);
    assert_int_equal(s->cps[0].at, 0);
    for (int i = 0; i < s->cp_count; i++) {
        assert_int_equal(s->cps[i].at % (SESSION_CHECKPOINT_EVERY * SIM_SEC), 0);
        assert_int_equal(sim_now(s->cps[i].sim), s->cps[i].at);
        if (i > 0) assert_true(s->cps[i].at > s->cps[i - 1].at);
        bytes += s->cps[i].bytes;
    }
    assert_int_equal(bytes, s->cp_bytes);
}

/* Playing takes a checkpoint every 30 s; a jump back starts from the latest one before the
 * target and shows what a new run from 0 shows, event for event; an action drops the
 * checkpoints of the future it changes, and forgetting the actions those that hold one. */
static void test_checkpoints(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    assert_int_equal(s.cp_count, 1); /* time 0, taken at open */
    seek(&s, 100);
    action_t a = scale_to(9);
    char err[256];
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    seek(&s, (double)sim_duration(s.sim) / SIM_SEC);
    assert_checkpoints_ordered(&s);
    int expect = (int)(sim_duration(s.sim) / (SESSION_CHECKPOINT_EVERY * SIM_SEC)) + 1;
    assert_int_equal(s.cp_count, expect);
    for (double t = 170; t >= 0; t -= 55) {
        seek(&s, t);
        sim_t *r = fresh_run_to(&s, t);
        assert_int_equal(sim_events_processed(s.sim), sim_events_processed(r));
        assert_same(fingerprint(r), fingerprint(s.sim));
        sim_destroy(r);
    }
    seek(&s, 45); /* a new action at 45 s: the checkpoints from 60 s on showed the old future */
    a = scale_to(3);
    assert_int_equal(session_inject(&s, &a, err, sizeof err), 0);
    assert_int_equal(s.cps[s.cp_count - 1].at, 30 * SIM_SEC);
    seek(&s, 200);
    assert_int_equal(s.cps[s.cp_count - 1].at, 180 * SIM_SEC);
    diag_t d;
    diag_init(&d);
    assert_int_equal(session_restart(&s, true, &d), 0);
    diag_free(&d);
    assert_int_equal(s.cp_count, 2); /* 0 and 30 s came before any action */
    assert_checkpoints_ordered(&s);
    session_close(&s);
}

/* Over the memory limit, the checkpoint whose neighbours are closest (in events and time) goes:
 * the rest stay spread over the run's work, and jumps are as exact as before. */
static void test_checkpoint_memory_limit(void **state) {
    (void)state;
    session_t s;
    open_session(&s);
    s.cp_limit = s.cps[0].bytes * 10; /* room for four of the later, larger ones */
    double end = (double)sim_duration(s.sim) / SIM_SEC;
    seek(&s, end);
    assert_true(s.cp_count >= 3 && s.cp_count < 11);
    assert_true(s.cp_bytes <= s.cp_limit);
    assert_checkpoints_ordered(&s);
    /* spread: no gap (the end of the run included) over half of the events or of the time */
    uint64_t total = sim_events_processed(s.sim);
    for (int i = 0; i < s.cp_count; i++) {
        uint64_t next = i + 1 < s.cp_count ? s.cps[i + 1].events : total;
        sim_time_t till = i + 1 < s.cp_count ? s.cps[i + 1].at : sim_duration(s.sim);
        assert_true(next - s.cps[i].events <= total / 2);
        assert_true(till - s.cps[i].at <= sim_duration(s.sim) / 2);
        assert_int_equal(s.cps[i].events, sim_events_processed(s.cps[i].sim));
    }
    seek(&s, end * 0.6);
    sim_t *r = fresh_run_to(&s, end * 0.6);
    assert_int_equal(sim_events_processed(s.sim), sim_events_processed(r));
    assert_same(fingerprint(r), fingerprint(s.sim));
    sim_destroy(r);
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
    /* each node's pods have room after them: the iterator lists every pod once, the
     * pending ones last, where pods[] ends */
    int listed = 0;
    pane_pod_it_t it;
    for (int k = pane_pods_begin(&p, &it); k >= 0; k = pane_pods_next(&p, &it))
        listed++;
    assert_int_equal(total + p.pending_count, listed);
    assert_int_equal(p.pending_first + p.pending_count, p.pod_count);
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

/* A pane of `file` at `seconds`, snapshot taken. */
static void open_pane(pane_t *p, const char *file, double seconds) {
    diag_t d;
    diag_init(&d);
    assert_int_equal(pane_init(p, file, 'A', &d), 0);
    diag_free(&d);
    seek(&p->ses, seconds);
    pane_snapshot(p);
}

/* The first mark of a kind, or NULL. */
static const ctl_mark_t *find_mark(const pane_t *p, mark_kind_t kind) {
    for (int i = 0; i < p->mark_count; i++)
        if (p->marks[i].kind == kind) return &p->marks[i];
    return NULL;
}

/* The controllers' key moments become chart markers, labelled in words. */
static void test_controller_marks(void **state) {
    (void)state;
    pane_t p;
    char label[128];
    /* the canary's analysis aborts the rollout at 1:00 */
    open_pane(&p, "scenarios/canary.json", 70);
    const ctl_mark_t *m = find_mark(&p, MARK_ABORT);
    assert_non_null(m);
    assert_int_equal(m->service, 0);
    assert_true(m->time >= 59 * SIM_SEC && m->time <= 61 * SIM_SEC);
    assert_true(mark_is_failure(m->kind));
    mark_label(m, 1, label, sizeof label);
    assert_string_equal(label, "abort");
    pane_free(&p);
    /* a node fails at 1:00: NotReady once (its pods' Warnings of the same reason are not
     * nodes), and 300 s after the taint its pods are evicted: one marker */
    open_pane(&p, "scenarios/node-failure.json", 420);
    int not_ready = 0, evict = 0;
    for (int i = 0; i < p.mark_count; i++) {
        not_ready += p.marks[i].kind == MARK_NOT_READY;
        evict += p.marks[i].kind == MARK_EVICT;
    }
    assert_int_equal(not_ready, 1);
    assert_int_equal(evict, 1);
    m = find_mark(&p, MARK_NOT_READY);
    assert_int_equal(m->service, -1); /* a node: on every chart */
    mark_label(m, 1, label, sizeof label);
    assert_string_equal(label, "workers-2 NotReady");
    m = find_mark(&p, MARK_EVICT);
    assert_true(m->to >= 1);
    mark_label(m, 1, label, sizeof label);
    assert_non_null(strstr(label, "evicted"));
    pane_free(&p);
    /* the HPA scales out, the cluster autoscaler adds nodes */
    open_pane(&p, "scenarios/autoscaling.json", 600);
    const ctl_mark_t *hpa[PANE_MAX_MARKS];
    int nh = 0;
    for (int i = 0; i < p.mark_count; i++)
        if (p.marks[i].kind == MARK_HPA) hpa[nh++] = &p.marks[i];
    assert_true(nh >= 2);
    for (int i = 0; i < nh; i++) {
        assert_true(hpa[i]->from != hpa[i]->to);
        if (i > 0) assert_int_equal(hpa[i]->from, hpa[i - 1]->to); /* a chain */
    }
    char want[64];
    snprintf(want, sizeof want, "HPA %d\xE2\x86\x92%d", hpa[0]->from, hpa[0]->to);
    mark_label(hpa[0], 1, label, sizeof label);
    assert_string_equal(label, want);
    /* marks merged into one marker: "HPA 3→9", from the first to the last */
    ctl_mark_t run[2] = {*hpa[0], *hpa[1]};
    snprintf(want, sizeof want, "HPA %d\xE2\x86\x92%d", hpa[0]->from, hpa[1]->to);
    mark_label(run, 2, label, sizeof label);
    assert_string_equal(label, want);
    m = find_mark(&p, MARK_NODES_UP);
    assert_non_null(m);
    assert_true(m->from >= 0 && m->to > m->from);
    /* two kinds merged: both named */
    ctl_mark_t mixed[2] = {*hpa[0], *m};
    mark_label(mixed, 2, label, sizeof label);
    assert_non_null(strstr(label, "HPA "));
    assert_non_null(strstr(label, "nodes "));
    for (int i = 1; i < p.mark_count; i++) /* in time order */
        assert_true(p.marks[i].time >= p.marks[i - 1].time);
    pane_free(&p);
    /* installing web v2 breaks api on the shared server */
    open_pane(&p, "scenarios/local-conflict.json", 70);
    m = find_mark(&p, MARK_CONFLICT);
    assert_non_null(m);
    mark_label(m, 1, label, sizeof label);
    assert_string_equal(label, "api conflict");
    pane_free(&p);
}

/* "The rollout was aborted" stays on screen: the Warning is pinned above the Normal events
 * that followed it (the stable's new pod starting, ten seconds of them). */
static void test_warnings_stay_visible(void **state) {
    (void)state;
    pane_t p;
    open_pane(&p, "scenarios/canary.json", 70);
    const sim_t *s = p.ses.sim;
    int n = sim_event_count(s);
    int aborted = -1;
    for (int i = 0; i < n; i++) {
        sim_event_view_t ev;
        if (sim_event_get(s, i, &ev) && strcmp(ev.reason, "RolloutAborted") == 0) aborted = i;
    }
    assert_true(aborted >= 0);
    assert_true(n - aborted > 7); /* seven lines of the latest events would not show it */
    for (int rows = 3; rows <= 12; rows++) {
        event_row_t r[EVENT_ROWS_MAX];
        int k = event_rows(s, rows, r);
        assert_true(k >= 1 && k <= rows);
        bool shown = false;
        int pinned = 0;
        for (int i = 0; i < k; i++) {
            sim_event_view_t ev;
            assert_true(sim_event_get(s, r[i].index, &ev));
            if (r[i].index == aborted) shown = true;
            if (r[i].pinned) {
                assert_true(event_is_warning(&ev));
                assert_int_equal(i, pinned); /* pinned rows come first */
                pinned++;
            }
            if (i > 0 && r[i - 1].pinned == r[i].pinned)
                assert_true(r[i].index > r[i - 1].index); /* each part oldest first */
        }
        if (!shown) fail_msg("%d rows: RolloutAborted is not shown", rows);
        /* the rest are the latest events, in order, up to the last */
        assert_int_equal(r[k - 1].index, n - 1);
    }
    pane_free(&p);
    /* pinned for a while, not for ever: at 7:00 the node failure of 1:00 is history */
    open_pane(&p, "scenarios/node-failure.json", 420);
    s = p.ses.sim;
    event_row_t r[EVENT_ROWS_MAX];
    int k = event_rows(s, 7, r);
    for (int i = 0; i < k; i++) {
        sim_event_view_t ev;
        assert_true(sim_event_get(s, r[i].index, &ev));
        if (r[i].pinned) assert_true(sim_now(s) - ev.time <= EVENT_PIN_FOR);
    }
    pane_free(&p);
    /* a healthy rollout's readiness probes that fail while the app starts (the kubelet's
     * Unhealthy Warnings) are expected: never pinned, whatever the panel's height */
    static const struct {
        const char *file;
        double at;
    } probes[] = {{"scenarios/readiness-probe.json", 60},
                  {"scenarios/rolling-update.json", 80},
                  {"scenarios/rolling-update.json", 100},
                  {"scenarios/blue-green.json", 62}};
    for (size_t c = 0; c < sizeof probes / sizeof probes[0]; c++) {
        open_pane(&p, probes[c].file, probes[c].at);
        s = p.ses.sim;
        int startup = 0;
        for (int i = 0; i < sim_event_count(s); i++) {
            sim_event_view_t ev;
            if (sim_event_get(s, i, &ev) && strcmp(ev.reason, "Unhealthy") == 0) {
                assert_true(event_is_warning(&ev));
                assert_true(event_is_startup_probe(&ev));
                startup++;
            }
        }
        assert_true(startup >= 4); /* every v2 pod misses a few probes while its app starts */
        for (int rows = 3; rows <= 12; rows++) {
            k = event_rows(s, rows, r);
            for (int i = 0; i < k; i++)
                if (r[i].pinned) {
                    sim_event_view_t ev;
                    assert_true(sim_event_get(s, r[i].index, &ev));
                    if (event_is_startup_probe(&ev))
                        fail_msg("%s at %g s, %d rows: a start-up probe is pinned", probes[c].file,
                                 probes[c].at, rows);
                }
        }
        pane_free(&p);
    }
}

/* Time zoom: the levels skip windows as long as the run, a window keeps now at 3/4, and
 * zooming out ends at the whole run. */
static void test_chart_zoom(void **state) {
    (void)state;
    const sim_time_t run = 300 * SIM_SEC;
    sim_time_t z = chart_zoom_step(0, run, 1);
    assert_int_equal(z, 120 * SIM_SEC); /* 600 s and 300 s are the whole run already */
    z = chart_zoom_step(z, run, 1);
    assert_int_equal(z, 60 * SIM_SEC);
    z = chart_zoom_step(z, run, 1);
    assert_int_equal(z, CHART_ZOOM_MIN_S * SIM_SEC);
    assert_int_equal(chart_zoom_step(z, run, 1), z); /* the narrowest stays */
    chart_window_t w = chart_window_at(75 * SIM_SEC, run, 60 * SIM_SEC);
    assert_int_equal(w.t0, 30 * SIM_SEC);
    assert_int_equal(w.t1, 90 * SIM_SEC);
    w = chart_window_at(10 * SIM_SEC, run, 60 * SIM_SEC); /* near the start: from 0 */
    assert_int_equal(w.t0, 0);
    assert_int_equal(w.t1, 60 * SIM_SEC);
    w = chart_window_at(299 * SIM_SEC, run, 60 * SIM_SEC); /* near the end: up to the end */
    assert_int_equal(w.t1, run);
    z = chart_zoom_step(60 * SIM_SEC, run, -1);
    assert_int_equal(z, 120 * SIM_SEC);
    assert_int_equal(chart_zoom_step(z, run, -1), 0);
    w = chart_window_at(75 * SIM_SEC, run, 0);
    assert_int_equal(w.t0, 0);
    assert_int_equal(w.t1, run);
}

int main(void) {
    if (access(SCENARIO, R_OK) != 0) {
        fprintf(stderr, "run from the repository root (%s not found)\n", SCENARIO);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jump_back_resimulates_exactly),
        cmocka_unit_test(test_checkpoints),
        cmocka_unit_test(test_checkpoint_memory_limit),
        cmocka_unit_test(test_new_action_after_jump_drops_the_old_future),
        cmocka_unit_test(test_restart_forgets),
        cmocka_unit_test(test_record_replays),
        cmocka_unit_test(test_pane_snapshot_and_hit),
        cmocka_unit_test(test_controller_marks),
        cmocka_unit_test(test_warnings_stay_visible),
        cmocka_unit_test(test_chart_zoom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
