/* counts: the sparse (row, node) -> count map the scheduler keeps per ReplicaSet and service
 * against a dense reference table: after any sequence of adds every count reads back, a count
 * that returns to 0 leaves the map (no tombstones: the backward shift keeps every lookup
 * chain unbroken, across the table's wrap-around too), and the table grows as it fills. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "counts.h"

#define ROWS 40
#define NODES 300

static void test_empty_map(void **state) {
    (void)state;
    count_map_t m = {0};
    assert_int_equal(count_map_get(&m, 3, 7), 0);
    assert_null(count_map_find(&m, 3, 7));
    count_map_remove(&m, 3, 7);                      /* nothing to remove */
    assert_int_equal(count_map_add(&m, 3, 7, 0), 0); /* a zero add stores nothing */
    assert_int_equal(m.used, 0);
    assert_int_equal(count_map_add(&m, 3, 7, 2), 2);
    assert_int_equal(count_map_add(&m, 3, 7, -2), 0);
    assert_int_equal(m.used, 0);
    assert_null(count_map_find(&m, 3, 7));
    int32_t *v = count_map_insert(&m, UINT32_MAX - 1, NODES, 5); /* the largest keys */
    assert_non_null(v);
    assert_int_equal(count_map_get(&m, UINT32_MAX - 1, NODES), 5);
    /* inserting a present key overwrites it; a zero add with room stores nothing */
    assert_non_null(count_map_insert(&m, UINT32_MAX - 1, NODES, 6));
    assert_int_equal(count_map_get(&m, UINT32_MAX - 1, NODES), 6);
    assert_int_equal(count_map_add(&m, 9, 9, 0), 0);
    assert_int_equal(m.used, 1);
    count_map_free(&m);
    assert_int_equal(m.cap, 0);
}

/* 300,000 random adds of -3..+3 over 40 x 300 pairs (seeded, reproducible), checked against a
 * dense table every 1,000 operations and at the end. */
static void test_against_dense_reference(void **state) {
    (void)state;
    static int ref[ROWS][NODES];
    memset(ref, 0, sizeof ref);
    count_map_t m = {0};
    uint64_t x = 0x2545F4914F6CDD1DULL;
    for (int op = 1; op <= 300000; op++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint32_t row = (uint32_t)(x % ROWS);
        int node = (int)((x >> 16) % NODES);
        int delta = (int)((x >> 40) % 7) - 3;
        if (ref[row][node] + delta < 0) delta = -delta; /* counts of pods stay >= 0 */
        ref[row][node] += delta;
        int got = count_map_add(&m, row, node, delta);
        if (got != ref[row][node])
            fail_msg("op %d: (%u, %d) %+d = %d, expected %d", op, row, node, delta, got,
                     ref[row][node]);
        if (op % 1000 == 0 || op == 300000) {
            uint32_t nonzero = 0;
            for (uint32_t r = 0; r < ROWS; r++)
                for (int n = 0; n < NODES; n++) {
                    if (ref[r][n]) nonzero++;
                    if (count_map_get(&m, r, n) != ref[r][n])
                        fail_msg("op %d: (%u, %d) reads %d, expected %d", op, r, n,
                                 count_map_get(&m, r, n), ref[r][n]);
                }
            assert_int_equal(m.used, nonzero);
            assert_true(m.used * 2 <= m.cap); /* at most half full */
        }
    }
    count_map_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_map),
        cmocka_unit_test(test_against_dense_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
