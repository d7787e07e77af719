/* cb23-fig7 — BP, FA, TF, NF and NFA at the decoder on IBTask and MNIST: loss, accuracy, MI(H;Y)
 *
 * cb23 sec. 2.4, Figs. 5 and 7. The encoder (IBTask: 12-8-4; MNIST: a small
 * convolutional backbone, then 128-64-32) is trained by exact BP; only the
 * signal the decoder (4-2 / 32-10, sigmoid) sends back differs (model.h):
 * BP (W_O^T), FA (fixed F), TF (the target, not the error, modulated by
 * 1 - accuracy), NF (a fixed tanh network) and NFA (F plus fresh uniform
 * noise). Rows: training loss, accuracy (MNIST: training batches, solid, and
 * the test set, dashed), MI(H; Y) of the epoch's codes (bins of 0.1).
 *
 * TF's extra "entropy" term: the text (sec. 2.4) defines TF on these tasks
 * as (1 - accuracy) YB~ + ||K_HH - I||^2, and so does our "TF" (the weight
 * lambda: the authors' regression runs, run4, 10 on IB and 100 on MNIST; the
 * text gives none). The authors' runner for this figure means to switch the
 * term off (its switch is a tuple by mistake, which makes the TF run crash):
 * "TF-noK" is that variant, labelled as such and kept out of the paper's
 * claims but for its own compression check.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "variants.h"

static const fig_info info = {
    .id = "cb23-fig7",
    .paper = "cb23: Cheng & Brown (2023), Fig. 7",
    .title = "BP, FA, TF, NF, NFA on IBTask and MNIST",
    .source = __FILE__,
    .reps = 10,          /* authors' code (run3): 10 repetitions */
    .quick_reps = 2,
    .reps_help = "one IBTask split and initial network per feedback type\n"
                 "                    (MNIST: see --mnist-reps)",
};

#define NFA_AMP_IB 1e-3    /* authors' code */
#define NFA_AMP_MNIST 1e-4 /* authors' code */
#define TF_LAMBDA_IB 10.0     /* authors' code, IBRegTask (run4); the text gives no value */
#define TF_LAMBDA_MNIST 100.0 /* authors' code, MNISTRegTask (run4) */

/* "Comparable" (rule 2): the paper gives no number and its Fig. 7 no error
 * bars; we read it as 5 accuracy points, fixed before any interval was seen. */
#define COMPARABLE_ACC 0.05
#define COMPARABLE_SOURCE "our a-priori reading of 'comparable' (5 points); the paper gives none"
/* "reaches the peak after one epoch": within 1 % of the run's peak */
#define PEAK_PCT 1.0
#define PEAK_SOURCE "our a-priori reading of 'reach the peak' (1 %); the paper gives none"

static const variant ib_variants[] = {
    {"BP", CB_BP, 0}, {"FA", CB_FA, 0}, {"TF", CB_TF, TF_LAMBDA_IB},
    {"NF", CB_NF, 0}, {"NFA", CB_NFA, 0}, {"TF-noK", CB_TF, 0},
};
static const variant mnist_variants[] = {
    {"BP", CB_BP, 0}, {"FA", CB_FA, 0}, {"TF", CB_TF, TF_LAMBDA_MNIST},
    {"NF", CB_NF, 0}, {"NFA", CB_NFA, 0}, {"TF-noK", CB_TF, 0},
};

static const char *const paper_variants[] = {"TF", "NF", "NFA"};

/* The variants against FA and against BP (sec. 2.4: "comparable
 * performance"; sec. 3: "against FA and BP") */
static void comparable(claims *cl, const vpanel *p, const char *task, rec_col c,
                       const char *stmt_fa, const char *what)
{
    char name[64], stmt[256];
    const char *refs[] = {"FA", "BP"};
    for (int i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "%s-variants-close-to-%s%s", task, i ? "bp" : "fa",
                 c == REC_TEST_ACC ? "-test" : "");
        snprintf(stmt, sizeof stmt, "%s %s (%s)", i ? "... and to BP" : stmt_fa, what,
                 i ? "sec. 3: \"comparable performance against FA and BP\"" : "sec. 2.4, Fig. 7");
        vclaims_close_to(cl, p, name, stmt, c, refs[i], paper_variants, 3, COMPARABLE_ACC,
                         COMPARABLE_SOURCE);
    }
}

