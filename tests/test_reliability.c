/* test_reliability.c — the promises of README "Reliability", as a user meets
 * them: every malformed MNIST set (tests/idx_corpus.h) refused by real
 * figure programs with one message and nothing written; a set too small for
 * the requested scale refused by every MNIST program; bad output settings
 * found before computing; a signal in any window (compute, write, between
 * renames) leaving the old or the new results, never a mix that cannot be
 * told, and a rerun leaving no temporaries; concurrent runs into one
 * directory and concurrent `make data` safe.
 *
 * Pauses at a window with FA_TEST_PAUSE (util.h); the fast programs are
 * rs21-fig5 --quick --reps 1 (four files) and sse19-fig2 --quick. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "idx_corpus.h"
#include "../experiments/rs21/openloop.h"

#define BIN FA_BIN_DIR "/"
static const char *const fig5_files[] = {"rs21-fig5-maps.tsv", "rs21-fig5-hist.tsv",
                                         "rs21-fig5-groups.tsv", "rs21-fig5.claims.tsv"};
enum { NFIG5 = 4 };
#define FIG5_ARGS "--quick", "--reps", "1", "--threads", "1"

static char root[] = "/tmp/fa-rel-XXXXXX";
static void setup(void) { cr_assert(mkdtemp(root)); }
static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert(system(cmd) == 0);
}
TestSuite(reliability, .init = setup, .fini = teardown);

static char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* root/<fmt...>, in one of enough buffers that no test reuses one (a test
 * makes fewer than 100 calls) */
static char *path_of(const char *fmt, ...)
{
    static char buf[256][1024];
    static int k;
    cr_assert(k < 256);
    char *p = buf[k++];
    int n = snprintf(p, 1024, "%s/", root);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p + n, 1024 - (size_t)n, fmt, ap);
    va_end(ap);
    return p;
}

/* Run a shell command; its exit status (128 + signal if killed). */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Start a program (NULL-terminated argv after the name) with stdout and
 * stderr to files in root, FA_TEST_PAUSE=pause (NULL: none). */
static pid_t spawn(const char *pause, const char *tag, const char *prog, ...)
{
    const char *argv[32];
    char bin[512];
    snprintf(bin, sizeof bin, BIN "%s", prog);
    argv[0] = bin;
    va_list ap;
    va_start(ap, prog);
    int n = 1;
    while ((argv[n] = va_arg(ap, const char *)))
        n++;
    va_end(ap);
    char out[1024], err[1024];
    snprintf(out, sizeof out, "%s/%s.stdout", root, tag);
    snprintf(err, sizeof err, "%s/%s.stderr", root, tag);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        if (pause)
            setenv("FA_TEST_PAUSE", pause, 1);
        else
            unsetenv("FA_TEST_PAUSE");
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644),
            e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1), dup2(e, 2), close(o), close(e);
        /* as from a terminal, whatever the test runner inherited */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            signal(sigs[i], SIG_DFL);
        alarm(60);   /* no orphan outlives the test */
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* Wait for pid to stop at its pause; fails the test if it ended instead. */
static void wait_stopped(pid_t pid)
{
    int st;
    cr_assert(waitpid(pid, &st, WUNTRACED) == pid);
    cr_assert(WIFSTOPPED(st), "the program did not stop at its pause (status %#x)", st);
}

