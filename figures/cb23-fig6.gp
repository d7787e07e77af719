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
# the feedback signals the data hold; each panel's title spells out the signal
eval words_of(f, "condition", "kinds")
nk = words(kinds)
kname(k) = k eq "TF" ? "TF: −YB" : k eq "NF" ? "NF: −tanh(YB_1)B_2" : k eq "NFA" ? "NFA: (HW − Y)(B + 0.1N)" : k
eval n_of(f, "reps", "")
nsamples = int(real(param_of(f, "n")))
nhidden = int(real(param_of(f, "m")))

do for [fmt in formats] {
    eval terminal(fmt, 1800, 860)
    set multiplot layout 2,nk title sprintf("cb23 Fig. 6 — free hidden states under %d feedback signals (%d samples, m = %d hidden units; mean ± SEM over n = %s draws)", nk, nsamples, nhidden, reps)
    set grid
    set style fill transparent solid 0.25 noborder
    set xlabel "step"
    do for [k=1:nk] {
        set title kname(word(kinds, k))
        set logscale y
        set format y "10^{%T}"
        set yrange [1e-4:1e2]
        set ylabel (k == 1 ? "MSE" : "")
        set key top left font ",9"
        plot f using (x_on("direct", word(kinds, k), 0)):(lo_on("direct", word(kinds, k), 0)):(hi_on("direct", word(kinds, k), 0)) with filledcurves lc rgb orange notitle, \
             f using (x_on("direct", word(kinds, k), 0)):(mean_on("direct", word(kinds, k), 0)) with lines lw 2 lc rgb orange title "direct (WH − Y)²", \
             f using (x_on("resid", word(kinds, k), 0)):(lo_on("resid", word(kinds, k), 0)):(hi_on("resid", word(kinds, k), 0)) with filledcurves lc rgb blue notitle, \
             f using (x_on("resid", word(kinds, k), 0)):(mean_on("resid", word(kinds, k), 0)) with lines lw 2 lc rgb blue title "regression loss"
    }
    unset logscale y
    set format y "%.3f"
    set yrange [*:*]
    set offsets 0, 0, graph 0.08, 0   # the ceiling line off the frame
    do for [k=1:nk] {
        set title ""
        set ylabel (k == 1 ? "MI(H; Y) (bits)" : "")
        set key bottom right font ",9"
        plot f using (x_on("mi", word(kinds, k), 0)):(lo_on("mi", word(kinds, k), 0)):(hi_on("mi", word(kinds, k), 0)) with filledcurves lc rgb green notitle, \
             f using (x_on("mi", word(kinds, k), 0)):(mean_on("mi", word(kinds, k), 0)) with lines lw 2 lc rgb green title "MI(H; Y)", \
             f using (x_on("hy", word(kinds, k), 0)):(mean_on("hy", word(kinds, k), 0)) with lines lw 1.5 dt 2 lc rgb "gray40" title "H(Y): the ceiling"
    }
    unset multiplot
    unset output
}
