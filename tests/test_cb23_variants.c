/* test_cb23_variants.c — the claims of cb23 Figs. 7 and 8 (variants.h):
 * the leave-one-out peak of the compression claim (curves.h), the MI ceiling that makes
 * a claim inconclusive (issue 16, rule 4), the closeness claims paired by
 * repetition; and that Fig. 7's "TF" is the text's (with the K term), the
 * runner's TF-noK a labelled variant beside it; that the per-run files of
 * Figs. 7 and 8 average to their curves; and that Fig. 6's MI claim is
 * inconclusive where the estimator is saturated from the start. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../experiments/cb23/curves.h"
#include "../experiments/cb23/variants.h"
#include "core.h"
#include "progrun.h"

/* ---- the leave-one-out peak ---- */

Test(cb23_variants, loo_peak_ignores_the_run_itself)
{
    /* 3 reps x 5 epochs; reps 1, 2 peak at epoch 2, rep 0 alone at epoch 1 */
    const double mi[5 * 3] = {0.1, 0.1, 0.1,  0.7, 0.2, 0.2,  0.3, 0.8, 0.8,
                              0.2, 0.3, 0.3,  0.1, 0.1, 0.1};
    cr_assert_eq(curves_loo_extreme(mi, 3, 0, 0, 4, +1), 2);   /* the others' peak, not its own */
    cr_assert_eq(curves_loo_extreme(mi, 3, 1, 0, 4, +1), 2);
    cr_assert_eq(curves_loo_extreme(mi, 3, 2, 0, 4, +1), 2);
}

Test(cb23_variants, loo_extreme_range_and_sign)
{
    /* the claims leave the last point out: a rising curve peaks before it */
    const double rising[4 * 2] = {0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4};
    cr_assert_eq(curves_loo_extreme(rising, 2, 0, 0, 3, +1), 2);
    cr_assert_eq(curves_loo_extreme(rising, 1, 0, 0, 3, +1), 2);   /* one rep: its own curve */
    cr_assert_eq(curves_loo_extreme(rising, 2, 1, 1, 4, -1), 1);   /* the smallest from 1 on */
}

/* ---- claims on a hand-made panel ---- */

enum { R = 4, K = 5 };

typedef struct fake {
    task t;
    const task *tp[R];
    variant v[2];
    vpanel p;
    size_t epoch[K];
    double rec[2 * R * K * REC_COUNT];
    train_job jobs[2 * R];
} fake;

/* Two variants "A" and "B", R reps, K recorded epochs, labels 0 / 1 in equal
 * numbers (H(Y) = 1 bit); MI and accuracy filled by the caller. */
static void fake_init(fake *f)
{
    memset(f, 0, sizeof *f);
    f->t.Ctr = mat_alloc(8, 1);
    for (size_t i = 0; i < 8; i++)
        *mat_at(f->t.Ctr, i, 0) = (float)(i % 2);
    f->t.mi_width = 0.1, f->t.epochs = K;
    for (size_t r = 0; r < R; r++)
        f->tp[r] = &f->t;
    f->v[0] = (variant){"A", CB_FA, 0}, f->v[1] = (variant){"B", CB_BP, 0};
    for (size_t k = 0; k < K; k++)
        f->epoch[k] = k + 1;
    f->p = (vpanel){f->tp, R, K, 1, 0, f->v, 2, K, f->epoch, f->rec, f->jobs};
    for (size_t j = 0; j < 2 * R; j++) {
        f->jobs[j].t = &f->t, f->jobs[j].o.epochs = K, f->jobs[j].o.every = 1;
        f->jobs[j].rec = f->rec + j * K * REC_COUNT;
    }
}

static double *at(fake *f, size_t v, size_t r, size_t k, rec_col c)
{
    return &f->rec[((v * R + r) * K + k) * REC_COUNT + c];
}

/* MI of variant v: rises to `top` at epoch 2, ends at `last` (+ a little
 * per-rep jitter) */
static void mi_curve(fake *f, size_t v, double top, double last)
{
    for (size_t r = 0; r < R; r++) {
        double j = 0.001 * (double)r;
        const double c[K] = {0.2 + j, 0.5 + j, top + j, 0.5 * (top + last) + j, last + j};
        for (size_t k = 0; k < K; k++)
            *at(f, v, r, k, REC_MI) = fmin(c[k], 1.0);
    }
}

