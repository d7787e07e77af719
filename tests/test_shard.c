/* test_shard.c — every figure program split into 3 shards (--shard I/3) and
 * merged (--merge) gives the files of an unsharded run, byte for byte; the
 * merge refuses every inconsistent set of shard files with one clear message
 * and writes nothing (experiments/core/shard.h). Each figure runs at a
 * small scale; the MNIST ones on the synthetic set (synth_idx.h). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progrun.h"

static const char *root;
static void setup(void) { root = prog_tmpdir("shard"); }
static void teardown(void) { prog_rmdir(root); }
TestSuite(shard, .init = setup, .fini = teardown);

/* Run id with args into dir/whole, and as 3 shards + a merge into
 * dir/sharded; returns dir. stage: whether the program has a job list (the
 * shard files then hold jobs). */
static void sharded_equals_whole(const char *id, const char *args, int stage)
{
    char dir[1024], log[1100];
    snprintf(dir, sizeof dir, "%s/%s", root, id);
    snprintf(log, sizeof log, "%s/log", dir);
    cr_assert(prog_sh("mkdir -p %s", dir) == 0);
    int rc = prog_sh("%s/%s %s --out %s/whole >%s 2>&1", FA_BIN_DIR, id, args, dir, log);
    cr_assert(rc == 0, "%s %s exited with %d:\n%s", id, args, rc, prog_slurp("/", log));
    for (int i = 0; i < 3; i++) {
        rc = prog_sh("%s/%s %s --shard %d/3 --out %s/sharded >%s 2>&1", FA_BIN_DIR, id, args, i,
                     dir, log);
        cr_assert(rc == 0, "%s --shard %d/3 exited with %d:\n%s", id, i, rc,
                  prog_slurp("/", log));
    }
    char sd[1100];
    snprintf(sd, sizeof sd, "%s/sharded", dir);
    cr_assert(prog_entries(sd) == 3, "%s: the shards wrote %zu files, not just their 3", id,
              prog_entries(sd));
    /* a program with a job list must shard it, not leave it all to the merge */
    rc = prog_sh("grep -aq '^jobs: none$' %s/%s.shard-0-of-3", sd, id);
    cr_assert(stage ? rc != 0 : rc == 0, "%s: shard 0 %s a job list", id,
              stage ? "has no" : "unexpectedly has");
    rc = prog_sh("%s/%s %s --merge --out %s/sharded >%s 2>&1", FA_BIN_DIR, id, args, dir, log);
    cr_assert(rc == 0, "%s --merge exited with %d:\n%s", id, rc, prog_slurp("/", log));
    /* every file of the whole run, byte for byte, and the shard files besides */
    rc = prog_sh("cd %s/whole && for f in *; do cmp -s \"$f\" ../sharded/\"$f\" || exit 1; done",
                 dir);
    cr_assert(rc == 0, "%s: a merged file differs from the unsharded run's (see %s)", id, dir);
    snprintf(log, sizeof log, "%s/whole", dir);
    cr_assert(prog_entries(sd) == prog_entries(log) + 3, "%s: the merge wrote other files", id);
    prog_sh("rm -rf %s", dir);
}

#define SHARD_TEST(name, id, args, stage) \
    Test(shard, name, .timeout = 300) { sharded_equals_whole(id, args, stage); }

SHARD_TEST(cb23_fig1, "cb23-fig1", "--quick --reps 1", 1)
SHARD_TEST(cb23_fig2, "cb23-fig2", "--quick", 1)
SHARD_TEST(cb23_fig4, "cb23-fig4", "--quick --reps 1", 1)
SHARD_TEST(cb23_fig6, "cb23-fig6", "--quick --n 2000 --reps 2", 1)
SHARD_TEST(hs23_fig3, "hs23-fig3", "--quick --reps 2 --iters 40", 1)
SHARD_TEST(rs21_fig1, "rs21-fig1", "--quick --reps 2", 1)
SHARD_TEST(rs21_fig2, "rs21-fig2", "--quick --reps 2", 1)
SHARD_TEST(rs21_fig3, "rs21-fig3", "--quick --reps 2 --iters 100", 1)
SHARD_TEST(rs21_fig4, "rs21-fig4", "--quick --reps 1", 1)
SHARD_TEST(rs21_fig5, "rs21-fig5", "--quick --reps 2", 1)
SHARD_TEST(rs21_figS1, "rs21-figS1", "--quick --reps 2", 1)
SHARD_TEST(sse19_fig2, "sse19-fig2", "--quick", 0)
SHARD_TEST(sse19_fig3, "sse19-fig3", "--quick", 0)
SHARD_TEST(sse19_fig4, "sse19-fig4", "--quick --reps 4", 1)
SHARD_TEST(sse19_fig5, "sse19-fig5", "--quick --reps 2", 1)

