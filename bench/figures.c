/* figures.c — `make bench`, table 7: the figures' hot loops (bench/README.md).
 * A file of its own because the figures' headers bring GSL's CBLAS
 * declarations, which clash with OpenBLAS's cblas.h in bench.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "deepmnist.h"
#include "kernels.h"
#include "lif_net.h"
#include "rng.h"
#include "train.h"
#include "util.h"

/* ---- 7. the figures' hot loops ------------------------------------------------------
 *
 * An epoch of each long-running figure's training, called through the
 * figure's own code (dm_run, lif_train, train_run) on synthetic data of the
 * figure's shapes, one thread. The GEMM wrappers above count the FLOPs of
 * every GEMM call as well as their time, so the bound (those FLOPs at the
 * peak) comes from the calls actually made, not from a formula. */

typedef struct hot { double total, gemm, flops; } hot;

static void hot_begin(hot *h)
{
    memset(h, 0, sizeof *h);
    gemm_clock = &h->gemm;
    gemm_flops = &h->flops;
    h->total = now();
}

static void hot_end(hot *h, double epochs)
{
    h->total = now() - h->total;
    gemm_clock = NULL;
    gemm_flops = NULL;
    h->total /= epochs, h->gemm /= epochs, h->flops /= epochs;
}

static int cmp_hot(const void *a, const void *b)
{
    double x = ((const hot *)a)->total, y = ((const hot *)b)->total;
    return (x > y) - (x < y);
}

static void hot_row(const char *name, const char *note, const hot *h, double peak)
{
    char xb[16] = "-";
    if (peak > 0)
        snprintf(xb, sizeof xb, "%.2f", h->total / (h->flops * 1e-9 / peak));
    printf("  %-44s %8.3f %7.2f %7s %8.3f %7.1f\n", name, h->total, h->flops * 1e-9, xb, h->gemm,
           h->flops * 1e-9 / h->gemm);
    if (note)
        printf("  %-44s %s\n", "", note);
}

enum { DM_RUNS = 5, LIF_EPOCHS = 2, LIF_TRAIN = 60000, LIF_TEST = 10000, LIF_SIDE = 28,
       CB_TRAIN = 10000, CB_TEST = 2000 };

/* rs21 Figs. 8 and S3: width 50, no bias, FA, neuron-wise WN (S3's gamma
 * = 1), one epoch on 60 000 images with the test pass at its start; with
 * accuracy_only as the figures now run it, and without (as before: W ∠ B^T
 * and ||W||_F every iteration). The two alternate, DM_RUNS runs each, and
 * each row is its median run: on a busy machine the difference is small
 * next to the noise of single runs. */
static void hot_deepmnist(const dataset *ds, double peak)
{
    dm_data d = {.ntrain = ds->X.rows, .ntest = 10000, .Xtrain = ds->X,
                 .Xtest = mat_rows(ds->X, 0, 10000), .ytrain = ds->labels, .ytest = ds->labels};
    hot h[2][DM_RUNS];
    for (int run = 0; run < DM_RUNS; run++)
        for (int acc_only = 1; acc_only >= 0; acc_only--) {
            dm_setup s = dm_setup_rs21("bench", 50, FB_FA, 5e-4, 1);
            s.bias = 0, s.accuracy_only = acc_only;
            dm_setup_wn(&s, DM_WN_NEURON, 1.0, 0);
            dm_record rec;
            hot_begin(&h[acc_only][run]);
            dm_run(&rec, &s, &d, SEED, 0, NULL);
            hot_end(&h[acc_only][run], 1);
            dm_record_free(&rec);
        }
    for (int acc_only = 1; acc_only >= 0; acc_only--) {
        qsort(h[acc_only], DM_RUNS, sizeof(hot), cmp_hot);
        hot_row(acc_only ? "rs21-fig8/S3 deep MNIST, accuracy only"
                         : "  the same with W/B angles and norms",
                acc_only ? "(225-50x5, FA, WN; 60 batches + test pass)" : NULL,
                &h[acc_only][DM_RUNS / 2], peak);
    }
}

typedef struct lif_clock { hot h; size_t epochs; } lif_clock;

/* Called after every fit: epoch 0 (the untrained network's fit) starts the
 * clocks, the last epoch stops them. */
static void lif_tick(size_t epoch, const lif_net *net, const lif_stats *s, void *ctx)
{
    lif_clock *c = ctx;
    (void)net, (void)s;
    if (epoch == 0)
        hot_begin(&c->h);
    else if (epoch == c->epochs)
        hot_end(&c->h, (double)c->epochs);
}

/* sse19-fig6: 784-200 LIF net, FA without normalisation (one of its four
 * runs), batches of 5000 over 60 000 images, then the least-squares
 * decoders over all of them and the test error on 10 000. */
