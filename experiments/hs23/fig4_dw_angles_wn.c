/* hs23-fig4 — ΔW_FA ∠ ΔW_BP per layer over epochs, without and with WN
 *
 * hs23 Fig. 4 ("the alignment angle between the update directions of BP-TAW and
 * BP for different layers [...] with No WN and WN, as a function of the number
 * of epochs"). Every iteration the FA update of each layer is compared with the
 * BP update from the same forward pass; the figure shows the mean angle of
 * every epoch (a 60-iteration moving average read once per epoch), W_0..W_3.
 * Setup: hs23.h. Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig4",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 4",
    .title = "ΔW_FA ∠ ΔW_BP per layer over epochs, without and with WN",
    .source = __FILE__,
    .reps = 3, .quick_reps = 1,   /* hs23 does not say; our choice for the time budget */
    .reps_help = "one network without and one with WN",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2, PER_EPOCH = 60 };   /* hs23 gives no epoch count */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[2] = {hs23_setup("fa", 0, DM_M_DW, p.sc.epochs),
                     hs23_setup("fa-wn", 1, DM_M_DW, p.sc.epochs)};
    dm_prog_run(&p, s, 2, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig4.tsv");
    claims cl = {0};
    double first[2][4], last[2][4];
    int drops = 1, wn_lower = 1;
    double f1 = 1.0 / (double)p.sc.epochs;
    for (int c = 0; c < 2; c++)
        for (size_t l = 0; l < 4; l++) {
            dm_write_field(o, "dw", s[c].name, dm_prog_rec(&p, c), p.reps, DM_F_DW, l,
                           PER_EPOCH, PER_EPOCH);
            first[c][l] = dm_field_mean(dm_prog_rec(&p, c), p.reps, DM_F_DW, l, 0, f1);
            last[c][l] = dm_field_mean(dm_prog_rec(&p, c), p.reps, DM_F_DW, l, 1 - f1, 1);
            drops &= last[c][l] < first[c][l];
        }
    for (size_t l = 0; l < 4; l++)
        wn_lower &= last[1][l] < last[0][l];
    claims_add(&cl, "angle-decreases-over-epochs",
               "the angle decreases over epochs in all layers (hs23 Fig. 4 caption)",
               "last-epoch mean < first-epoch mean, W_0..W_3, with and without WN", drops,
               "none: %.1f->%.1f, %.1f->%.1f, %.1f->%.1f, %.1f->%.1f°; WN: %.1f->%.1f, "
               "%.1f->%.1f, %.1f->%.1f, %.1f->%.1f°",
               first[0][0], last[0][0], first[0][1], last[0][1], first[0][2], last[0][2],
               first[0][3], last[0][3], first[1][0], last[1][0], first[1][1], last[1][1],
               first[1][2], last[1][2], first[1][3], last[1][3]);
    claims_add(&cl, "wn-improves-alignment",
               "normalising the weights improves alignment (hs23 abstract, Discussion B)",
               "last-epoch angle lower with WN in every layer W_0..W_3", wn_lower,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (WN/none)", last[1][0],
               last[0][0], last[1][1], last[0][1], last[1][2], last[0][2], last[1][3],
               last[0][3]);
    dm_prog_end(&p, &cl);
    return 0;
}
