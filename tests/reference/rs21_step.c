/* rs21_step — dumps rs21 Fig. 6's deep MNIST network for an independent
 * check (rs21_step.py): the first batch of images, the labels of the first
 * ntrain, the code, the initial weights, feedback matrices and biases (the
 * script recomputes the images from the MNIST files); for the first iteration the
 * forward pass, the error, the FA and the BP deltas and updates of every
 * layer and their angles, and the weights after the step; then the
 * per-iteration ΔW_FA ∠ ΔW_BP and W ∠ B^T of dm_run itself (the figure's
 * loop) over `epochs` epochs of those images.
 *
 * usage: rs21-step DATA_DIR NTRAIN EPOCHS SEED REP WN
 *   Fig. 6's "fa" condition (WN = 0) or "fa-wn" (WN = 1: neuron-wise, gamma 1,
 *   B's columns normalised once); the streams are dm_run's. */
#include <stdio.h>
#include <stdlib.h>

#include "codes.h"
#include "deepmnist.h"
#include "dump.h"
#include "kernels.h"
#include "rng.h"
#include "util.h"

static void dump_indexed(FILE *o, const char *fmt, size_t i, mat a)
{
    char name[64];
    snprintf(name, sizeof name, fmt, i);
    dump_mat(o, name, a);
}

/* The weights, feedback and biases of nt under the prefix pre. */
static void dump_net(FILE *o, const char *pre, const net *nt)
{
    char fmt[64];
    for (size_t l = 0; l < nt->depth; l++) {
        snprintf(fmt, sizeof fmt, "%s.W%%zu", pre), dump_indexed(o, fmt, l, nt->W[l]);
        if (nt->B[l].v)
            snprintf(fmt, sizeof fmt, "%s.B%%zu", pre), dump_indexed(o, fmt, l, nt->B[l]);
        snprintf(fmt, sizeof fmt, "%s.b%%zu", pre), dump_indexed(o, fmt, l + 1, nt->b[l + 1]);
    }
}

int main(int argc, char **argv)
{
    if (argc != 7)
        fa_die("usage: %s DATA_DIR NTRAIN EPOCHS SEED REP WN", argv[0]);
    size_t ntrain = strtoull(argv[2], NULL, 10), epochs = strtoull(argv[3], NULL, 10);
    uint64_t seed = strtoull(argv[4], NULL, 10), rep = strtoull(argv[5], NULL, 10);
    int wn = atoi(argv[6]);
    dm_setup s = dm_setup_rs21(wn ? "fa-wn" : "fa", 50, FB_FA, 5e-4, epochs);
    if (wn)
        dm_setup_wn(&s, DM_WN_NEURON, 1.0, 1);
    s.measure = DM_M_DW;
    dm_data d;
    dm_data_load(&d, argv[1], ntrain, DM_BATCH);
    FILE *o = stdout;
    fprintf(o, "# rs21-step wn %d eta %g ntrain %zu epochs %zu batch %d\n", wn, s.eta, ntrain,
            epochs, DM_BATCH);
    dump_mat(o, "X", mat_rows(d.Xtrain, 0, DM_BATCH));
    float *lab = fa_malloc(ntrain * sizeof *lab);
    for (size_t i = 0; i < ntrain; i++)
        lab[i] = d.ytrain[i];
    dump_floats(o, "labels", lab, ntrain);
    free(lab);

    /* the network and code of dm_run (deepmnist.c), built the same way */
    const size_t widths[DM_DEPTH + 1] = {DM_SIDE * DM_SIDE, 50, 50, 50, 50, 50};
    net nt = net_create(DM_DEPTH, widths, ACT_TANH_RELU, ACT_TANH_RELU, 1, s.bias);
    gsl_rng *ri = rng_stream(seed, rep, DM_STREAM_INIT), *rc = rng_stream(seed, rep, DM_STREAM_CODE);
    net_init_gauss(&nt, ri, s.init_sd);
    if (wn)
        for (size_t l = 0; l < DM_DEPTH; l++) {
            colnorm_f32(nt.W[l].rows, nt.W[l].cols, nt.W[l].v, nt.W[l].ld, s.gamma);
            if (nt.B[l].v)
                colnorm_f32(nt.B[l].rows, nt.B[l].cols, nt.B[l].v, nt.B[l].ld, s.gamma);
        }
    mat codes = mat_alloc(DM_CLASSES, 50);
    nhot_codes(rc, s.nhot, codes);
    rng_free(ri), rng_free(rc);
    dump_mat(o, "codes", codes);
    dump_net(o, "init", &nt);

    /* iteration 0: forward, error, both backward passes, the FA step */
    net_fwd f = net_fwd_alloc(&nt, DM_BATCH);
    net_grad gf = net_grad_alloc(&nt, DM_BATCH), gb = net_grad_alloc(&nt, DM_BATCH);
    mat Y = mat_alloc(DM_BATCH, 50), E = mat_alloc(DM_BATCH, 50);
    net_forward(&nt, mat_rows(d.Xtrain, 0, DM_BATCH), &f);
    dm_targets(Y, codes, d.ytrain, 0);
    net_error(&f, Y, E);
    net_backward(&nt, &f, E, FB_FA, s.eta, &gf);
    net_backward(&nt, &f, E, FB_BP, s.eta, &gb);
    double ang[DM_DEPTH];
    for (size_t l = 0; l < DM_DEPTH; l++) {
        dump_indexed(o, "s1.Z%zu", l + 1, f.Z[l + 1]);
        dump_indexed(o, "s1.L%zu", l + 1, f.L[l + 1]);
        dump_indexed(o, "s1.deltaFA%zu", l + 1, gf.delta[l + 1]);
        dump_indexed(o, "s1.deltaBP%zu", l + 1, gb.delta[l + 1]);
        dump_indexed(o, "s1.dWFA%zu", l, gf.dW[l]);
        dump_indexed(o, "s1.dWBP%zu", l, gb.dW[l]);
        dump_indexed(o, "s1.dbFA%zu", l + 1, gf.db[l + 1]);
        ang[l] = mat_angle(gf.dW[l], gb.dW[l]);
    }
    dump_mat(o, "s1.E", E);
    dump_doubles(o, "s1.angle", ang, DM_DEPTH);
    net_apply(&nt, &gf);
    if (wn)
        net_colnorm(&nt, s.gamma);
    dump_net(o, "s1.new", &nt);

    /* the figure's own loop from the same streams */
    dm_record rec;
    dm_run(&rec, &s, &d, seed, rep, NULL);
    dump_doubles(o, "run.dw", rec.dw, rec.iters * DM_DEPTH);
    dump_doubles(o, "run.wb", rec.wb, rec.iters * DM_DEPTH);
    dump_doubles(o, "run.loss", rec.loss, rec.epochs);
    dm_record_free(&rec);

    net_fwd_free(&f), net_grad_free(&gf), net_grad_free(&gb);
    mat_free(&Y), mat_free(&E), mat_free(&codes);
    net_free(&nt);
    dm_data_free(&d);
    return 0;
}
