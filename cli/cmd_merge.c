/* merge: joins the directories of a sharded sweep or run --replications into exactly the
 * files one unsharded run writes. Each shard directory carries a shard.json (which slice of
 * how many); merge insists on every slice exactly once, and puts them in order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_batch.h"

static int merge_usage(FILE *f) {
    fputs("usage: deploysim merge DIR... -o DIR [--quiet]\n"
          "Joins the output directories of `deploysim sweep --shard K/N` (or `run --replications\n"
          "--shard K/N`) into the files one unsharded run writes: sweep.csv, or rep-R/ and\n"
          "summary.csv. Every shard 1..N must be given once, in any order. Each shard's\n"
          "shard.json says what it ran (scenario hash, seeds, slice) and what it wrote (rows,\n"
          "bytes and hash of each file): merge refuses, exit 2, shards of different batches and\n"
          "files that are missing, truncated or damaged, one line per problem.\n",
          f);
    return f == stdout ? 0 : 2;
}

static int copy_file(const char *from, const char *to) {
    int in = open(from, O_RDONLY);
    if (in < 0) return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (out < 0) {
        close(in);
        return -1;
    }
    static char buf[1 << 16];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = -1;
            break;
        }
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(out, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                rc = -1;
                break;
            }
            off += w;
        }
        if (rc) break;
    }
    close(in);
    if (close(out) != 0) rc = -1;
    return rc;
}

/* Copies the regular files of a replication's directory (a run writes no subdirectories). */
static int copy_dir(const char *from, const char *to) {
    DIR *d = opendir(from);
    if (!d) return errno == ENOENT ? 0 : -1; /* a failed replication may have left nothing */
    if (sim_mkdir_p(to) != 0) {
        closedir(d);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *src = batch_path(from, e->d_name), *dst = batch_path(to, e->d_name);
        struct stat st;
        if (!src || !dst)
            rc = -1;
        else if (stat(src, &st) == 0 && S_ISREG(st.st_mode))
            rc = copy_file(src, dst);
        if (rc) fprintf(stderr, "deploysim merge: %s -> %s: %s\n", src, dst, strerror(errno));
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

static bool same_dir(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The header line of a CSV text, and where its rows begin. */
static size_t header_len(const char *text) {
    size_t n = strcspn(text, "\n");
    return text[n] ? n + 1 : n;
}

static int merge_sweep(const char *out, char **dirs, int n) {
    char *path = batch_path(out, "sweep.csv");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f) {
        fprintf(stderr, "deploysim merge: %s: %s\n", path ? path : out, strerror(errno));
        free(path);
        return 1;
    }
    char *header = NULL;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *in = batch_path(dirs[i], "sweep.csv");
        size_t len = 0;
        char *text = in ? batch_read_file(in, &len) : NULL;
        if (!text) {
            fprintf(stderr, "deploysim merge: %s: %s\n", in ? in : dirs[i], strerror(errno));
            rc = 2;
        } else {
            size_t h = header_len(text);
            if (!header) {
                header = strndup(text, h);
                if (header) fputs(header, f);
            } else if (strlen(header) != h || strncmp(header, text, h) != 0) {
                fprintf(stderr, "deploysim merge: %s: its columns differ from %s/sweep.csv's\n", in,
                        dirs[0]);
                rc = 2;
            }
            if (rc == 0) fwrite(text + h, 1, len - h, f);
        }
        free(text);
        free(in);
    }
    if ((ferror(f) | fclose(f)) && rc == 0) {
        fprintf(stderr, "deploysim merge: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    free(header);
    free(path);
    return rc;
}

static int merge_run(const char *out, char **dirs, const batch_manifest_t *ms, int n) {
    int total = ms[0].items;
    bool *failed = calloc((size_t)total + 1, sizeof *failed);
    batch_rows_t *reps = calloc((size_t)total + 1, sizeof *reps);
    int rc = failed && reps ? 0 : 1;
    for (int i = 0; i < n && rc == 0; i++) {
        for (int j = 0; j < ms[i].failed; j++) {
            int r = ms[i].failed_reps[j];
            if (r >= 1 && r <= total) failed[r - 1] = true;
        }
        int lo, hi;
        batch_shard_range(total, ms[i].shard, ms[i].shards, &lo, &hi);
        for (int r = lo; r < hi && rc == 0; r++) {
            char name[64];
            snprintf(name, sizeof name, "rep-%d", r + 1);
            char *from = batch_path(dirs[i], name), *to = batch_path(out, name);
            if (!from || !to || copy_dir(from, to) != 0) rc = 1;
            free(from);
            free(to);
        }
    }
    if (rc == 0 && batch_read_reps(out, 0, total, failed, reps) != 0) rc = 1;
    char err[512];
    if (rc == 0 && batch_write_rep_summary(out, reps, total, ms[0].seed, err, sizeof err) != 0) {
        fprintf(stderr, "deploysim merge: %s\n", err);
        rc = 1;
    }
    for (int r = 0; reps && r < total; r++)
        batch_rows_free(&reps[r]);
    free(reps);
    free(failed);
    return rc;
}

/* ---- problems: one line each, at most MERGE_MAX_LINES of them ---- */

#define MERGE_MAX_LINES 20
static int problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...) {
    if (problems++ >= MERGE_MAX_LINES) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("deploysim merge: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The first value of a shard's CSV that is not what deploysim writes there: a metric that is
 * not a finite number (blank only where a column may have no value: SUMMARY_OPTIONAL), a point or
 * replication outside the shard. Writes the message in why; false when every value is sound. */
static bool bad_value(const char *text, bool sweep, int plo, int phi, int reps, char *why,
                      size_t n) {
    batch_csv_t csv = {0};
    const char *p = text;
    bool bad = false;
    if (!batch_csv_next(&csv, &p)) {
        batch_csv_free(&csv);
        return false;
    }
    int cols = csv.count;
    char **names = calloc((size_t)cols, sizeof *names);
    bool *numeric = calloc((size_t)cols, sizeof *numeric);
    bool *blank_ok = calloc((size_t)cols, sizeof *blank_ok);
    for (int i = 0; names && numeric && blank_ok && i < cols; i++) {
        names[i] = strdup(csv.field[i]);
        numeric[i] = strcmp(csv.field[i], "seed") == 0 || strcmp(csv.field[i], "point") == 0 ||
                     strcmp(csv.field[i], "replication") == 0;
        for (int m = 0; m < SUMMARY_METRICS; m++)
            if (strcmp(csv.field[i], summary_metrics[m].name) == 0) {
                numeric[i] = true;
                blank_ok[i] = summary_metrics[m].type == SUMMARY_OPTIONAL;
            }
    }
    for (long row = 1; !bad && names && numeric && blank_ok && batch_csv_next(&csv, &p); row++) {
        if (csv.count != cols) {
            snprintf(why, n, "row %ld has %d fields, the header %d", row, csv.count, cols);
            bad = true;
            break;
        }
        for (int i = 0; i < cols && !bad; i++) {
            if (!numeric[i]) continue;
            const char *v = csv.field[i];
            char *end;
            double d = strtod(v, &end);
            if (!*v && blank_ok[i]) continue;
            if (!*v || *end || !isfinite(d) || d < 0) {
                snprintf(why, n, "row %ld, column %s: \"%.40s\" is not a number deploysim writes",
                         row, names[i], v);
                bad = true;
            } else if (sweep && strcmp(names[i], "point") == 0 && (d < plo + 1 || d > phi)) {
                snprintf(why, n, "row %ld: point %.0f is not one of this shard's points %d..%d",
                         row, d, plo + 1, phi);
                bad = true;
            } else if (sweep && strcmp(names[i], "replication") == 0 && (d < 1 || d > reps)) {
                snprintf(why, n, "row %ld: replication %.0f is not from 1 to %d", row, d, reps);
                bad = true;
            }
        }
    }
    for (int i = 0; names && i < cols; i++)
        free(names[i]);
    free(names);
    free(numeric);
    free(blank_ok);
    batch_csv_free(&csv);
    return bad;
}

/* Checks every file a shard's manifest lists against what is on disk; one line per damaged
 * file (its first problem). Returns the number of damaged files. */
static int verify_files(const char *dir, const batch_manifest_t *m) {
    int bad = 0, lo, hi;
    bool sweep = strcmp(m->command, "sweep") == 0;
    batch_shard_range(m->items, m->shard, m->shards, &lo, &hi);
    for (int i = 0; i < m->nfiles; i++) {
        const struct batch_file *f = &m->files[i];
        char *path = batch_path(dir, f->name);
        size_t len = 0;
        struct stat st;
        char *text = NULL;
        if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode)) text = batch_read_file(path, &len);
        char why[300] = "";
        if (!text) {
            snprintf(why, sizeof why, "missing (the shard's manifest lists it)");
        } else if (f->rows >= 0) {
            long long rows = batch_csv_rows(text);
            if (rows < 0 && f->rows >= 0)
                snprintf(why, sizeof why, "empty, the manifest says %lld rows", f->rows);
            else if (rows == 0 && f->rows > 0)
                snprintf(why, sizeof why, "only its header line, the manifest says %lld rows",
                         f->rows);
            else if (rows != f->rows)
                snprintf(why, sizeof why,
                         "%lld rows, the manifest says %lld (truncated or damaged)", rows, f->rows);
        }
        size_t nl = strlen(f->name);
        bool checked_csv = (nl >= 11 && strcmp(f->name + nl - 11, "summary.csv") == 0) ||
                           strcmp(f->name, "sweep.csv") == 0;
        if (!why[0] && text && checked_csv)
            bad_value(text, sweep, lo, hi, m->replications, why, sizeof why);
        if (!why[0] && (long long)len != f->bytes)
            snprintf(why, sizeof why, "%zu bytes, the manifest says %lld (truncated or damaged)",
                     len, f->bytes);
        if (!why[0]) {
            char h[17];
            snprintf(h, sizeof h, "%016llx",
                     (unsigned long long)cli_fnv1a(CLI_FNV_INIT, text, len));
            if (strcmp(h, f->hash) != 0)
                snprintf(why, sizeof why,
                         "damaged: its content differs from what the shard wrote (hash %s, the "
                         "manifest says %s)",
                         h, f->hash);
        }
        if (why[0]) {
            problem("%s/%s: %s", dir, f->name, why);
            bad++;
        }
        free(text);
        free(path);
    }
    return bad;
}

/* Every shard once, all of the same batch. Sorts dirs and ms by shard. Prints what is wrong. */
static int check_shards(char **dirs, batch_manifest_t *ms, int n) {
    for (int i = 1; i < n; i++) { /* insertion sort by shard: n is small */
        for (int j = i; j > 0 && ms[j].shard < ms[j - 1].shard; j--) {
            batch_manifest_t t = ms[j];
            ms[j] = ms[j - 1];
            ms[j - 1] = t;
            char *d = dirs[j];
            dirs[j] = dirs[j - 1];
            dirs[j - 1] = d;
        }
    }
    int bad = 0;
    for (int i = 1; i < n; i++) {
        if (strcmp(ms[i].command, ms[0].command) != 0 || ms[i].shards != ms[0].shards ||
            ms[i].items != ms[0].items || ms[i].replications != ms[0].replications ||
            ms[i].seed != ms[0].seed || strcmp(ms[i].batch, ms[0].batch) != 0) {
            problem("%s and %s are shards of different batches (command, slices, points, "
                    "replications, seed, --set or --vary differ)",
                    dirs[0], dirs[i]);
            bad++;
        } else if (strcmp(ms[i].hash, ms[0].hash) != 0) {
            problem("%s is a shard of another scenario: its content hash is %s, %s's is %s",
                    dirs[i], ms[i].hash, dirs[0], ms[0].hash);
            bad++;
        }
    }
    if (bad) return -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(ms[i].command, "run") == 0) {
            int lo, hi;
            batch_shard_range(ms[i].items, ms[i].shard, ms[i].shards, &lo, &hi);
            uint64_t first = ms[i].seed + (uint64_t)lo;
            uint64_t last = ms[i].seed + (uint64_t)(hi > lo ? hi - 1 : lo);
            if (ms[i].seed_first != first || ms[i].seed_last != last) {
                problem("%s: seeds %llu..%llu, but shard %d/%d of replications from seed %llu "
                        "runs seeds %llu..%llu",
                        dirs[i], (unsigned long long)ms[i].seed_first,
                        (unsigned long long)ms[i].seed_last, ms[i].shard, ms[i].shards,
                        (unsigned long long)ms[i].seed, (unsigned long long)first,
                        (unsigned long long)last);
                bad++;
            }
        }
        if (i > 0 && ms[i].shard == ms[i - 1].shard) {
            problem("%s and %s are both shard %d/%d", dirs[i - 1], dirs[i], ms[i].shard,
                    ms[i].shards);
            bad++;
        }
    }
    for (int k = 1, i = 0; k <= ms[0].shards && n > 0; k++) {
        while (i < n && ms[i].shard < k)
            i++;
        if (i < n && ms[i].shard == k) continue;
        problem("shard %d/%d is missing", k, ms[0].shards);
        bad++;
        if (problems > MERGE_MAX_LINES) break; /* N may be huge: never millions of lines */
    }
    return bad ? -1 : 0;
}

