# rs21-fig8 — label change after 100 epochs: test accuracy of BP/FA with and without WN,
# and the last layer's pre-activations at epoch 100.
# Usage: gnuplot -e "dir='figures/rs21-fig8'; out='figures/rs21-fig8/rs21-fig8'" figures/rs21-fig8.gp
# Reads dir/rs21-fig8-accuracy.tsv (qty cond layer epoch mean sem) and dir/rs21-fig8-zhist.tsv
# (cond bin_lo bin_hi density); writes out.png, out.svg, out.pdf. Bands: mean ± SEM.

load "figures/common.gpi"
acc = dir."/rs21-fig8-accuracy.tsv"
zh = dir."/rs21-fig8-zhist.tsv"

array c[6] = ["bp", "bp-wn", "fa", "fa-wn", "fa-eta0.003", "fa-wn-eta0.003"]
array tit[6] = ["BP", "BP + WN 0.6", "FA", "FA + WN 0.6", "FA, η = 0.003 (text)", "FA + WN, η = 0.003 (text)"]
array col[6] = ["#1f77b4", "#1f77b4", "#d62728", "#d62728", "#7f7f7f", "#7f7f7f"]
array dt[6] = [2, 1, 2, 1, 2, 1]

do for [fmt in formats] {
    eval terminal(fmt, 1600, 600)
    set multiplot title "rs21 Fig. 8 — a new random 5-hot code at epoch 100 (η = 3·10⁻⁴ unless noted; mean ± SEM over repetitions)"
    set grid
    set origin 0, 0
    set size 0.6, 0.93
    set title "A  test accuracy at the start of each epoch"
    set xlabel "epoch"
    set ylabel "test accuracy (%)"
    set key bottom right font ",9"
    set yrange [0:100]
    plot for [i=1:6] acc using (x_on("test_acc", c[i], 0)):(100 * lo_on("test_acc", c[i], 0)):(100 * hi_on("test_acc", c[i], 0)) \
             with filledcurves fs transparent solid 0.18 noborder lc rgb col[i] notitle, \
         for [i=1:6] acc using (x_on("test_acc", c[i], 0)):(100 * mean_on("test_acc", c[i], 0)) with lines lw (i > 4 ? 1 : 2) dt dt[i] lc rgb col[i] title tit[i]
    set origin 0.6, 0
    set size 0.4, 0.93
    set title "B  Z_5 on the last training batch of epoch 100 (all repetitions)"
    set xlabel "pre-activation z of the output layer"
    set ylabel "density"
    set yrange [0:*]
    set logscale y
    set yrange [1e-4:*]
    set key top right
    plot for [i=1:4] zh using (($2 + $3) / 2):(strcol(1) eq c[i] && $4 > 0 ? $4 : NaN) with steps lw 2 dt dt[i] lc rgb col[i] title tit[i]
    unset logscale y
    unset multiplot
    unset output
}
