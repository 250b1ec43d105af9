/* engine: ordering, ties, cancellation, and a randomized check against a sorted reference. */
#include "test_util.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>

#include "engine.h"

static void test_orders_by_time_then_insertion(void **state) {
    (void)state;
    engine_t *e = engine_create(4);
    engine_schedule(e, 30, 1, 0, 0);
    engine_schedule(e, 10, 2, 0, 0);
    engine_schedule(e, 10, 3, 0, 0);
    engine_schedule(e, 20, 4, 0, 0);
    uint32_t want[] = {2, 3, 4, 1};
    engine_event_t ev;
    for (int i = 0; i < 4; i++) {
        assert_true(engine_next(e, SIM_TIME_MAX, &ev));
        assert_int_equal(ev.kind, want[i]);
    }
    assert_false(engine_next(e, SIM_TIME_MAX, &ev));
    assert_int_equal(engine_now(e), 30);
    engine_destroy(e);
}

static void test_until_bound_and_past_clamp(void **state) {
    (void)state;
    engine_t *e = engine_create(0);
    engine_schedule(e, 100, 1, 7, 9);
    engine_event_t ev;
    assert_false(engine_next(e, 99, &ev));
    assert_true(engine_next(e, 100, &ev));
    assert_int_equal(ev.a, 7);
    assert_int_equal(ev.b, 9);
    /* scheduling in the past lands at now */
    engine_schedule(e, 5, 2, 0, 0);
    assert_true(engine_next(e, 100, &ev));
    assert_int_equal(ev.time, 100);
    engine_destroy(e);
}

static void test_cancel_stale_handles(void **state) {
    (void)state;
    engine_t *e = engine_create(0);
    engine_handle_t h = engine_schedule_timer(e, 10, 1, 0, 0);
    assert_true(engine_pending(e, h));
    assert_int_equal(engine_time_of(e, h), 10);
    assert_true(engine_cancel(e, h));
    assert_false(engine_cancel(e, h));
    assert_false(engine_cancel(e, 0));
    /* the slot is reused: the old handle must not cancel the new event */
    engine_handle_t h2 = engine_schedule_timer(e, 20, 2, 0, 0);
    assert_false(engine_cancel(e, h));
    assert_true(engine_pending(e, h2));
    engine_event_t ev;
    assert_true(engine_next(e, SIM_TIME_MAX, &ev));
    assert_int_equal(ev.kind, 2);
    assert_false(engine_pending(e, h2));
    /* no time for a handle that is not pending: fired, cancelled, or never issued */
    assert_int_equal(engine_time_of(e, h2), -1);
    assert_int_equal(engine_time_of(e, h), -1);
    assert_int_equal(engine_time_of(e, ((engine_handle_t)1 << 32) | 99), -1);
    assert_false(engine_pending(e, 0));
    /* an empty queue peeks at "never"; a timer set in the past fires now (at 20) */
    assert_int_equal(engine_peek_time(e), SIM_TIME_MAX);
    engine_handle_t h3 = engine_schedule_timer(e, 5, 3, 0, 0);
    assert_int_equal(engine_time_of(e, h3), 20);
    assert_int_equal(engine_peek_time(e), 20);
    assert_true(engine_cancel(e, h3));
    assert_int_equal(engine_peek_time(e), SIM_TIME_MAX); /* the cancelled one is purged */
    assert_int_equal(engine_size(e), 0);
    engine_destroy(e);
}

typedef struct {
    int64_t time;
    uint64_t seq;
    engine_handle_t h;
    int live;
} ref_t;

