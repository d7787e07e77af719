# hs23-fig7 — alignment terms T^o ∠ Bᵀ over the lag o at k = 66 and k = 1260, layers 1-4.
# Usage: gnuplot -e "dir='figures/hs23-fig7'; out='figures/hs23-fig7/hs23-fig7'" figures/hs23-fig7.gp
# Reads dir/hs23-fig7.tsv (k layer lag mean sem); writes out.png/svg/pdf. Bands: mean ± SEM.

load "figures/common.gpi"
f = dir."/hs23-fig7.tsv"
eval n_of(f, "reps", "")
array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]

do for [fmt in formats] {
    eval terminal(fmt, 1600, 450)
    set multiplot layout 1,4 title "hs23 Fig. 7 — angle between the alignment term T^o_l[k] and B_lᵀ over the lag o, FA without WN (mean ± SEM over n = ".reps." repetitions)"
    set grid
    set xlabel "lag o (iterations)"
    set ylabel "T^o ∠ B_lᵀ (°)"
    set xrange [0:65]
    set xtics 0,10,60
    # an empty band above the curves for the key (first panel)
    set offsets 0, 0, graph 0.2, 0
    do for [l=1:4] {
        if (l == 1) { set key top center horizontal font ",9" } else { unset key }
        set title sprintf("W_%d", l)
        plot for [k in "66 1260"] f using (x_on("lag_term", "k=".k, l)):(lo_on("lag_term", "k=".k, l)):(hi_on("lag_term", "k=".k, l)) with filledcurves fs transparent solid 0.2 noborder lc rgb (k eq "66" ? "#1f77b4" : "#d62728") notitle, \
             for [k in "66 1260"] f using (x_on("lag_term", "k=".k, l)):(mean_on("lag_term", "k=".k, l)) with linespoints pt 7 ps 0.5 lw 1.5 lc rgb (k eq "66" ? "#1f77b4" : "#d62728") title "k = ".k
    }
    unset multiplot
    unset output
}
