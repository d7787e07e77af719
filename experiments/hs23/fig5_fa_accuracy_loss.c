/* hs23-fig5 — FA test accuracy and training loss over epochs, without WN
 *
 * hs23 Fig. 5 ("Feedback alignment accuracy and loss during epochs"): the FA
 * network of hs23.h without weight normalisation; test accuracy at the start of
 * every epoch and the mean training loss 1/2 sum E^2 per image over the epoch.
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig5",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 5",
    .title = "FA test accuracy and training loss over epochs, no WN",
    .source = __FILE__,
    .reps = 3, .quick_reps = 1,   /* hs23 does not say; our choice */
    .reps_help = "one network",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2 };   /* hs23 gives no epoch count */
static const double LEVEL = 0.8;          /* "an acceptable level": 80 % (our threshold) */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[1] = {hs23_setup("fa", 0, 0, p.sc.epochs)};
    dm_prog_run(&p, s, 1, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig5.tsv");
    hs23_write_acc_loss(o, &p, s, 0);
    double f1 = 1.0 / (double)p.sc.epochs;
    double l0 = dm_field_mean(dm_prog_rec(&p, 0), p.reps, DM_F_LOSS, 0, 0, f1);
    double l1 = dm_field_mean(dm_prog_rec(&p, 0), p.reps, DM_F_LOSS, 0, 1 - f1, 1);
    double a1 = dm_field_mean(dm_prog_rec(&p, 0), p.reps, DM_F_ACC, 0, 1 - f1, 1);
    claims cl = {0};
    claims_add(&cl, "loss-decreases", "FA's training loss decreases over the epochs (hs23 Fig. 5)",
               "last-epoch loss < first-epoch loss", l1 < l0, "%.3f -> %.3f", l0, l1);
    claims_add(&cl, "accuracy-acceptable",
               "FA reaches an acceptable test accuracy (hs23 Figs. 5-6)",
               "last test accuracy >= 80 %", a1 >= LEVEL, "%.2f %%", 100 * a1);
    dm_prog_end(&p, &cl);
    return 0;
}