static int ref_cmp(const void *x, const void *y) {
    const ref_t *a = x, *b = y;
    if (a->time != b->time) return a->time < b->time ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 100,000 random schedule/cancel operations deliver exactly the order of a sorted reference
 * of the surviving events; timers and ordinary events (every other one) share one order. */
static void test_random_against_sorted_reference(void **state) {
    (void)state;
    enum { OPS = 100000 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 12345);
    engine_t *e = engine_create(0);
    ref_t *refs = calloc(OPS, sizeof *refs);
    int n = 0;
    for (int i = 0; i < OPS; i++) {
        if (n > 0 && gsl_rng_uniform(r) < 0.3) {
            int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
            bool ok = engine_cancel(e, refs[k].h);
            assert_int_equal(ok, refs[k].live && refs[k].h != 0);
            if (refs[k].h) refs[k].live = 0;
        } else {
            int64_t t = (int64_t)gsl_rng_uniform_int(r, 5000); /* many ties */
            refs[n].time = t;
            refs[n].seq = (uint64_t)n;
            if (n % 2) {
                assert_true(engine_schedule(e, t, (uint32_t)n, 0, 0));
                refs[n].h = 0; /* not cancellable: engine_cancel(0) is false */
            } else {
                refs[n].h = engine_schedule_timer(e, t, (uint32_t)n, 0, 0);
                assert_true(refs[n].h != 0);
            }
            refs[n].live = 1;
            n++;
        }
    }
    qsort(refs, (size_t)n, sizeof *refs, ref_cmp);
    engine_event_t ev;
    int popped = 0;
    for (int i = 0; i < n; i++) {
        if (!refs[i].live) continue;
        assert_true(engine_next(e, SIM_TIME_MAX, &ev));
        assert_int_equal(ev.kind, refs[i].seq);
        assert_int_equal(ev.time, refs[i].time);
        popped++;
    }
    assert_false(engine_next(e, SIM_TIME_MAX, &ev));
    assert_int_equal(engine_popped(e), popped);
    free(refs);
    engine_destroy(e);
    gsl_rng_free(r);
}

/* Pops interleaved with schedules, cancels and peeks (the engine leaves a popped event's
 * place empty for the next schedule): every pop is the earliest live event of a linear-scan
 * reference, by (time, insertion). */
static void test_interleaved_against_linear_reference(void **state) {
    (void)state;
    enum { OPS = 60000, CAP = 60000 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 777);
    engine_t *e = engine_create(0);
    ref_t *refs = calloc(CAP, sizeof *refs);
    int n = 0;
    int64_t now = 0;
    engine_event_t ev;
    for (int i = 0; i < OPS; i++) {
        double x = gsl_rng_uniform(r);
        if (x < 0.45) { /* pop and compare with the earliest live reference */
            int best = -1;
            for (int k = 0; k < n; k++)
                if (refs[k].live && (best < 0 || ref_cmp(&refs[k], &refs[best]) < 0)) best = k;
            if (best < 0) {
                assert_false(engine_next(e, SIM_TIME_MAX, &ev));
                continue;
            }
            if (x < 0.05) assert_int_equal(engine_peek_time(e), refs[best].time);
            assert_true(engine_next(e, SIM_TIME_MAX, &ev));
            assert_int_equal(ev.kind, refs[best].seq);
            assert_int_equal(ev.time, refs[best].time);
            refs[best].live = 0;
            now = ev.time;
        } else if (x < 0.55 && n > 0) {
            int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
            assert_int_equal(engine_cancel(e, refs[k].h), refs[k].live && refs[k].h != 0);
            if (refs[k].h) refs[k].live = 0;
        } else if (n < CAP) {
            int64_t t = now + (int64_t)gsl_rng_uniform_int(r, 300) - 20; /* some in the past */
            refs[n].time = t < now ? now : t;
            refs[n].seq = (uint64_t)n;
            refs[n].live = 1;
            if (x < 0.75) {
                refs[n].h = engine_schedule_timer(e, t, (uint32_t)n, 0, 0);
                assert_true(refs[n].h != 0);
            } else {
                refs[n].h = 0;
                assert_true(engine_schedule(e, t, (uint32_t)n, 0, 0));
            }
            n++;
        }
    }
    free(refs);
    engine_destroy(e);
    gsl_rng_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders_by_time_then_insertion),
        cmocka_unit_test(test_until_bound_and_past_clamp),
        cmocka_unit_test(test_cancel_stale_handles),
        cmocka_unit_test(test_random_against_sorted_reference),
        cmocka_unit_test(test_interleaved_against_linear_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
