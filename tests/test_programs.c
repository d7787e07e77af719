/* test_programs.c — the figure programs as a user runs them:
 * byte-identical data across thread counts and kernel paths, bad input
 * rejected with a message and nothing written, and no partial file left by
 * an interrupted run. Uses rs21-fig5 --quick (a few seconds). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernels.h"

#define FIG5 FA_BIN_DIR "/rs21-fig5"
static const char *const fig5_files[] = {"rs21-fig5-maps.tsv", "rs21-fig5-hist.tsv",
                                         "rs21-fig5-groups.tsv", "rs21-fig5.claims.tsv"};

static char root[] = "/tmp/fa-prog-XXXXXX";
static void setup(void) { cr_assert(mkdtemp(root)); }
static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert(system(cmd) == 0);
}
TestSuite(programs, .init = setup, .fini = teardown);

/* Run a shell command; return its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The file's bytes; with body_only, the lines that do not start with '#'.
 * (Also used by the other program tests.) */
char *slurp(const char *dir, const char *name, int body_only)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    cr_assert(f, "missing %s", path);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap), line[8192];
    out[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        if (body_only && line[0] == '#')
            continue;
        size_t len = strlen(line);
        while (n + len + 1 > cap)
            out = realloc(out, cap *= 2);
        memcpy(out + n, line, len + 1);
        n += len;
    }
    fclose(f);
    return out;
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

Test(programs, fig5_identical_across_threads_and_paths, .timeout = 120)
{
    cr_assert(run("FA_KERNEL=auto %s --quick --threads 1 --out %s/t1 >/dev/null 2>&1", FIG5, root) == 0);
    cr_assert(run("FA_KERNEL=auto %s --quick --threads 2 --out %s/t2 >/dev/null 2>&1", FIG5, root) == 0);
    cr_assert(run("FA_KERNEL=scalar %s --quick --threads 2 --out %s/sc >/dev/null 2>&1", FIG5, root) == 0);
    int simd = 0;
    for (int p = KPATH_SCALAR + 1; p < KPATH_COUNT; p++)
        if (kernels_table((kpath)p)) {
            cr_assert(run("FA_KERNEL=%s %s --quick --threads 1 --out %s/simd >/dev/null 2>&1",
                          kpath_name((kpath)p), FIG5, root) == 0);
            simd = 1;
        }
    char d1[600], d2[600], ds[600], dv[600];
    snprintf(d1, sizeof d1, "%s/t1", root);
    snprintf(d2, sizeof d2, "%s/t2", root);
    snprintf(ds, sizeof ds, "%s/sc", root);
    snprintf(dv, sizeof dv, "%s/simd", root);
    for (size_t i = 0; i < sizeof fig5_files / sizeof *fig5_files; i++) {
        /* threads are not in the header: whole files are identical */
        char *a = slurp(d1, fig5_files[i], 0), *b = slurp(d2, fig5_files[i], 0);
        cr_assert_str_eq(a, b, "%s differs between 1 and 2 threads", fig5_files[i]);
        /* the header names the kernel path; the data must not differ */
        char *s = slurp(ds, fig5_files[i], 1), *t = slurp(d1, fig5_files[i], 1);
        cr_assert_str_eq(s, t, "%s data differ between the scalar and automatic paths", fig5_files[i]);
        if (simd) {
            char *v = slurp(dv, fig5_files[i], 1);
            cr_assert_str_eq(s, v, "%s data differ between the scalar and SIMD paths", fig5_files[i]);
            free(v);
        }
        free(a), free(b), free(s), free(t);
    }
}

Test(programs, bad_input_writes_nothing)
{
    const char *bad[] = {"--reps 0", "--reps -3", "--reps 12x", "--threads 0", "--seed",
                         "--frobnicate", "--seed 1 extra", "--out"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = run("%s %s --out %s/bad >/dev/null 2>%s/err", FIG5, bad[i], root, root);
        cr_assert(rc == 2, "'%s' exited with %d, not 2", bad[i], rc);
        char *err = slurp(root, "err", 0);
        cr_assert(strstr(err, "rs21-fig5: ") == err && strlen(err) > 20,
                  "'%s': unclear message '%s'", bad[i], err);
        free(err);
        char bd[600];
        snprintf(bd, sizeof bd, "%s/bad", root);
        cr_assert(entries(bd) == 0, "'%s' wrote something", bad[i]);
    }
    cr_assert(run("FA_KERNEL=mmx %s --quick --out %s/bad >/dev/null 2>&1", FIG5, root) == 2);
    cr_assert(run("%s --help | grep -q -- --threads", FIG5) == 0, "--help lists the options");
}

