/* cb23_step — dumps cb23 Fig. 1's network on IBTask for an independent
 * check (cb23_step.py): the training set, the initial weights and feedback
 * matrix, then for `steps` full-batch steps the loss, G = dLoss/dZo, the
 * signal dH of every encoder layer, every gradient, and after the Adam step
 * the weights and Adam's moments; finally the per-epoch training loss of the
 * figure's own loop (train_run) over `epochs` epochs from the same network.
 *
 * usage: cb23-step FB DEC SEED REP STEPS EPOCHS   (FB: BP or FA; DEC: 1 on, 0 off)
 * The task, weights and feedback come from the streams fig1_ibtask_readout.c
 * uses: (seed, rep, 0) the split, (seed, rep, 1) the weights, (seed, rep, 2) F. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "rng.h"
#include "train.h"
#include "util.h"

static void dump_dense(FILE *o, const char *pre, const dense *d, int moments)
{
    char name[64];
    snprintf(name, sizeof name, "%s.W", pre), dump_mat(o, name, d->W);
    snprintf(name, sizeof name, "%s.b", pre), dump_mat(o, name, d->b);
    if (!moments)
        return;
    snprintf(name, sizeof name, "%s.mW", pre), dump_floats(o, name, d->aW.m, d->aW.n);
    snprintf(name, sizeof name, "%s.vW", pre), dump_floats(o, name, d->aW.v, d->aW.n);
    snprintf(name, sizeof name, "%s.mb", pre), dump_floats(o, name, d->ab.m, d->ab.n);
    snprintf(name, sizeof name, "%s.vb", pre), dump_floats(o, name, d->ab.v, d->ab.n);
}

static void dump_grads(FILE *o, const char *pre, const dense *d)
{
    char name[64];
    snprintf(name, sizeof name, "%s.dW", pre), dump_mat(o, name, d->dW);
    snprintf(name, sizeof name, "%s.db", pre), dump_mat(o, name, d->db);
}

int main(int argc, char **argv)
{
    if (argc != 7)
        fa_die("usage: %s BP|FA DEC SEED REP STEPS EPOCHS", argv[0]);
    cb_spec spec = {0};
    spec.fb = strcmp(argv[1], "BP") == 0 ? CB_BP : CB_FA;
    spec.learn_decoder = atoi(argv[2]);
    uint64_t seed = strtoull(argv[3], NULL, 10), rep = strtoull(argv[4], NULL, 10);
    size_t steps = strtoull(argv[5], NULL, 10), epochs = strtoull(argv[6], NULL, 10);
    FILE *o = stdout;

    gsl_rng *rs = rng_stream(seed, rep, 0);
    task t = task_ib(0, rs);
    rng_free(rs);
    spec.out = t.out, spec.lr = t.lr;
    gsl_rng *ri = rng_stream(seed, rep, 1), *rf = rng_stream(seed, rep, 2);
    gsl_rng *rn = rng_stream(seed, rep, 16);
    size_t n = t.Xtr.rows, L = t.nenc;
    cb_model m = cb_model_create(&spec, L, t.w, n, ri, rf);
    cb_cache c = cb_cache_alloc(&m, n);
    fprintf(o, "# cb23-step fb %s dec %d lr %g nenc %zu\n", argv[1], spec.learn_decoder, spec.lr, L);
    dump_mat(o, "X", t.Xtr);
    dump_mat(o, "Y", t.Ytr);
    char pre[32], name[64];
    for (size_t l = 0; l < L; l++)
        snprintf(pre, sizeof pre, "init.enc%zu", l), dump_dense(o, pre, &m.enc[l], 0);
    dump_dense(o, "init.dec", &m.dec, 0);
    dump_mat(o, "init.F", m.fb.F);

    mat none = {0, 0, 0, NULL};
    for (size_t s = 1; s <= steps; s++) {
        cb_forward(&m, t.Xtr, &c);
        double loss = cb_loss(&c, t.Ytr);
        double acc = task_metric(&t, c.Yhat, t.Ytr, t.ltr);
        cb_backward(&m, &c, t.Xtr, t.Ytr, acc, none, rn);
        snprintf(name, sizeof name, "s%zu.loss", s), dump_doubles(o, name, &loss, 1);
        snprintf(name, sizeof name, "s%zu.Yhat", s), dump_mat(o, name, c.Yhat);
        snprintf(name, sizeof name, "s%zu.G", s), dump_mat(o, name, c.G);
        for (size_t l = 0; l < L; l++) {
            snprintf(name, sizeof name, "s%zu.dH%zu", s, l), dump_mat(o, name, c.dH[l]);
            snprintf(pre, sizeof pre, "s%zu.enc%zu", s, l), dump_grads(o, pre, &m.enc[l]);
        }
        snprintf(pre, sizeof pre, "s%zu.dec", s), dump_grads(o, pre, &m.dec);
        cb_step(&m);
        for (size_t l = 0; l < L; l++)
            snprintf(pre, sizeof pre, "s%zu.new.enc%zu", s, l), dump_dense(o, pre, &m.enc[l], 1);
        snprintf(pre, sizeof pre, "s%zu.new.dec", s), dump_dense(o, pre, &m.dec, spec.learn_decoder);
    }
    cb_cache_free(&c);
    cb_model_free(&m);
    rng_free(ri), rng_free(rf), rng_free(rn);

    if (epochs) {   /* the figure's loop, every epoch recorded, from the same streams */
        train_opts opt = {.spec = spec, .epochs = epochs, .every = 1};
        double *rec = fa_malloc(epochs * REC_COUNT * sizeof *rec), *loss = fa_malloc(epochs * sizeof *loss);
        ri = rng_stream(seed, rep, 1), rf = rng_stream(seed, rep, 2), rn = rng_stream(seed, rep, 16);
        train_run(&t, &opt, ri, rf, rn, rec, "cb23-step", NULL);
        for (size_t e = 0; e < epochs; e++)
            loss[e] = rec[e * REC_COUNT + REC_LOSS];
        dump_doubles(o, "train.loss", loss, epochs);
        rng_free(ri), rng_free(rf), rng_free(rn);
        free(rec), free(loss);
    }
    task_free(&t);
    return 0;
}
