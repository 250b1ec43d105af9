/* ui scene: the --scene JSON writer. What it writes parses as JSON (read back here with
 * cJSON, which the test may use; the UI itself does not) and says what was recorded: strings
 * with quotes, backslashes, control characters and UTF-8 intact, nulls, non-finite numbers as
 * null, charts holding their series and points. */
#include "test_util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scene.h"

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

static cJSON *write_and_parse(scene_t *s) {
    char path[] = "/tmp/deploysim-scene-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(scene_write(s, path), 0);
    char *text = slurp(path);
    remove(path);
    cJSON *doc = cJSON_Parse(text);
    if (!doc) fail_msg("not JSON: %s", text);
    free(text);
    return doc;
}

static void strings_are_escaped(void **state) {
    (void)state;
    static const char tricky[] =
        "say \"hi\" \\ back\nslash\t\x01 \xEB\xB0\xB0\xED\x8F\xAC 1\xE2\x86\x92"
        "2";
    scene_t *s = scene_create(1920, 1080);
    scene_text(s, tricky, (ui_rect_t){1, 2, 3, 4}, 18, true);
    scene_caption(s, tricky, (ui_rect_t){5, 6, 7, 8}, false, 0);
    cJSON *doc = write_and_parse(s);
    cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "texts"), 0);
    assert_string_equal(cJSON_GetObjectItem(t, "text")->valuestring, tricky);
    assert_int_equal(cJSON_GetObjectItem(t, "px")->valueint, 18);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "truncated")));
    cJSON *c = cJSON_GetObjectItem(doc, "caption");
    assert_string_equal(cJSON_GetObjectItem(c, "text")->valuestring, tricky);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "truncated")));
    cJSON *r = cJSON_GetObjectItem(c, "rect");
    assert_int_equal(cJSON_GetArraySize(r), 4);
    assert_int_equal(cJSON_GetArrayItem(r, 3)->valueint, 8);
    cJSON *size = cJSON_GetObjectItem(doc, "size");
    assert_int_equal(cJSON_GetArrayItem(size, 0)->valueint, 1920);
    assert_int_equal(cJSON_GetArrayItem(size, 1)->valueint, 1080);
    cJSON_Delete(doc);
    scene_destroy(s);
}

static void charts_hold_series_and_points(void **state) {
    (void)state;
    scene_t *s = scene_create(800, 600);
    scene_pane(s, "scenarios/canary.json", 50);
    scene_chart_begin(s, "A:errors", "shop/web", "error rate %", (ui_rect_t){10, 20, 300, 100}, 0,
                      50, 0, 600, true);
    scene_series_begin(s, "all", NULL, false);
    const float xy[] = {10, 119, 11.5f, 118.25f, 13, 20};
    scene_series_points(s, xy, 3);
    scene_series_end(s);
    scene_series_begin(s, "v2", "v2", true);
    scene_series_points(s, xy, 1);
    scene_series_points(s, xy + 2, 1); /* a second polyline of the same series */
    scene_chart_end(s);
    scene_chart_begin(s, "A:requests", "shop/web", "requests/s", (ui_rect_t){0, 0, 1, 1}, 0, NAN, 0,
                      600, false);
    scene_arrow(s, "shop/web", "web-1", 0.25, 0.0);
    scene_box(s, "PreviewService", "shop/web-preview", (ui_rect_t){1, 1, 2, 2});
    cJSON *doc = write_and_parse(s); /* closes the open chart */
    cJSON *charts = cJSON_GetObjectItem(doc, "charts");
    assert_int_equal(cJSON_GetArraySize(charts), 2);
    cJSON *c0 = cJSON_GetArrayItem(charts, 0);
    assert_string_equal(cJSON_GetObjectItem(c0, "service")->valuestring, "shop/web");
    assert_near(cJSON_GetObjectItem(c0, "y_max")->valuedouble, 50, 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c0, "legend")));
    cJSON *series = cJSON_GetObjectItem(c0, "series");
    assert_int_equal(cJSON_GetArraySize(series), 2);
    cJSON *s0 = cJSON_GetArrayItem(series, 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s0, "version")));
    assert_string_equal(cJSON_GetObjectItem(s0, "style")->valuestring, "solid");
    cJSON *pts = cJSON_GetObjectItem(s0, "points");
    assert_int_equal(cJSON_GetArraySize(pts), 3);
    assert_near(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 1), 0)->valuedouble, 11.5, 1e-9);
    assert_near(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 1), 1)->valuedouble, 118.3, 1e-9);
    cJSON *s1 = cJSON_GetArrayItem(series, 1);
    assert_string_equal(cJSON_GetObjectItem(s1, "style")->valuestring, "dashed");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s1, "points")), 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(charts, 1), "y_max")));
    cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "arrows"), 0);
    assert_near(cJSON_GetObjectItem(a, "share")->valuedouble, 0.25, 0);
    cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "panes"), 0);
    assert_near(cJSON_GetObjectItem(p, "time_s")->valuedouble, 50, 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(doc, "caption")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "labels")), 0);
    cJSON_Delete(doc);
    scene_destroy(s);
}

/* No caption drawn: "caption": null. */
static void no_caption_is_null(void **state) {
    (void)state;
    scene_t *s = scene_create(10, 10);
    cJSON *doc = write_and_parse(s);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(doc, "caption")));
    cJSON_Delete(doc);
    scene_destroy(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(charts_hold_series_and_points),
        cmocka_unit_test(no_caption_is_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
