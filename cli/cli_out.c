/* cli_out: results are never half-written. A command writes into a staging directory beside
 * its target (same file system), and only a complete, successful result is moved into place,
 * with SIGINT/SIGTERM/SIGHUP held off while it moves; an interruption or a failure removes
 * the staging directory and leaves the previous results as they were. `-o -` stages in
 * $TMPDIR and copies the command's main CSV to standard output. */
#define _GNU_SOURCE /* renameat2 (RENAME_EXCHANGE) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_batch.h"

volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig) {
    cli_interrupted = sig;
}

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};

void cli_signals_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(handled[i], &sa, NULL);
    }
}

void cli_signals_default(void) {
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
        struct sigaction old;
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == on_signal)
            signal(handled[i], SIG_DFL);
    }
}

void cli_signals_block(bool block) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
        sigaddset(&set, handled[i]);
    sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void cli_die_of_signal(void) {
    int sig = cli_interrupted;
    if (!sig) return;
    signal(sig, SIG_DFL);
    cli_signals_block(false);
    CLI_COVERAGE_DUMP();
    raise(sig); /* the caller sees the usual "killed by SIGINT" status */
    _exit(128 + sig);
}

int cli_remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    DIR *d = opendir(path);
    if (!d) return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *p = batch_path(path, e->d_name);
        if (!p || cli_remove_tree(p) != 0) rc = -1;
        free(p);
    }
    closedir(d);
    if (rmdir(path) != 0) rc = -1;
    return rc;
}

/* The directory that holds `target` and its last component ("out/" -> ".", "out"). */
static void split_target(const char *target, char *parent, size_t pn, char *base, size_t bn) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", target);
    size_t len = strlen(buf);
    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash) {
        snprintf(parent, pn, ".");
        snprintf(base, bn, "%s", buf);
    } else if (slash == buf) {
        snprintf(parent, pn, "/");
        snprintf(base, bn, "%s", slash + 1);
    } else {
        *slash = 0;
        snprintf(parent, pn, "%s", buf);
        snprintf(base, bn, "%s", slash + 1);
    }
}

/* Staging directories of earlier runs killed outright (SIGKILL, a power cut): the process
 * named in ".BASE.tmp-PID-XXXXXX" no longer exists. */
static void remove_stale_stages(const char *parent, const char *base) {
    DIR *d = opendir(parent);
    if (!d) return;
    char prefix[4200];
    snprintf(prefix, sizeof prefix, ".%s.tmp-", base);
    size_t pl = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) != 0) continue;
        long pid = strtol(e->d_name + pl, NULL, 10);
        if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
            char *p = batch_path(parent, e->d_name);
            if (p) cli_remove_tree(p);
            free(p);
        }
    }
    closedir(d);
}

static int make_stage(cli_out_t *out, const char *parent, const char *base) {
    char tmpl[8400];
    snprintf(tmpl, sizeof tmpl, "%s/.%s.tmp-%ld-XXXXXX", parent, base, (long)getpid());
    free(out->stage);
    out->stage = strdup(tmpl);
    if (out->stage && mkdtemp(out->stage)) return 0;
    free(out->stage);
    out->stage = NULL;
    return -1;
}

int cli_out_begin(cli_out_t *out, const char *target, const char *cmd) {
    memset(out, 0, sizeof *out);
    out->target = target;
    out->to_stdout = strcmp(target, "-") == 0;
    char parent[4096], base[4096];
    if (out->to_stdout) {
        const char *tmp = getenv("TMPDIR");
        snprintf(parent, sizeof parent, "%s", tmp && *tmp ? tmp : "/tmp");
        if (make_stage(out, parent, "deploysim-stdout") == 0) return 0;
        fprintf(stderr, "deploysim %s: cannot create a directory in %s: %s\n", cmd, parent,
                strerror(errno));
        return -1;
    }
    struct stat st;
    bool exists = stat(target, &st) == 0;
    if (exists && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "deploysim %s: -o %s: exists and is not a directory\n", cmd, target);
        return -1;
    }
    split_target(target, parent, sizeof parent, base, sizeof base);
    /* -o . (or /, ..): nothing beside it to write to, so the stage goes inside it */
    bool inside = !base[0] || strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
    if (inside && !exists) {
        fprintf(stderr, "deploysim %s: -o %s: no such directory\n", cmd, target);
        return -1;
    }
    if (!inside) {
        if (sim_mkdir_p(parent) != 0) {
            fprintf(stderr, "deploysim %s: %s: cannot create directory: %s\n", cmd, parent,
                    strerror(errno));
            return -1;
        }
        remove_stale_stages(parent, base);
        if (make_stage(out, parent, base) == 0) return 0;
        if (!exists) {
            fprintf(stderr, "deploysim %s: cannot create a directory beside %s: %s\n", cmd, target,
                    strerror(errno));
            return -1;
        }
    }
    /* the parent cannot be written but the target can: the stage goes inside it (still the
     * same file system), hidden, and is removed like any other */
    remove_stale_stages(target, "deploysim");
    if (make_stage(out, target, "deploysim") == 0) return 0;
    fprintf(stderr, "deploysim %s: cannot create a directory in %s: %s\n", cmd, target,
            strerror(errno));
    return -1;
}

