/* ui input: keys -> commands -> actions, and clicks -> actions through the hit tests, without
 * a window. The controls are docs/ARCHITECTURE.md#dashboard's; every one must become an action_t.
 */
#include "test_util.h"

#include <string.h>

#include "input.h"
#include "layout.h"

static void test_text_keys(void **state) {
    (void)state;
    static const struct {
        const char *text;
        ui_command_t cmd;
    } rows[] = {
        {" ", CMD_PLAY_PAUSE}, {".", CMD_STEP},         {"+", CMD_FASTER},
        {"=", CMD_FASTER},     {"-", CMD_SLOWER},       {"r", CMD_RESTART},
        {"d", CMD_DEPLOY},     {"b", CMD_ROLLBACK},     {"p", CMD_PROMOTE},
        {"a", CMD_ABORT},      {"t", CMD_TRAFFIC_DOWN}, {"T", CMD_TRAFFIC_UP},
        {"z", CMD_ZOOM_IN},    {"Z", CMD_ZOOM_OUT},     {",", CMD_STEP_BACK},
        {"[", CMD_PREV_NOTE},  {"]", CMD_NEXT_NOTE},    {"c", CMD_NOTE_PAUSE},
        {"f", CMD_FULLSCREEN}, {"s", CMD_SCREENSHOT},   {"?", CMD_HELP},
        {"h", CMD_HELP},       {"q", CMD_QUIT},         {"x", CMD_NONE},
        {"", CMD_NONE},        {"dd", CMD_NONE}, /* an IME string is not a key */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(input_text_command(rows[i].text), rows[i].cmd);
    assert_int_equal(input_text_command(NULL), CMD_NONE);
}

static void test_special_keys(void **state) {
    (void)state;
    assert_int_equal(input_key_command(SDLK_UP, 0), CMD_SCALE_UP);
    assert_int_equal(input_key_command(SDLK_DOWN, 0), CMD_SCALE_DOWN);
    assert_int_equal(input_key_command(SDLK_ESCAPE, 0), CMD_CLOSE);
    assert_int_equal(input_key_command(SDLK_F11, 0), CMD_FULLSCREEN);
    assert_int_equal(input_key_command(SDLK_TAB, 0), CMD_NEXT_SERVICE);
    /* letters come through SDL_TEXTINPUT only, so they do not fire twice */
    assert_int_equal(input_key_command(SDLK_d, 0), CMD_NONE);
    assert_int_equal(input_key_command(SDLK_SPACE, 0), CMD_NONE);
}

static void test_toolbar_buttons(void **state) {
    (void)state;
    layout_params_t lp = {1920, 1080, 1.0, 1, 1, 0};
    layout_t l;
    layout_compute(&lp, &l);
    static const struct {
        size_t off;
        ui_command_t cmd;
    } rows[] = {
        {offsetof(layout_t, btn_play), CMD_PLAY_PAUSE},
        {offsetof(layout_t, btn_step), CMD_STEP},
        {offsetof(layout_t, btn_slower), CMD_SLOWER},
        {offsetof(layout_t, btn_faster), CMD_FASTER},
        {offsetof(layout_t, btn_help), CMD_HELP},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const ui_rect_t *r = (const ui_rect_t *)((const char *)&l + rows[i].off);
        hit_t h = layout_hit(&l, r->x + r->w / 2, r->y + r->h / 2);
        assert_int_equal(input_hit_command(h.kind), rows[i].cmd);
    }
    /* the time bar and the cluster are not commands: they carry a position */
    assert_int_equal(input_hit_command(HIT_TIMEBAR), CMD_NONE);
    assert_int_equal(input_hit_command(HIT_CLUSTER), CMD_NONE);
}

static void test_speed_steps(void **state) {
    (void)state;
    assert_near(input_speed_step(1, 1), 2, 1e-9);
    assert_near(input_speed_step(10, 1), 20, 1e-9);
    assert_near(input_speed_step(1000, 1), 1000, 1e-9); /* capped */
    assert_near(input_speed_step(0.25, -1), 0.25, 1e-9);
    assert_near(input_speed_step(1, -1), 0.5, 1e-9);
    assert_near(input_speed_step(3, 1), 5, 1e-9); /* from a --speed between the steps */
    assert_near(input_speed_step(3, -1), 2, 1e-9);
    double s = 0.25;
    int n = 0;
    while (s < 1000 && n < 100)
        s = input_speed_step(s, 1), n++;
    assert_true(n >= 8 && n <= 14); /* the whole range in a handful of presses */
}

/* A scenario with one service "web" of versions v1, v2, v3. */
typedef struct {
    scenario_t sc;
    service_spec_t svc;
    version_spec_t v[3];
} fixture_t;

static void fixture(fixture_t *f, strategy_kind_t strategy, int versions) {
    memset(f, 0, sizeof *f);
    static char *names[] = {"v1", "v2", "v3"};
    for (int i = 0; i < 3; i++)
        f->v[i].name = names[i];
    f->svc.name = "web";
    f->svc.versions = f->v;
    f->svc.version_count = versions;
    f->svc.replicas = 6;
    f->svc.rps = 300;
    f->svc.strategy.type = strategy;
    f->sc.services = &f->svc;
    f->sc.service_count = 1;
}

static sim_service_view_t view(int replicas, double rps, int n, const int *idx) {
    sim_service_view_t v;
    memset(&v, 0, sizeof v);
    v.name = "web";
    v.replicas = replicas;
    v.offered_rps = rps;
    v.version_count = n;
    for (int i = 0; i < n; i++)
        v.version_index[i] = idx[i];
    return v;
}

static void test_deploy_next_version(void **state) {
    (void)state;
    fixture_t f;
    fixture(&f, STRATEGY_ROLLING_UPDATE, 3);
    action_t a;
    char why[128];
    static const struct {
        int n;
        int idx[2];
        int want;
    } rows[] = {
        {1, {0}, 1},    /* v1 running: deploy v2 */
        {2, {0, 1}, 2}, /* mid-rollout to v2: the next is v3 */
        {1, {2}, 0},    /* v3 running: wrap around to v1 */
        {2, {1, 0}, 1}, /* rolled back to v1 (newest last): v2 again */
        {0, {0}, 1},    /* nothing running yet */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sim_service_view_t v = view(6, 300, rows[i].n, rows[i].idx);
        assert_int_equal(input_service_action(CMD_DEPLOY, &f.sc, 0, &v, &a, why, sizeof why), 0);
        assert_int_equal(a.action, ACTION_DEPLOY);
        assert_int_equal(a.service, 0);
        assert_int_equal(a.version, rows[i].want);
    }
    fixture(&f, STRATEGY_ROLLING_UPDATE, 1);
    sim_service_view_t v = view(6, 300, 1, (int[]){0});
    assert_int_equal(input_service_action(CMD_DEPLOY, &f.sc, 0, &v, &a, why, sizeof why), -1);
    assert_non_null(strstr(why, "only one version"));
}

static void test_service_commands(void **state) {
    (void)state;
    fixture_t f;
    fixture(&f, STRATEGY_ROLLING_UPDATE, 2);
    sim_service_view_t v = view(6, 300, 1, (int[]){0});
    action_t a;
    char why[128];
    assert_int_equal(input_service_action(CMD_ROLLBACK, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_ROLLBACK);
    assert_int_equal(input_service_action(CMD_ABORT, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_ABORT);
    /* p: a Deployment resumes, a canary or blue-green is promoted */
    assert_int_equal(input_service_action(CMD_PROMOTE, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_RESUME);
    f.svc.strategy.type = STRATEGY_CANARY;
    assert_int_equal(input_service_action(CMD_PROMOTE, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_PROMOTE);
    /* up/down: scale by one from the Deployment's replicas */
    assert_int_equal(input_service_action(CMD_SCALE_UP, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_SCALE);
    assert_int_equal(a.replicas, 7);
    assert_int_equal(input_service_action(CMD_SCALE_DOWN, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.replicas, 5);
    v.replicas = 0;
    assert_int_equal(input_service_action(CMD_SCALE_DOWN, &f.sc, 0, &v, &a, why, sizeof why), -1);
    /* t / T: -/+ 25 % of the offered rate, as a step */
    v.offered_rps = 400;
    assert_int_equal(input_service_action(CMD_TRAFFIC_UP, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_int_equal(a.action, ACTION_SET_TRAFFIC);
    assert_near(a.rps, 500, 1e-9);
    assert_int_equal(a.ramp, 0);
    assert_int_equal(input_service_action(CMD_TRAFFIC_DOWN, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_near(a.rps, 300, 1e-9);
    v.offered_rps = 0; /* from silence, T brings back a quarter of the scenario's rate */
    assert_int_equal(input_service_action(CMD_TRAFFIC_UP, &f.sc, 0, &v, &a, why, sizeof why), 0);
    assert_near(a.rps, 75, 1e-9);
    /* not a service command, or no such service */
    assert_int_equal(input_service_action(CMD_HELP, &f.sc, 0, &v, &a, why, sizeof why), -1);
    assert_int_equal(input_service_action(CMD_DEPLOY, &f.sc, 3, &v, &a, why, sizeof why), -1);
}

static void test_node_and_pod_clicks(void **state) {
    (void)state;
    sim_node_view_t n;
    memset(&n, 0, sizeof n);
    n.name = "workers-12";
    n.pool = 1;
    action_t a;
    assert_int_equal(input_node_action(&n, &a), 0);
    assert_int_equal(a.action, ACTION_FAIL_NODE);
    assert_int_equal(a.pool, 1);
    assert_int_equal(a.node, 11); /* POOL-N is index N - 1 */
    n.failed = true;
    assert_int_equal(input_node_action(&n, &a), 0);
    assert_int_equal(a.action, ACTION_REPAIR_NODE);
    n.name = "oddname";
    assert_int_equal(input_node_action(&n, &a), -1);

    sim_pod_view_t p;
    memset(&p, 0, sizeof p);
    p.service = 0;
    input_pod_action(&p, "web-7d4b9c8f6-x2k9q", &a);
    assert_int_equal(a.action, ACTION_KILL_POD);
    assert_string_equal(a.pod, "web-7d4b9c8f6-x2k9q");
}

static void test_click_on_grid_finds_pod_slot(void **state) {
    (void)state;
    /* The path of a click: layout_hit -> the pane's node grid -> card and tile slot. */
    layout_params_t lp = {1920, 1080, 1.0, 1, 1, 0};
    layout_t l;
    layout_compute(&lp, &l);
    cluster_layout_t cl;
    layout_cluster(l.pane[0].cluster, 1, false, l.small_px, &cl);
    node_grid_t g;
    layout_node_grid(cl.grid, 3, 4, l.text_px, l.small_px, &g);
    for (int card = 0; card < 3; card++)
        for (int slot = 0; slot < 4; slot++) {
            ui_rect_t c = layout_card_rect(&g, card);
            ui_rect_t t = layout_tile_rect(&g, c, slot);
            int x = t.x + t.w / 2, y = t.y + t.h / 2;
            hit_t h = layout_hit(&l, x, y);
            assert_int_equal(h.kind, HIT_CLUSTER);
            assert_int_equal(layout_card_at(&g, x, y), card);
            assert_int_equal(layout_tile_at(&g, c, x, y), slot);
        }
}

/* Whether `keys` ("t  /  T", "click a node") names `key` as a whole word. */
static bool names_key(const char *keys, const char *key) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", keys);
    for (char *tok = strtok(buf, " /"); tok; tok = strtok(NULL, " /"))
        if (strcmp(tok, key) == 0) return true;
    return false;
}

static void test_help_lists_every_control(void **state) {
    (void)state;
    const char *need[] = {"Space", ".", "+",    "-",   "r", "bar", "d", "b", "p",  "a",
                          "t",     "T", "node", "pod", "f", "s",   "?", "h", "Tab"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        bool found = false;
        for (int k = 0; k < input_help_count && !found; k++)
            found = names_key(input_help[k].keys, need[i]);
        if (!found) fail_msg("the help overlay does not list \"%s\"", need[i]);
    }
}

/* q and r throw a session away: the first press asks, the second acts; any other command in
 * between cancels (and runs); keys bound to nothing leave the question; other commands never
 * wait. */
static void test_quit_and_restart_confirm(void **state) {
    (void)state;
    ui_command_t pending = CMD_NONE;
    assert_int_equal(input_confirm(CMD_QUIT, &pending), CMD_NONE);
    assert_int_equal(pending, CMD_QUIT);
    assert_int_equal(input_confirm(CMD_QUIT, &pending), CMD_QUIT);
    assert_int_equal(pending, CMD_NONE);
    /* r, then another key: nothing restarts, the key runs */
    assert_int_equal(input_confirm(CMD_RESTART, &pending), CMD_NONE);
    assert_int_equal(input_confirm(CMD_PLAY_PAUSE, &pending), CMD_PLAY_PAUSE);
    assert_int_equal(pending, CMD_NONE);
    assert_int_equal(input_confirm(CMD_RESTART, &pending), CMD_NONE);
    /* a key bound to nothing (and the KEYDOWN half of a typed q) leaves the question */
    assert_int_equal(input_confirm(input_text_command("x"), &pending), CMD_NONE);
    assert_int_equal(input_confirm(input_key_command(SDLK_q, 0), &pending), CMD_NONE);
    assert_int_equal(pending, CMD_RESTART);
    assert_int_equal(input_confirm(CMD_STEP, &pending), CMD_STEP);
    assert_int_equal(pending, CMD_NONE);
    /* r then q: q asks in its turn, r does not run */
    assert_int_equal(input_confirm(CMD_RESTART, &pending), CMD_NONE);
    assert_int_equal(input_confirm(CMD_QUIT, &pending), CMD_NONE);
    assert_int_equal(pending, CMD_QUIT);
    assert_int_equal(input_confirm(CMD_QUIT, &pending), CMD_QUIT);
    for (ui_command_t c = CMD_NONE; c <= CMD_QUIT; c++)
        if (c != CMD_QUIT && c != CMD_RESTART) {
            assert_int_equal(input_confirm(c, &pending), c);
            assert_false(input_needs_confirm(c));
        }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quit_and_restart_confirm),
        cmocka_unit_test(test_text_keys),
        cmocka_unit_test(test_special_keys),
        cmocka_unit_test(test_toolbar_buttons),
        cmocka_unit_test(test_speed_steps),
        cmocka_unit_test(test_deploy_next_version),
        cmocka_unit_test(test_service_commands),
        cmocka_unit_test(test_node_and_pod_clicks),
        cmocka_unit_test(test_click_on_grid_finds_pod_slot),
        cmocka_unit_test(test_help_lists_every_control),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