/* ---- the MNIST-based programs, on a synthetic set ------------------------------ */

static void on_synthetic(const char *id, const char *args, size_t ntrain, size_t ntest)
{
    char all[2048];
    snprintf(all, sizeof all, "%s --data %s", args, prog_synthetic_mnist(root, ntrain, ntest));
    sharded_equals_whole(id, all, 1);
}

/* as test_mnist_programs.c, with two repetitions: a job list of at least 2 */
#define MNIST_TEST(name, id, args, ntrain, ntest) \
    Test(shard, name, .timeout = 300) { on_synthetic(id, args, ntrain, ntest); }
#define DEEP "--quick --reps 2 --train 1000 --test 1000 --epochs "
#define DEEP_TEST(name, id, epochs) MNIST_TEST(name, id, DEEP epochs, 1000, 1000)

DEEP_TEST(rs21_fig6, "rs21-fig6", "1")
DEEP_TEST(rs21_fig7, "rs21-fig7", "1")
DEEP_TEST(rs21_fig8, "rs21-fig8", "2")
DEEP_TEST(rs21_figS2, "rs21-figS2", "1")
DEEP_TEST(rs21_figS3, "rs21-figS3", "2")
DEEP_TEST(hs23_fig4, "hs23-fig4", "1")
DEEP_TEST(hs23_fig5, "hs23-fig5", "1")
DEEP_TEST(hs23_fig6, "hs23-fig6", "1")
DEEP_TEST(hs23_fig7, "hs23-fig7", "1")
DEEP_TEST(hs23_fig8, "hs23-fig8", "1")
DEEP_TEST(hs23_fig9, "hs23-fig9", "1")
DEEP_TEST(hs23_fig10, "hs23-fig10", "1")
MNIST_TEST(sse19_fig6, "sse19-fig6", "--quick --reps 2 --epochs 1 --train 500", 500, 100)
MNIST_TEST(cb23_fig7, "cb23-fig7", "--quick --reps 1 --train 64 --test 64", 64, 64)
MNIST_TEST(cb23_fig8, "cb23-fig8", "--quick --reps 1 --train 64 --test 64", 64, 64)

/* ---- the merge refuses ------------------------------------------------------------ */

#define FIG "rs21-fig5"
#define ARGS "--quick --reps 3 --threads 1"

/* 3 shards of FIG into root/set (fresh), with extra arguments for shard 1 */
static void make_shards(const char *extra1)
{
    cr_assert(prog_sh("rm -rf %s/set", root) == 0);
    for (int i = 0; i < 3; i++)
        cr_assert(prog_sh("%s/" FIG " " ARGS " %s --shard %d/3 --out %s/set >/dev/null 2>&1",
                          FA_BIN_DIR,
                          i == 1 ? extra1 : "", i, root) == 0);
}

/* The merge fails with status 1, a message holding `what`, and writes
 * nothing: root/set holds the same files before and after. */
static void merge_refuses(const char *what)
{
    char set[1100];
    snprintf(set, sizeof set, "%s/set", root);
    size_t before = prog_entries(set);
    int rc = prog_sh("%s/" FIG " " ARGS " --merge --out %s >/dev/null 2>%s/err", FA_BIN_DIR, set,
                     root);
    char *err = prog_slurp(root, "err");
    cr_assert(rc == 1, "merge (%s) exited with %d: %s", what, rc, err);
    cr_assert(err && strstr(err, FIG ": error: --merge: ") && strstr(err, what) &&
                  strstr(err, "nothing written"),
              "merge (%s): unclear message '%s'", what, err);
    cr_assert(prog_entries(set) == before, "merge (%s) wrote something", what);
    cr_assert(prog_sh("ls %s | grep -q tsv", set) != 0, "merge (%s) wrote a TSV", what);
    free(err);
}

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
    return h;
}

/* Replace the first line of shard 1 starting with `from` by `to` (both
 * whole lines with their newline) and give the file a valid checksum, as a
 * shard made by other code or with other parameters would have. */
