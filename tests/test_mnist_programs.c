/* test_mnist_programs.c — every MNIST-based figure program end to end, on a
 * small synthetic MNIST (synth_idx.h), so that they run on any machine: each
 * at its smallest scale, on every kernel path and with 1 and 2 threads,
 * giving the same data everywhere (progrun.h). The real_mnist suite repeats
 * one of them on the real data when data/mnist holds it; `make check` runs
 * that suite only then. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "progrun.h"

static const char *root;
static void setup(void) { root = prog_tmpdir("mnprog"); }
static void teardown(void) { prog_rmdir(root); }
TestSuite(mnist_programs, .init = setup, .fini = teardown);

/* id on a synthetic set of ntrain + ntest images */
static void on_synthetic(const char *id, const char *args, size_t ntrain, size_t ntest)
{
    char all[2048];
    snprintf(all, sizeof all, "%s --data %s", args, prog_synthetic_mnist(root, ntrain, ntest));
    prog_same_everywhere(root, id, all);
}

/* the deep-MNIST programs (rs21 figs. 6-8, S2, S3; hs23 figs. 4-10): one
 * batch of training and one of test images, one epoch; two for the label
 * change of rs21-fig8 and figS3, which happens halfway */
#define DEEP "--quick --reps 1 --train 1000 --test 1000 --epochs "
#define DEEP_TEST(id, name, epochs)                                              \
    Test(mnist_programs, name, .timeout = 240) { on_synthetic(id, DEEP epochs, 1000, 1000); }

DEEP_TEST("rs21-fig6", rs21_fig6, "1")
DEEP_TEST("rs21-fig7", rs21_fig7, "1")
DEEP_TEST("rs21-fig8", rs21_fig8, "2")
DEEP_TEST("rs21-figS2", rs21_figS2, "1")
DEEP_TEST("rs21-figS3", rs21_figS3, "2")
DEEP_TEST("hs23-fig4", hs23_fig4, "1")
DEEP_TEST("hs23-fig5", hs23_fig5, "1")
DEEP_TEST("hs23-fig6", hs23_fig6, "1")
DEEP_TEST("hs23-fig7", hs23_fig7, "1")
DEEP_TEST("hs23-fig8", hs23_fig8, "1")
DEEP_TEST("hs23-fig9", hs23_fig9, "1")
DEEP_TEST("hs23-fig10", hs23_fig10, "1")

/* 500 training images in one batch, all 100 test images */
Test(mnist_programs, sse19_fig6, .timeout = 240)
{
    on_synthetic("sse19-fig6", "--quick --reps 1 --epochs 1 --train 500", 500, 100);
}

/* --quick takes 4000 training and 1000 test images; here 64 of each, one
 * batch (the scalar path is slow) */
Test(mnist_programs, cb23_fig7, .timeout = 240)
{
    on_synthetic("cb23-fig7", "--quick --reps 1 --train 64 --test 64", 64, 64);
}

Test(mnist_programs, cb23_fig8, .timeout = 240)
{
    on_synthetic("cb23-fig8", "--quick --reps 1 --train 64 --test 64", 64, 64);
}

/* ---- the real data ------------------------------------------------------------ */

TestSuite(real_mnist, .init = setup, .fini = teardown);

Test(real_mnist, hs23_fig8, .timeout = 240)
{
    FILE *probe = fopen(FA_ROOT "/data/mnist/.verified", "r");
    if (!probe)
        cr_skip_test("MNIST is not in data/mnist (make data)");
    fclose(probe);
    prog_same_everywhere(root, "hs23-fig8",
                         "--quick --reps 2 --epochs 1 --train 2000 --test 1000 --data " FA_ROOT
                         "/data/mnist");
}
