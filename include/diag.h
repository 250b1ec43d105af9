/* diag: a list of error messages, for reporting every error of an input at once.
 * Library code fills one; the CLI decides where it goes (stderr). */
#ifndef DEPLOYSIM_DIAG_H
#define DEPLOYSIM_DIAG_H

#include <stddef.h>

typedef struct {
    char **items;
    int count, cap;
} diag_t;

void diag_init(diag_t *d);
void diag_free(diag_t *d);
/* Appends a printf-formatted message (silently drops it when out of memory). */
void diag_add(diag_t *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_clear(diag_t *d);

#endif