static void rewrite_line(const char *from, const char *to)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/set/" FIG ".shard-1-of-3", root);
    FILE *f = fopen(path, "rb");
    cr_assert(f);
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f), tail = 27;   /* "checksum: " + 16 digits + newline */
    rewind(f);
    char *buf = malloc(n + strlen(to) + 1);
    cr_assert(buf && fread(buf, 1, n, f) == n);
    fclose(f);
    char *at = NULL;
    for (char *p = buf; p < buf + n && !at; p = strchr(p, '\n') + 1)
        if (strncmp(p, from, strlen(from)) == 0)
            at = p;
    cr_assert(at, "no line %s", from);
    size_t old = (size_t)(strchr(at, '\n') + 1 - at), add = strlen(to);
    memmove(at + add, at + old, n - (size_t)(at - buf) - old);
    memcpy(at, to, add);
    n = n - old + add;
    snprintf(buf + n - tail, tail + 1, "checksum: %016" PRIx64 "\n", fnv1a(buf, n - tail));
    f = fopen(path, "wb");
    cr_assert(f && fwrite(buf, 1, n, f) == n && fclose(f) == 0);
    free(buf);
}

Test(shard, merge_refuses_inconsistent_shards, .timeout = 120)
{
    make_shards("");
    cr_assert(prog_sh("rm %s/set/" FIG ".shard-1-of-3", root) == 0);
    merge_refuses("shard 1 of 3 is missing");

    make_shards("");
    cr_assert(prog_sh("cp %s/set/" FIG ".shard-0-of-3 %s/set/" FIG ".shard-1-of-3", root, root) ==
              0);
    merge_refuses("duplicated");

    make_shards("");
    cr_assert(prog_sh("cp %s/set/" FIG ".shard-0-of-3 %s/set/" FIG ".shard-0-of-2", root, root) ==
              0);
    merge_refuses("holds shards of");

    make_shards("--seed 2");
    merge_refuses("seed");

    make_shards("");
    rewrite_line("source: ", "source: 0123abc\n");
    merge_refuses("source");

    make_shards("");
    rewrite_line("param: B1=", "param: B1=16x40 (theta_1 pair)\n");
    merge_refuses("other parameters");

    make_shards("");
    rewrite_line("jobs: ", "jobs: 16\n");
    merge_refuses("job");

    make_shards("");
    cr_assert(prog_sh("truncate -s -100 %s/set/" FIG ".shard-2-of-3", root) == 0);
    merge_refuses("truncated");

    make_shards("");   /* one byte of a job's results changed */
    cr_assert(prog_sh("printf 'X' | dd of=%s/set/" FIG ".shard-2-of-3 bs=1 seek=2000 "
                      "conv=notrunc 2>/dev/null", root) == 0);
    merge_refuses("corrupt");

    cr_assert(prog_sh("rm -rf %s/set && mkdir %s/set", root, root) == 0);
    merge_refuses("no shard files");
}

/* Shards computed on different kernel paths merge into the same data, and the
 * header names every path that computed them: here shard 1 runs on the
 * scalar path, the others and the merge on this machine's own. */
Test(shard, merge_names_every_kernel_path, .timeout = 120)
{
    cr_assert(prog_sh("rm -rf %s/k && mkdir -p %s/k", root, root) == 0);
    cr_assert(prog_sh("%s/" FIG " " ARGS " --out %s/k/whole >/dev/null 2>&1", FA_BIN_DIR, root) ==
              0);
    for (int i = 0; i < 3; i++)
        cr_assert(prog_sh("%s %s/" FIG " " ARGS " --shard %d/3 --out %s/k/set >/dev/null 2>&1",
                          i == 1 ? "FA_KERNEL=scalar" : "", FA_BIN_DIR, i, root) == 0);
    cr_assert(prog_sh("%s/" FIG " " ARGS " --merge --out %s/k/set >/dev/null 2>&1", FA_BIN_DIR,
                      root) == 0);
    int rc = prog_sh("cd %s/k/whole && for f in *.tsv; do grep -v '^# kernel:' \"$f\" >../a && "
                     "grep -v '^# kernel:' ../set/\"$f\" >../b && cmp -s ../a ../b || exit 1; "
                     "done", root);
    cr_assert(rc == 0, "a merged file differs from the unsharded run's beyond its kernel line");
    char *whole = prog_slurp(root, "k/whole/" FIG ".claims.tsv"),
         *set = prog_slurp(root, "k/set/" FIG ".claims.tsv");
    cr_assert(whole && set);
    char own[64] = "", want[96];
    cr_assert(sscanf(strstr(whole, "# kernel: "), "# kernel: %63[^\n]", own) == 1);
    if (strcmp(own, "scalar") == 0)
        snprintf(want, sizeof want, "# kernel: scalar\n");
    else
        snprintf(want, sizeof want, "# kernel: %s, scalar\n", own);
    cr_assert(strstr(set, want), "the merged header does not say '%s':\n%.400s", want, set);
    free(whole), free(set);
}

