/* hs23-fig8 — angle between the BP and FA updates per layer (60-point moving average)
 *
 * hs23 Fig. 8: ΔW_FA ∠ ΔW_BP for every layer W_0..W_4 over the iterations, FA
 * without WN (hs23.h), each trace passed through a 60-point moving average. The
 * alignment worsens towards the first layer; in the last layer the two updates
 * are identical (the output delta does not depend on the feedback weights).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <math.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig8",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 8",
    .title = "ΔW_FA ∠ ΔW_BP per layer, 60-point moving average",
    .source = __FILE__,
    .reps = 3, .quick_reps = 1,   /* hs23 does not say; our choice */
    .reps_help = "one network",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2, MA = 60, EVERY = 10 };

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[1] = {hs23_setup("fa", 0, DM_M_DW, p.sc.epochs)};
    dm_prog_run(&p, s, 1, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig8.tsv");
    double a[DM_DEPTH], top = 0;
    for (size_t l = 0; l < DM_DEPTH; l++) {
        dm_write_field(o, "dw", "fa", p.rec, p.reps, DM_F_DW, l, MA, EVERY);
        a[l] = dm_field_mean(p.rec, p.reps, DM_F_DW, l, 0.2, 1.0);
    }
    for (size_t r = 0; r < p.reps; r++)
        for (size_t k = 0; k < p.rec[r].iters; k++)
            top = fmax(top, p.rec[r].dw[k * DM_DEPTH + DM_DEPTH - 1]);
    claims cl = {0};
    claims_add(&cl, "last-layer-identical",
               "in the last layer the BP and FA updates are identical (hs23 Fig. 8)",
               "ΔW_4 angle below 0.001° at every iteration (0 up to the rounding of the angle)",
               top < 1e-3, "largest ΔW_4 angle %.3g°", top);
    claims_add(&cl, "worse-towards-input",
               "the alignment decreases towards earlier layers (hs23 Fig. 8)",
               "W_0 > W_1 > W_2 > W_3 > W_4 (mean after the first 20 % of iterations)",
               a[0] > a[1] && a[1] > a[2] && a[2] > a[3] && a[3] > a[4],
               "%.1f°, %.1f°, %.1f°, %.1f°, %.1f°", a[0], a[1], a[2], a[3], a[4]);
    dm_prog_end(&p, &cl);
    return 0;
}
