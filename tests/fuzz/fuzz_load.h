/* fuzz_load.h: what both libFuzzer targets do first — the input bytes as a NUL-terminated
 * scenario text through the loader. Header-only: each target is built from its one .c file. */
#ifndef DEPLOYSIM_FUZZ_LOAD_H
#define DEPLOYSIM_FUZZ_LOAD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* The scenario the bytes describe, or NULL when they do not load (the loader's errors, in *d,
 * are the expected answer to most inputs) or memory is short. The text is not kept: the
 * loader copies what it needs. */
static inline scenario_t *fuzz_load(const uint8_t *data, size_t size, diag_t *d) {
    char *text = malloc(size + 1);
    if (!text) return NULL;
    memcpy(text, data, size);
    text[size] = 0;
    scenario_t *sc = NULL;
    if (scenario_load_text(text, "fuzz.json", NULL, 0, &sc, d) != 0) sc = NULL;
    free(text);
    return sc;
}

#endif
