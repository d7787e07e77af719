# hs23-fig4 — ΔW_FA ∠ ΔW_BP per layer over epochs, without and with WN (mean ± SEM over repetitions).
# Usage: gnuplot -e "dir='figures/hs23-fig4'; out='figures/hs23-fig4/hs23-fig4'" figures/hs23-fig4.gp
# Reads dir/hs23-fig4.tsv (qty cond layer x mean sem; x = iteration, one row per epoch); writes out.png/svg/pdf.

load "figures/common.gpi"
f = dir."/hs23-fig4.tsv"
eval n_of(f, "reps", "")
eval words_of(f, "condition", "conds")
# the panel title of each condition the data hold
tit(c) = c eq "fa" ? "No WN" : c eq "fa-wn" ? "WN (γ = 1)" : c
array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

do for [fmt in formats] {
    eval terminal(fmt, 1400, 550)
    set multiplot layout 1,2 title "hs23 Fig. 4 — angle between the FA and BP updates per layer, epoch means (mean ± SEM over n = ".reps." repetitions)\nW_4 not shown: its FA and BP updates are identical (0°)"
    set grid
    set xlabel "epoch"
    set ylabel "ΔW_{FA} ∠ ΔW_{BP} (°)"
    set key top right font ",9"
    set yrange [*:*]
    do for [cond in conds] {
        set title tit(cond)
        plot for [l=0:3] f using ((x_on("dw", cond, l) + 1) / 60.0):(lo_on("dw", cond, l)):(hi_on("dw", cond, l)) with filledcurves fs transparent solid 0.18 noborder lc rgb lcol[l+1] notitle, \
             for [l=0:3] f using ((x_on("dw", cond, l) + 1) / 60.0):(mean_on("dw", cond, l)) with linespoints pt 7 ps 0.6 lw 2 lc rgb lcol[l+1] title sprintf("W_%d", l)
    }
    unset multiplot
    unset output
}
