/* test_hist.c — block_stats (experiments/rs21/hist.h): the per-repetition
 * summaries that the open-loop figures' claims take their intervals over.
 * A wrong block boundary or stride would pair the wrong draws. */
#include <criterion/criterion.h>
#include <math.h>

#include "../experiments/rs21/hist.h"

/* Interleaved records of two fields: block_stats reads one of them. */
Test(hist, block_stats_blocks_and_stride)
{
    /* 3 blocks of 4 samples; field 0 is b*10 + i, field 1 is -1 */
    double x[3 * 4 * 2];
    for (size_t b = 0; b < 3; b++)
        for (size_t i = 0; i < 4; i++) {
            x[(b * 4 + i) * 2] = (double)(b * 10 + i);
            x[(b * 4 + i) * 2 + 1] = -1;
        }
    double mean[3], sd[3];
    block_stats(x, 2, 3, 4, mean, sd);
    for (size_t b = 0; b < 3; b++) {
        cr_assert_float_eq(mean[b], b * 10 + 1.5, 1e-12, "block %zu mean %g", b, mean[b]);
        /* SD (n - 1) of 0, 1, 2, 3 */
        cr_assert_float_eq(sd[b], sqrt(5.0 / 3.0), 1e-12, "block %zu sd %g", b, sd[b]);
    }
    block_stats(x + 1, 2, 3, 4, mean, NULL);
    for (size_t b = 0; b < 3; b++)
        cr_assert(mean[b] == -1);
}

Test(hist, block_stats_skips_non_finite)
{
    double x[] = {1, NAN, 3, INFINITY, /* block 1: one finite value */ NAN, 5, NAN, NAN};
    double mean[2], sd[2];
    block_stats(x, 1, 2, 4, mean, sd);
    cr_assert(mean[0] == 2 && sd[0] == sqrt(2.0), "block 0: %g %g", mean[0], sd[0]);
    cr_assert(mean[1] == 5 && isnan(sd[1]), "block 1: %g %g", mean[1], sd[1]);
    double none[] = {NAN, NAN};
    block_stats(none, 1, 1, 2, mean, sd);
    cr_assert(isnan(mean[0]) && isnan(sd[0]));
}
