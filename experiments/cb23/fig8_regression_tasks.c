/* cb23-fig8 — TF, BP and FA on the regression tasks IBRegTask and MNISTRegTask
 *
 * cb23 sec. 2.4, Fig. 8. The classification tasks of Fig. 7 with a scalar
 * target: IBRegTask (decoder 4-1, sigmoid, target = label, accuracy at
 * threshold 0.5) and MNISTRegTask (decoder 32-1, identity, target = label/10,
 * correct when floor(10 yhat) = label). TF sends back the target modulated by
 * 1 - accuracy plus the "entropy" term lambda (1 - accuracy) mean((K - I)^2)
 * (authors' run4: lambda = 10 on IBRegTask, 100 on MNISTRegTask). Rows:
 * training loss, accuracy (MNIST: training batches solid, test dashed),
 * MI(H; Y) with bins of 0.1. Bands: mean +- SEM over repetitions.
 *
 * Epochs on MNISTRegTask: the authors' runner uses 30, the text keeps "the
 * other settings" of Fig. 7 (10 epochs). The default follows the runner, as
 * do its learning rate (5e-4) and batch size (128); --text-epochs runs the
 * text's 10 (the committed variant text-epochs).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "variants.h"

static const fig_info info = {
    .id = "cb23-fig8",
    .paper = "cb23: Cheng & Brown (2023), Fig. 8",
    .title = "TF, BP and FA on IBRegTask and MNISTRegTask",
    .source = __FILE__,
    .reps = 10,          /* authors' code (run4): 10 repetitions */
    .quick_reps = 2,
    .reps_help = "one IBRegTask split and initial network per feedback type\n"
                 "                    (MNIST: see --mnist-reps)",
};

/* MNIST epochs: the authors' runner (run4) trains 30; the text says 10, as
 * Fig. 7 (--text-epochs, committed as the variant text-epochs). */
enum { MNIST_EPOCHS = 30, TEXT_MNIST_EPOCHS = 10 };
#define LAMBDA_IB 10.0     /* authors' code (run4) */
#define LAMBDA_MNIST 100.0 /* authors' code (run4) */

static const variant ib_variants[] = {{"TF", CB_TF, LAMBDA_IB}, {"BP", CB_BP, 0}, {"FA", CB_FA, 0}};
static const variant mnist_variants[] = {
    {"TF", CB_TF, LAMBDA_MNIST}, {"BP", CB_BP, 0}, {"FA", CB_FA, 0},
};

/* "Similar" (rule 2): the paper gives no number; as Fig. 7's "comparable",
 * 5 accuracy points, fixed before any interval was seen. */
#define SIMILAR_ACC 0.05
#define SIMILAR_SOURCE "our a-priori reading of 'similar' (5 points); the paper gives none"
#define PEAK_PCT 1.0
#define PEAK_SOURCE "our a-priori reading of 'reach the peak' (1 %); the paper gives none"

static void tf_close(claims *cl, const vpanel *p, const char *name, const char *stmt,
                     rec_col c, const char *ref)
{
    const char *tf[] = {"TF"};
    vclaims_close_to(cl, p, name, stmt, c, ref, tf, 1, SIMILAR_ACC, SIMILAR_SOURCE);
}

static void check_claims(const vpanel *ib, const vpanel *mn, claims *cl)
{
    tf_close(cl, ib, "ibreg-tf-fa-similar",
             "TF and FA reach similar accuracy on IBRegTask (sec. 2.4, Fig. 8; final training "
             "accuracy)", REC_ACC, "FA");
    tf_close(cl, ib, "ibreg-tf-bp-similar",
             "... and TF and BP (sec. 3: \"comparable performance against FA and BP\")", REC_ACC,
             "BP");
    tf_close(cl, mn, "mnistreg-tf-fa-similar",
             "TF and FA reach similar accuracy on MNISTRegTask (sec. 2.4; the last epoch's "
             "training batches, as the authors report)", REC_ACC, "FA");
    tf_close(cl, mn, "mnistreg-tf-bp-similar", "... and TF and BP (sec. 3)", REC_ACC, "BP");
    tf_close(cl, mn, "mnistreg-tf-fa-similar-test",
             "TF and FA on the MNIST test set (our addition)", REC_TEST_ACC, "FA");
    tf_close(cl, mn, "mnistreg-tf-fa-similar-nearest",
             "TF and FA counting the nearest decile round(10 yhat) as the answer, test set (our "
             "addition)", REC_TEST_NEAREST, "FA");
    tf_close(cl, mn, "mnistreg-tf-bp-similar-nearest", "... and TF and BP (our addition)",
             REC_TEST_NEAREST, "BP");
    const char *const fast[] = {"TF", "BP"};
    vclaims_mi_peaks_early(cl, mn, "mnistreg-mi-peaks-early",
                           "on MNISTRegTask, MI(H; Y) of TF and BP reaches its peak after one "
                           "epoch (sec. 2.4)", fast, 2, PEAK_PCT, PEAK_SOURCE);
}

int main(int argc, char **argv)
{
    run_config cfg;
    int text_epochs = 0;
    vfigure f = {.reg = 1, .ibv = ib_variants, .mnv = mnist_variants,
                 .nib = FA_ARRAY_LEN(ib_variants), .nmn = FA_ARRAY_LEN(mnist_variants),
                 .mnist_epochs = MNIST_EPOCHS};
    cli_opt opts[] = {{"text-epochs", OPT_FLAG, &text_epochs,
                       "MNIST for the text's 10 epochs (default: the authors' runner's 30)", 0, 0},
                      VFIGURE_SCALE_OPTS(f)};
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    if (text_epochs)
        f.mnist_epochs = TEXT_MNIST_EPOCHS;
    cfg_param(&cfg, "tf", "gain %g (1 - batch accuracy) and lambda (1 - acc) mean((K - I)^2), "
                          "lambda %g (IBRegTask), %g (MNISTRegTask)", TF_GAIN, LAMBDA_IB,
              LAMBDA_MNIST);
    cfg_param(&cfg, "mnist_epochs", "%zu (%s)", f.mnist_epochs,
              text_epochs ? "the text, as Fig. 7; the authors' runner: 30"
                          : "the authors' runner; the text: 10, as Fig. 7");
    mnist_set tr = mnist_load_or_die(cfg.data_dir, 0), te = mnist_load_or_die(cfg.data_dir, 1);
    vfigure_run(&f, &cfg, &tr, &te, "cb23-fig8-curves.tsv");
    /* FA's mean loss jumps at a few epochs with a wide SEM: which runs */
    vpanel_write_runs(&f.p[0], &cfg, "cb23-fig8-mnistreg-runs.tsv");
    mnist_free(&tr), mnist_free(&te);
    claims cl = {0};
    check_claims(&f.p[1], &f.p[0], &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    vfigure_free(&f, &cfg);
    return 0;
}
