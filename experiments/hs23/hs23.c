#include "hs23.h"

#include "series.h"

dm_setup hs23_setup(const char *name, int wn, unsigned measure, size_t epochs)
{
    dm_setup s = dm_setup_rs21(name, 50, FB_FA, HS23_ETA, epochs);
    if (wn)
        dm_setup_wn(&s, DM_WN_NEURON, HS23_GAMMA, 1);
    s.measure = measure;
    return s;
}

void hs23_write_acc_loss(out_file *o, const dm_prog *p, const dm_setup *s, size_t c)
{
    dm_write_field(o, "test_acc", s[c].name, dm_prog_rec(p, c), p->reps, DM_F_ACC, 0, 1, 1);
    dm_write_field(o, "train_loss", s[c].name, dm_prog_rec(p, c), p->reps, DM_F_LOSS, 0, 1, 1);
}

void hs23_per_rep(double *x, const dm_prog *p, size_t c, dm_field f, size_t l, double lo,
                  double hi)
{
    for (size_t r = 0; r < p->reps; r++)
        x[r] = dm_field_mean(dm_prog_rec(p, c) + r, 1, f, l, lo, hi);
}

size_t hs23_epoch_reaching(const dm_record *recs, size_t reps, size_t epochs, double level)
{
    for (size_t e = 0; e < epochs; e++) {
        double f0 = (double)e / (double)epochs, f1 = (double)(e + 1) / (double)epochs;
        if (dm_field_mean(recs, reps, DM_F_ACC, 0, f0, f1) >= level)
            return e;
    }
    return epochs;
}

void hs23_shadow_figure(dm_prog *p, unsigned measure, const char *file, const char *qty,
                        dm_field f, double *real, double *shadow)
{
    dm_setup s[1] = {hs23_setup("fa", 0, measure, p->sc.epochs)};
    dm_prog_run(p, s, 1, 1);
    out_file *o = series_open(&p->cfg, file);
    for (size_t l = 1; l < DM_DEPTH; l++) {
        dm_write_field(o, "wb", "fa", p->rec, p->reps, DM_F_WB, l, 1, 10);
        dm_write_field(o, qty, "fa", p->rec, p->reps, f, l, 1, 10);
        hs23_per_rep(real + l * p->reps, p, 0, DM_F_WB, l, HS23_LATE, 1.0);
        hs23_per_rep(shadow + l * p->reps, p, 0, f, l, HS23_LATE, 1.0);
    }
}
