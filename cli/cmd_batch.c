/* batch: the machinery compare, sweep, merge and run --replications share (cmd_batch.h) —
 * forked workers that each run one simulation and send back its summary rows through a
 * pipe, summary rows as numbers, shard manifests, aligned tables, CSV reading.
 * Workers are processes, not threads: the model has no shared state to protect, a crash
 * costs one run instead of the batch, and output order never depends on timing. */
#define _GNU_SOURCE /* sched_getaffinity: -j's default honours taskset and Slurm */
#include "cmd_batch.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "summary_csv.h"

/* A worker that reports an error of the run exits with this; anything else (a signal, a
 * sanitizer's exit code) is a crash. */
#define WORKER_RUN_FAILED 10

/* ---- CSV records ---- */

static int csv_push_field(batch_csv_t *r, size_t start) {
    if (r->count == r->fcap) {
        int cap = r->fcap ? 2 * r->fcap : 32;
        char **f = realloc(r->field, (size_t)cap * sizeof *f);
        if (!f) return -1;
        r->field = f;
        r->fcap = cap;
    }
    /* offsets now, pointers once the buffer stops moving */
    r->field[r->count++] = (char *)(uintptr_t)start;
    return 0;
}

static int csv_putc(batch_csv_t *r, size_t *len, char c) {
    if (*len + 1 >= r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        char *b = realloc(r->buf, cap);
        if (!b) return -1;
        r->buf = b;
        r->cap = cap;
    }
    r->buf[(*len)++] = c;
    return 0;
}

