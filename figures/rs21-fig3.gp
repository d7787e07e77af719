# rs21-fig3 — open-loop two-layer ReLU network: alignment for four kinds of persistence of E and X.
# Usage: gnuplot -e "dir='figures/rs21-fig3'; out='figures/rs21-fig3/rs21-fig3'" figures/rs21-fig3.gp
# Reads dir/rs21-fig3.tsv; writes out.png, out.svg, out.pdf.
#   A  W_1 ∠ B^T over iterations, mean ± SEM over repetitions (n from the data)
#   B  ΔW_0,FA ∠ ΔW_0,BP, 60-point moving average per repetition, mean ± SEM

load "figures/common.gpi"
data = dir."/rs21-fig3.tsv"
eval n_of(data, "reps", "")
# the cases the data hold, named by the data's header
eval words_of(data, "condition", "cases")
cname(c) = sprintf("%s: %s", c[5:], enh(param_of(data, c)))
array ccolor[4] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#17becf"]
array q[2] = ["wb", "dw"]      # W_1 ∠ B^T (layer 1), ΔW_0 angle (layer 0)
array ql[2] = [1, 0]
array ptitle[2] = ["A  W_1 ∠ B^T", "B  ΔW_{0,FA} ∠ ΔW_{0,BP}  (60-point moving average)"]

do for [fmt in formats] {
    eval terminal(fmt, 1500, 600)
    set multiplot layout 1,2 title sprintf("rs21 Fig. 3 — open-loop 100-100-10 ReLU network, n_b = 100, FA updates; mean ± SEM over n = %s repetitions", reps)
    set grid
    set xlabel "iteration"
    set ylabel "angle (°)"
    set yrange [0:100]
    set key bottom left font ",10"
    do for [p=1:2] {
        set title ptitle[p]
        plot for [i=1:words(cases)] data using (x_on(q[p], word(cases, i), ql[p])):(lo_on(q[p], word(cases, i), ql[p])):(hi_on(q[p], word(cases, i), ql[p])) \
                 with filledcurves fs transparent solid 0.25 noborder lc rgb ccolor[i] notitle, \
             for [i=1:words(cases)] data using (x_on(q[p], word(cases, i), ql[p])):(mean_on(q[p], word(cases, i), ql[p])) \
                 with lines lw 2 lc rgb ccolor[i] title cname(word(cases, i))
        unset key
    }
    unset multiplot
    unset output
}
