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

size_t hs23_epoch_reaching(const dm_prog *p, size_t c, double level)
{
    for (size_t e = 0; e < p->sc.epochs; e++) {
        double f0 = (double)e / (double)p->sc.epochs, f1 = (double)(e + 1) / (double)p->sc.epochs;
        if (dm_field_mean(dm_prog_rec(p, c), p->reps, DM_F_ACC, 0, f0, f1) >= level)
            return e;
    }
    return p->sc.epochs;
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
        real[l] = dm_field_mean(p->rec, p->reps, DM_F_WB, l, 0.2, 1.0);
        shadow[l] = dm_field_mean(p->rec, p->reps, f, l, 0.2, 1.0);
    }
}