Test(cb23_variants, mi_falls_holds_fails_and_stops_at_the_ceiling)
{
    static fake f;
    fake_init(&f);
    cr_assert_float_eq(vpanel_mi_ceiling(&f.p, 0), 1.0, 1e-12);
    claims cl = {0};
    mi_curve(&f, 0, 0.9, 0.7);   /* compresses */
    mi_curve(&f, 1, 0.6, 0.8);   /* keeps rising */
    cr_assert_eq(vclaims_mi_falls(&cl, &f.p, "a", "a", "A")->v, VERDICT_HOLDS);
    cr_assert_eq(vclaims_mi_falls(&cl, &f.p, "b", "b", "B")->v, VERDICT_FAILS);
    mi_curve(&f, 1, 0.6, 1.0);   /* rises to H(Y): the estimator's ceiling */
    claim *c = vclaims_mi_falls(&cl, &f.p, "c", "c", "B");
    cr_assert_eq(c->v, VERDICT_INCONCLUSIVE);
    cr_assert(strstr(c->measured, "ceiling"), "no reason given: %s", c->measured);
    mat_free(&f.t.Ctr);
}

Test(cb23_variants, mi_peaks_early_at_the_ceiling_is_inconclusive)
{
    static fake f;
    fake_init(&f);
    claims cl = {0};
    const char *const a[] = {"A"};
    for (size_t r = 0; r < R; r++)
        for (size_t k = 0; k < K; k++)
            *at(&f, 0, r, k, REC_MI) = 0.8;   /* flat below the ceiling: at its peak */
    cr_assert_eq(vclaims_mi_peaks_early(&cl, &f.p, "a", "a", a, 1, 1.0, "t")->v, VERDICT_HOLDS);
    for (size_t r = 0; r < R; r++)
        *at(&f, 0, r, 0, REC_MI) = 0.4;        /* half the peak after epoch 1 */
    cr_assert_eq(vclaims_mi_peaks_early(&cl, &f.p, "b", "b", a, 1, 1.0, "t")->v, VERDICT_FAILS);
    for (size_t r = 0; r < R; r++)
        for (size_t k = 0; k < K; k++)
            *at(&f, 0, r, k, REC_MI) = 1.0 - 0.001 * (double)k;   /* at H(Y) throughout */
    claim *c = vclaims_mi_peaks_early(&cl, &f.p, "c", "c", a, 1, 1.0, "t");
    cr_assert_eq(c->v, VERDICT_INCONCLUSIVE);
    cr_assert(strstr(c->measured, "ceiling"), "no reason given: %s", c->measured);
    mat_free(&f.t.Ctr);
}

Test(cb23_variants, close_to_is_paired_by_repetition)
{
    static fake f;
    fake_init(&f);
    claims cl = {0};
    const char *const a[] = {"A"};
    /* the reps differ a lot, A - B does not: holds only when paired */
    for (size_t r = 0; r < R; r++) {
        *at(&f, 1, r, K - 1, REC_ACC) = 0.5 + 0.1 * (double)r;
        *at(&f, 0, r, K - 1, REC_ACC) = 0.51 + 0.1 * (double)r + 0.001 * (double)(r % 2);
    }
    cr_assert_eq(vclaims_close_to(&cl, &f.p, "a", "a", REC_ACC, "B", a, 1, 0.05, "t")->v,
                 VERDICT_HOLDS);
    for (size_t r = 0; r < R; r++)
        *at(&f, 0, r, K - 1, REC_ACC) += 0.2;
    cr_assert_eq(vclaims_close_to(&cl, &f.p, "b", "b", REC_ACC, "B", a, 1, 0.05, "t")->v,
                 VERDICT_FAILS);
    mat_free(&f.t.Ctr);
}

/* ---- Fig. 7's TF is the text's; the per-run files of Figs. 7 and 8 ---- */

/* Every (quantity, type, epoch) of a figure's per-run file, over its 2 runs,
 * equals the mean in its curves file to the printed digits; at least
 * `min_rows` such rows. */
