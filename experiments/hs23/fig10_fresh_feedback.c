/* hs23-fig10 — W ∠ B^T when new random backward weights are drawn every iteration
 *
 * hs23 Fig. 10: "the alignment of the forward and backward weights in their
 * actual form and the alignment of the disturbed version of the forward weights
 * with the corresponding newly generated backward weights". Beside the FA
 * network of hs23.h (no WN) we train a second one from the same initial W and
 * b on the same batches, whose backward matrices B''_l[k] ~ N(0, 0.1^2) are
 * drawn afresh at every iteration (deepmnist_measure.c, DM_M_FRESH). A matrix
 * drawn at k has not touched W''_l yet, and it only ever enters the update of
 * W''_{l-1}: W''_l can align only with the backward matrices that shaped its
 * inputs, so we compare W''_l[k] ∠ (B''_l[0] + ... + B''_l[k-1])^T with
 * W_l ∠ B_l^T (for a fixed B the two are the same quantity).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig10",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 10",
    .title = "W ∠ B^T with fresh random backward weights every iteration (second network)",
    .source = __FILE__,
    .reps = 10, .quick_reps = 1,   /* hs23 replicates rs21's network: rs21 Fig. 6's 10 x 100 */
    .reps_help = "one network",
};

enum { EPOCHS = 100, QUICK_EPOCHS = 2 };

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    size_t n = p.cfg.reps;   /* p.reps is set by the run */
    double *w = fa_malloc(2 * DM_DEPTH * n * sizeof *w), *fr = w + DM_DEPTH * n;
    hs23_shadow_figure(&p, DM_M_FRESH, "hs23-fig10.tsv", "wb_fresh", DM_F_SHADOW_FRESH, w, fr);
    /* "Aligned": below the 90° of independent matrices; "less": a larger angle
     * than the fixed-B network's, paired by repetition (same initial weights). */
    claims cl = {0};
    claim *al = claims_begin(&cl, "fresh-b-still-aligns",
                             "with fresh random backward weights alignment still occurs "
                             "(hs23 Fig. 10); W''_l vs the sum of the B''_l used, late mean",
                             "°");
    claim *ls = claims_begin(&cl, "fresh-b-aligns-less",
                             "the amount of alignment is affected (hs23 Fig. 10): W''_l ∠ "
                             "(sum of B''_l used)^T larger than W_l ∠ B_l^T, late mean",
                             "°");
    for (size_t l = 1; l < DM_DEPTH; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "layer %zu", l);
        claim_part_vs_value(al, lab, fr + l * n, n, 90.0, CLAIM_BELOW);
        claim_part_paired(ls, lab, fr + l * n, w + l * n, n, CLAIM_ABOVE);
    }
    dm_prog_end(&p, &cl);
    free(w);
    return 0;
}
