/* hs23-fig10 — W ∠ B^T when new random backward weights are drawn every iteration
 *
 * hs23 Fig. 10: "the alignment of the forward and backward weights in their
 * actual form and the alignment of the disturbed version of the forward weights
 * with the corresponding newly generated backward weights". We track, in the
 * same FA run (hs23.h, no WN), shadow weights W''_l that start at W_l[0] and
 * accumulate the update computed through backward weights B''_l[k] ~ N(0, 0.1^2)
 * drawn afresh at every iteration k:
 *   delta''_5 = delta_5,  delta''_l = delta''_{l+1} B''_l[k] (.) f'(Z_l),  W''_l += eta L_l^T delta''_{l+1}
 * and compare W''_l[k] ∠ B''_l[k]^T with W_l ∠ B_l^T (both before the step of k).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig10",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 10",
    .title = "W ∠ B^T with fresh random backward weights every iteration (shadow weights)",
    .source = __FILE__,
    .reps = 3, .quick_reps = 1,   /* hs23 does not say; our choice */
    .reps_help = "one network",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2 };
static const double ALIGNED = 85.0;   /* "alignment occurs": an angle below 85° */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    double w[DM_DEPTH], fr[DM_DEPTH];
    hs23_shadow_figure(&p, "hs23-fig10.tsv", "wb_fresh", DM_F_SHADOW_FRESH, w, fr);
    int aligned = 1, less = 1;
    for (size_t l = 1; l < DM_DEPTH; l++) {
        aligned &= fr[l] < ALIGNED;
        less &= fr[l] > w[l];
    }
    claims cl = {0};
    claims_add(&cl, "fresh-b-still-aligns",
               "with fresh random backward weights alignment still occurs (hs23 Fig. 10)",
               "W''_l ∠ B''_l^T below 85° in layers 1-4 (mean after the first 20 %)", aligned,
               "%.1f°, %.1f°, %.1f°, %.1f°", fr[1], fr[2], fr[3], fr[4]);
    claims_add(&cl, "fresh-b-aligns-less",
               "the amount of alignment is affected (hs23 Fig. 10)",
               "W''_l ∠ B''_l^T larger than W_l ∠ B_l^T in layers 1-4", less,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (fresh / fixed B)", fr[1], w[1],
               fr[2], w[2], fr[3], w[3], fr[4], w[4]);
    dm_prog_end(&p, &cl);
    return 0;
}
