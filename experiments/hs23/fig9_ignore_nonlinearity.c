/* hs23-fig9 — W ∠ B^T when the nonlinearity is ignored in the update
 *
 * hs23 Fig. 9: "the alignment of the real forward weights versus an altered
 * form of the forward weights [...] even though non-linearity leads to a
 * gradual reduction in alignment over time, it doesn't entirely block
 * alignment". hs23 does not define the altered weights; we track, in the same
 * FA run (hs23.h, no WN), shadow weights W'_l that start at W_l[0] and
 * accumulate the update with every f' left out of the backward pass:
 *   delta'_5 = E,  delta'_l = delta'_{l+1} B_l,  W'_l += eta L_l^T delta'_{l+1}
 * (L_l from the real forward pass), and compare W'_l ∠ B_l^T with W_l ∠ B_l^T.
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig9",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 9",
    .title = "W ∠ B^T with the nonlinearity ignored in the update (shadow weights)",
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
    double *w = fa_malloc(2 * DM_DEPTH * n * sizeof *w), *lin = w + DM_DEPTH * n;
    hs23_shadow_figure(&p, DM_M_SHADOW, "hs23-fig9.tsv", "wb_linear", DM_F_SHADOW_LIN, w, lin);
    /* "Aligned": below the 90° of independent matrices; "reduces": W' (f'
     * ignored) closer to B^T than W, paired by repetition (the same run). */
    claims cl = {0};
    claim *al = claims_begin(&cl, "alignment-occurs",
                             "with the nonlinearity, alignment still occurs (hs23 Fig. 9): "
                             "W_l ∠ B_l^T, late mean", "°");
    claim *rd = claims_begin(&cl, "nonlinearity-reduces-alignment",
                             "the nonlinearity reduces alignment (hs23 Fig. 9): W'_l (f' ignored) "
                             "closer to B_l^T than W_l, late mean", "°");
    for (size_t l = 1; l < DM_DEPTH; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "layer %zu", l);
        claim_part_vs_value(al, lab, w + l * n, n, 90.0, CLAIM_BELOW);
        claim_part_paired(rd, lab, lin + l * n, w + l * n, n, CLAIM_BELOW);
    }
    dm_prog_end(&p, &cl);
    free(w);
    return 0;
}
