# hs23-fig8 — angle between the BP and FA updates per layer, 60-point moving average.
# Usage: gnuplot -e "dir='figures/hs23-fig8'; out='figures/hs23-fig8/hs23-fig8'" figures/hs23-fig8.gp
# Reads dir/hs23-fig8.tsv (qty cond layer x mean sem); writes out.png/svg/pdf. Bands: mean ± SEM.

load "figures/common.gpi"
f = dir."/hs23-fig8.tsv"
eval n_of(f, "reps", "")
array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

do for [fmt in formats] {
    eval terminal(fmt, 1000, 600)
    # W_4 is left out: the last layer's FA and BP updates are the same (0° by construction)
    set title "hs23 Fig. 8 — ΔW_{FA} ∠ ΔW_{BP} per layer, FA without WN (60-iteration moving average; mean ± SEM over n = ".reps.")\nW_4 not shown: its FA and BP updates are identical (0°)"
    set grid
    set xlabel "iteration"
    set ylabel "ΔW_{FA} ∠ ΔW_{BP} (°)"
    set key top right font ",9"
    plot for [l=0:3] f using (x_on("dw", "fa", l)):(lo_on("dw", "fa", l)):(hi_on("dw", "fa", l)) with filledcurves fs transparent solid 0.18 noborder lc rgb lcol[l+1] notitle, \
         for [l=0:3] f using (x_on("dw", "fa", l)):(mean_on("dw", "fa", l)) with lines lw 2 lc rgb lcol[l+1] title sprintf("W_%d", l)
    unset output
}
