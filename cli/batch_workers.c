/* batch_workers: forked workers that each run one simulation and send back its summary
 * rows through a pipe (cmd_batch.h). Workers are processes, not threads: the model has no
 * shared state to protect, a crash costs one run instead of the batch, and output order
 * never depends on timing. */
#define _GNU_SOURCE /* sched_getaffinity: -j's default honours taskset and Slurm */
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

#include "cmd_batch.h"
#include "summary_csv.h"

/* A worker that reports an error of the run exits with this; anything else (a signal, a
 * sanitizer's exit code) is a crash. */
#define WORKER_RUN_FAILED 10

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
