# rs21-fig8 — label change after 100 epochs: test accuracy of BP/FA with and without WN,
# and the last layer's pre-activations at epoch 100.
# Usage: gnuplot -e "dir='figures/rs21-fig8'; out='figures/rs21-fig8/rs21-fig8'" figures/rs21-fig8.gp
# Reads dir/rs21-fig8-accuracy.tsv (series.h) and dir/rs21-fig8-zhist.tsv
# (cond bin_lo bin_hi density); writes out.png, out.svg, out.pdf. Bands: mean ± SEM.

load "figures/common.gpi"
acc = dir."/rs21-fig8-accuracy.tsv"
zh = dir."/rs21-fig8-zhist.tsv"

# the conditions as the data name them; key and style follow from the name
eval words_of(acc, "condition", "conds")
eval words_of(zh, "cond", "zconds")
eval n_of(acc, "reps", "")
eval max_of(dir."/rs21-fig8-zstats.tsv", "n", "nz")
has(c, s) = strstrt(c, s) > 0
cpar(c, name) = cond_num(acc, c, name)
tit(c) = (strstrt(c, "bp") == 1 ? "BP" : "FA").(has(c, "-wn") ? sprintf(" + WN %g", cpar(c, "gamma")) : "") \
    .(has(c, "eta") ? sprintf(", η = %g (text)", cpar(c, "eta")) : "")
eta0 = cpar(word(conds, 1), "eta")
relabel = int(real(param_of(acc, "cond.".word(conds, 1).".relabel")))
col(c) = has(c, "eta") ? "#7f7f7f" : strstrt(c, "bp") == 1 ? "#1f77b4" : "#d62728"
dt(c) = has(c, "-wn") ? 1 : 2
lw(c) = has(c, "eta") ? 1 : 2

do for [fmt in formats] {
    eval terminal(fmt, 1600, 600)
    set multiplot title sprintf("rs21 Fig. 8 — a new random 5-hot code at epoch %d (η = %g unless noted; mean ± SEM over n = %s repetitions)", relabel, eta0, reps)
    # one key for both panels, in a strip under the title
    eval key_strip(0, 0.84, 1, 0.08)
    set key font ",10" maxrows 2 width 2
    plot for [c in conds] NaN with lines lw lw(c) dt dt(c) lc rgb col(c) title tit(c)
    eval key_strip_end
    set grid
    set origin 0, 0
    set size 0.6, 0.84
    set title "A  test accuracy at the start of each epoch"
    set xlabel "epoch"
    set ylabel "test accuracy (%)"
    set yrange [0:100]
    # no bands for the text's η: they would cover the panel (see the TSV for their SEM)
    plot for [c in conds] acc using (x_on("test_acc", c, 0)):(has(c, "eta") ? NaN : 100 * lo_on("test_acc", c, 0)):(100 * hi_on("test_acc", c, 0)) \
             with filledcurves fs transparent solid 0.18 noborder lc rgb col(c) notitle, \
         for [c in conds] acc using (x_on("test_acc", c, 0)):(100 * mean_on("test_acc", c, 0)) with lines lw lw(c) dt dt(c) lc rgb col(c) notitle
    set origin 0.6, 0
    set size 0.4, 0.84
    set title sprintf("B  Z_5, last training batch of epoch %d (η = %g; n = %s values, all repetitions)", relabel, eta0, nz) font ",10"
    set xlabel "pre-activation z of the output layer"
    set ylabel "density"
    set yrange [0:*]
    set logscale y
    set yrange [1e-4:*]
    plot for [c in zconds] zh using ((column("bin_lo") + column("bin_hi")) / 2):(strcol("cond") eq c && column("density") > 0 && !has(c, "eta") ? column("density") : NaN) \
             with steps lw 2 dt dt(c) lc rgb col(c) notitle
    unset logscale y
    unset multiplot
    unset output
}
