/* manifest_yaml: YAML (and JSON, which the YAML parser reads too) into cJSON trees, with
 * libyaml. Only cli/ uses libyaml (tests/e2e/structure.sh). */
#ifndef DEPLOYSIM_MANIFEST_YAML_H
#define DEPLOYSIM_MANIFEST_YAML_H

#include <stddef.h>

typedef struct cJSON cJSON;

/* Parses every document of `text` into a cJSON array (one element per document; an empty
 * document is left out). Plain scalars are typed as Kubernetes' YAML reader types them (null,
 * booleans, integers, floats; `!!str` or quotes keep a string). On error returns NULL and
 * writes `FILE:LINE:COL: message` into err. */
cJSON *manifest_yaml_parse(const char *text, size_t len, const char *file, char *err,
                           size_t errlen);

#endif
