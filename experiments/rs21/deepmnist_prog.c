/* deepmnist_prog.c — what the deep MNIST figure programs share around dm_run:
 * the command-line scale, the parameters in the headers, gathering a
 * measured field over repetitions, writing it, and the program frame. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deepmnist.h"
#include "series.h"
#include "stats.h"
#include "util.h"

void dm_scale_resolve(dm_scale *sc, run_config *cfg, size_t default_epochs, size_t quick_epochs)
{
    if (!sc->epochs)
        sc->epochs = cfg->quick ? quick_epochs : default_epochs;
    if (!sc->ntrain)
        sc->ntrain = 60000;
    if (!sc->ntest)
        sc->ntest = 10000;
    if (sc->ntrain % DM_BATCH || sc->ntest % DM_BATCH)
        fa_die("--train and --test need multiples of %d", DM_BATCH);
    cfg_count(cfg, "epochs", sc->epochs, default_epochs);
    cfg_count(cfg, "train images", sc->ntrain, 60000);
    cfg_count(cfg, "test images", sc->ntest, 10000);
    cfg_param(cfg, "epochs", "%zu", sc->epochs);
    cfg_param(cfg, "train_images", "%zu (natural MNIST order, %zu batches of %d per epoch)",
              sc->ntrain, sc->ntrain / DM_BATCH, DM_BATCH);
    cfg_param(cfg, "test_images", "%zu", sc->ntest);
}

void dm_setup_param(run_config *cfg, const dm_setup *s)
{
    static const char *const wn[] = {"none", "neuron-wise", "layer-wise"};
    char name[96];
    snprintf(name, sizeof name, "cond.%s", s->name);
    cfg_param(cfg, name,
              "width %zu, %zu-hot, %s, bias %s, eta %g, init sd %g, WN %s%s%.3g, "
              "B normalised at init %s, B norm matched %s, label smoothing %s, epochs %zu%s",
              s->width, s->nhot, s->fb == FB_FA ? "FA" : "BP", s->bias ? "on" : "off",
              s->eta, s->init_sd, wn[s->wn], s->wn ? " gamma " : " ", s->wn ? s->gamma : 0.0,
              s->norm_b ? "yes" : "no", s->match_b ? "yes" : "no",
              s->smoothing ? "yes" : "no", s->epochs,
              s->relabel_epoch ? ", new code at the start of epoch" : "");
    if (s->relabel_epoch) {
        snprintf(name, sizeof name, "cond.%s.relabel", s->name);
        cfg_param(cfg, name, "%zu (0-based)", s->relabel_epoch);
    }
}

size_t dm_field_len(const dm_record *rec, dm_field f)
{
    return f == DM_F_ACC || f == DM_F_LOSS ? rec->epochs : rec->iters;
}

void dm_gather(double *x, const dm_record *recs, size_t reps, dm_field f, size_t layer)
{
    size_t len = dm_field_len(&recs[0], f);
    for (size_t r = 0; r < reps; r++) {
        const dm_record *rec = &recs[r];
        const double *base = NULL;
        size_t stride = DM_DEPTH;
        switch (f) {
        case DM_F_ACC: base = rec->acc, stride = 1, layer = 0; break;
        case DM_F_LOSS: base = rec->loss, stride = 1, layer = 0; break;
        case DM_F_WB: base = rec->wb; break;
        case DM_F_WNORM: base = rec->wnorm; break;
        case DM_F_DW: base = rec->dw; break;
        case DM_F_SHADOW_LIN: base = rec->shadow_lin; break;
        case DM_F_SHADOW_FRESH: base = rec->shadow_fresh; break;
        }
        if (!base)
            fa_die("dm_gather: field %d was not measured", (int)f);
        for (size_t j = 0; j < len; j++)
            x[r * len + j] = base[j * stride + layer];
    }
}

void dm_mean_sem(const double *x, size_t n, size_t stride, double *mean, double *sem)
{
    *mean = stats_mean_finite(x, n, stride, sem, NULL);
}

void dm_write_series(out_file *o, const char *qty, const char *cond, size_t layer,
                     const double *x, size_t reps, size_t len, size_t ma, size_t every)
{
    double *sm = fa_malloc(reps * len * sizeof *sm);
    for (size_t r = 0; r < reps; r++)
        stats_moving_average(x + r * len, len, ma, sm + r * len);
    for (size_t j = 0; j < len; j++) {
        if (j % every && j + 1 != len)
            continue;
        double mean, sem;
        dm_mean_sem(sm + j, reps, len, &mean, &sem);
        series_row(o, qty, cond, layer, j, mean, sem, reps);
    }
    free(sm);
}

void dm_write_field(out_file *o, const char *qty, const char *cond, const dm_record *recs,
                    size_t reps, dm_field f, size_t layer, size_t ma, size_t every)
{
    size_t len = dm_field_len(&recs[0], f);
    double *x = fa_malloc(reps * len * sizeof *x);
    dm_gather(x, recs, reps, f, layer);
    dm_write_series(o, qty, cond, layer, x, reps, len, ma, every);
    free(x);
}

double dm_field_mean(const dm_record *recs, size_t reps, dm_field f, size_t layer,
                     double lo, double hi)
{
    size_t len = dm_field_len(&recs[0], f);
    size_t a = (size_t)(lo * (double)len), b = (size_t)(hi * (double)len);
    double *x = fa_malloc(reps * len * sizeof *x), *per = fa_malloc(reps * sizeof *per);
    dm_gather(x, recs, reps, f, layer);
    for (size_t r = 0; r < reps; r++) {
        double s = 0;
        size_t n = 0;
        for (size_t j = a; j < b && j < len; j++)
            if (isfinite(x[r * len + j]))
                s += x[r * len + j], n++;
        per[r] = n ? s / (double)n : NAN;
    }
    double mean, sem;
    dm_mean_sem(per, reps, 1, &mean, &sem);
    free(x);
    free(per);
    return mean;
}

void dm_field_reps(const dm_record *recs, size_t reps, dm_field f, size_t layer, double lo,
                   double hi, double *out)
{
    for (size_t r = 0; r < reps; r++)
        out[r] = dm_field_mean(recs + r, 1, f, layer, lo, hi);
}

void dm_prog_begin_opts(dm_prog *p, int argc, char **argv, const fig_info *info,
                        cli_opt *opts, size_t nopts, size_t default_epochs, size_t quick_epochs)
{
    memset(p, 0, sizeof *p);   /* before parsing: the scale options write into p->sc */
    cli_parse(argc, argv, info, opts, nopts, &p->cfg);
    dm_scale_resolve(&p->sc, &p->cfg, default_epochs, quick_epochs);
}

void dm_prog_begin(dm_prog *p, int argc, char **argv, const fig_info *info,
                   size_t default_epochs, size_t quick_epochs)
{
    cli_opt opts[] = {DM_SCALE_OPTS(p->sc)};
    dm_prog_begin_opts(p, argc, argv, info, opts, FA_ARRAY_LEN(opts), default_epochs, quick_epochs);
}

void dm_prog_run(dm_prog *p, const dm_setup *s, size_t nsetups, int params)
{
    for (size_t c = 0; params && c < nsetups; c++)
        dm_setup_param(&p->cfg, &s[c]);
    dm_data_load(&p->d, p->cfg.data_dir, p->sc.ntrain, p->sc.ntest);
    p->nsetups = nsetups;
    p->reps = p->cfg.reps;
    p->rec = fa_calloc(nsetups * p->reps, sizeof *p->rec);
    dm_run_all(p->rec, s, nsetups, p->reps, &p->d, &p->cfg);
}

void dm_prog_end(dm_prog *p, const claims *cl)
{
    claims_write(cl, &p->cfg);
    out_commit_all();
    for (size_t i = 0; i < p->nsetups * p->reps; i++)
        dm_record_free(&p->rec[i]);
    free(p->rec);
    dm_data_free(&p->d);
}
