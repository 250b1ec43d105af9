/* axis: tick steps and labels. */
#include "axis.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

double axis_step(double range, int max_ticks) {
    if (max_ticks < 1) max_ticks = 1;
    if (!(range > 0) || !isfinite(range)) return 1;
    double raw = range / max_ticks;
    double mag = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (mult[i] * mag >= raw * (1 - 1e-9)) return mult[i] * mag;
    return 10 * mag;
}

double axis_max(double v, double floor_max, int max_ticks, double *step_out) {
    if (!(v > floor_max) || !isfinite(v)) v = floor_max;
    if (max_ticks < 1) max_ticks = 1;
    double best = 1, best_step = 1;
    if (v > 0) {
        /* the tightest maximum over every tick count allowed */
        best = best_step = HUGE_VAL;
        for (int n = 1; n <= max_ticks; n++) {
            double step = axis_step(v, n);
            double m = ceil(v / step * (1 - 1e-9)) * step;
            bool tighter = m < best * (1 - 1e-9);
            bool finer = m <= best * (1 + 1e-9) && step < best_step; /* more grid lines */
            if (m / step <= max_ticks + 1e-9 && (tighter || finer)) {
                best = m;
                best_step = step;
            }
        }
    }
    if (step_out) *step_out = best_step;
    return best;
}

sim_time_t axis_time_step(sim_time_t span, int max_ticks) {
    static const sim_time_t steps[] = {
        1 * SIM_SEC,     2 * SIM_SEC,    5 * SIM_SEC,    10 * SIM_SEC,   15 * SIM_SEC,
        30 * SIM_SEC,    60 * SIM_SEC,   120 * SIM_SEC,  300 * SIM_SEC,  600 * SIM_SEC,
        900 * SIM_SEC,   1800 * SIM_SEC, 3600 * SIM_SEC, 7200 * SIM_SEC, 21600 * SIM_SEC,
        43200 * SIM_SEC, 86400 * SIM_SEC};
    if (max_ticks < 1) max_ticks = 1;
    size_t n = sizeof steps / sizeof steps[0];
    for (size_t i = 0; i < n; i++)
        if (span / steps[i] <= max_ticks) return steps[i];
    return steps[n - 1];
}

void axis_format_time(sim_time_t t, char *buf, size_t n) {
    const char *sign = t < 0 ? "-" : "";
    long long s = (long long)((t < 0 ? -t : t) / SIM_SEC);
    if (s >= 3600)
        snprintf(buf, n, "%s%lld:%02lld:%02lld", sign, s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%s%lld:%02lld", sign, s / 60, s % 60);
}

void axis_format_value(double v, double step, char *buf, size_t n) {
    if (fabs(v) < step * 1e-6) v = 0;
    if (fabs(v) >= 10000 && step >= 100) {
        double k = v / 1000, ks = step / 1000;
        int dec = ks >= 1 ? 0 : ks >= 0.1 ? 1 : 2;
        snprintf(buf, n, "%.*fk", dec, k);
        return;
    }
    int dec = 0;
    for (double s = step; s < 1 - 1e-9 && dec < 6; s *= 10)
        dec++;
    snprintf(buf, n, "%.*f", dec, v);
}
