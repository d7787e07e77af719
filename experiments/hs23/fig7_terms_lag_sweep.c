/* hs23-fig7 — alignment terms T^o ∠ B^T over the lag o at k = 66 and k = 1260, layers 1-4
 *
 * hs23 Fig. 7 (the authors' code: full o-sweeps at k = 66 and k = 1260, plotted
 * for o <= 64). The alignment term of rs21 eq. 21 as the authors' code has it,
 *   T^o_l[k] = eta^2 [f'(L_{l-1}[k] W_{l-1}[k-o] + b_l)^T (.) (delta_l[k-o]^T L_{l-1}[k-o] L_{l-1}[k]^T)] delta_{l+1}[k],
 * for o = 1..64 at the iterations k = 66 (early) and k = 1260 (epoch 22), as
 * an angle to B_l^T, FA without WN (hs23.h). Iterations count from 0.
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/deepmnist.h"
#include "hs23.h"

static const fig_info info = {
    .id = "hs23-fig7",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 7",
    .title = "alignment terms over the lag o at k = 66 and k = 1260, layers 1-4",
    .source = __FILE__,
    .reps = 30, .quick_reps = 1,   /* rs21 authors' code for these terms (A22): 30 */
    .reps_help = "one network",
};

enum { EPOCHS = 22, QUICK_EPOCHS = 2, LAGS = 64, NK = 2 };   /* 22 epochs reach k = 1260 */
static const size_t KS[NK] = {66, 1260};

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    size_t iters = p.sc.epochs * (p.sc.ntrain / DM_BATCH);
    size_t nk = iters > KS[1] ? 2 : 1;   /* --quick runs too few iterations for k = 1260 */
    dm_setup s[1] = {hs23_setup("fa", 0, DM_M_TERMS, p.sc.epochs)};
    s[0].sweep_iters = KS, s[0].n_sweep_iters = nk, s[0].sweep_lags = LAGS;
    cfg_param(&p.cfg, "sweeps", "k = 66, 1260 (0-based), lags o = 1..%d", LAGS);
    dm_prog_run(&p, s, 1, 1);

    out_file *o = series_open(&p.cfg, "hs23-fig7.tsv");
    size_t n = p.reps;
    double *x = fa_malloc(n * sizeof *x);
    for (size_t i = 0; i < nk; i++)
        for (size_t l = 1; l < DM_DEPTH; l++)
            for (size_t lag = 1; lag <= LAGS; lag++) {
                for (size_t r = 0; r < n; r++)
                    x[r] = p.rec[r].sweep[(i * LAGS + lag - 1) * DM_DEPTH + l];
                double mean, sem;
                dm_mean_sem(x, n, 1, &mean, &sem);
                char cond[16];
                snprintf(cond, sizeof cond, "k=%zu", KS[i]);
                series_row(o, "lag_term", cond, l, lag, mean, sem, n);
            }
    free(x);

    /* Per repetition and layer: T^1 at k = 66; T^60 at k = 1260 and the mean of
     * T^2..T^58 there (the lags that are not near a multiple of 60). "Aligns":
     * below the 90° of independent matrices; "stands out": T^60 below that
     * mean, paired within each repetition. */
    double *t1 = fa_malloc(3 * DM_DEPTH * n * sizeof *t1), *t60 = t1 + DM_DEPTH * n;
    double *base = t60 + DM_DEPTH * n;
    for (size_t l = 1; l < DM_DEPTH; l++)
        for (size_t r = 0; r < n; r++) {
            const double *sw = p.rec[r].sweep;
            t1[l * n + r] = sw[(0 * LAGS + 0) * DM_DEPTH + l];
            if (nk < 2)
                continue;
            t60[l * n + r] = sw[(1 * LAGS + 59) * DM_DEPTH + l];
            double b = 0;
            for (size_t lag = 2; lag <= 58; lag++)
                b += sw[(1 * LAGS + lag - 1) * DM_DEPTH + l] / 57;
            base[l * n + r] = b;
        }
    claims cl = {0};
    claim *early = claims_begin(&cl, "t1-aligns-at-k66",
                                "early in learning the lag-1 term aligns with B^T (rs21 sec. 2.5; "
                                "hs23 Fig. 7): T^1 ∠ B^T at k = 66, layers 1-4", "°");
    claim *peak = nk == 2 ? claims_begin(&cl, "t60-stands-out-at-k1260",
                                         "later only lags that are multiples of 60 align (rs21 "
                                         "sec. 2.5; hs23 Fig. 7): T^60 ∠ B^T at k = 1260 below "
                                         "the mean over o = 2..58, layers 1-4", "°")
                             : NULL;
    for (size_t l = 1; l < DM_DEPTH; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "layer %zu", l);
        claim_part_vs_value(early, lab, t1 + l * n, n, 90.0, CLAIM_BELOW);
        if (peak)
            claim_part_paired(peak, lab, t60 + l * n, base + l * n, n, CLAIM_BELOW);
    }
    dm_prog_end(&p, &cl);
    free(t1);
    return 0;
}
