/* scenario_slo: a service's `slo` — availability and latency objectives over a window, as the
 * SRE workbook writes them ("99.9%", {"threshold": "300ms", "percent": "99%"}, "30d"). */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

#define DEFAULT_WINDOW (30LL * 86400 * SIM_SEC) /* the workbook's usual 30-day window */

/* A target as a percentage: "99.9%" or the number 99.9; strictly between 0 and 100 (100 % leaves
 * no error budget to speak of). Returns the fraction (0.999), or 0 when absent or wrong. */
static double get_target(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const cJSON *j = ld_member(o, key);
    if (!j) return 0;
    double pct = NAN;
    if (cJSON_IsNumber(j)) {
        pct = j->valuedouble;
    } else if (cJSON_IsString(j)) {
        char *end;
        const char *s = j->valuestring;
        double v = strtod(s, &end);
        if (end != s && strcmp(end, "%") == 0) pct = v;
    }
    if (isnan(pct)) {
        ld_err_type(ld, path, key, "a percentage (\"99.9%\")", j);
        return 0;
    }
    if (!(pct > 0 && pct < 100)) {
        ld_err_at(ld, path, key,
                  "%g%% is out of range: an objective is above 0%% and below 100%% (100%% "
                  "leaves no error budget)",
                  pct);
        return 0;
    }
    return pct / 100;
}

/* The window: whole days as SLOs are written ("30d", "7d"), or any duration ("720h", 3600). */
static bool get_window(ld_t *ld, const cJSON *o, const char *path, sim_time_t *out) {
    const cJSON *j = ld_member(o, "window");
    if (cJSON_IsString(j)) {
        const char *s = j->valuestring;
        size_t digits = strspn(s, "0123456789");
        if (digits > 0 && digits <= 3 && strcmp(s + digits, "d") == 0) {
            *out = strtoll(s, NULL, 10) * 86400 * SIM_SEC;
            return true;
        }
    }
    return ld_get_duration(ld, o, path, "window", out, true);
}

void ld_load_slo(ld_t *ld, const cJSON *o, const char *path, slo_spec_t *slo) {
    slo->window = DEFAULT_WINDOW;
    if (!o || !ld_check_object(ld, o, path, KEYS("availability", "latency", "window"))) return;
    slo->enabled = true;
    slo->availability = get_target(ld, o, path, "availability");
    const cJSON *lat = ld_member(o, "latency");
    if (lat) {
        path_t lp = ld_pkey(path, "latency");
        if (ld_check_object(ld, lat, lp.s, KEYS("threshold", "percent")) &&
            ld_require(ld, lat, lp.s, "threshold") && ld_require(ld, lat, lp.s, "percent")) {
            ld_get_duration(ld, lat, lp.s, "threshold", &slo->latency_threshold, true);
            slo->latency = get_target(ld, lat, lp.s, "percent");
        }
    }
    if (!ld_member(o, "availability") && !lat)
        ld_err_at(ld, path, NULL, "needs an objective: availability, latency or both");
    if (get_window(ld, o, path, &slo->window) &&
        (slo->window < SCN_MIN_SLO_WINDOW || slo->window > SCN_MAX_SLO_WINDOW))
        ld_err_at(ld, path, "window", "must be from 1m to 366d (a day is \"24h\" or 86400)");
}
