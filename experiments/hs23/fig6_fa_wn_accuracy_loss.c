/* hs23-fig6 — FA test accuracy and training loss over epochs, with WN
 *
 * hs23 Fig. 6 ("Feedback alignment accuracy and loss during epochs when WN is
 * applied") and its text: with WN the loss is lower and the accuracy reaches
 * an acceptable level faster. The FA network of hs23.h with neuron-wise WN,
 * and without it as the reference (hs23 Fig. 5).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig6",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 6",
    .title = "FA test accuracy and training loss over epochs, with WN (and without)",
    .source = __FILE__,
    .reps = 3, .quick_reps = 1,   /* hs23 does not say; our choice */
    .reps_help = "one network with and one without WN",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2 };
static const double LEVEL = 0.8;          /* "an acceptable level": 80 % (our threshold) */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[2] = {hs23_setup("fa-wn", 1, 0, p.sc.epochs), hs23_setup("fa", 0, 0, p.sc.epochs)};
    dm_prog_run(&p, s, 2, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig6.tsv");
    for (size_t c = 0; c < 2; c++)
        hs23_write_acc_loss(o, &p, s, c);
    double f1 = 1.0 / (double)p.sc.epochs;
    double lw = dm_field_mean(dm_prog_rec(&p, 0), p.reps, DM_F_LOSS, 0, 1 - f1, 1);
    double ln = dm_field_mean(dm_prog_rec(&p, 1), p.reps, DM_F_LOSS, 0, 1 - f1, 1);
    size_t ew = hs23_epoch_reaching(&p, 0, LEVEL), en = hs23_epoch_reaching(&p, 1, LEVEL);
    claims cl = {0};
    claims_add(&cl, "wn-lowers-loss", "with WN the loss is lower (hs23, text on Figs. 5-6)",
               "last-epoch training loss with WN < without", lw < ln,
               "%.3f with WN, %.3f without", lw, ln);
    claims_add(&cl, "wn-reaches-accuracy-faster",
               "with WN the accuracy reaches an acceptable level faster (hs23, text on Figs. 5-6)",
               "first epoch with mean test accuracy >= 80 %: earlier with WN", ew < en,
               "epoch %zu with WN, %zu without (%zu = never)", ew, en, p.sc.epochs);
    dm_prog_end(&p, &cl);
    return 0;
}
