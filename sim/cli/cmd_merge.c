/* merge: joins the directories of a sharded sweep or run --replications into exactly the
 * files one unsharded run writes. Each shard directory carries a shard.json (which slice of
 * how many); merge insists on every slice exactly once, and puts them in order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_batch.h"

static int merge_usage(FILE *f) {
    fputs("usage: deploysim merge DIR... -o DIR [--quiet]\n"
          "Joins the output directories of `deploysim sweep --shard K/N` (or `run --replications\n"
          "--shard K/N`) into the files one unsharded run writes: sweep.csv, or rep-R/ and\n"
          "summary.csv. Every shard 1..N must be given once, in any order.\n",
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
    for (int i = 0; i < n; i++) {
        if (strcmp(ms[i].command, ms[0].command) != 0 || ms[i].shards != ms[0].shards ||
            ms[i].items != ms[0].items || ms[i].replications != ms[0].replications ||
            ms[i].seed != ms[0].seed || strcmp(ms[i].batch, ms[0].batch) != 0) {
            fprintf(stderr, "deploysim merge: %s and %s are shards of different batches\n", dirs[0],
                    dirs[i]);
            return -1;
        }
        if (ms[i].shard < 1 || ms[i].shard > ms[i].shards) {
            fprintf(stderr, "deploysim merge: %s: shard %d of %d?\n", dirs[i], ms[i].shard,
                    ms[i].shards);
            bad++;
        }
        if (i > 0 && ms[i].shard == ms[i - 1].shard) {
            fprintf(stderr, "deploysim merge: %s and %s are both shard %d/%d\n", dirs[i - 1],
                    dirs[i], ms[i].shard, ms[i].shards);
            bad++;
        }
    }
    for (int k = 1, i = 0; k <= ms[0].shards; k++) {
        while (i < n && ms[i].shard < k)
            i++;
        if (i < n && ms[i].shard == k) continue;
        fprintf(stderr, "deploysim merge: shard %d/%d is missing\n", k, ms[0].shards);
        bad++;
    }
    return bad ? -1 : 0;
}

int cli_merge(int argc, char **argv) {
    const char *out = "out";
    bool quiet = false;
    char **dirs = calloc((size_t)argc, sizeof *dirs);
    batch_manifest_t *ms = calloc((size_t)argc, sizeof *ms);
    int n = 0, rc = 2;
    if (!dirs || !ms) goto done;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            rc = merge_usage(stdout);
            goto done;
        } else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 == argc) {
                fprintf(stderr, "deploysim merge: -o needs a value\n");
                goto done;
            }
            out = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "deploysim merge: unknown option %s\n", argv[i]);
            rc = merge_usage(stderr);
            goto done;
        } else {
            dirs[n++] = argv[i];
        }
    }
    if (n == 0) {
        rc = merge_usage(stderr);
        goto done;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        char err[1024];
        if (batch_manifest_read(dirs[i], &ms[i], err, sizeof err) != 0) {
            fprintf(stderr, "deploysim merge: %s\n", err);
            bad++;
        } else if (same_dir(dirs[i], out)) {
            fprintf(stderr,
                    "deploysim merge: the output %s is one of the shards: give another -o\n", out);
            bad++;
        }
    }
    if (bad || check_shards(dirs, ms, n) != 0) goto done;
    if (sim_mkdir_p(out) != 0) {
        fprintf(stderr, "deploysim merge: %s: cannot create directory: %s\n", out, strerror(errno));
        rc = 1;
        goto done;
    }
    bool sweep = strcmp(ms[0].command, "sweep") == 0;
    rc = sweep ? merge_sweep(out, dirs, n) : merge_run(out, dirs, ms, n);
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed += ms[i].failed;
    if (rc == 0 && failed) {
        fprintf(stderr,
                "deploysim merge: the shards had %d failed run%s (see their messages): their "
                "rows are missing\n",
                failed, failed == 1 ? "" : "s");
        rc = 1;
    }
    if (rc == 0 && !quiet)
        printf("merged %d shard%s of a %s into %s/%s\n", n, n == 1 ? "" : "s",
               sweep ? "sweep" : "run", out, sweep ? "sweep.csv" : "summary.csv and rep-*/");
done:
    for (int i = 0; ms && i < n; i++)
        batch_manifest_free(&ms[i]);
    free(ms);
    free(dirs);
    return rc;
}