static void hot_lif(double peak)
{
    size_t d = LIF_SIDE * LIF_SIDE;
    mat X = mat_alloc(LIF_TRAIN, d), T = mat_alloc(LIF_TRAIN, 10), Xt = mat_alloc(LIF_TEST, d);
    uint8_t *lab = fa_malloc(LIF_TRAIN);
    gsl_rng *r = rng_stream(SEED, 0, 7);
    mat_uniform(X, r, -1.0, 1.0);
    mat_uniform(Xt, r, -1.0, 1.0);
    for (size_t i = 0; i < LIF_TRAIN; i++) {
        lab[i] = (uint8_t)gsl_rng_uniform_int(r, 10);
        *mat_at(T, i, lab[i]) = 1;
    }
    lif_net net = lif_net_alloc(d, 200, 10);
    lif_nef_init(&net, r);
    lif_train_cfg c = {.norm = NORM_NONE, .fb = FB_FA, .eta = 0.1, .batch = 5000,
                       .epochs = LIF_EPOCHS, .rcond = 1e-2};
    lif_clock clk = {.epochs = LIF_EPOCHS};
    lif_train(&net, &c, X, T, Xt, lab, r, lif_tick, &clk);
    hot_row("sse19-fig6 LIF epoch (one of 4 runs)",
            "(784-200-10, 12 batches of 5000 + decoders on 60 000 + test)", &clk.h, peak);
    lif_net_free(&net);
    rng_free(r);
    mat_free(&X), mat_free(&T), mat_free(&Xt);
    free(lab);
}

/* cb23-fig7's MNIST panel: conv backbone + encoder 128-64-32, decoder 10,
 * FA, Adam, batch 64, MI of the codes; one epoch on CB_TRAIN images (the
 * figure's epoch has 60 000: the time scales with the count). */
static void hot_cb23(double peak)
{
    mnist_set s[2];
    size_t count[2] = {CB_TRAIN, CB_TEST};
    gsl_rng *r = rng_stream(SEED, 0, 8);
    for (int i = 0; i < 2; i++) {
        s[i] = (mnist_set){.count = count[i], .rows = 28, .cols = 28,
                           .pixels = fa_malloc(count[i] * 784), .labels = fa_malloc(count[i])};
        for (size_t j = 0; j < count[i] * 784; j++)
            s[i].pixels[j] = (uint8_t)gsl_rng_uniform_int(r, 256);
        for (size_t j = 0; j < count[i]; j++)
            s[i].labels[j] = (uint8_t)gsl_rng_uniform_int(r, 10);
    }
    task t = task_mnist(0, &s[0], &s[1], 0, 0);
    train_opts o = {.spec = {.fb = CB_FA, .learn_decoder = 1, .learn_scale = 1},
                    .epochs = 1, .every = 1, .mi = 1};
    double *rec = fa_malloc(train_records(1, 1, NULL) * REC_COUNT * sizeof *rec);
    gsl_rng *ri = rng_stream(SEED, 0, 9), *rf = rng_stream(SEED, 0, 10), *rn = rng_stream(SEED, 0, 11);
    hot h;
    hot_begin(&h);
    train_run(&t, &o, ri, rf, rn, rec, "bench cb23", NULL);
    hot_end(&h, 1);
    char note[96];
    snprintf(note, sizeof note, "(%d training + %d test images; the figure's epoch: 60 000)",
             CB_TRAIN, CB_TEST);
    hot_row("cb23-fig7 MNIST conv-backbone epoch, FA", note, &h, peak);
    free(rec);
    rng_free(ri), rng_free(rf), rng_free(rn), rng_free(r);
    task_free(&t);
    for (int i = 0; i < 2; i++)
        free(s[i].pixels), free(s[i].labels);
}

void bench_figures(double peak)
{
    printf("The figures' hot loops: one epoch through each figure's own training code\n"
           "(%s path, 1 thread), on SYNTHETIC data of the figure's shapes. GFLOP = the\n"
           "FLOPs of the GEMM calls the epoch made (counted by the GEMM wrappers);\n"
           "x bound = s/epoch over the time those FLOPs take at the peak; GEMM s and\n"
           "GFLOP/s: the GEMM calls' own time and speed; the rest is elementwise work,\n"
           "sampling, least squares, data movement.\n", kernels_path());
    gemm_rule();
    printf("  %-44s %8s %7s %7s %8s %7s\n", "figure epoch", "s/epoch", "GFLOP", "x bound",
           "GEMM s", "GFLOP/s");
    gemm_rule();
    dataset ds = dataset_make();
    hot_deepmnist(&ds, peak);
    dataset_free(&ds);
    hot_lif(peak);
    hot_cb23(peak);
    gemm_rule();
}