Test(programs, interrupted_run_leaves_nothing, .timeout = 60)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        char out[600];
        snprintf(out, sizeof out, "%s/int", root);
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        /* as from a terminal: a shell starting the tests in the background
         * (`.ci/run &`) leaves SIGINT ignored, and exec would keep that */
        signal(SIGINT, SIG_DFL);
        alarm(30);   /* should SIGINT not stop it, die anyway: no orphan outlives the test */
        execl(FIG5, FIG5, "--reps", "100000", "--threads", "1", "--out", out, (char *)NULL);
        _exit(127);
    }
    struct timespec wait = {0, 700 * 1000 * 1000};   /* well inside the sampling stage */
    nanosleep(&wait, NULL);
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "the program died of SIGINT");
    char d[600];
    snprintf(d, sizeof d, "%s/int", root);
    cr_assert(entries(d) == 0, "an interrupted run left %zu files in %s", entries(d), d);
}

/* Another program's data files, run with 1 and 2 threads and with the scalar
 * and automatic kernel paths, must agree as in fig5_identical_... above. */
static void identical_runs(const char *id, const char *args, const char *const *files, size_t n)
{
    const char *paths[3][2] = {{"auto", "1"}, {"auto", "2"}, {"scalar", "2"}};
    char dir[3][600];
    for (int k = 0; k < 3; k++) {
        snprintf(dir[k], sizeof dir[k], "%s/%s-%d", root, id, k);
        cr_assert(run("FA_KERNEL=%s %s/%s %s --threads %s --out %s >/dev/null 2>&1", paths[k][0],
                      FA_BIN_DIR, id, args, paths[k][1], dir[k]) == 0, "%s %s failed", id, args);
    }
    for (size_t i = 0; i < n; i++) {
        char *a = slurp(dir[0], files[i], 0), *b = slurp(dir[1], files[i], 0);
        cr_assert_str_eq(a, b, "%s: %s differs between 1 and 2 threads", id, files[i]);
        char *s = slurp(dir[2], files[i], 1), *t = slurp(dir[1], files[i], 1);
        cr_assert_str_eq(s, t, "%s: %s data differ between the scalar and automatic paths", id,
                         files[i]);
        cr_assert(strlen(t) > 100, "%s: %s is nearly empty", id, files[i]);
        free(a), free(b), free(s), free(t);
    }
}

/* cb23: the network (GEMM, tanh kernels, Adam, least squares) and the free
 * hidden-state dynamics (least squares, binned MI). */
Test(programs, cb23_fig1_identical_across_threads_and_paths, .timeout = 120)
{
    const char *files[] = {"cb23-fig1-curves.tsv", "cb23-fig1.claims.tsv"};
    identical_runs("cb23-fig1", "--quick --reps 1", files, 2);
}

Test(programs, cb23_fig6_identical_across_threads_and_paths, .timeout = 120)
{
    const char *files[] = {"cb23-fig6-dynamics.tsv", "cb23-fig6.claims.tsv"};
    identical_runs("cb23-fig6", "--quick --n 2000", files, 2);
}

/* sse19: the learning experiments run trials in parallel with per-trial
 * streams and use the GEMM kernels; sse19-fig4 --quick with 3 trials is
 * their smallest instance. */
Test(programs, sse19_identical_across_threads_and_paths, .timeout = 120)
{
    const char *files[] = {"sse19-fig4-directions.tsv", "sse19-fig4-dphi.tsv",
                           "sse19-fig4.claims.tsv"};
    identical_runs("sse19-fig4", "--quick --reps 3", files, 3);
}

/* rs21's open-loop family: the statistics of rs21-fig2 (eigensolver, t-tests)
 * and the open-loop network of hs23-fig3 (shared with rs21-fig3, fig4, figS1). */
Test(programs, rs21_fig2_identical_across_threads_and_paths, .timeout = 120)
{
    const char *files[] = {"rs21-fig2-hist.tsv", "rs21-fig2-eig.tsv", "rs21-fig2-summary.tsv",
                           "rs21-fig2-reference.tsv", "rs21-fig2.claims.tsv"};
    identical_runs("rs21-fig2", "--quick --reps 1", files, 5);
}

Test(programs, hs23_fig3_identical_across_threads_and_paths, .timeout = 120)
{
    const char *files[] = {"hs23-fig3.tsv", "hs23-fig3.claims.tsv"};
    identical_runs("hs23-fig3", "--quick --reps 2 --iters 40", files, 2);
}