static int wait_exit(pid_t pid)
{
    int st;
    cr_assert(waitpid(pid, &st, 0) == pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t r; (r = fread(buf + n, 1, cap - n - 1, f)) > 0;)
        if ((n += r) + 1 == cap)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp_path(a, &la), *y = slurp_path(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

/* Entries of dir whose names start with prefix ("" counts all but . and ..). */
static size_t count_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
             strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* How many of rs21-fig5's files in dir equal those in ref. */
static int fig5_matches(const char *dir, const char *ref)
{
    int k = 0;
    for (int i = 0; i < NFIG5; i++) {
        char a[1100], b[1100];
        snprintf(a, sizeof a, "%s/%s", dir, fig5_files[i]);
        snprintf(b, sizeof b, "%s/%s", ref, fig5_files[i]);
        k += same_file(a, b);
    }
    return k;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void fig5_ref(const char *seed, const char *dir)
{
    pid_t p = spawn(NULL, "ref", "rs21-fig5", FIG5_ARGS, "--seed", seed, "--out", dir, NULL);
    cr_assert(wait_exit(p) == 0, "rs21-fig5 --seed %s failed", seed);
}

/* ---- malformed input --------------------------------------------------- */

/* The program's stderr holds exactly one error line, and it names `file`
 * and contains `needle`. */
static void one_clear_error(const char *tag, const char *file, const char *needle)
{
    char *err = slurp_path(path_of("%s.stderr", tag), NULL);
    cr_assert(err);
    size_t lines = 0;
    const char *line = NULL;
    for (const char *p = err; (p = strstr(p, ": error: ")); p++)
        lines++, line = p;
    cr_assert(lines == 1, "%s: %zu error lines in '%s'", tag, lines, err);
    size_t len = strcspn(line, "\n");
    char msg[2048];
    snprintf(msg, sizeof msg, "%.*s", (int)len, line);
    cr_assert(strstr(msg, file), "%s: the message '%s' does not name %s", tag, msg, file);
    cr_assert(strstr(msg, needle), "%s: the message '%s' lacks '%s'", tag, msg, needle);
    free(err);
}

/* Every corpus case through rs21-fig6 (the deep-MNIST loader, used by 12
 * programs) at a small scale: exit 1, one message naming the file and the
 * problem, nothing written — and within the time limit (a FIFO must not
 * hang the loader, a 1.5 GiB file must not be read). */
Test(reliability, corpus_refused_by_rs21_fig6, .timeout = 120)
{
    char *good = path_of("good");
    cr_assert(idx_mnist_dir(good, IDX_N, 1000) == 0);
    /* the control: the undamaged set runs */
    pid_t p = spawn(NULL, "good", "rs21-fig6", "--quick", "--train", "1000", "--test", "1000",
                    "--epochs", "1", "--reps", "1", "--threads", "1", "--data", good, "--out",
                    path_of("good-out"), NULL);
    cr_assert(wait_exit(p) == 0, "rs21-fig6 on the valid synthetic set failed");
    cr_assert(count_prefix(path_of("good-out"), "rs21-fig6") == 3);

    for (size_t i = 0; i < sizeof idx_corpus / sizeof *idx_corpus; i++) {
        const idx_case *c = &idx_corpus[i];
        char *d = path_of("c-%s", c->name), *out = path_of("o-%s", c->name);
        cr_assert(sh("cp -r '%s' '%s'", good, d) == 0);
        cr_assert(idx_break(d, c) == 0, "%s: cannot build the case", c->name);
        char file[1100];
        snprintf(file, sizeof file, "%s/%s", d, idx_name(0, c->labels));
        time_t t0 = time(NULL);
        p = spawn(NULL, c->name, "rs21-fig6", "--quick", "--train", "1000", "--test", "1000",
                  "--epochs", "1", "--reps", "1", "--threads", "1", "--data", d, "--out", out,
                  NULL);
        int rc = wait_exit(p);
        cr_assert(rc == 1, "%s: exit status %d, not 1", c->name, rc);
        cr_assert(time(NULL) - t0 < 10, "%s: took %lds", c->name, (long)(time(NULL) - t0));
        one_clear_error(c->name, file, c->needle);
        cr_assert(count_prefix(out, "") == 0, "%s: something was written", c->name);
    }
}

/* The same loader behind the other families' programs: the sse19 and cb23
 * loaders see a broken file the same way. */
Test(reliability, corpus_refused_by_sse19_and_cb23, .timeout = 60)
{
    const char *progs[] = {"sse19-fig6", "cb23-fig7", "cb23-fig8"};
    const idx_case *cases[] = {&idx_corpus[0], &idx_corpus[11], &idx_corpus[15]};
    for (size_t k = 0; k < 3; k++) {
        char *d = path_of("%s", progs[k]), *out = path_of("%s-out", progs[k]);
        cr_assert(idx_mnist_dir(d, IDX_N, 1000) == 0);
        cr_assert(idx_break(d, cases[k]) == 0);
        pid_t p = spawn(NULL, progs[k], progs[k], "--quick", "--data", d, "--out", out, NULL);
        cr_assert(wait_exit(p) == 1, "%s: %s not refused", progs[k], cases[k]->name);
        char file[1100];
        snprintf(file, sizeof file, "%s/%s", d, idx_name(0, cases[k]->labels));
        one_clear_error(progs[k], file, cases[k]->needle);
        cr_assert(count_prefix(out, "") == 0);
    }
}

/* Defect 1: a valid set with fewer images than the scale asks for. sse19-fig6
 * --quick used to read 10 000 rows of a 1000-image set (SIGSEGV); every
 * MNIST program must say so instead. */
Test(reliability, too_small_for_the_scale, .timeout = 120)
{
    char *d = path_of("small");
    cr_assert(idx_mnist_dir(d, 1000, 1000) == 0);
    char img[1100];
    snprintf(img, sizeof img, "%s/%s", d, idx_name(0, 0));
    struct {
        const char *prog, *need;
    } deep[] = {{"rs21-fig6", "2000"}, {"rs21-fig7", "2000"}, {"rs21-fig8", "2000"},
                {"rs21-figS2", "2000"}, {"rs21-figS3", "2000"}, {"hs23-fig4", "2000"},
                {"hs23-fig5", "2000"}, {"hs23-fig6", "2000"}, {"hs23-fig7", "2000"},
                {"hs23-fig8", "2000"}, {"hs23-fig9", "2000"}, {"hs23-fig10", "2000"},
                {"sse19-fig6", "10000"}, {"cb23-fig7", "4000"}, {"cb23-fig8", "4000"}};
    for (size_t k = 0; k < sizeof deep / sizeof *deep; k++) {
        char *out = path_of("%s-out", deep[k].prog);
        pid_t p = deep[k].need[0] == '2'
                      ? spawn(NULL, deep[k].prog, deep[k].prog, "--quick", "--train", "2000",
                              "--test", "1000", "--reps", "1", "--data", d, "--out", out, NULL)
                      : spawn(NULL, deep[k].prog, deep[k].prog, "--quick", "--reps", "1",
                              "--data", d, "--out", out, NULL);
        int rc = wait_exit(p);
        cr_assert(rc == 1, "%s on a 1000-image set: exit status %d, not 1", deep[k].prog, rc);
        char needle[128];
        snprintf(needle, sizeof needle, "has 1000 images, fewer than the %s", deep[k].need);
        one_clear_error(deep[k].prog, img, needle);
        cr_assert(count_prefix(out, "") == 0, "%s wrote something", deep[k].prog);
    }
}

/* Defect 8: an explicit --epochs equal to the paper's default is kept at
 * --quick (it used to fall back to the quick 5). Read from the parameters
 * the program prints before training, then stop it. */
Test(reliability, sse19_fig6_explicit_epochs_kept, .timeout = 60)
{
    char *d = path_of("mn");
    cr_assert(idx_mnist_dir(d, 10000, 1000) == 0);
    pid_t p = spawn("compute", "ep", "sse19-fig6", "--quick", "--epochs", "100", "--data", d,
                    "--out", path_of("ep-out"), NULL);
    int st;
    cr_assert(waitpid(p, &st, WUNTRACED) == p);
    if (WIFSTOPPED(st)) {
        kill(p, SIGKILL);
        kill(p, SIGCONT);
        waitpid(p, &st, 0);
    }
    char *o = slurp_path(path_of("ep.stdout"), NULL);
    cr_assert(o && strstr(o, "epochs         = 100,"), "--epochs 100 not used: %s", o);
    free(o);
}

/* Defect 8: the open-loop NaN message names the repetition and the case (as
 * the deep-MNIST one does), not only the iteration. */
Test(reliability, openloop_nan_names_case_and_rep)
{
    char *err = path_of("nan.stderr");
    pid_t p = fork();
    cr_assert(p >= 0);
    if (p == 0) {
        freopen(err, "w", stderr);
        openloop_case c = {8, 6, 3, 5, 20, 1e30, 0, 0, {0, 0.5, 0}, {1, 0, 0}, 0};
        openloop_run(&c, 3, 2, NULL, NULL, NULL, NULL);
        _exit(0);
    }
    cr_assert(wait_exit(p) == 1, "a diverging run did not stop");
    char *e = slurp_path(err, NULL);
    cr_assert(strstr(e, "repetition 2 of the case 8-6-3, eta 1e+30") && strstr(e, "NaN or Inf"),
              "%s", e);
    free(e);
}

/* ---- output directory and standard streams ----------------------------- */

/* Defects 4 and 5: --out is checked before computing (a run of 100 000
 * repetitions ends at once), a failed mkdir -p removes what it made, and an
 * empty --out is a usage error. */
Test(reliability, bad_out_found_before_computing, .timeout = 60)
{
    char *file = path_of("plain");
    cr_assert(sh("touch '%s'", file) == 0);
    int rc = sh("timeout 10 " BIN "rs21-fig5 --reps 100000 --out '%s/sub' >/dev/null 2>%s",
                file, path_of("e1"));
    cr_assert(rc == 1, "exit status %d (124: it computed first)", rc);
    char *e = slurp_path(path_of("e1"), NULL);
    cr_assert(strstr(e, "error: --out: cannot create directory") && strstr(e, "plain"), "%s", e);
    free(e);

    /* the third component is too long to create: the two before it go */
    char longname[300];
    memset(longname, 'x', 299);
    longname[299] = '\0';
    rc = sh("timeout 10 " BIN "rs21-fig5 --reps 100000 --out '%s/n1/n2/%s' >/dev/null 2>&1",
            root, longname);
    cr_assert(rc == 1, "exit status %d", rc);
    cr_assert(!exists(path_of("n1")), "a failed --out left the directories it created");

    rc = sh(BIN "rs21-fig5 --quick --out '' >/dev/null 2>%s", path_of("e2"));
    cr_assert(rc == 2, "--out '': exit status %d, not 2", rc);
    e = slurp_path(path_of("e2"), NULL);
    cr_assert(strstr(e, "--out needs a directory name"), "%s", e);
    free(e);
}

/* Defect 3: with stdout closed, the console text must not land in a result
 * file; with stdout full, the run fails and replaces nothing. */
Test(reliability, closed_or_full_stdout, .timeout = 60)
{
    char *d = path_of("closed");
    cr_assert(sh(BIN "rs21-fig5 --quick --reps 1 --out '%s' >&- 2>/dev/null", d) == 0);
    for (int i = 0; i < NFIG5; i++) {
        char p[1100];
        snprintf(p, sizeof p, "%s/%s", d, fig5_files[i]);
        char *s = slurp_path(p, NULL);
        cr_assert(s && strncmp(s, "# figure: rs21-fig5\n", 20) == 0, "%s starts '%.40s'", p, s);
        cr_assert(!strstr(s, "claims (quick scale)"), "console text in %s", p);
        free(s);
    }
    char *f = path_of("full");
    int rc = sh(BIN "rs21-fig5 --quick --reps 1 --out '%s' >/dev/full 2>%s", f, path_of("e"));
    cr_assert(rc == 1, "stdout full: exit status %d", rc);
    char *e = slurp_path(path_of("e"), NULL);
    cr_assert(strstr(e, "error: cannot write to standard output"), "%s", e);
    free(e);
    cr_assert(count_prefix(f, "") == 0, "a failed run wrote results");
}

/* ---- signals ------------------------------------------------------------ */

static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGKILL};

/* Old results (seed 1) in a directory, a run of seed 2 stopped at `window`
 * and sent each signal; then a rerun of seed 2. */
static void signal_window(const char *window)
{
    char *old = path_of("old"), *new = path_of("new");
    fig5_ref("1", old);
    fig5_ref("2", new);
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) {
        int sig = sigs[k];
        char d[1100], journal[1200], tag[64];
        snprintf(d, sizeof d, "%s/%s-%d", root, window, sig);
        snprintf(journal, sizeof journal, "%s/.rs21-fig5.commit", d);
        snprintf(tag, sizeof tag, "%s-%d", window, sig);
        cr_assert(sh("cp -r '%s' '%s'", old, d) == 0);
        pid_t p = spawn(window, tag, "rs21-fig5", FIG5_ARGS, "--seed", "2", "--out", d, NULL);
        wait_stopped(p);
        kill(p, sig);
        kill(p, SIGCONT);
        int rc = wait_exit(p);
        cr_assert(rc == 128 + sig, "%s, signal %d: exit status %d", window, sig, rc);
        int nold = fig5_matches(d, old), nnew = fig5_matches(d, new);
        if (strcmp(window, "rename") != 0) {
            cr_assert(nold == NFIG5, "%s, signal %d: old results damaged", window, sig);
        } else if (sig != SIGKILL) {
            /* the signal waits until the set is whole */
            cr_assert(nnew == NFIG5, "%s, signal %d: %d of %d files new", window, sig, nnew,
                      NFIG5);
        } else {
            /* killed between renames: mixed, and a reader can tell */
            cr_assert(nnew >= 1 && nold >= 1 && nnew + nold == NFIG5);
            cr_assert(exists(journal), "a mixed set without its journal");
        }
        if (sig != SIGKILL)
            cr_assert(count_prefix(d, ".rs21-fig5~") == 0, "%s, signal %d left temporaries",
                      window, sig);
        if (nold != NFIG5 && nnew != NFIG5)
            cr_assert(exists(journal));
        else
            cr_assert(!exists(journal), "a journal beside a whole set");

        p = spawn(NULL, "rerun", "rs21-fig5", FIG5_ARGS, "--seed", "2", "--out", d, NULL);
        cr_assert(wait_exit(p) == 0);
        cr_assert(fig5_matches(d, new) == NFIG5, "%s, signal %d: the rerun's set", window, sig);
        cr_assert(count_prefix(d, ".") == 0, "%s, signal %d: hidden files after the rerun",
                  window, sig);
    }
}

Test(reliability, signals_in_compute_window, .timeout = 60) { signal_window("compute"); }
/* Defect 7: SIGHUP is handled; SIGKILL's temporaries go with the rerun. */
Test(reliability, signals_in_write_window, .timeout = 60) { signal_window("write"); }
/* Defect 6: all old or all new, or a journal that says it is neither. */
Test(reliability, signals_between_renames, .timeout = 60) { signal_window("rename"); }

/* Defect 6: the next run finishes a commit killed between its renames
 * before anything else — seen here by interrupting that run at once. */
Test(reliability, killed_commit_rolled_forward, .timeout = 60)
{
    char *d = path_of("d"), *new = path_of("new");
    fig5_ref("1", d);
    fig5_ref("2", new);
    pid_t p = spawn("rename", "a", "rs21-fig5", FIG5_ARGS, "--seed", "2", "--out", d, NULL);
    wait_stopped(p);
    kill(p, SIGKILL);
    wait_exit(p);
    cr_assert(exists(path_of("d/.rs21-fig5.commit")));
    p = spawn("write", "b", "rs21-fig5", FIG5_ARGS, "--seed", "3", "--out", d, NULL);
    wait_stopped(p);
    kill(p, SIGINT);
    kill(p, SIGCONT);
    cr_assert(wait_exit(p) == 128 + SIGINT);
    cr_assert(fig5_matches(d, new) == NFIG5, "the killed commit was not finished");
    cr_assert(count_prefix(d, ".") == 0, "journal or temporaries left");
}

/* ---- concurrency --------------------------------------------------------- */

/* Defect 6: two runs of one figure into one directory. The first stops
 * after its first rename; the second runs meanwhile and must wait for the
 * first's commit, so the directory ends with one whole set. */
Test(reliability, same_figure_twice_at_once, .timeout = 60)
{
    char *d = path_of("d"), *r2 = path_of("r2"), *r3 = path_of("r3");
    fig5_ref("2", r2);
    fig5_ref("3", r3);
    pid_t a = spawn("rename", "a", "rs21-fig5", FIG5_ARGS, "--seed", "2", "--out", d, NULL);
    wait_stopped(a);
    pid_t b = spawn(NULL, "b", "rs21-fig5", FIG5_ARGS, "--seed", "3", "--out", d, NULL);
    struct timespec t = {1, 500 * 1000 * 1000};   /* b's run takes ~0.2 s */
    nanosleep(&t, NULL);
    kill(a, SIGCONT);
    cr_assert(wait_exit(a) == 0 && wait_exit(b) == 0);
    int n2 = fig5_matches(d, r2), n3 = fig5_matches(d, r3);
    cr_assert(n2 == NFIG5 || n3 == NFIG5, "a mixed set: %d files of one run, %d of the other",
              n2, n3);
    cr_assert(count_prefix(d, ".") == 0);
}

/* Two figures into one directory at once: each set whole; a run removes
 * only its own figure's stale temporaries, never a live run's. */
Test(reliability, different_figures_at_once, .timeout = 60)
{
    char *d = path_of("d"), *r5 = path_of("r5"), *r2 = path_of("r2");
    fig5_ref("1", r5);
    pid_t p = spawn(NULL, "r2", "sse19-fig2", "--quick", "--out", r2, NULL);
    cr_assert(wait_exit(p) == 0);
    cr_assert(mkdir(d, 0777) == 0);
    /* leftovers of dead runs (a pid just reaped is free) */
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    char s1[1200], s2[1200];
    snprintf(s1, sizeof s1, "%s/.sse19-fig2~%ld~sse19-fig2-grid.tsv.AbCdEf", d, (long)dead);
    snprintf(s2, sizeof s2, "%s/.rs21-fig5~%ld~rs21-fig5-maps.tsv.AbCdEf", d, (long)dead);

    pid_t a = spawn("write", "a", "rs21-fig5", FIG5_ARGS, "--seed", "1", "--out", d, NULL);
    wait_stopped(a);   /* rs21-fig5's live temporaries are in d now */
    cr_assert(sh("touch '%s' '%s'", s1, s2) == 0);
    p = spawn(NULL, "b", "sse19-fig2", "--quick", "--out", d, NULL);
    cr_assert(wait_exit(p) == 0);
    cr_assert(!exists(s1), "sse19-fig2 left its own stale temporary");
    cr_assert(exists(s2), "sse19-fig2 removed another figure's temporary");
    kill(a, SIGCONT);
    cr_assert(wait_exit(a) == 0, "rs21-fig5 lost its temporaries to the other run");
    cr_assert(fig5_matches(d, r5) == NFIG5);
    cr_assert(!exists(s2), "rs21-fig5 left its own stale temporary");
    const char *f2[] = {"sse19-fig2-neurons.tsv", "sse19-fig2-grid.tsv", "sse19-fig2.claims.tsv"};
    for (int i = 0; i < 3; i++) {
        char x[1100], y[1100];
        snprintf(x, sizeof x, "%s/%s", d, f2[i]);
        snprintf(y, sizeof y, "%s/%s", r2, f2[i]);
        cr_assert(same_file(x, y), "%s differs", f2[i]);
    }
    cr_assert(count_prefix(d, ".") == 0);

    /* and plainly at once, a few times */
    for (int i = 0; i < 3; i++)
        cr_assert(sh("cd '%s' && (" BIN "rs21-fig5 --quick --reps 1 --threads 1 --out d & " BIN
                     "sse19-fig2 --quick --threads 1 --out d && wait $!) >/dev/null 2>&1",
                     root) == 0);
    cr_assert(fig5_matches(d, r5) == NFIG5);
    cr_assert(count_prefix(d, ".") == 0);
}

/* Defect 2: `make data` twice at once, from a local tarball (no network),
 * through the real rule with its lock: both succeed, one fetch's result,
 * nothing left over; again: nothing to do; a damaged file is fetched again;
 * a bad tarball fails without deleting it or the verified files. */
Test(reliability, make_data_concurrent_and_idempotent, .timeout = 120)
{
    char *src = path_of("src/package/data");
    cr_assert(sh("mkdir -p '%s'", src) == 0);
    char md5[2048] = "";
    for (int t = 0; t < 2; t++)
        for (int l = 0; l < 2; l++) {
            char cmd[2048], line[256];
            snprintf(cmd, sizeof cmd, "cd '%s' && echo 'fake %d %d' > %s && md5sum %s", src, t,
                     l, idx_name(t, l), idx_name(t, l));
            FILE *p = popen(cmd, "r");
            cr_assert(p && fgets(line, sizeof line, p));
            pclose(p);
            snprintf(md5 + strlen(md5), sizeof md5 - strlen(md5), "%.32s:%s ", line,
                     idx_name(t, l));
        }
    char *tgz = path_of("m.tgz"), *data = path_of("data");
    cr_assert(sh("tar czf '%s' -C '%s/src' package", tgz, root) == 0);
    char make[4096];
    snprintf(make, sizeof make,
             "env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C '%s' data DATA_DIR='%s' "
             "MNIST_TARBALL='%s' MNIST_MD5='%s'", FA_ROOT, data, tgz, md5);
    /* a killed fetch's private directory, for the next fetch to remove */
    cr_assert(sh("mkdir -p '%s/.fetch.killed'", data) == 0);
    cr_assert(sh("(%s & %s; a=$?; wait $! && [ $a = 0 ]) >%s 2>&1", make, make,
                 path_of("log")) == 0, "two make data at once failed");
    char *mn = path_of("data/mnist");
    cr_assert(count_prefix(mn, "") == 5, "four files and the stamp");
    cr_assert(count_prefix(data, ".fetch") == 0 && count_prefix(data, "mnist") == 1);
    cr_assert(exists(tgz));
    cr_assert(sh("cmp -s '%s/t10k-labels-idx1-ubyte' '%s/t10k-labels-idx1-ubyte'", mn, src) == 0);

    cr_assert(sh("%s >%s 2>&1", make, path_of("log2")) == 0);
    cr_assert(sh("echo damage >> '%s/train-images-idx3-ubyte' && %s >/dev/null 2>&1", mn,
                 make) == 0);
    cr_assert(sh("cmp -s '%s/train-images-idx3-ubyte' '%s/train-images-idx3-ubyte'", mn, src) ==
              0, "a damaged file was not fetched again");

    cr_assert(sh("echo x > '%s/t10k-labels-idx1-ubyte' && tar czf '%s' -C '%s/src' package && "
                 "echo damage >> '%s/train-images-idx3-ubyte'", src, tgz, root, mn) == 0);
    cr_assert(sh("%s >/dev/null 2>%s", make, path_of("log3")) != 0, "a bad tarball accepted");
    char *e = slurp_path(path_of("log3"), NULL);
    cr_assert(strstr(e, "fails its md5 check"), "%s", e);
    free(e);
    cr_assert(exists(tgz), "the tarball was deleted");
    cr_assert(count_prefix(mn, "") == 5 && count_prefix(data, ".fetch") == 0);
}

/* ---- two `make <id>` at once ------------------------------------------------ */

/* The same figure twice and another one, all at once, through the real
 * figure rules into one FIGDIR: every make succeeds, the data are one run's,
 * the plots whole, and no temporary is left behind. */
Test(reliability, make_figures_concurrent, .timeout = 180)
{
    char build[1024];
    snprintf(build, sizeof build, "%s", FA_BIN_DIR);
    *strrchr(build, '/') = '\0';   /* FA_BIN_DIR is $(BUILD)/bin: the same build */
    char *figs = path_of("figs");
    char make[4096];
    snprintf(make, sizeof make,
             "env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C '%s' QUICK=1 FIGDIR='%s' "
             "TIMES='%s' BUILD='%s' RUN_ARGS='--reps 1 --threads 1'",
             FA_ROOT, figs, path_of("times"), build);
    cr_assert(sh("(%s rs21-fig5 & a=$!; %s rs21-fig5 & b=$!; %s sse19-fig4; c=$?; "
                 "wait $a && wait $b && [ $c = 0 ]) >%s 2>&1",
                 make, make, make, path_of("log")) == 0,
              "concurrent make <id> failed (log in %s)", root);
    char *ref = path_of("ref"), *dir = path_of("figs/rs21-fig5");
    fig5_ref("1", ref);
    cr_assert(fig5_matches(dir, ref) == NFIG5, "the data are not one run's");
    const char *ids[] = {"rs21-fig5", "sse19-fig4"};
    for (int i = 0; i < 2; i++) {
        char *d = path_of("figs/%s", ids[i]);
        char *png = slurp_path(path_of("figs/%s/%s.png", ids[i], ids[i]), NULL);
        cr_assert(png && memcmp(png, "\x89PNG", 4) == 0, "%s: no whole plot", ids[i]);
        free(png);
        cr_assert(count_prefix(d, ".") == 0, "%s: a temporary was left", ids[i]);
    }
}
