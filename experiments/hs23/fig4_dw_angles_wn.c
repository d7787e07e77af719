/* hs23-fig4 — ΔW_FA ∠ ΔW_BP per layer over epochs, without and with WN
 *
 * hs23 Fig. 4 ("the alignment angle between the update directions of BP-TAW and
 * BP for different layers [...] with No WN and WN, as a function of the number
 * of epochs"). Every iteration the FA update of each layer is compared with the
 * BP update from the same forward pass; the figure shows the mean angle of
 * every epoch (a 60-iteration moving average read once per epoch), W_0..W_3.
 * Setup: hs23.h. Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig4",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 4",
    .title = "ΔW_FA ∠ ΔW_BP per layer over epochs, without and with WN",
    .source = __FILE__,
    .reps = 10, .quick_reps = 1,   /* hs23 replicates rs21's network: rs21 Fig. 6's 10 x 100 */
    .reps_help = "one network without and one with WN",
};

enum { EPOCHS = 100, QUICK_EPOCHS = 2, PER_EPOCH = 60 };   /* hs23 gives no epoch count: rs21 Fig. 6's */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[2] = {hs23_setup("fa", 0, DM_M_DW, p.sc.epochs),
                     hs23_setup("fa-wn", 1, DM_M_DW, p.sc.epochs)};
    dm_prog_run(&p, s, 2, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig4.tsv");
    size_t n = p.reps;
    double f1 = 1.0 / (double)p.sc.epochs;
    double *first = fa_malloc(2 * 2 * 4 * n * sizeof *first), *last = first + 2 * 4 * n;
    for (size_t c = 0; c < 2; c++)
        for (size_t l = 0; l < 4; l++) {
            dm_write_field(o, "dw", s[c].name, dm_prog_rec(&p, c), p.reps, DM_F_DW, l,
                           PER_EPOCH, PER_EPOCH);
            hs23_per_rep(first + (c * 4 + l) * n, &p, c, DM_F_DW, l, 0, f1);
            hs23_per_rep(last + (c * 4 + l) * n, &p, c, DM_F_DW, l, 1 - f1, 1);
        }
    /* Falling from a random start is what any learning does (issue 16, rule 3):
     * shown as a sanity check. The claim is WN's effect, paired by repetition
     * (both conditions start from the same weights). */
    claims cl = {0};
    int drops = 1;
    double mf[2][4], ml[2][4];
    for (size_t c = 0; c < 2; c++)
        for (size_t l = 0; l < 4; l++) {
            mf[c][l] = ci95_of(first + (c * 4 + l) * n, n).mean;
            ml[c][l] = ci95_of(last + (c * 4 + l) * n, n).mean;
            drops &= ml[c][l] < mf[c][l];
        }
    claims_sanity(&cl, "angle-decreases-over-epochs",
                  "the angle decreases over epochs in all layers (hs23 Fig. 4 caption)",
                  "last-epoch mean < first-epoch mean, W_0..W_3, with and without WN", drops,
                  "none: %.1f->%.1f, %.1f->%.1f, %.1f->%.1f, %.1f->%.1f°; WN: %.1f->%.1f, "
                  "%.1f->%.1f, %.1f->%.1f, %.1f->%.1f°",
                  mf[0][0], ml[0][0], mf[0][1], ml[0][1], mf[0][2], ml[0][2], mf[0][3], ml[0][3],
                  mf[1][0], ml[1][0], mf[1][1], ml[1][1], mf[1][2], ml[1][2], mf[1][3], ml[1][3]);
    claim *wn = claims_begin(&cl, "wn-improves-alignment",
                             "normalising the weights improves alignment (hs23 abstract, "
                             "Discussion B): last-epoch angle lower with WN, W_0..W_3", "°");
    for (size_t l = 0; l < 4; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "W_%zu", l);
        claim_part_paired(wn, lab, last + (4 + l) * n, last + l * n, n, CLAIM_BELOW);
    }
    dm_prog_end(&p, &cl);
    free(first);
    return 0;
}
