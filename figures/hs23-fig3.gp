# hs23-fig3 — open-loop network with auto-correlated, cross-correlated and uncorrelated inputs and errors.
# Usage: gnuplot -e "dir='figures/hs23-fig3'; out='figures/hs23-fig3/hs23-fig3'" figures/hs23-fig3.gp
# Reads dir/hs23-fig3.tsv; writes out.png, out.svg, out.pdf.
#   W ∠ B^T of the output layer over iterations, mean ± SD over repetitions (the paper's bands)

load "figures/common.gpi"
data = dir."/hs23-fig3.tsv"
eval n_of(data, "reps", "")

array cname[4] = ["auto-correlated", "cross-correlated", "uncorrelated", "both"]
array clabel[4] = ["auto-correlated: L_0, δ_0 fixed", "cross-correlated: L_0 = δ_0, redrawn every iteration", \
                   "uncorrelated: L_0, δ_0 redrawn independently", "both: L_0 = δ_0, fixed"]
array ccolor[4] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
is(c) = strcol("condition") eq cname[c]
band(c, sign) = is(c) ? column("w_angle_mean") + sign * column("w_angle_sd") : NaN

do for [fmt in formats] {
    eval terminal(fmt, 900, 600)
    set title sprintf("hs23 Fig. 3 — open-loop 20-100-20 ReLU network, n_b = 100, η = 0.002\nW ∠ B^T, mean ± SD over %s repetitions", reps)
    set grid
    set xlabel "iteration"
    set ylabel "W ∠ B^T (°)"
    set yrange [0:100]
    set key bottom left font ",10"
    plot for [c=1:4] data using (is(c) ? column("iter") : NaN):(band(c, -1)):(band(c, 1)) \
             with filledcurves fs transparent solid 0.25 noborder lc rgb ccolor[c] notitle, \
         for [c=1:4] data using (is(c) ? column("iter") : NaN):"w_angle_mean" \
             with lines lw 2 lc rgb ccolor[c] title clabel[c]
    unset output
}
