/* batch_shard: the slices of a sharded batch and the manifest (shard.json) each shard leaves
 * beside its outputs so that merge can check it has every slice once (cmd_batch.h). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_batch.h"

void batch_shard_range(int count, int k, int n, int *lo, int *hi) {
    if (n <= 0) {
        *lo = 0;
        *hi = count;
        return;
    }
    /* contiguous, sizes differ by at most one, the larger slices last */
    *lo = (int)((long long)count * (k - 1) / n);
    *hi = (int)((long long)count * k / n);
}

long long batch_csv_rows(const char *text) {
    batch_csv_t csv = {0};
    long long n = -1;
    const char *p = text;
    while (batch_csv_next(&csv, &p))
        n++;
    batch_csv_free(&csv);
    return n;
}

/* Adds every regular file under dir/rel (one level of subdirectories: rep-N/) to arr. */
static int manifest_scan(const char *dir, const char *rel, cJSON *arr) {
    char *path = rel ? batch_path(dir, rel) : strdup(dir);
    DIR *d = path ? opendir(path) : NULL;
    if (!d) {
        free(path);
        return -1;
    }
    /* sorted, so that the manifest does not depend on the directory's order */
    char **names = NULL;
    int n = 0, rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || (!rel && strcmp(e->d_name, "shard.json") == 0)) continue;
        char **nn = realloc(names, (size_t)(n + 1) * sizeof *nn);
        if (!nn) break;
        names = nn;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        char *full = names[i] ? batch_path(path, names[i]) : NULL;
        char relname[4096];
        snprintf(relname, sizeof relname, "%s%s%s", rel ? rel : "", rel ? "/" : "",
                 names[i] ? names[i] : "");
        struct stat st;
        if (!full || stat(full, &st) != 0) {
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (!rel && manifest_scan(dir, relname, arr) != 0) rc = -1;
        } else if (S_ISREG(st.st_mode)) {
            size_t len = 0;
            char *text = batch_read_file(full, &len);
            if (!text) {
                rc = -1;
            } else {
                cJSON *f = cJSON_CreateObject();
                cJSON_AddStringToObject(f, "name", relname);
                size_t nl = strlen(relname);
                if (nl > 4 && strcmp(relname + nl - 4, ".csv") == 0)
                    cJSON_AddNumberToObject(f, "rows", (double)batch_csv_rows(text));
                cJSON_AddNumberToObject(f, "bytes", (double)len);
                char h[17];
                snprintf(h, sizeof h, "%016llx",
                         (unsigned long long)cli_fnv1a(CLI_FNV_INIT, text, len));
                cJSON_AddStringToObject(f, "fnv1a64", h);
                cJSON_AddItemToArray(arr, f);
                free(text);
            }
        }
        free(full);
        free(names[i]);
    }
    free(names);
    free(path);
    return rc;
}

int batch_manifest_write(const char *dir, const batch_manifest_t *m) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return -1;
    cJSON_AddStringToObject(o, "command", m->command);
    cJSON_AddNumberToObject(o, "shard", m->shard);
    cJSON_AddNumberToObject(o, "shards", m->shards);
    cJSON_AddNumberToObject(o, strcmp(m->command, "sweep") == 0 ? "points" : "items", m->items);
    cJSON_AddNumberToObject(o, "replications", m->replications);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed); /* exact beyond 2^53 */
    cJSON_AddStringToObject(o, "seed", seed);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed_first);
    cJSON_AddStringToObject(o, "seedFirst", seed);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed_last);
    cJSON_AddStringToObject(o, "seedLast", seed);
    cJSON_AddStringToObject(o, "scenarioHash", m->hash);
    cJSON_AddStringToObject(o, "batch", m->batch ? m->batch : "");
    cJSON_AddNumberToObject(o, "failed", m->failed);
    cJSON *reps = cJSON_AddArrayToObject(o, "failedReplications");
    for (int i = 0; reps && m->failed_reps && i < m->failed; i++)
        cJSON_AddItemToArray(reps, cJSON_CreateNumber(m->failed_reps[i]));
    cJSON *files = cJSON_AddArrayToObject(o, "files");
    int rc = files && manifest_scan(dir, NULL, files) == 0 ? 0 : -1;
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    char *path = batch_path(dir, "shard.json");
    FILE *f = rc == 0 && text && path ? fopen(path, "w") : NULL;
    rc = f ? 0 : -1;
    if (f) {
        fprintf(f, "%s\n", text);
        if (fclose(f) != 0) rc = -1;
    }
    free(text);
    free(path);
    return rc;
}

