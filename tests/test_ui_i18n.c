/* ui i18n: the dashboard's words in Korean. Every entry has a translation, and a format
 * string's translation takes the same conversions in the same order (a swapped %s/%d would
 * read garbage). */
#include "test_util.h"

#include <string.h>

#include "i18n.h"

/* The conversions of a printf format ("%d%s"), without flags or widths. */
static void conversions(const char *f, char *out, size_t n) {
    size_t k = 0;
    for (; *f && k + 1 < n; f++) {
        if (*f != '%') continue;
        f++;
        while (*f && strchr("0123456789.-+ l", *f))
            f++;
        if (*f && *f != '%') out[k++] = *f;
        if (!*f) break;
    }
    out[k] = '\0';
}

static void test_every_entry_translated_with_its_conversions(void **state) {
    (void)state;
    assert_true(ui_tr_count() > 10);
    for (int i = 0; i < ui_tr_count(); i++) {
        const char *en, *ko;
        ui_tr_entry(i, &en, &ko);
        assert_non_null(en);
        assert_non_null(ko);
        assert_true(ko[0] != '\0');
        char a[16], b[16];
        conversions(en, a, sizeof a);
        conversions(ko, b, sizeof b);
        if (strcmp(a, b) != 0) fail_msg("%s: conversions %s, its translation %s", en, a, b);
        for (int j = 0; j < i; j++) { /* one entry per string */
            const char *en2, *ko2;
            ui_tr_entry(j, &en2, &ko2);
            assert_string_not_equal(en, en2);
        }
    }
}

static void test_lookup(void **state) {
    (void)state;
    assert_string_equal(ui_tr("ko", "namespace %s"), "네임스페이스 %s");
    assert_string_equal(ui_tr(NULL, "namespace %s"), "namespace %s");
    assert_string_equal(ui_tr("en", "namespace %s"), "namespace %s");
    assert_string_equal(ui_tr("ja", "namespace %s"), "namespace %s"); /* no Japanese: English */
    assert_string_equal(ui_tr("ko", "not in the table"), "not in the table");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_translated_with_its_conversions),
        cmocka_unit_test(test_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
