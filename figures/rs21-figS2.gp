# rs21-figS2 — sensitivity of Fig. 6 (ΔW angles, test error) to gamma and eta.
# Usage: gnuplot -e "dir='figures/rs21-figS2'; out='figures/rs21-figS2/rs21-figS2'" figures/rs21-figS2.gp
# Reads dir/rs21-figS2-summary.tsv (cond eta gamma dw0..dw3 dw_mean test_error) and
# dir/rs21-figS2-series.tsv (qty cond layer x mean sem); writes out.png, out.svg, out.pdf.
#   A  ΔW_FA ∠ ΔW_BP per layer (mean over the last 20 % of iterations) against gamma, eta = 5e-4
#   B  test error (last 20 % of epochs) against gamma, eta = 5e-4
#   C  ΔW angle of W_0 over iterations (60-point moving average), every condition
#   D  test error over epochs, every condition (mean ± SEM)

load "figures/common.gpi"
sm = dir."/rs21-figS2-summary.tsv"
ser = dir."/rs21-figS2-series.tsv"
pos(g) = g == 0 ? 0 : g == 0.25 ? 1 : g == 0.5 ? 2 : g == 1 ? 3 : 4
array lcol[4] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c"]
array c[9] = ["eta5e-4-none", "eta5e-4-gamma0.25", "eta5e-4-gamma0.5", "eta5e-4-gamma1", "eta5e-4-gamma2", \
              "eta3e-4-none", "eta3e-4-gamma1", "eta5e-3-none", "eta5e-3-gamma1"]
array tit[9] = ["η 5e-4, no WN", "η 5e-4, γ 0.25", "η 5e-4, γ 0.5", "η 5e-4, γ 1", "η 5e-4, γ 2", \
                "η 3e-4, no WN", "η 3e-4, γ 1", "η 5e-3 (text), no WN", "η 5e-3 (text), γ 1"]
array col[9] = ["#000000", "#9467bd", "#1f77b4", "#2ca02c", "#ff7f0e", "#7f7f7f", "#7f7f7f", "#d62728", "#d62728"]
array dt[9] = [2, 1, 1, 1, 1, 2, 1, 2, 1]

do for [fmt in formats] {
    eval terminal(fmt, 1600, 1000)
    set multiplot layout 2,2 title "rs21 Fig. S2 — FA (width 50): sensitivity to the WN γ and the learning rate η"
    set grid
    set xrange [-0.5:4.5]
    set xtics ("no WN" 0, "0.25" 1, "0.5" 2, "1" 3, "2" 4)
    set xlabel "WN γ (η = 5·10⁻⁴)"
    set key top left font ",9"
    set title "A  ΔW_{FA} ∠ ΔW_{BP}, last 20 % of iterations"
    set ylabel "angle (°)"
    plot for [l=0:3] sm using (pos($3)):($2 == 0.0005 ? column(4 + l) : NaN) with linespoints pt 7 lw 2 lc rgb lcol[l+1] title sprintf("W_%d", l)
    set title "B  test error, last 20 % of epochs"
    set ylabel "test error (%)"
    set logscale y
    plot sm using (pos($3)):($2 == 0.0005 ? $9 : NaN) with linespoints pt 7 lw 2 lc rgb "#000000" notitle
    unset logscale y
    set xrange [*:*]
    set xtics autofreq
    set key top right font ",8"
    set title "C  ΔW angle of W_0 (first layer), 60-iteration moving average"
    set xlabel "iteration"
    set ylabel "angle (°)"
    plot for [i=1:9] ser using (x_on("dw", c[i], 0)):(mean_on("dw", c[i], 0)) with lines lw 2 dt dt[i] lc rgb col[i] title tit[i]
    set title "D  test error at the start of each epoch"
    set xlabel "epoch"
    set ylabel "test error (%)"
    set logscale y
    plot for [i=1:9] ser using (x_on("test_error", c[i], 0)):(lo_on("test_error", c[i], 0)):(hi_on("test_error", c[i], 0)) \
             with filledcurves fs transparent solid 0.15 noborder lc rgb col[i] notitle, \
         for [i=1:9] ser using (x_on("test_error", c[i], 0)):(mean_on("test_error", c[i], 0)) with lines lw 2 dt dt[i] lc rgb col[i] notitle
    unset logscale y
    unset multiplot
    unset output
}