/* An integer member within [lo, hi]; else a message naming it. */
static int json_int(const cJSON *o, const char *key, long long lo, long long hi, long long *out,
                    char *why, size_t n) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        snprintf(why, n, "no \"%s\"", key);
        return -1;
    }
    double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!(d >= (double)lo && d <= (double)hi) || d != floor(d)) {
        snprintf(why, n, "\"%s\" is not an integer from %lld to %lld", key, lo, hi);
        return -1;
    }
    *out = (long long)d;
    return 0;
}

static int json_u64(const cJSON *o, const char *key, uint64_t *out, char *why, size_t n) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    errno = 0;
    char *end = NULL;
    unsigned long long u =
        s && *s && strspn(s, "0123456789") == strlen(s) ? strtoull(s, &end, 10) : 0;
    if (!s || !end || *end || errno) {
        snprintf(why, n, "\"%s\" is not a seed (a decimal integer in a string)", key);
        return -1;
    }
    *out = u;
    return 0;
}

/* failedReplications: each a replication from 1 to items. 0 = ok, else why says it. */
static int read_failed_reps(batch_manifest_t *m, const cJSON *reps, long long items, char *why,
                            size_t n) {
    int nf = cJSON_GetArraySize(reps);
    m->failed_reps = calloc((size_t)nf + 1, sizeof *m->failed_reps);
    for (int i = 0; m->failed_reps && i < nf; i++) {
        const cJSON *r = cJSON_GetArrayItem(reps, i);
        double d = cJSON_IsNumber(r) ? r->valuedouble : 0;
        if (!(d >= 1 && d <= (double)items) || d != floor(d)) {
            snprintf(why, n, "failedReplications[%d] is not a replication from 1 to %lld", i,
                     items);
            return -1;
        }
        m->failed_reps[i] = (int)d;
    }
    return 0;
}

/* files: each with a relative name inside the shard, its bytes, rows (optional) and hash. */
static int read_files(batch_manifest_t *m, const cJSON *files, char *why, size_t n) {
    m->nfiles = cJSON_GetArraySize(files);
    m->files = calloc((size_t)m->nfiles, sizeof *m->files);
    for (int i = 0; m->files && i < m->nfiles; i++) {
        const cJSON *f = cJSON_GetArrayItem(files, i);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        const cJSON *fh = cJSON_GetObjectItemCaseSensitive(f, "fnv1a64");
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(f, "rows");
        long long v = -1;
        m->files[i].rows = -1;
        if (!cJSON_IsString(name) || !name->valuestring[0] || strstr(name->valuestring, "..") ||
            name->valuestring[0] == '/' || !cJSON_IsString(fh) || strlen(fh->valuestring) != 16 ||
            json_int(f, "bytes", 0, 1LL << 50, &m->files[i].bytes, why, n) ||
            (rows && json_int(f, "rows", -1, 1LL << 50, &v, why, n))) {
            char inner[256];
            snprintf(inner, sizeof inner, "%s", why[0] ? why : "no name or hash");
            /* the message in `why` (at most 255 bytes) less room for the prefix: cut, never
             * overflowing */
            snprintf(why, n, "files[%d]: %.200s", i, inner);
            return -1;
        }
        if (rows) m->files[i].rows = v;
        m->files[i].name = strdup(name->valuestring);
        snprintf(m->files[i].hash, sizeof m->files[i].hash, "%s", fh->valuestring);
    }
    return 0;
}

