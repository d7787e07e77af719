/* test_programs.c — the figure programs that need no MNIST, as a user runs
 * them: byte-identical data on every kernel path and thread count (one
 * program of each family of models), bad input rejected with a message and
 * nothing written, and no partial file left by an interrupted run. The
 * MNIST-based programs: test_mnist_programs.c. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progrun.h"

#define FIG5 FA_BIN_DIR "/rs21-fig5"

static const char *root;
static void setup(void) { root = prog_tmpdir("prog"); }
static void teardown(void) { prog_rmdir(root); }
TestSuite(programs, .init = setup, .fini = teardown);

Test(programs, rs21_fig5_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "rs21-fig5", "--quick");
}

Test(programs, bad_input_writes_nothing)
{
    const char *bad[] = {"--reps 0", "--reps -3", "--reps 12x", "--threads 0", "--seed",
                         "--frobnicate", "--seed 1 extra", "--out"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = prog_sh("%s %s --out %s/bad >/dev/null 2>%s/err", FIG5, bad[i], root, root);
        cr_assert(rc == 2, "'%s' exited with %d, not 2", bad[i], rc);
        char *err = prog_slurp(root, "err");
        cr_assert(err && strstr(err, "rs21-fig5: ") == err && strlen(err) > 20,
                  "'%s': unclear message '%s'", bad[i], err);
        free(err);
        char bd[600];
        snprintf(bd, sizeof bd, "%s/bad", root);
        cr_assert(prog_entries(bd) == 0, "'%s' wrote something", bad[i]);
    }
    cr_assert(prog_sh("FA_KERNEL=mmx %s --quick --out %s/bad >/dev/null 2>&1", FIG5, root) == 2);
    cr_assert(prog_sh("%s --help | grep -q -- --threads", FIG5) == 0, "--help lists the options");
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
    cr_assert(prog_entries(d) == 0, "an interrupted run left %zu files in %s", prog_entries(d), d);
}

/* cb23: the network (GEMM, tanh kernels, Adam, least squares) and the free
 * hidden-state dynamics (least squares, binned MI). */
Test(programs, cb23_fig1_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "cb23-fig1", "--quick --reps 1");
}

Test(programs, cb23_fig6_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "cb23-fig6", "--quick --n 2000");
}

/* sse19: the learning experiments run trials in parallel with per-trial
 * streams and use the GEMM kernels; sse19-fig4 --quick with 3 trials is
 * their smallest instance. */
Test(programs, sse19_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "sse19-fig4", "--quick --reps 3");
}

/* rs21's open-loop family: the statistics of rs21-fig2 (eigensolver, t-tests)
 * and the open-loop network of hs23-fig3 (shared with rs21-fig3, fig4, figS1). */
Test(programs, rs21_fig2_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "rs21-fig2", "--quick --reps 1");
}

Test(programs, hs23_fig3_same_on_every_path_and_thread_count, .timeout = 240)
{
    prog_same_everywhere(root, "hs23-fig3", "--quick --reps 2 --iters 40");
}