bool batch_csv_next(batch_csv_t *r, const char **p) {
    const char *s = *p;
    if (!s || !*s) return false;
    size_t len = 0;
    r->count = 0;
    if (csv_push_field(r, 0) != 0) return false;
    for (;;) {
        if (*s == '"') { /* quoted: "" is a quote; commas and line breaks are data */
            for (s++; *s; s++) {
                if (*s == '"' && s[1] == '"')
                    s++;
                else if (*s == '"') {
                    s++;
                    break;
                }
                if (csv_putc(r, &len, *s) != 0) return false;
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r') {
            if (csv_putc(r, &len, *s++) != 0) return false;
        }
        if (csv_putc(r, &len, 0) != 0) return false;
        if (*s != ',') break;
        s++;
        if (csv_push_field(r, len) != 0) return false;
    }
    if (*s == '\r') s++;
    if (*s == '\n') s++;
    *p = s;
    for (int i = 0; i < r->count; i++)
        r->field[i] = r->buf + (uintptr_t)r->field[i];
    return true;
}

void batch_csv_free(batch_csv_t *r) {
    free(r->buf);
    free(r->field);
    memset(r, 0, sizeof *r);
}

/* ---- rows ---- */

void batch_rows_free(batch_rows_t *r) {
    for (int i = 0; i < r->count; i++) {
        free(r->rows[i].service);
        free(r->rows[i].namespace_);
        free(r->rows[i].key);
    }
    free(r->rows);
    free(r->scenario);
    memset(r, 0, sizeof *r);
}

static double parse_value(const char *s) {
    if (!*s) return NAN; /* blank: nothing served */
    char *end;
    double v = strtod(s, &end);
    return *end ? NAN : v;
}

/* Appends one row: the service name, its namespace (fields[ns], or "default" when ns < 0: a
 * file from before the column) and the metric fields, fields[idx[m]]. */
static int rows_add(batch_rows_t *out, char **fields, int service, int ns, const int *idx) {
    batch_row_t *rows = realloc(out->rows, (size_t)(out->count + 1) * sizeof *rows);
    if (!rows) return -1;
    out->rows = rows;
    batch_row_t *row = &rows[out->count];
    const char *nsname = ns >= 0 && *fields[ns] ? fields[ns] : "default";
    bool plain = strcmp(nsname, "default") == 0;
    size_t n = strlen(nsname) + strlen(fields[service]) + 2;
    row->service = strdup(fields[service]);
    row->namespace_ = strdup(nsname);
    row->key = malloc(n);
    if (!row->service || !row->namespace_ || !row->key) {
        free(row->service);
        free(row->namespace_);
        free(row->key);
        return -1;
    }
    snprintf(row->key, n, "%s%s%s", plain ? "" : nsname, plain ? "" : "/", fields[service]);
    for (int m = 0; m < SUMMARY_METRICS; m++)
        row->v[m] = parse_value(fields[idx[m]]);
    out->count++;
    return 0;
}

int batch_rows_parse(const char *text, batch_rows_t *out) {
    memset(out, 0, sizeof *out);
    batch_csv_t csv = {0};
    int idx[SUMMARY_METRICS];
    for (int m = 0; m < SUMMARY_METRICS; m++)
        idx[m] = summary_metric_field(m);
    int rc = 0, ns = summary_text_field("namespace");
    while (rc == 0 && batch_csv_next(&csv, &text)) {
        /* the fields of summary_write_fields */
        if (csv.count != summary_field_count() || rows_add(out, csv.field, 0, ns, idx) != 0)
            rc = -1;
    }
    batch_csv_free(&csv);
    if (rc) batch_rows_free(out);
    return rc;
}

int batch_rows_read_summary(const char *path, batch_rows_t *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    char *text = batch_read_file(path, NULL);
    if (!text) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    const char *p = text;
    batch_csv_t csv = {0};
    int idx[SUMMARY_METRICS], scenario = -1, service = -1, ns = -1, rc = 0;
    if (!batch_csv_next(&csv, &p)) {
        snprintf(err, errlen, "%s: empty file", path);
        rc = -1;
    }
    for (int m = 0; rc == 0 && m < SUMMARY_METRICS; m++) {
        idx[m] = -1;
        for (int i = 0; i < csv.count; i++) {
            if (strcmp(csv.field[i], summary_metrics[m].name) == 0) idx[m] = i;
            if (strcmp(csv.field[i], "scenario") == 0) scenario = i;
            if (strcmp(csv.field[i], "service") == 0) service = i;
            if (strcmp(csv.field[i], "namespace") == 0) ns = i;
        }
        if (idx[m] < 0) {
            snprintf(err, errlen, "%s: no column %s", path, summary_metrics[m].name);
            rc = -1;
        }
    }
    if (rc == 0 && service < 0) {
        snprintf(err, errlen, "%s: no column service", path);
        rc = -1;
    }
    int header = csv.count;
    while (rc == 0 && batch_csv_next(&csv, &p)) {
        if (csv.count != header) {
            snprintf(err, errlen, "%s: a row has %d fields, the header %d", path, csv.count,
                     header);
            rc = -1;
        } else if (rows_add(out, csv.field, service, ns, idx) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (!out->scenario && scenario >= 0) {
            out->scenario = strdup(csv.field[scenario]);
        }
    }
    batch_csv_free(&csv);
    free(text);
    if (rc) batch_rows_free(out);
    return rc;
}

double batch_rows_value(const batch_rows_t *r, const char *key, int m) {
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->rows[i].key, key) == 0) return r->rows[i].v[m];
    return NAN;
}

void batch_column(const batch_rows_t *runs, int count, int stride, const char *key, int m,
                  double *values) {
    for (int r = 0; r < count; r++)
        values[r] = batch_rows_value(&runs[r * stride], key, m);
}

/* ---- worker processes ---- */

int batch_default_workers(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

bool batch_progress_wanted(const cli_opts_t *o) {
    return !o->quiet && isatty(STDERR_FILENO);
}

static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        buf += w;
        len -= (size_t)w;
    }
}

/* The worker: runs one job and writes its summary rows (or its error) to fd. Never returns. */
static void worker_main(const batch_job_t *j, int fd) {
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) _exit(WORKER_RUN_FAILED);
    int rc = 0;
    j->sc->seed = j->seed; /* this process's copy: summary rows carry the seed */
    sim_options_t so = {.seed = j->seed, .outdir = j->outdir};
    diag_t d;
    diag_init(&d);
    sim_t *s = sim_create(j->sc, &so, &d);
    if (!s) {
        for (int i = 0; i < d.count; i++)
            fprintf(m, "%s%s", i ? "; " : "", d.items[i]);
        if (d.count == 0) fputs("cannot create the run", m);
        rc = -1;
    } else if (sim_run(s) != 0) {
        fputs(sim_error(s), m);
        rc = -1;
    } else {
        for (int i = 0; i < sim_service_count(s); i++) {
            sim_summary_t sum;
            if (!sim_summary(s, i, &sum)) continue;
            summary_write_fields(m, &sum);
            fputc('\n', m);
        }
    }
    fclose(m);
    write_all(fd, buf, len);
    close(fd);
    /* freed although the process ends: valgrind and LSan see the worker's exit too */
    if (s) sim_destroy(s);
    diag_free(&d);
    free(buf);
    /* _exit: the parent's stdio buffers and atexit handlers are not ours to run */
    CLI_COVERAGE_DUMP();
    _exit(rc ? WORKER_RUN_FAILED : 0);
}

