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
# the conditions as the data name them; key and style from their eta and gamma
eval words_of(sm, "cond", "conds")
eval n_of(ser, "reps", "")
# the defined points of each condition's ΔW angle (the key says where there are none to draw)
array NDW[words(conds)]
do for [i=1:words(conds)] {
    stats ser using (on("dw", word(conds, i), 0) && column("mean") == column("mean") ? 1 : 0) nooutput
    NDW[i] = STATS_sum
}
array ETA[words(conds)]; array GAMMA[words(conds)]
do for [i=1:words(conds)] {
    stats sm using (strcol("cond") eq word(conds, i) ? (ETA[i] = column("eta"), GAMMA[i] = column("gamma")) : 0) nooutput
}
e10(e) = floor(log10(e) + 1e-9)
short(e) = sprintf("%de%d", int(e / 10**e10(e) + 0.5), e10(e))   # 0.0005 -> "5e-4"
tit(i) = sprintf("η %s%s, %s", short(ETA[i]), ETA[i] == 0.005 ? " (text)" : "", GAMMA[i] == 0 ? "no WN" : sprintf("γ %g", GAMMA[i]))
col(i) = ETA[i] == 0.0003 ? "#7f7f7f" : ETA[i] == 0.005 ? "#d62728" : \
    GAMMA[i] == 0 ? "#000000" : GAMMA[i] == 0.25 ? "#9467bd" : GAMMA[i] == 0.5 ? "#1f77b4" : GAMMA[i] == 1 ? "#2ca02c" : "#ff7f0e"
dt(i) = GAMMA[i] == 0 ? 2 : 1
here(i) = column("eta") == 0.0005   # panels A, B: the gamma sweep at eta = 5e-4

do for [fmt in formats] {
    eval terminal(fmt, 1600, 1000)
    set multiplot layout 2,2 title "rs21 Fig. S2 — FA (width 50): sensitivity to the WN γ and the learning rate η (means over n = ".reps." repetitions)"
    set grid
    set xrange [-0.5:4.5]
    set xtics ("no WN" 0, "0.25" 1, "0.5" 2, "1" 3, "2" 4)
    set xlabel "WN γ (η = 5·10⁻⁴)"
    set key top left font ",9"
    set title "A  ΔW_{FA} ∠ ΔW_{BP}, last 20 % of iterations"
    set ylabel "angle (°)"
    plot for [l=0:3] sm using (pos(column("gamma"))):(here(0) ? column(sprintf("dw%d", l)) : NaN) with linespoints pt 7 lw 2 lc rgb lcol[l+1] title sprintf("W_%d", l)
    set title "B  test error, last 20 % of epochs"
    set ylabel "test error (%)"
    set logscale y
    plot sm using (pos(column("gamma"))):(here(0) ? column("test_error") : NaN) with linespoints pt 7 lw 2 lc rgb "#000000" notitle
    unset logscale y
    set xrange [*:*]
    set xtics autofreq
    set key top right font ",8"
    set title "C  ΔW angle of W_0 (first layer), 60-iteration moving average"
    set xlabel "iteration"
    set ylabel "angle (°)"
    plot for [i=1:words(conds)] ser using (x_on("dw", word(conds, i), 0)):(mean_on("dw", word(conds, i), 0)) with lines lw 2 dt dt(i) lc rgb col(i) \
             title tit(i).(NDW[i] > 1 ? "" : ": no angle (NaN in the data)")
    set title "D  test error at the start of each epoch (mean ± SEM)"
    set xlabel "epoch"
    set xrange [0:*]
    set autoscale xfixmax
    set ylabel "test error (%)"
    set logscale y
    plot for [i=1:words(conds)] ser using (x_on("test_error", word(conds, i), 0)):(lo_on("test_error", word(conds, i), 0)):(hi_on("test_error", word(conds, i), 0)) \
             with filledcurves fs transparent solid 0.15 noborder lc rgb col(i) notitle, \
         for [i=1:words(conds)] ser using (x_on("test_error", word(conds, i), 0)):(mean_on("test_error", word(conds, i), 0)) with lines lw 2 dt dt(i) lc rgb col(i) notitle
    unset logscale y
    unset multiplot
    unset output
}