int batch_manifest_read(const char *dir, batch_manifest_t *m, char *err, size_t errlen) {
    memset(m, 0, sizeof *m);
    char *path = batch_path(dir, "shard.json");
    char *text = path ? batch_read_file(path, NULL) : NULL;
    if (!text) {
        snprintf(err, errlen, "%s: no shard.json here (not the output of a --shard run)", dir);
        free(path);
        return -1;
    }
    cJSON *o = cJSON_Parse(text);
    free(text);
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(o, "command");
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(o, "failedReplications");
    const cJSON *batch = cJSON_GetObjectItemCaseSensitive(o, "batch");
    const cJSON *hash = cJSON_GetObjectItemCaseSensitive(o, "scenarioHash");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files");
    char why[256] = "";
    long long shard = 0, shards = 0, items = 0, nreps = 0, failed = 0;
    int rc = -1;
    if (!o)
        snprintf(why, sizeof why, "not JSON");
    else if (!cJSON_IsString(cmd) ||
             (strcmp(cmd->valuestring, "run") != 0 && strcmp(cmd->valuestring, "sweep") != 0))
        snprintf(why, sizeof why, "\"command\" is not \"run\" or \"sweep\"");
    else if (json_int(o, "shards", 1, INT_MAX, &shards, why, sizeof why) ||
             json_int(o, "shard", 1, shards, &shard, why, sizeof why) ||
             json_int(o, "replications", 1, CLI_MAX_RUNS, &nreps, why, sizeof why) ||
             json_int(o, strcmp(cmd->valuestring, "sweep") == 0 ? "points" : "items", 1,
                      CLI_MAX_RUNS, &items, why, sizeof why) ||
             json_int(o, "failed", 0, items * nreps, &failed, why, sizeof why) ||
             json_u64(o, "seed", &m->seed, why, sizeof why) ||
             json_u64(o, "seedFirst", &m->seed_first, why, sizeof why) ||
             json_u64(o, "seedLast", &m->seed_last, why, sizeof why)) {
        /* why says it */
    } else if (items * nreps > CLI_MAX_RUNS)
        snprintf(why, sizeof why, "%lld x %lld runs: more than %d", items, nreps, CLI_MAX_RUNS);
    else if (!cJSON_IsString(batch) || !cJSON_IsString(hash) || strlen(hash->valuestring) != 16)
        snprintf(why, sizeof why, "no \"batch\" or \"scenarioHash\"");
    else if (!cJSON_IsArray(reps) || cJSON_GetArraySize(reps) > items)
        snprintf(why, sizeof why, "\"failedReplications\" is not a list of replications");
    else if (!cJSON_IsArray(files) || cJSON_GetArraySize(files) == 0)
        snprintf(why, sizeof why, "\"files\" does not list the shard's files");
    else
        rc = 0;
    if (rc == 0) {
        snprintf(m->command, sizeof m->command, "%s", cmd->valuestring);
        m->shard = (int)shard;
        m->shards = (int)shards;
        m->items = (int)items;
        m->replications = (int)nreps;
        m->failed = (int)failed;
        snprintf(m->hash, sizeof m->hash, "%s", hash->valuestring);
        m->batch = strdup(batch->valuestring);
        int nf = cJSON_GetArraySize(reps);
        rc = read_failed_reps(m, reps, items, why, sizeof why);
        if (strcmp(m->command, "run") == 0) m->failed = nf;
        if (rc == 0) rc = read_files(m, files, why, sizeof why);
    }
    if (rc != 0) snprintf(err, errlen, "%s: not a valid shard manifest: %s", path, why);
    cJSON_Delete(o);
    free(path);
    return rc;
}

void batch_manifest_free(batch_manifest_t *m) {
    free(m->failed_reps);
    free(m->batch);
    for (int i = 0; m->files && i < m->nfiles; i++)
        free(m->files[i].name);
    free(m->files);
    m->files = NULL;
    m->nfiles = 0;
    m->failed_reps = NULL;
    m->batch = NULL;
}

char *batch_manifest_key(const scenario_t *sc, const cli_opts_t *o, const char *extra) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    fputs(sc->name, f);
    for (int i = 0; i < o->set_count; i++)
        fprintf(f, "\n--set %s=%s", o->sets[i].path, o->sets[i].value);
    if (extra) fputs(extra, f);
    fclose(f);
    return buf;
}
