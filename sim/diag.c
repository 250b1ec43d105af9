/* diag: growable array of owned strings. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void diag_init(diag_t *d) {
    d->items = NULL;
    d->count = d->cap = 0;
}

void diag_clear(diag_t *d) {
    for (int i = 0; i < d->count; i++)
        free(d->items[i]);
    d->count = 0;
}

void diag_free(diag_t *d) {
    diag_clear(d);
    free(d->items);
    diag_init(d);
}

void diag_add(diag_t *d, const char *fmt, ...) {
    if (d->count == d->cap) {
        int ncap = d->cap ? d->cap * 2 : 8;
        char **n = realloc(d->items, sizeof *n * (size_t)ncap);
        if (!n) return;
        d->items = n;
        d->cap = ncap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) return;
    char *s = malloc((size_t)len + 1);
    if (!s) return;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    d->items[d->count++] = s;
}