static int runs_average_to_curves(const char *out, const char *runs, const char *curves,
                                  int min_rows)
{
    return prog_sh("cd %s && awk -F'\t' -v min=%d '/^#/ || $1 == \"quantity\" { next } "
                   "FNR == NR { split($2, c, \",\"); k = $1 \" \" c[1] \",\" c[2] \" \" $4; "
                   "s[k] += $5; n[k]++; next } "
                   "($1 \" \" $2 \" \" $4) in s { k = $1 \" \" $2 \" \" $4; m++; "
                   "if (n[k] != 2 || (s[k] / 2 - $5) ^ 2 > 1e-10 * ($5 ^ 2 + 1e-12)) bad++ } "
                   "END { exit !(m >= min && !bad) }' %s %s",
                   out, min_rows, runs, curves) == 0;
}

/* Runs `prog` at the quick scale with 2 MNIST runs of 64 images into
 * <root>/out (out[1024]); returns root. */
static const char *run_two_mnist_runs(const char *prog, char *out)
{
    const char *root = prog_tmpdir(prog);
    snprintf(out, 1024, "%s/out", root);
    cr_assert(prog_sh("%s/%s --quick --reps 1 --mnist-reps 2 --train 64 --test 64 "
                      "--data %s --out %s >%s.log 2>&1", FA_BIN_DIR, prog,
                      prog_synthetic_mnist(root, 64, 64), out, out) == 0);
    return root;
}

Test(cb23_variants, fig7_tf_has_the_k_term_and_runs_average_to_curves, .timeout = 240)
{
    char out[1024];
    const char *root = run_two_mnist_runs("cb23-fig7", out);
    /* 6 types x 6 quantities x 2 epochs */
    cr_assert(runs_average_to_curves(out, "cb23-fig7-mnist-runs.tsv", "cb23-fig7-curves.tsv",
                                     6 * 6 * 2),
              "the per-run MNIST curves do not average to the curves file");
    char *h = prog_slurp(out, "cb23-fig7-curves.tsv");
    cr_assert(h);
    cr_assert(strstr(h, "# param: variants=BP, FA, TF (with K), NF, NFA, TF-noK;"),
              "Fig. 7's TF is not the text's (with K) beside the labelled TF-noK");
    cr_assert(strstr(h, "\tMNISTTask,TF-noK\t") && strstr(h, "\tIBTask,TF\t"));
    free(h);
    prog_rmdir(root);
}

Test(cb23_variants, fig8_runs_average_to_curves, .timeout = 240)
{
    char out[1024];
    const char *root = run_two_mnist_runs("cb23-fig8", out);
    /* 3 types x 7 quantities (with the nearest-decile accuracy) x 2 epochs */
    cr_assert(runs_average_to_curves(out, "cb23-fig8-mnistreg-runs.tsv", "cb23-fig8-curves.tsv",
                                     3 * 7 * 2),
              "the per-run MNISTRegTask curves do not average to the curves file");
    char *h = prog_slurp(out, "cb23-fig8-mnistreg-runs.tsv");
    cr_assert(h && strstr(h, "\ntest_acc_nearest\tMNISTRegTask,FA,run=1\t"),
              "no nearest-decile curve of FA's second run");
    free(h);
    prog_rmdir(root);
}

/* ---- Fig. 6: MI from independent H and Y is the estimator's bias ---- */

Test(cb23_variants, fig6_mi_claim_saturated_is_inconclusive, .timeout = 240)
{
    const char *root = prog_tmpdir("cb23v6");
    char out[1024];
    snprintf(out, sizeof out, "%s/out", root);
    /* 2000 rows of 6 columns in bins of 0.1: nearly every row its own bin */
    cr_assert(prog_sh("%s/cb23-fig6 --quick --n 2000 --out %s >%s.log 2>&1", FA_BIN_DIR, out,
                      out) == 0);
    claims cl;
    claims_meta meta;
    char path[1100];
    snprintf(path, sizeof path, "%s/cb23-fig6.claims.tsv", out);
    cr_assert(claims_read(path, &cl, &meta));
    size_t i = 0;
    while (i < cl.n && strcmp(cl.c[i].name, "mi-rises") != 0)
        i++;
    cr_assert(i < cl.n, "no mi-rises claim");
    cr_assert_eq(cl.c[i].v, VERDICT_INCONCLUSIVE, "mi-rises is %s: %s",
                 verdict_word(cl.c[i].v), cl.c[i].measured);
    cr_assert(strstr(cl.c[i].measured, "independent"), "no reason: %s", cl.c[i].measured);
    prog_rmdir(root);
}
