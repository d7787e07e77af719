/* hs23-fig6 — FA test accuracy and training loss over epochs, with WN
 *
 * hs23 Fig. 6 ("Feedback alignment accuracy and loss during epochs when WN is
 * applied") and its text: with WN the loss is lower and the accuracy reaches
 * an acceptable level faster. The FA network of hs23.h with neuron-wise WN,
 * and without it as the reference (hs23 Fig. 5).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig6",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 6",
    .title = "FA test accuracy and training loss over epochs, with WN (and without)",
    .source = __FILE__,
    .reps = 10, .quick_reps = 1,   /* hs23 replicates rs21's network: rs21 Fig. 6's 10 x 100 */
    .reps_help = "one network with and one without WN",
};

enum { EPOCHS = 100, QUICK_EPOCHS = 2 };
static const double LEVEL = 0.8;   /* "an acceptable level": our 80 % (fig5_fa_accuracy_loss.c) */

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    dm_setup s[2] = {hs23_setup("fa-wn", 1, 0, p.sc.epochs), hs23_setup("fa", 0, 0, p.sc.epochs)};
    dm_prog_run(&p, s, 2, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig6.tsv");
    for (size_t c = 0; c < 2; c++)
        hs23_write_acc_loss(o, &p, s, c);
    size_t n = p.reps, ep = p.sc.epochs;
    double f1 = 1.0 / (double)ep, *lw = fa_malloc(4 * n * sizeof *lw);
    double *ln = lw + n, *ew = ln + n, *en = ew + n;
    hs23_per_rep(lw, &p, 0, DM_F_LOSS, 0, 1 - f1, 1);
    hs23_per_rep(ln, &p, 1, DM_F_LOSS, 0, 1 - f1, 1);
    for (size_t r = 0; r < n; r++) {   /* never reaching it counts as the number of epochs */
        ew[r] = (double)hs23_epoch_reaching(dm_prog_rec(&p, 0) + r, 1, ep, LEVEL);
        en[r] = (double)hs23_epoch_reaching(dm_prog_rec(&p, 1) + r, 1, ep, LEVEL);
    }
    /* both claims paired by repetition: the two conditions share initial weights and codes */
    claims cl = {0};
    claims_paired(&cl, "wn-lowers-loss",
                  "with WN the loss is lower (hs23, text on Figs. 5-6): last-epoch training loss",
                  lw, ln, n, CLAIM_BELOW, "");
    claim *fa = claims_paired(&cl, "wn-reaches-accuracy-faster",
                              "with WN the accuracy reaches an acceptable level faster (hs23, "
                              "text on Figs. 5-6): first epoch with test accuracy >= 80 %",
                              ew, en, n, CLAIM_BELOW, " epochs");
    claim_note(fa, " (%zu = never)", ep);
    dm_prog_end(&p, &cl);
    free(lw);
    return 0;
}