typedef struct {
    pid_t pid;
    int fd;
    int job;
    char *buf;
    size_t len, cap;
} slot_t;

static double seconds_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(const char *what, int done, int n, const struct timespec *t0) {
    static double last = -1;
    double el = seconds_since(t0);
    if (done > 0 && done < n && el - last < 0.1) return; /* ten updates a second are plenty */
    last = el;
    if (done == 0)
        fprintf(stderr, "\r%s: %d/%d runs, %.1f s elapsed\033[K", what, done, n, el);
    else
        fprintf(stderr, "\r%s: %d/%d runs, %.1f s elapsed, ETA %.1f s\033[K", what, done, n, el,
                el / done * (n - done));
    if (done == n) fputc('\n', stderr);
    fflush(stderr);
}

static char *dup_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_error(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

static int slot_start(slot_t *slots, int nslots, slot_t *sl, const batch_job_t *jobs, int job) {
    int fds[2];
    pid_t parent = getpid();
    if (pipe(fds) != 0) return -1;
    fflush(NULL); /* or the child would inherit, and later repeat, unwritten output */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        /* the worker dies with its parent, however the parent ends (even SIGKILL), and
         * takes SIGINT/SIGTERM the default way: nothing of a batch outlives it */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(WORKER_RUN_FAILED); /* the parent is already gone */
        cli_signals_default();
        close(fds[0]);
        for (int i = 0; i < nslots; i++)
            if (slots[i].pid > 0) close(slots[i].fd);
        worker_main(&jobs[job], fds[1]);
    }
    close(fds[1]);
    *sl = (slot_t){.pid = pid, .fd = fds[0], .job = job};
    return 0;
}

