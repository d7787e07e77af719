/* hs23-fig8 — angle between the BP and FA updates per layer (60-point moving average)
 *
 * hs23 Fig. 8: ΔW_FA ∠ ΔW_BP for every layer W_0..W_4 over the iterations, FA
 * without WN (hs23.h), each trace passed through a 60-point moving average. The
 * alignment worsens towards the first layer; in the last layer the two updates
 * are identical (the output delta does not depend on the feedback weights).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig8",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 8",
    .title = "ΔW_FA ∠ ΔW_BP per layer, 60-point moving average",
    .source = __FILE__,
    .reps = 10, .quick_reps = 1,   /* hs23 replicates rs21's network: rs21 Fig. 6's 10 x 100 */
    .reps_help = "one network",
};

enum { EPOCHS = 100, QUICK_EPOCHS = 2, MA = 60, EVERY = 10 };

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[1] = {hs23_setup("fa", 0, DM_M_DW, p.sc.epochs)};
    dm_prog_run(&p, s, 1, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig8.tsv");
    size_t n = p.reps;
    double *a = fa_malloc(DM_DEPTH * n * sizeof *a), top = 0;
    for (size_t l = 0; l < DM_DEPTH; l++) {
        dm_write_field(o, "dw", "fa", p.rec, p.reps, DM_F_DW, l, MA, EVERY);
        hs23_per_rep(a + l * n, &p, 0, DM_F_DW, l, HS23_LATE, 1.0);
    }
    for (size_t r = 0; r < n; r++)
        for (size_t k = 0; k < p.rec[r].iters; k++)
            top = fmax(top, p.rec[r].dw[k * DM_DEPTH + DM_DEPTH - 1]);
    claims cl = {0};
    /* The output delta does not involve B: an identity (issue 16, rule 3). */
    claims_sanity(&cl, "last-layer-identical",
                  "in the last layer the BP and FA updates are identical (hs23 Fig. 8)",
                  "ΔW_4 angle below 0.001° at every iteration (0 up to the rounding of the angle)",
                  top < 1e-3, "largest ΔW_4 angle %.3g°", top);
    /* Each step towards the input, paired by repetition (one run gives all
     * layers); W_3 against W_4 = 0 would only restate the identity above. */
    claim *wt = claims_begin(&cl, "worse-towards-input",
                             "the alignment decreases towards earlier layers (hs23 Fig. 8): "
                             "ΔW_FA ∠ ΔW_BP of W_l above that of W_{l+1}, late mean", "°");
    for (size_t l = 0; l + 2 < DM_DEPTH; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "W_%zu > W_%zu", l, l + 1);
        claim_part_paired(wt, lab, a + l * n, a + (l + 1) * n, n, CLAIM_ABOVE);
    }
    dm_prog_end(&p, &cl);
    free(a);
    return 0;
}
