# cb23-fig6 — idealised dynamics under FA, TF, NF and NFA (cb23 Fig. 6).
# Usage: gnuplot -e "dir='figures/cb23-fig6'; out='figures/cb23-fig6/cb23-fig6'" figures/cb23-fig6.gp
# Reads dir/cb23-fig6-dynamics.tsv; writes out.png, out.svg, out.pdf.
#   upper row: direct MSE mean((HW - Y)^2) (orange) and regression loss
#              mean((H theta - Y)^2) (blue), one panel per feedback type
#   lower row: MI(H; Y), bins of 0.1, and its ceiling H(Y) (grey, dashed)
# Lines: mean over repetitions; bands: ± SEM.

load "figures/common.gpi"
f = dir."/cb23-fig6-dynamics.tsv"
blue = "#1f77b4"; orange = "#ff7f0e"; green = "#2ca02c"
array kind[4] = ["FA", "TF", "NF", "NFA"]
array kname[4] = ["FA", "TF: −YB", "NF: −tanh(YB_1)B_2", "NFA: (HW − Y)(B + 0.1N)"]
eval n_of(f, "reps", "")

do for [fmt in formats] {
    eval terminal(fmt, 1800, 860)
    set multiplot layout 2,4 title "cb23 Fig. 6 — free hidden states under four feedback signals (n = 20000, m = 6; mean ± SEM over ".reps." draws)"
    set grid
    set style fill transparent solid 0.25 noborder
    set xlabel "step"
    do for [k=1:4] {
        set title kname[k]
        set logscale y
        set format y "10^{%T}"
        set yrange [1e-4:1e2]
        set ylabel (k == 1 ? "MSE" : "")
        set key top left font ",9"
        plot f using (x_on("direct", kind[k], 0)):(lo_on("direct", kind[k], 0)):(hi_on("direct", kind[k], 0)) with filledcurves lc rgb orange notitle, \
             f using (x_on("direct", kind[k], 0)):(mean_on("direct", kind[k], 0)) with lines lw 2 lc rgb orange title "direct (WH − Y)²", \
             f using (x_on("resid", kind[k], 0)):(lo_on("resid", kind[k], 0)):(hi_on("resid", kind[k], 0)) with filledcurves lc rgb blue notitle, \
             f using (x_on("resid", kind[k], 0)):(mean_on("resid", kind[k], 0)) with lines lw 2 lc rgb blue title "regression loss"
    }
    unset logscale y
    set format y "%.3f"
    set yrange [*:*]
    do for [k=1:4] {
        set title ""
        set ylabel (k == 1 ? "MI(H; Y) (bits)" : "")
        set key bottom right font ",9"
        plot f using (x_on("mi", kind[k], 0)):(lo_on("mi", kind[k], 0)):(hi_on("mi", kind[k], 0)) with filledcurves lc rgb green notitle, \
             f using (x_on("mi", kind[k], 0)):(mean_on("mi", kind[k], 0)) with lines lw 2 lc rgb green title "MI(H; Y)", \
             f using (x_on("hy", kind[k], 0)):(mean_on("hy", kind[k], 0)) with lines lw 1.5 dt 2 lc rgb "gray40" title "H(Y): the ceiling"
    }
    unset multiplot
    unset output
}
