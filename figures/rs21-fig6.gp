# rs21-fig6 — deep MNIST: ΔW and W alignment per layer, WN variants, width, test error.
# Usage: gnuplot -e "dir='figures/rs21-fig6'; out='figures/rs21-fig6/rs21-fig6'" figures/rs21-fig6.gp
# Reads dir/rs21-fig6-series.tsv (qty cond layer x mean sem) and dir/rs21-fig6-error.tsv;
# writes out.png, out.svg, out.pdf. Bands are mean ± SEM over repetitions.
#   A, B  neuron-wise WN (solid) vs layer-wise WN 7.07 (dashed): W_l ∠ B_lᵀ, ΔW_FA ∠ ΔW_BP
#   C, D  no WN (solid) vs matched B norm (dashed)
#   E, F  width 100: no WN (solid) vs WN (dashed)
#   G     ||W_l||_F without WN      H  test error of BP and FA with and without WN

load "figures/common.gpi"
ser = dir."/rs21-fig6-series.tsv"
err = dir."/rs21-fig6-error.tsv"
eval n_of(ser, "reps", "")
cpar(c, name) = cond_num(err, c, name)

array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

# one panel: quantity Q for conditions C1 (solid) and C2 (dashed), layers L0..L1
set macros
# (light bands; every mean line drawn over a white track of its own, the
# dashed ones last, so that overlapping bands of few repetitions, as the wide
# W_4 band of panel E, hide no line)
PAIR = "plot for [l=L0:L1] ser using 'x':(lo_on(Q,C1,l)):(hi_on(Q,C1,l)) with filledcurves fs transparent solid 0.12 noborder lc rgb lcol[l+1] notitle, \
             for [l=L0:L1] ser using 'x':(lo_on(Q,C2,l)):(hi_on(Q,C2,l)) with filledcurves fs transparent solid 0.12 noborder lc rgb lcol[l+1] notitle, \
             for [l=L0:L1] ser using 'x':(mean_on(Q,C1,l)) with lines lw 4.5 lc rgb 'white' notitle, \
             for [l=L0:L1] ser using 'x':(mean_on(Q,C1,l)) with lines lw 2 lc rgb lcol[l+1] title sprintf('W_%d', l), \
             for [l=L0:L1] ser using 'x':(mean_on(Q,C2,l)) with lines lw 5 lc rgb 'white' notitle, \
             for [l=L0:L1] ser using 'x':(mean_on(Q,C2,l)) with lines lw 2.5 dt 2 lc rgb lcol[l+1] notitle"

do for [fmt in formats] {
    eval terminal(fmt, 2000, 1000)
    set multiplot layout 2,4 title "rs21 Fig. 6 — FA in a 225-50-50-50-50-50 net on MNIST (mean ± SEM over n = ".reps." repetitions; ΔW angles: 60-iteration moving average)"
    set grid
    set key top right font ",9"
    set xlabel "iteration"
    set yrange [*:*]

    set ylabel "W_l ∠ B_lᵀ (°)"
    Q = "wb"; L0 = 1; L1 = 4
    set title "A  W ∠ Bᵀ: neuron-wise WN (solid), layer-wise 7.07 (dashed)"
    C1 = "fa-wn"; C2 = "fa-layerwn"; @PAIR
    set ylabel "ΔW_{FA} ∠ ΔW_{BP} (°)"
    Q = "dw"; L0 = 0; L1 = 3
    set title "B  ΔW angle: neuron-wise WN (solid), layer-wise (dashed)"
    @PAIR
    set ylabel "W_l ∠ B_lᵀ (°)"
    Q = "wb"; L0 = 1; L1 = 4
    set title "C  W ∠ Bᵀ: no WN (solid), matched ||B|| (dashed)"
    C1 = "fa"; C2 = "fa-matchb"; @PAIR
    set ylabel "ΔW_{FA} ∠ ΔW_{BP} (°)"
    Q = "dw"; L0 = 0; L1 = 3
    set title "D  ΔW angle: no WN (solid), matched ||B|| (dashed)"
    @PAIR
    set ylabel "W_l ∠ B_lᵀ (°)"
    Q = "wb"; L0 = 1; L1 = 4
    set title "E  width 100, W ∠ Bᵀ: no WN (solid), WN (dashed)"
    C1 = "w100-fa"; C2 = "w100-fa-wn"; @PAIR
    set ylabel "ΔW_{FA} ∠ ΔW_{BP} (°)"
    Q = "dw"; L0 = 0; L1 = 3
    set title "F  width 100, ΔW angle: no WN (solid), WN (dashed)"
    @PAIR

    set title "G  ||W_l||_F, FA without WN"
    set ylabel "||W_l||_F"
    plot for [l=0:4] ser using "x":(lo_on("norm","fa",l)):(hi_on("norm","fa",l)) with filledcurves fs transparent solid 0.18 noborder lc rgb lcol[l+1] notitle, \
         for [l=0:4] ser using "x":(mean_on("norm","fa",l)) with lines lw 2 lc rgb lcol[l+1] title sprintf("W_%d", l)

    set title "H  test error (measured at the start of each epoch)"
    set xlabel "epoch"
    set ylabel "test error (%)"
    set logscale y
    array hc[4] = ["bp", "bp-wn", "fa", "fa-wn"]
    array hcol[4] = ["#1f77b4", "#1f77b4", "#d62728", "#d62728"]
    array hdt[4] = [2, 1, 2, 1]
    array htit[4]
    do for [i=1:4] { htit[i] = (hc[i][1:2] eq "bp" ? "BP" : "FA").(strstrt(hc[i], "-wn") ? sprintf(" + WN %g", cpar(hc[i], "gamma")) : "") }
    plot for [i=1:4] err using "x":(lo_on("test_error", hc[i], 0)):(hi_on("test_error", hc[i], 0)) \
             with filledcurves fs transparent solid 0.18 noborder lc rgb hcol[i] notitle, \
         for [i=1:4] err using "x":(mean_on("test_error", hc[i], 0)) with lines lw 2 dt hdt[i] lc rgb hcol[i] title htit[i]
    unset logscale y
    unset multiplot
    unset output
}
