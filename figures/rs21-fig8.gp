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
has(c, s) = strstrt(c, s) > 0
tit(c) = (strstrt(c, "bp") == 1 ? "BP" : "FA").(has(c, "-wn") ? " + WN 0.6" : "") \
    .(has(c, "eta") ? sprintf(", η = %s (text)", c[strstrt(c, "eta") + 3:]) : "")
col(c) = has(c, "eta") ? "#7f7f7f" : strstrt(c, "bp") == 1 ? "#1f77b4" : "#d62728"
dt(c) = has(c, "-wn") ? 1 : 2
lw(c) = has(c, "eta") ? 1 : 2

do for [fmt in formats] {
    eval terminal(fmt, 1600, 600)
    set multiplot title "rs21 Fig. 8 — a new random 5-hot code at epoch 100 (η = 3·10⁻⁴ unless noted; mean ± SEM over n = ".reps." repetitions)"
    set grid
    set origin 0, 0
    set size 0.6, 0.93
    set title "A  test accuracy at the start of each epoch"
    set xlabel "epoch"
    set ylabel "test accuracy (%)"
    set key outside below horizontal maxcols 3 font ",9"
    set yrange [0:100]
    # no bands for the text's η: they would cover the panel (see the TSV for their SEM)
    plot for [c in conds] acc using (x_on("test_acc", c, 0)):(has(c, "eta") ? NaN : 100 * lo_on("test_acc", c, 0)):(100 * hi_on("test_acc", c, 0)) \
             with filledcurves fs transparent solid 0.18 noborder lc rgb col(c) notitle, \
         for [c in conds] acc using (x_on("test_acc", c, 0)):(100 * mean_on("test_acc", c, 0)) with lines lw lw(c) dt dt(c) lc rgb col(c) title tit(c)
    set origin 0.6, 0
    set size 0.4, 0.93
    set title "B  Z_5 on the last training batch of epoch 100 (all repetitions, η = 3·10⁻⁴)"
    set xlabel "pre-activation z of the output layer"
    set ylabel "density"
    set yrange [0:*]
    set logscale y
    set yrange [1e-4:*]
    set key inside top right vertical maxcols auto
    plot for [c in zconds] zh using ((column("bin_lo") + column("bin_hi")) / 2):(strcol("cond") eq c && column("density") > 0 && !has(c, "eta") ? column("density") : NaN) \
             with steps lw 2 dt dt(c) lc rgb col(c) title (has(c, "eta") ? "" : tit(c))
    unset logscale y
    unset multiplot
    unset output
}
