/* quantity: exact parsing of Kubernetes quantities and Go-style durations.
 * A number is read as an integer mantissa and a power of ten, then scaled with integer
 * arithmetic (muldiv), so no value depends on how a double happens to round. */
#include "quantity.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MANTISSA 1000000000000000000ULL /* up to 19 digits: all of int64 */

typedef struct {
    uint64_t m; /* the digits as an integer */
    int exp10;  /* value = m * 10^exp10 */
    bool neg;
} decimal_t;

typedef enum { ROUND_UP, ROUND_NEAREST } rounding_t;

static void set_err(char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t n, const char *fmt, ...) {
    if (!err || n == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

/* Reads [+-]digits[.digits][e[+-]digits] at *sp. Returns 1 and advances *sp past it, 0 when
 * there is no digit, -1 when there are too many significant digits or a silly exponent.
 * An 'e' is an exponent only when a digit follows, so "1E" stays 1 exa. */
static int parse_decimal(const char **sp, decimal_t *d, bool allow_exponent) {
    const char *s = *sp;
    d->m = 0;
    d->exp10 = 0;
    d->neg = false;
    if (*s == '+' || *s == '-') d->neg = *s++ == '-';
    int digits = 0;
    bool fraction = false;
    for (;; s++) {
        if (*s == '.' && !fraction) {
            fraction = true;
            continue;
        }
        if (!isdigit((unsigned char)*s)) break;
        digits++;
        if (d->m >= MAX_MANTISSA) {
            if (*s != '0' || !fraction) return -1; /* trailing fraction zeros are harmless */
            continue;
        }
        d->m = d->m * 10 + (uint64_t)(*s - '0');
        if (fraction) d->exp10--;
    }
    if (digits == 0) return 0;
    if (allow_exponent && (*s == 'e' || *s == 'E')) {
        const char *e = s + 1;
        bool eneg = false;
        if (*e == '+' || *e == '-') eneg = *e++ == '-';
        if (isdigit((unsigned char)*e)) {
            int x = 0;
            for (; isdigit((unsigned char)*e); e++) {
                x = x * 10 + (*e - '0');
                if (x > 40) return -1;
            }
            d->exp10 += eneg ? -x : x;
            s = e;
        }
    }
    *sp = s;
    return 1;
}

/* q = floor(a * b / d), r = a * b mod d, exactly; false when q exceeds INT64_MAX.
 * Long multiplication bit by bit keeps every intermediate below 2^64 (d < 2^63). */
static bool muldiv(uint64_t a, uint64_t b, uint64_t d, uint64_t *q, uint64_t *r) {
    uint64_t aq = a / d, ar = a % d;
    if (aq && b > (uint64_t)INT64_MAX / aq) return false;
    uint64_t base = aq * b, qq = 0, rr = 0;
    for (int i = 63; i >= 0; i--) {
        if (qq > (uint64_t)INT64_MAX / 2) return false;
        qq *= 2;
        rr *= 2;
        if (rr >= d) rr -= d, qq++;
        if ((b >> i) & 1) {
            rr += ar;
            if (rr >= d) rr -= d, qq++;
        }
    }
    if (qq > (uint64_t)INT64_MAX - base) return false;
    *q = base + qq;
    *r = rr;
    return true;
}

/* m * 10^exp10 * mult, rounded; false when out of range. */
static bool scale(const decimal_t *dec, uint64_t mult, rounding_t rounding, int64_t *out) {
    uint64_t m = dec->m;
    int e = dec->exp10;
    if (m == 0) return *out = 0, true;
    for (; e > 0; e--) {
        if (m > (uint64_t)INT64_MAX / 10) return false;
        m *= 10;
    }
    /* 10^18 is the largest power of ten below 2^63: fold anything smaller into m first. */
    for (; e < -18; e++) {
        uint64_t rest = m % 10;
        m /= 10;
        if (rest && (rounding == ROUND_UP || rest >= 5)) m++;
    }
    uint64_t d = 1;
    for (; e < 0; e++)
        d *= 10;
    uint64_t q, r;
    if (!muldiv(m, mult, d, &q, &r)) return false;
    bool up = rounding == ROUND_UP ? r > 0 : r >= d - r;
    if (up) {
        if (q == (uint64_t)INT64_MAX) return false;
        q++;
    }
    *out = (int64_t)q;
    return true;
}

/* Scales a parsed number into *out, or says that it is out of range (`what` "bad quantity"). */
static int store(const decimal_t *d, uint64_t mult, rounding_t rounding, const char *what,
                 const char *s, int64_t *out, char *err, size_t errlen) {
    int64_t v;
    if (!scale(d, mult, rounding, &v)) {
        set_err(err, errlen, "%s \"%s\": out of range", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* A JSON number in the shortest decimal text that reads back the same to 15 digits, so 0.1
 * is "0.1" and not 0.1000000000000000055..., then parsed like a string. */
static const char *number_text(double x, char *buf, size_t n) {
    snprintf(buf, n, "%.15g", x);
    return buf;
}

/* ---- bytes ---- */

typedef struct {
    const char *suffix;
    uint64_t mult;
} suffix_t;

static const suffix_t BYTE_SUFFIXES[] = {
    {"", 1ULL},
    {"Ki", 1ULL << 10},
    {"Mi", 1ULL << 20},
    {"Gi", 1ULL << 30},
    {"Ti", 1ULL << 40},
    {"Pi", 1ULL << 50},
    {"Ei", 1ULL << 60},
    {"k", 1000ULL},
    {"M", 1000000ULL},
    {"G", 1000000000ULL},
    {"T", 1000000000000ULL},
    {"P", 1000000000000000ULL},
    {"E", 1000000000000000000ULL},
};

#define BYTE_SUFFIX_LIST "Ki, Mi, Gi, Ti, k, M, G, T"

/* "2Gb", "2GB", "2gib", "2 Gi" -> "2Gi"; "100b" -> "100". Empty when no guess. */
static void bytes_hint(const char *num, size_t numlen, const char *suffix, char *out, size_t n) {
    out[0] = 0;
    while (*suffix == ' ')
        suffix++;
    char letter = suffix[0];
    const char *rest = suffix + 1;
    for (size_t i = 1; i < sizeof BYTE_SUFFIXES / sizeof BYTE_SUFFIXES[0]; i++)
        if (!strcmp(suffix, BYTE_SUFFIXES[i].suffix)) { /* "1 k": only the space is wrong */
            snprintf(out, n, "%.*s%s", (int)numlen, num, suffix);
            return;
        }
    if (letter && strchr("kKmMgGtTpPeE", letter)) {
        if (*rest == 'i' || *rest == 'I') rest++;
        if (*rest == 'b' || *rest == 'B') rest++;
        if (*rest) return;
        snprintf(out, n, "%.*s%ci", (int)numlen, num, toupper((unsigned char)letter));
    } else if ((letter == 'b' || letter == 'B') && (!*rest || !strcmp(rest, "ytes"))) {
        snprintf(out, n, "%.*s", (int)numlen, num);
    } else if (letter == 0 && numlen > 0) {
        snprintf(out, n, "%.*s", (int)numlen, num); /* only spaces after the number */
    }
}

int quantity_parse_bytes(const char *s, int64_t *bytes, char *err, size_t errlen) {
    const char *p = s;
    decimal_t d;
    int rc = parse_decimal(&p, &d, true);
    if (rc < 0) {
        set_err(err, errlen, "bad quantity \"%s\": out of range", s);
        return -1;
    }
    if (rc == 0) {
        set_err(err, errlen,
                "bad quantity \"%s\": expected a number of bytes with an optional "
                "suffix " BYTE_SUFFIX_LIST " (\"512Mi\")",
                s);
        return -1;
    }
    if (d.neg && d.m != 0) {
        set_err(err, errlen, "bad quantity \"%s\": must not be negative", s);
        return -1;
    }
    const suffix_t *sfx = NULL;
    for (size_t i = 0; i < sizeof BYTE_SUFFIXES / sizeof BYTE_SUFFIXES[0]; i++)
        if (!strcmp(p, BYTE_SUFFIXES[i].suffix)) sfx = &BYTE_SUFFIXES[i];
    if (!sfx) {
        char hint[64];
        bytes_hint(s, (size_t)(p - s), p, hint, sizeof hint);
        const char *why =
            !strcmp(p, "m") ? "\"m\" means a thousandth of a byte; use a suffix" : "use a suffix";
        if (hint[0])
            set_err(err, errlen,
                    "bad quantity \"%s\": %s " BYTE_SUFFIX_LIST " (did you mean \"%s\"?)", s, why,
                    hint);
        else
            set_err(err, errlen, "bad quantity \"%s\": %s " BYTE_SUFFIX_LIST, s, why);
        return -1;
    }
    return store(&d, sfx->mult, ROUND_UP, "bad quantity", s, bytes, err, errlen);
}

int quantity_bytes_from_number(double bytes, int64_t *out, char *err, size_t errlen) {
    char buf[40];
    return quantity_parse_bytes(number_text(bytes, buf, sizeof buf), out, err, errlen);
}

int quantity_parse_rate(const char *s, double *bytes_per_second, char *err, size_t errlen) {
    char buf[64];
    size_t len = strlen(s);
    if (len >= 2 && !strcmp(s + len - 2, "/s")) len -= 2;
    if (len >= sizeof buf) {
        set_err(err, errlen, "bad rate \"%s\": too long", s);
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = 0;
    int64_t b;
    char inner[256];
    if (quantity_parse_bytes(buf, &b, inner, sizeof inner)) {
        set_err(err, errlen, "%s (a rate is bytes per second: \"100Mi\" or \"100Mi/s\")", inner);
        return -1;
    }
    *bytes_per_second = (double)b;
    return 0;
}

/* ---- CPU ---- */

int quantity_parse_cpu(const char *s, int64_t *millicores, char *err, size_t errlen) {
    const char *p = s;
    decimal_t d;
    int rc = parse_decimal(&p, &d, true);
    const char *use = "use cores (\"2\", \"0.5\") or millicores (\"250m\")";
    if (rc < 0) {
        set_err(err, errlen, "bad cpu quantity \"%s\": out of range", s);
        return -1;
    }
    if (rc > 0 && d.neg && d.m != 0) {
        set_err(err, errlen, "bad cpu quantity \"%s\": must not be negative", s);
        return -1;
    }
    uint64_t mult = 0;
    if (rc > 0 && !strcmp(p, "")) mult = 1000;
    if (rc > 0 && !strcmp(p, "m")) mult = 1;
    if (!mult) {
        if (rc > 0 && !strcmp(p, "M"))
            set_err(err, errlen, "bad cpu quantity \"%s\": %s (did you mean \"%.*sm\"?)", s, use,
                    (int)(p - s), s);
        else
            set_err(err, errlen, "bad cpu quantity \"%s\": %s", s, use);
        return -1;
    }
    /* k8s: a fraction of a millicore rounds up */
    return store(&d, mult, ROUND_UP, "bad cpu quantity", s, millicores, err, errlen);
}

int quantity_cpu_from_number(double cores, int64_t *millicores, char *err, size_t errlen) {
    char buf[40];
    return quantity_parse_cpu(number_text(cores, buf, sizeof buf), millicores, err, errlen);
}

/* ---- durations ---- */

typedef struct {
    const char *unit;
    uint64_t mult; /* microseconds per unit, after exp10 */
    int exp10;
} unit_t;

static const unit_t DURATION_UNITS[] = {
    {"h", 3600000000ULL, 0}, {"m", 60000000ULL, 0}, {"s", 1000000ULL, 0},
    {"ms", 1000ULL, 0},      {"us", 1ULL, 0},       {"\xc2\xb5s", 1ULL, 0}, /* micro sign */
    {"\xce\xbcs", 1ULL, 0}, /* Greek mu, which Go accepts too */
    {"ns", 1ULL, -3},
};

/* Words people write for units, mapped to ours. */
static const struct {
    const char *word, *unit;
} UNIT_WORDS[] = {
    {"h", "h"},
    {"hr", "h"},
    {"hrs", "h"},
    {"hour", "h"},
    {"hours", "h"},
    {"m", "m"},
    {"min", "m"},
    {"mins", "m"},
    {"minute", "m"},
    {"minutes", "m"},
    {"s", "s"},
    {"sec", "s"},
    {"secs", "s"},
    {"second", "s"},
    {"seconds", "s"},
    {"ms", "ms"},
    {"msec", "ms"},
    {"msecs", "ms"},
    {"millis", "ms"},
    {"millisecond", "ms"},
    {"milliseconds", "ms"},
    {"us", "us"},
    {"usec", "us"},
    {"microseconds", "us"},
    {"d", "*24h"},
    {"day", "*24h"},
    {"days", "*24h"},
};

#define DURATION_USE "use seconds (a number) or a string with units h, m, s, ms, us (\"1m30s\")"

static int parse_duration_text(const char *s, sim_time_t *us) {
    if (!strcmp(s, "0")) return *us = 0, 0;
    const char *p = s;
    int64_t total = 0;
    if (*p == '+') p++;
    if (!*p) return -1;
    while (*p) {
        decimal_t d;
        if (*p == '+' || *p == '-' || parse_decimal(&p, &d, false) != 1) return -1;
        const unit_t *u = NULL;
        size_t best = 0;
        for (size_t i = 0; i < sizeof DURATION_UNITS / sizeof DURATION_UNITS[0]; i++) {
            size_t l = strlen(DURATION_UNITS[i].unit);
            if (l > best && !strncmp(p, DURATION_UNITS[i].unit, l))
                u = &DURATION_UNITS[i], best = l;
        }
        if (!u) return -1;
        p += best;
        d.exp10 += u->exp10;
        int64_t part;
        if (!scale(&d, u->mult, ROUND_NEAREST, &part) || part > INT64_MAX - total) return -2;
        total += part;
    }
    *us = total;
    return 0;
}

/* Rewrites "5 min", "2hours", "1m 30s", "30", "2d" into our syntax; empty when no guess. */
static void duration_hint(const char *s, char *out, size_t n) {
    out[0] = 0;
    char tmp[64];
    size_t o = 0;
    const char *p = s;
    int parts = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *num = p;
        while (isdigit((unsigned char)*p) || *p == '.')
            p++;
        size_t numlen = (size_t)(p - num);
        if (!numlen) return;
        while (*p == ' ')
            p++;
        char word[16];
        size_t wl = 0;
        while (isalpha((unsigned char)*p) && wl + 1 < sizeof word)
            word[wl++] = (char)tolower((unsigned char)*p++);
        word[wl] = 0;
        if (isalpha((unsigned char)*p)) return;
        const char *unit = NULL;
        if (wl == 0 && !*p && parts == 0) unit = "s"; /* a bare "30" */
        for (size_t i = 0; !unit && i < sizeof UNIT_WORDS / sizeof UNIT_WORDS[0]; i++)
            if (!strcmp(word, UNIT_WORDS[i].word)) unit = UNIT_WORDS[i].unit;
        if (!unit) return;
        int w;
        if (unit[0] == '*') { /* days: whole ones only, as hours */
            if (memchr(num, '.', numlen) || numlen > 6) return;
            w = snprintf(tmp + o, sizeof tmp - o, "%ldh", strtol(num, NULL, 10) * 24);
        } else {
            w = snprintf(tmp + o, sizeof tmp - o, "%.*s%s", (int)numlen, num, unit);
        }
        if (w < 0 || (size_t)w >= sizeof tmp - o) return;
        o += (size_t)w;
        parts++;
        while (*p == ' ')
            p++;
    }
    sim_time_t check;
    if (parts && strcmp(tmp, s) && !parse_duration_text(tmp, &check)) snprintf(out, n, "%s", tmp);
}

int quantity_parse_duration(const char *s, sim_time_t *us, char *err, size_t errlen) {
    const char *p = s;
    while (*p == ' ')
        p++;
    if (*p == '-') {
        set_err(err, errlen, "bad duration \"%s\": must not be negative", s);
        return -1;
    }
    int rc = parse_duration_text(s, us);
    if (rc == -2) set_err(err, errlen, "bad duration \"%s\": out of range", s);
    if (rc == -1) {
        char hint[64];
        duration_hint(s, hint, sizeof hint);
        if (hint[0])
            set_err(err, errlen, "bad duration \"%s\": " DURATION_USE " (did you mean \"%s\"?)", s,
                    hint);
        else
            set_err(err, errlen, "bad duration \"%s\": " DURATION_USE, s);
    }
    return rc ? -1 : 0;
}

int quantity_duration_from_seconds(double seconds, sim_time_t *us, char *err, size_t errlen) {
    char buf[48];
    if (seconds < 0) {
        set_err(err, errlen, "bad duration %s: must not be negative",
                number_text(seconds, buf, sizeof buf));
        return -1;
    }
    decimal_t d;
    const char *p = number_text(seconds, buf, sizeof buf);
    if (parse_decimal(&p, &d, true) != 1 || *p || !scale(&d, 1000000, ROUND_NEAREST, us)) {
        set_err(err, errlen, "bad duration %s: out of range", buf);
        return -1;
    }
    return 0;
}

/* ---- formatting ---- */

char *quantity_format_cpu(int64_t millicores, char *buf, size_t n) {
    if (millicores % 1000 == 0)
        snprintf(buf, n, "%lld", (long long)(millicores / 1000));
    else
        snprintf(buf, n, "%lldm", (long long)millicores);
    return buf;
}

char *quantity_format_bytes(int64_t bytes, char *buf, size_t n) {
    /* the largest suffix that divides exactly, binary ones first: 512Mi, then 1G, else bytes */
    const suffix_t *best = &BYTE_SUFFIXES[0];
    for (size_t i = 1; i < sizeof BYTE_SUFFIXES / sizeof BYTE_SUFFIXES[0]; i++) {
        const suffix_t *s = &BYTE_SUFFIXES[i];
        bool binary = s->suffix[1] == 'i', best_binary = best->suffix[0] && best->suffix[1] == 'i';
        if (bytes == 0 || bytes % (int64_t)s->mult != 0 || (best_binary && !binary)) continue;
        if (binary != best_binary || s->mult > best->mult) best = s;
    }
    snprintf(buf, n, "%lld%s", (long long)(bytes / (int64_t)best->mult), best->suffix);
    return buf;
}

/* "1.500000s" -> "1.5s", "1.500ms" -> "1.5ms" */
static void trim_fraction(char *buf) {
    char *dot = strchr(buf, '.');
    if (!dot) return;
    char *unit = dot + 1;
    while (isdigit((unsigned char)*unit))
        unit++;
    char *z = unit;
    while (z > dot + 1 && z[-1] == '0')
        z--;
    if (z == dot + 1) z = dot;
    memmove(z, unit, strlen(unit) + 1);
}

char *quantity_format_duration(sim_time_t us, char *buf, size_t n) {
    char tmp[64];
    size_t o = 0;
    if (us < 0) {
        tmp[o++] = '-';
        us = us == INT64_MIN ? INT64_MAX : -us;
    }
    long long h = (long long)(us / (3600 * SIM_SEC)), m = (long long)(us / (60 * SIM_SEC) % 60);
    long long s = (long long)(us / SIM_SEC % 60), frac = (long long)(us % SIM_SEC);
    char *t = tmp + o;
    size_t left = sizeof tmp - o;
    if (us == 0)
        snprintf(t, left, "0s");
    else if (us < SIM_MS)
        snprintf(t, left, "%lldus", (long long)us);
    else if (us < SIM_SEC)
        snprintf(t, left, "%lld.%03lldms", (long long)(us / SIM_MS), (long long)(us % SIM_MS));
    else {
        int w = 0;
        if (h) w += snprintf(t + w, left - (size_t)w, "%lldh", h);
        if (m) w += snprintf(t + w, left - (size_t)w, "%lldm", m);
        if (frac)
            snprintf(t + w, left - (size_t)w, "%lld.%06llds", s, frac);
        else if (s)
            snprintf(t + w, left - (size_t)w, "%llds", s);
    }
    trim_fraction(tmp);
    snprintf(buf, n, "%s", tmp);
    return buf;
}