/* The worker closed its end: reap it and turn its exit into a result. */
static void slot_finish(slot_t *sl, batch_result_t *res) {
    close(sl->fd);
    int st = 0;
    while (waitpid(sl->pid, &st, 0) < 0 && errno == EINTR) {
    }
    char *text = sl->buf ? sl->buf : strdup("");
    res->ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (res->ok || (WIFEXITED(st) && WEXITSTATUS(st) == WORKER_RUN_FAILED && text && *text)) {
        res->text = text;
    } else {
        if (WIFSIGNALED(st))
            res->text =
                dup_error("the run crashed (signal %d, %s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
        else
            res->text = dup_error("the run's worker exited with status %d", WEXITSTATUS(st));
        free(text);
    }
    *sl = (slot_t){.pid = 0, .fd = -1};
}

static int slot_read(slot_t *sl) {
    if (sl->cap - sl->len < 4097) {
        size_t cap = sl->cap ? 2 * sl->cap : 8192;
        char *b = realloc(sl->buf, cap);
        if (!b) return -1;
        sl->buf = b;
        sl->cap = cap;
    }
    ssize_t r;
    do
        r = read(sl->fd, sl->buf + sl->len, sl->cap - sl->len - 1);
    while (r < 0 && errno == EINTR);
    if (r <= 0) return 0; /* end (or a broken pipe: the exit status tells) */
    sl->len += (size_t)r;
    sl->buf[sl->len] = 0;
    return 1;
}

/* Stops every running worker (SIGTERM, then waits for it): the batch was interrupted. */
static void stop_workers(slot_t *slots, int nslots) {
    for (int i = 0; i < nslots; i++)
        if (slots[i].pid > 0) kill(slots[i].pid, SIGTERM);
    for (int i = 0; i < nslots; i++) {
        if (slots[i].pid <= 0) continue;
        while (waitpid(slots[i].pid, NULL, 0) < 0 && errno == EINTR) {
        }
        close(slots[i].fd);
        free(slots[i].buf);
        slots[i] = (slot_t){.pid = 0, .fd = -1};
    }
}

int batch_run(const batch_job_t *jobs, int n, int workers, const char *what, bool progress,
              batch_result_t *results) {
    return batch_run_cb(jobs, n, workers, what, progress, results, NULL, NULL);
}

int batch_run_cb(const batch_job_t *jobs, int n, int workers, const char *what, bool progress,
                 batch_result_t *results, batch_done_fn done_fn, void *ctx) {
    if (workers < 1) workers = 1;
    if (workers > n) workers = n;
    memset(results, 0, (size_t)n * sizeof *results);
    if (n == 0) return 0;
    slot_t *slots = calloc((size_t)workers, sizeof *slots);
    struct pollfd *pfd = calloc((size_t)workers, sizeof *pfd);
    int *which = calloc((size_t)workers, sizeof *which);
    if (!slots || !pfd || !which) {
        free(slots);
        free(pfd);
        free(which);
        for (int i = 0; i < n; i++)
            results[i].text = strdup("out of memory");
        return n;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int next = 0, done = 0, failed = 0, active = 0;
    if (progress) show_progress(what, 0, n, &t0);
    while (done < n) {
        if (cli_interrupted) {
            stop_workers(slots, workers);
            if (progress) fputc('\n', stderr);
            break;
        }
        for (int i = 0; i < workers && next < n; i++) {
            if (slots[i].pid > 0) continue;
            if (slot_start(slots, workers, &slots[i], jobs, next) != 0) {
                results[next].text = dup_error("cannot start a worker: %s", strerror(errno));
                done++;
            } else {
                active++;
            }
            next++;
        }
        if (active == 0) continue;
        int k = 0;
        for (int i = 0; i < workers; i++) {
            if (slots[i].pid <= 0) continue;
            pfd[k] = (struct pollfd){.fd = slots[i].fd, .events = POLLIN};
            which[k++] = i;
        }
        if (poll(pfd, (nfds_t)k, -1) < 0) {
            if (errno == EINTR) continue;
            break; /* cannot happen with valid fds; the loop below would spin */
        }
        for (int j = 0; j < k; j++) {
            slot_t *sl = &slots[which[j]];
            if (!pfd[j].revents || slot_read(sl) > 0) continue;
            int job = sl->job;
            slot_finish(sl, &results[job]);
            active--;
            done++;
            if (done_fn && !cli_interrupted) done_fn(ctx, job, &results[job]);
            if (progress) show_progress(what, done, n, &t0);
        }
    }
    for (int i = 0; i < n; i++)
        if (!results[i].ok) failed++;
    free(slots);
    free(pfd);
    free(which);
    return failed;
}

void batch_results_free(batch_result_t *r, int n) {
    for (int i = 0; r && i < n; i++)
        free(r[i].text);
    free(r);
}

/* ---- shards ---- */

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
            char inner[200];
            snprintf(inner, sizeof inner, "%s", why[0] ? why : "no name or hash");
            snprintf(why, n, "files[%d]: %s", i, inner);
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

/* ---- numbers ---- */

/* Fixed decimals, and no "-0.00": a difference of exactly nothing prints as 0. */
static void fmt_fixed(char *buf, size_t n, double v, int decimals) {
    snprintf(buf, n, "%.*f", decimals, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

void batch_put_stat(FILE *f, double v, int decimals) {
    if (isnan(v)) return;
    char buf[64];
    fmt_fixed(buf, sizeof buf, v, decimals);
    fputs(buf, f);
}

static int display_decimals(int m, int n) {
    return summary_metrics[m].decimals + (summary_metrics[m].integer && n > 1 ? 1 : 0);
}

void batch_format_ci(char *buf, size_t n, const stats_ci_t *c, int m, bool difference) {
    double k = summary_metrics[m].scale;
    int dec = display_decimals(m, c->n);
    char mean[48], lo[48], hi[48];
    if (c->n == 0) {
        snprintf(buf, n, "-");
        return;
    }
    fmt_fixed(mean, sizeof mean, c->mean * k, dec);
    if (isnan(c->half)) {
        snprintf(buf, n, "%s", mean);
        return;
    }
    double l = c->mean - c->half, h = c->mean + c->half;
    if (!difference) {
        fmt_fixed(hi, sizeof hi, c->half * k, dec);
        snprintf(buf, n, "%s ± %s", mean, hi);
        return;
    }
    fmt_fixed(lo, sizeof lo, l * k, dec);
    fmt_fixed(hi, sizeof hi, h * k, dec);
    snprintf(buf, n, "%s [%s, %s]%s", mean, lo, hi, (l > 0 || h < 0) ? " *" : "  ");
}

/* ---- tables ---- */

void batch_table_init(batch_table_t *t, int cols) {
    *t = (batch_table_t){.cols = cols};
}

void batch_table_add(batch_table_t *t, const char *fmt, ...) {
    if (t->count == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->cells, (size_t)cap * sizeof *c);
        if (!c) return;
        t->cells = c;
        t->cap = cap;
    }
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t->cells[t->count++] = strdup(buf);
}

/* Display width: UTF-8 continuation bytes take no column ("±"). */
static int text_width(const char *s) {
    int w = 0;
    for (; s && *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void batch_table_print(FILE *f, const batch_table_t *t, int left) {
    int *w = calloc((size_t)t->cols, sizeof *w);
    if (!w) return;
    for (int i = 0; i < t->count; i++) {
        int tw = text_width(t->cells[i]);
        if (tw > w[i % t->cols]) w[i % t->cols] = tw;
    }
    char *line = NULL;
    size_t len = 0;
    FILE *l = NULL;
    for (int i = 0; i < t->count; i++) {
        int c = i % t->cols, pad = w[c] - text_width(t->cells[i]);
        const char *s = t->cells[i] ? t->cells[i] : "";
        if (c == 0 && !(l = open_memstream(&line, &len))) break;
        if (c > 0) fputs("  ", l);
        if (c < left)
            fprintf(l, "%s%*s", s, pad, "");
        else
            fprintf(l, "%*s%s", pad, "", s);
        if (c < t->cols - 1 && i < t->count - 1) continue;
        fclose(l);
        while (len > 0 && line[len - 1] == ' ')
            len--; /* no trailing blanks */
        fprintf(f, "%.*s\n", (int)len, line);
        free(line);
        line = NULL;
    }
    free(w);
}

void batch_table_free(batch_table_t *t) {
    for (int i = 0; i < t->count; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* ---- files ---- */

char *batch_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 65536 + 1);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

char *batch_path(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

bool batch_metric_has_values(const batch_rows_t *runs, int count, const char *key, int m) {
    for (int r = 0; r < count; r++)
        if (!isnan(batch_rows_value(&runs[r], key, m))) return true;
    return false;
}

void batch_print_metrics(FILE *f, const batch_rows_t *runs, int scenarios, int reps,
                         const char *const *headings, const char *const *services,
                         int service_count) {
    double *a = malloc((size_t)reps * sizeof *a), *b = malloc((size_t)reps * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return;
    }
    int cols = 1 + scenarios + (scenarios - 1);
    for (int i = 0; i < service_count; i++) {
        batch_table_t t;
        batch_table_init(&t, cols);
        batch_table_add(&t, "service %s", services[i]);
        for (int s = 0; s < scenarios; s++) {
            if (headings)
                batch_table_add(&t, "%s", headings[s]);
            else
                batch_table_add(&t, "%c", 'A' + s % 26);
            if (s > 0) batch_table_add(&t, "%c-A (paired)", 'A' + s % 26);
        }
        for (int m = 0; m < SUMMARY_METRICS; m++) {
            if (!batch_metric_has_values(runs, scenarios * reps, services[i], m)) continue;
            batch_table_add(&t, "%s", summary_metrics[m].label);
            batch_column(runs, reps, 1, services[i], m, a);
            for (int s = 0; s < scenarios; s++) {
                char cell[160];
                batch_column(runs + s * reps, reps, 1, services[i], m, b);
                stats_ci_t c = stats_ci95(b, reps);
                batch_format_ci(cell, sizeof cell, &c, m, false);
                batch_table_add(&t, "%s", cell);
                if (s == 0) continue;
                c = stats_paired_ci95(a, b, reps);
                batch_format_ci(cell, sizeof cell, &c, m, true);
                batch_table_add(&t, "%s", cell);
            }
        }
        batch_table_print(f, &t, 1);
        batch_table_free(&t);
        fputc('\n', f);
    }
    free(a);
    free(b);
}