void cli_out_abort(cli_out_t *out) {
    if (out->stage) cli_remove_tree(out->stage);
    free(out->stage);
    out->stage = NULL;
}

static int copy_to_stdout(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    fflush(stdout);
    char buf[65536];
    ssize_t r;
    int rc = 0;
    while ((r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 || fwrite(buf, 1, (size_t)r, stdout) != (size_t)r) {
            rc = -1;
            break;
        }
    }
    close(fd);
    if (fflush(stdout) != 0) rc = -1;
    return rc;
}

/* "rep-12" -> 12; 0 when the name is not a replication's directory. */
static int rep_number(const char *name) {
    if (strncmp(name, "rep-", 4) != 0 || !name[4]) return 0;
    char *end;
    long v = strtol(name + 4, &end, 10);
    return *end || v < 1 || v > 1000000000 ? 0 : (int)v;
}

/* Moves one entry of the stage over the target's: a file by rename (atomic), a directory by
 * exchanging the two (atomic) and removing the old one, or by rename when it is new. */
static int move_entry(const char *from, const char *to) {
    struct stat st;
    if (lstat(from, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode)) {
        struct stat dst;
        if (lstat(to, &dst) == 0) {
            if (S_ISDIR(dst.st_mode) &&
                renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0)
                return cli_remove_tree(from); /* `from` now holds the old directory */
            if (cli_remove_tree(to) != 0) return -1;
        }
    }
    return rename(from, to);
}

int cli_out_commit(cli_out_t *out, const char *main_file, const char *cmd) {
    int rc = 0;
    if (cli_interrupted) {
        cli_out_abort(out);
        return -1;
    }
    if (out->to_stdout) {
        char *p = batch_path(out->stage, main_file);
        if (!p || copy_to_stdout(p) != 0) {
            fprintf(stderr, "deploysim %s: cannot write %s to standard output: %s\n", cmd,
                    main_file, strerror(errno));
            rc = -1;
        }
        free(p);
        cli_out_abort(out);
        return rc;
    }
    cli_signals_block(true); /* the move is short and must not stop half-way */
    if (sim_mkdir_p(out->target) != 0) {
        fprintf(stderr, "deploysim %s: %s: cannot create directory: %s\n", cmd, out->target,
                strerror(errno));
        cli_signals_block(false);
        cli_out_abort(out);
        return -1;
    }
    bool wrote_manifest = false;
    char *reps = NULL; /* reps[N]: the stage had rep-N */
    int nreps = 0;
    DIR *d = opendir(out->stage);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        wrote_manifest |= strcmp(e->d_name, "shard.json") == 0;
        int r = rep_number(e->d_name);
        if (r > 0 && r >= nreps) {
            char *g = realloc(reps, (size_t)r + 1);
            if (g) {
                memset(g + nreps, 0, (size_t)(r + 1 - nreps));
                reps = g;
                nreps = r + 1;
            }
        }
        if (r > 0 && r < nreps) reps[r] = 1;
        char *from = batch_path(out->stage, e->d_name);
        char *to = batch_path(out->target, e->d_name);
        if (!from || !to || move_entry(from, to) != 0) {
            fprintf(stderr, "deploysim %s: cannot move %s into %s: %s\n", cmd, e->d_name,
                    out->target, strerror(errno));
            rc = -1;
        }
        free(from);
        free(to);
    }
    if (d) closedir(d);
    if (!d) rc = -1;
    /* what an earlier run left that no longer belongs with these results: the rep-N/ of a
     * larger run, a shard manifest of a sharded run */
    d = rc == 0 ? opendir(out->target) : NULL;
    while (d && (e = readdir(d)) != NULL) {
        int r = rep_number(e->d_name);
        bool stale = (out->owns_reps && r > 0 && (r >= nreps || !reps[r])) ||
                     (!wrote_manifest && strcmp(e->d_name, "shard.json") == 0);
        if (!stale) continue;
        char *p = batch_path(out->target, e->d_name);
        if (p) cli_remove_tree(p);
        free(p);
    }
    if (d) closedir(d);
    free(reps);
    /* The results are in place: the command has finished and says so (exit 0) rather than
     * dying with them in place. A signal that came while they moved, or comes while the
     * command prints and frees, is dropped: ignoring a pending signal discards it (POSIX). */
    if (rc == 0)
        for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
            signal(handled[i], SIG_IGN);
    cli_signals_block(false);
    if (rc == 0) cli_interrupted = 0;
    cli_out_abort(out); /* the stage is empty now, or holds what could not be moved */
    return rc;
}