int cli_merge(int argc, char **argv) {
    cli_opts_t o = {.outdir = "out"};
    int rc = cli_parse(argc, argv, "merge", CLI_OPT_OUTPUT | CLI_OPT_QUIET, &o, merge_usage);
    char **dirs = o.args;
    int n = o.nargs;
    batch_manifest_t *ms = calloc((size_t)(n > 0 ? n : 1), sizeof *ms);
    if (rc >= 0) goto done;
    rc = 2;
    if (!dirs || !ms) goto done;
    if (n == 0) {
        rc = merge_usage(stderr);
        goto done;
    }
    problems = 0;
    for (int i = 0; i < n; i++) {
        char err[1024];
        if (batch_manifest_read(dirs[i], &ms[i], err, sizeof err) != 0) {
            problem("%s", err);
            ms[i].shard = 0;
        } else if (same_dir(dirs[i], o.outdir)) {
            problem("the output %s is one of the shards: give another -o", o.outdir);
        } else {
            verify_files(dirs[i], &ms[i]);
        }
    }
    if (problems == 0) check_shards(dirs, ms, n);
    if (problems) {
        if (problems > MERGE_MAX_LINES)
            fprintf(stderr, "deploysim merge: ... and %d more problems\n",
                    problems - MERGE_MAX_LINES);
        goto done;
    }
    rc = 1;
    cli_signals_install();
    cli_out_t out;
    bool sweep = strcmp(ms[0].command, "sweep") == 0;
    if (cli_out_begin(&out, o.outdir, "merge") != 0) goto done;
    if (!sweep) {
        out.owns_reps = true;
    }
    rc = sweep ? merge_sweep(out.stage, dirs, n) : merge_run(out.stage, dirs, ms, n);
    if (rc != 0 || cli_interrupted ||
        cli_out_commit(&out, sweep ? "sweep.csv" : "summary.csv", "merge") != 0) {
        cli_out_abort(&out);
        if (rc == 0) rc = 1;
        goto done;
    }
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed += ms[i].failed;
    if (failed) {
        fprintf(stderr,
                "deploysim merge: the shards had %d failed run%s (see their messages): their "
                "rows are missing\n",
                failed, failed == 1 ? "" : "s");
        rc = 1;
    }
    if (!o.quiet && !out.to_stdout)
        printf("merged %d shard%s of a %s into %s/%s\n", n, n == 1 ? "" : "s",
               sweep ? "sweep" : "run", o.outdir, sweep ? "sweep.csv" : "summary.csv and rep-*/");
done:
    for (int i = 0; ms && i < n; i++)
        batch_manifest_free(&ms[i]);
    free(ms);
    free(dirs);
    if (cli_interrupted) cli_die_of_signal();
    return rc;
}