Test(shard, bad_shard_options)
{
    const char *bad[] = {"--shard 3/3", "--shard 1", "--shard 1/0", "--shard -1/3",
                         "--shard 0/3 --merge", "--shard x/3"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = prog_sh("%s/" FIG " %s --out %s/bad >/dev/null 2>&1", FA_BIN_DIR, bad[i], root);
        cr_assert(rc == 2, "'%s' exited with %d, not 2", bad[i], rc);
    }
}

/* ---- SHARDS=N under make: resuming ------------------------------------------- */

enum { RESUME_SHARDS = 6 };

static size_t shards_done(const char *dir, struct stat *st)
{
    size_t n = 0;
    for (int i = 0; i < RESUME_SHARDS; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/rs21-fig1/rs21-fig1.shard-%d-of-%d", dir, i, RESUME_SHARDS);
        if (stat(p, &st[i]) == 0)
            n++;
        else
            st[i].st_ino = 0;
    }
    return n;
}

/* make's command for rs21-fig1's results in dir, sharded, with this test
 * binary's build (FA_BIN_DIR is <build>/bin), one shard at a time */
static void make_cmd(char *cmd, size_t len, const char *dir)
{
    char build[512];
    snprintf(build, sizeof build, "%s", FA_BIN_DIR);
    *strrchr(build, '/') = '\0';
    /* env -u: not a part of the make running the tests (its jobserver) */
    snprintf(cmd, len,
             "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C %s BUILD=%s FIGDIR=%s "
             "TIMES=%s/times QUICK=1 SHARDS=%d RUN_ARGS='--threads 1' "
             "%s/rs21-fig1/rs21-fig1.claims.tsv",
             FA_ROOT, build, dir, dir, RESUME_SHARDS, dir);
}

Test(shard, make_resumes_after_a_kill, .timeout = 240)
{
    char dir[512], cmd[8192];
    snprintf(dir, sizeof dir, "%s/resume", root);
    make_cmd(cmd, sizeof cmd, dir);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);   /* make and its shard in one group, killed together */
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        signal(SIGTERM, SIG_DFL);
        alarm(200);
        char exec_cmd[8200];   /* exec: the group's leader is make itself */
        snprintf(exec_cmd, sizeof exec_cmd, "exec %s", cmd);
        execl("/bin/sh", "sh", "-c", exec_cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    struct stat before[RESUME_SHARDS], after[RESUME_SHARDS];
    struct timespec tick = {0, 20 * 1000 * 1000};
    size_t done = 0;
    while ((done = shards_done(dir, before)) < 2 && waitpid(pid, NULL, WNOHANG) == 0)
        nanosleep(&tick, NULL);
    kill(-pid, SIGTERM);
    waitpid(pid, NULL, 0);
    done = shards_done(dir, before);
    cr_assert(done >= 2 && done < RESUME_SHARDS,
              "the run was to be killed with 2 of %d shards done, not %zu", RESUME_SHARDS, done);
    cr_assert(prog_sh("test -e %s/rs21-fig1/rs21-fig1.claims.tsv", dir) != 0,
              "the killed run has merged");

    cr_assert(prog_sh("%s >/dev/null 2>&1", cmd) == 0, "the rerun failed: %s", cmd);
    cr_assert(shards_done(dir, after) == RESUME_SHARDS);
    for (int i = 0; i < RESUME_SHARDS; i++)
        if (before[i].st_ino)
            cr_assert(after[i].st_ino == before[i].st_ino &&
                          after[i].st_mtim.tv_sec == before[i].st_mtim.tv_sec &&
                          after[i].st_mtim.tv_nsec == before[i].st_mtim.tv_nsec,
                      "shard %d was computed again", i);
    /* the resumed result is the unsharded one */
    cr_assert(prog_sh("%s/rs21-fig1 --quick --threads 2 --out %s/whole >/dev/null 2>&1",
                      FA_BIN_DIR, dir) == 0);
    cr_assert(prog_sh("cd %s/whole && for f in *; do cmp -s \"$f\" ../rs21-fig1/\"$f\" || "
                      "exit 1; done", dir) == 0, "the resumed run differs from an unsharded one");
    /* the table counts the shards */
    cr_assert(prog_sh("awk '$3 != %d { exit 1 }' %s/times/rs21-fig1", RESUME_SHARDS, dir) == 0,
              "times: %s", prog_slurp(dir, "times/rs21-fig1"));
}