static void check_claims(const vpanel *ib, const vpanel *mn, claims *cl)
{
    comparable(cl, ib, "ib", REC_ACC, "TF, NF and NFA reach accuracy comparable to FA on IBTask",
               "(final training accuracy)");
    comparable(cl, mn, "mnist", REC_ACC, "... and on MNIST",
               "(last epoch's training batches, as the authors report)");
    comparable(cl, mn, "mnist", REC_TEST_ACC, "... and on the MNIST test set",
               "(final test accuracy; our addition)");

    /* The decoder learns by its own gradient in every variant, so the loss
     * falls from a random start whatever the feedback (rule 3): shown, not
     * counted. */
    int all = 1;
    char worst[64] = "none";
    const vpanel *ps[2] = {ib, mn};
    for (int k = 0; k < 2; k++)
        for (size_t v = 0; v < ps[k]->nv; v++)
            if (!(vpanel_final(ps[k], v, REC_LOSS, 0) < vpanel_final(ps[k], v, REC_LOSS, 1))) {
                all = 0;
                snprintf(worst, sizeof worst, "%s on %s", ps[k]->v[v].name, ps[k]->tasks[0]->name);
            }
    claims_sanity(cl, "all-reduce-loss",
                  "every feedback type reduces the loss (sec. 2.4); the decoder's own gradient "
                  "does so from a random start",
                  "final mean loss < first, every type and task", all, "exception: %s", worst);

    vclaims_mi_falls(cl, ib, "ib-tf-compresses",
                     "TF (the text's, with ||K - I||^2) shows signs of compression on IBTask: "
                     "MI(H; Y) rises, then falls (Fig. 7, 2nd row)", "TF");
    vclaims_mi_falls(cl, ib, "ib-tf-nok-compresses",
                     "... and TF-noK, the authors' runner's TF without the K term (variant)",
                     "TF-noK");

    const char *const fast[] = {"BP", "TF"};
    vclaims_mi_peaks_early(cl, mn, "mnist-mi-peaks-early",
                           "on MNIST, BP and TF reach their peak MI(H; Y) after one epoch "
                           "(sec. 2.4)", fast, 2, PEAK_PCT, PEAK_SOURCE);
}

int main(int argc, char **argv)
{
    run_config cfg;
    vfigure f = {.reg = 0, .ibv = ib_variants, .mnv = mnist_variants,
                 .nib = FA_ARRAY_LEN(ib_variants), .nmn = FA_ARRAY_LEN(mnist_variants),
                 .ib_nfa = NFA_AMP_IB, .mn_nfa = NFA_AMP_MNIST};
    cli_opt opts[] = {VFIGURE_SCALE_OPTS(f)};
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    cfg_param(&cfg, "tf", "gain %g (1 - batch accuracy) plus lambda (1 - acc) mean((K - I)^2), "
                          "lambda %g (IBTask), %g (MNIST); TF-noK: no K term (authors' runner)",
              TF_GAIN, TF_LAMBDA_IB, TF_LAMBDA_MNIST);
    cfg_param(&cfg, "nf", "tanh(G F1) F2 with %d hidden units", NF_HIDDEN);
    mnist_set tr = mnist_load_or_die(cfg.data_dir, 0), te = mnist_load_or_die(cfg.data_dir, 1);
    vfigure_run(&f, &cfg, &tr, &te, "cb23-fig7-curves.tsv");
    /* FA and NF runs on MNIST that have not started to learn after 10
     * epochs sit beside ones at 0.96: their mean says neither */
    vpanel_write_runs(&f.p[0], &cfg, "cb23-fig7-mnist-runs.tsv");
    mnist_free(&tr), mnist_free(&te);
    claims cl = {0};
    check_claims(&f.p[1], &f.p[0], &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    vfigure_free(&f, &cfg);
    return 0;
}
