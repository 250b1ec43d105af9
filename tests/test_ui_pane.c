/* ui pane: the snapshot a frame takes is read again only where the run says something changed
 * (sim_node_pods_seq), so it must hold exactly what reading everything gives — on every lesson,
 * frame after frame, across jumps back in time — or the dashboard would show a pod in a state
 * it left. Each step compares the kept snapshot with one read from scratch. */
#include "test_util.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "ui.h"

/* Every field of a pod's view but in_flight (it moves with each request and is not drawn). */
static void assert_same_pod(const sim_pod_view_t *a, const sim_pod_view_t *b, const char *file,
                            double t) {
    bool same = a->id == b->id && a->name == b->name && a->service == b->service &&
                a->version == b->version && a->revision == b->revision && a->node == b->node &&
                a->state == b->state && a->progress == b->progress && a->since == b->since &&
                a->restarts == b->restarts && a->backoff_until == b->backoff_until &&
                a->serving == b->serving && a->routed == b->routed && a->refusing == b->refusing &&
                a->ip == b->ip;
    if (!same)
        fail_msg("%s at %.1f s: pod %s kept as %s/%d, now %s/%d", file, t, b->name,
                 sim_pod_state_names[a->state], a->restarts, sim_pod_state_names[b->state],
                 b->restarts);
}

static void assert_same_snapshot(const pane_t *kept, const pane_t *fresh, const char *file,
                                 double t) {
    assert_int_equal(kept->node_count, fresh->node_count);
    assert_int_equal(kept->card_count, fresh->card_count);
    assert_int_equal(kept->group_count, fresh->group_count);
    assert_int_equal(kept->pods_hint, fresh->pods_hint);
    assert_memory_equal(kept->card_node, fresh->card_node,
                        sizeof *kept->card_node * (size_t)kept->card_count);
    for (int g = 0; g < kept->group_count; g++) {
        assert_int_equal(kept->groups[g].first, fresh->groups[g].first);
        assert_int_equal(kept->groups[g].count, fresh->groups[g].count);
    }
    for (int i = 0; i <= kept->node_count; i++) {
        bool pend = i == kept->node_count;
        int n = pend ? kept->pending_count : kept->node_pods[i];
        int fn = pend ? fresh->pending_count : fresh->node_pods[i];
        if (n != fn) fail_msg("%s at %.1f s: node %d kept %d pods, has %d", file, t, i, n, fn);
        int a = pend ? kept->pending_first : kept->node_first[i];
        int b = pend ? fresh->pending_first : fresh->node_first[i];
        for (int k = 0; k < n; k++)
            assert_same_pod(&kept->pods[a + k], &fresh->pods[b + k], file, t);
    }
}

/* Steps through the run at frame-like intervals (the dashboard at 1x to 16x), jumps back
 * once to the middle, and compares at every step. */
static void check_scenario(const char *file, sim_time_t until) {
    pane_t kept;
    diag_t dg;
    diag_init(&dg);
    assert_int_equal(pane_init(&kept, file, 'A', &dg), 0);
    if (sim_node_count(kept.ses.sim) > 1000) { /* hyperscale.json: the bench's share */
        pane_free(&kept);
        diag_free(&dg);
        return;
    }
    pane_t fresh;
    memset(&fresh, 0, sizeof fresh);
    sim_time_t end = until > 0 ? until : sim_duration(kept.ses.sim);
    sim_time_t steps[] = {SIM_SEC / 60, SIM_SEC / 4, SIM_SEC, 4 * SIM_SEC};
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
        sim_time_t t = pass == 0 ? 0 : end / 2;
        if (pass == 1) assert_int_equal(session_seek(&kept.ses, end / 3, &dg), 0);
        while (t <= end) {
            assert_int_equal(session_seek(&kept.ses, t, &dg), 0);
            pane_snapshot(&kept);
            session_t ses = fresh.ses;
            fresh.ses = kept.ses; /* the same run, read from scratch */
            fresh.snap_valid = false;
            fresh.pool_filter = kept.pool_filter;
            pane_snapshot(&fresh);
            fresh.ses = ses;
            assert_same_snapshot(&kept, &fresh, file, (double)t / SIM_SEC);
            t += steps[k++ % 4];
        }
    }
    memset(&fresh.ses, 0, sizeof fresh.ses);
    pane_free(&fresh);
    pane_free(&kept);
    diag_free(&dg);
}

static void test_pane_snapshot_kept_equals_fresh(void **state) {
    (void)state;
    glob_t g;
    assert_int_equal(glob("scenarios/*.json", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 10);
    for (size_t i = 0; i < g.gl_pathc; i++)
        check_scenario(g.gl_pathv[i], 0);
    globfree(&g);
    /* many nodes, grouped by pool: the first minutes of a rollout of 200 nodes' pods */
    check_scenario("tests/bench/ui-200-nodes.json", 6 * 60 * SIM_SEC);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pane_snapshot_kept_equals_fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
