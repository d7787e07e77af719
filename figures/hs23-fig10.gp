# hs23-fig10 — W ∠ Bᵀ with new random backward weights every iteration.
# Usage: gnuplot -e "dir='figures/hs23-fig10'; out='figures/hs23-fig10/hs23-fig10'" figures/hs23-fig10.gp
# Reads dir/hs23-fig10.tsv (qty cond layer x mean sem); writes out.png/svg/pdf. Bands: mean ± SEM.

load "figures/common.gpi"
f = dir."/hs23-fig10.tsv"
eval n_of(f, "reps", "")
array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

do for [fmt in formats] {
    eval terminal(fmt, 1000, 600)
    set title "hs23 Fig. 10 — W ∠ Bᵀ with new random backward weights every iteration \n(solid: W_l ∠ B_lᵀ, fixed B; dashed: W''_l ∠ (Σ_{j<k} B''_l[j])ᵀ of a second net with fresh B'' every iteration; mean ± SEM over n = ".reps." repetitions)"
    set grid
    set xlabel "iteration"
    set ylabel "angle (°)"
    set key bottom left font ",9"
    plot for [l=1:4] f using (x_on("wb", "fa", l)):(lo_on("wb", "fa", l)):(hi_on("wb", "fa", l)) with filledcurves fs transparent solid 0.18 noborder lc rgb lcol[l+1] notitle, \
         for [l=1:4] f using (x_on("wb_fresh", "fa", l)):(lo_on("wb_fresh", "fa", l)):(hi_on("wb_fresh", "fa", l)) with filledcurves fs transparent solid 0.18 noborder lc rgb lcol[l+1] notitle, \
         for [l=1:4] f using (x_on("wb", "fa", l)):(mean_on("wb", "fa", l)) with lines lw 2 lc rgb lcol[l+1] title sprintf("layer %d", l), \
         for [l=1:4] f using (x_on("wb_fresh", "fa", l)):(mean_on("wb_fresh", "fa", l)) with lines lw 2 dt 2 lc rgb lcol[l+1] notitle
    unset output
}
