/* manifest_emit: cJSON into YAML documents as kubectl prints them. */
#ifndef DEPLOYSIM_MANIFEST_EMIT_H
#define DEPLOYSIM_MANIFEST_EMIT_H

#include <stdio.h>

typedef struct cJSON cJSON;

/* Writes one document ("---" then the tree in block style). */
void manifest_emit(FILE *f, const cJSON *doc);

#endif
