# sse19-fig5 — weight normalisation and the augmented gradient on y = x1 x2.
# Usage: gnuplot -e "dir='figures/sse19-fig5'; out='figures/sse19-fig5/sse19-fig5'" figures/sse19-fig5.gp
# Reads dir/sse19-fig5-curves.tsv and dir/sse19-fig5-sweep.tsv; writes out.png, out.svg, out.pdf.
#   a  median training RMSE per epoch    b  median Delta phi    c  median mean ||p||
#   (medians over trials, as the paper; the quartiles are in the TSV)
#   d  median RMSE after 100 epochs against the learning rate (fewer trials)
# Colour: normalisation mode; solid FA, dashed BP.

load "figures/common.gpi"
curves = dir."/sse19-fig5-curves.tsv"
sweep = dir."/sse19-fig5-sweep.tsv"

array rule[2] = ["FA", "BP"]
array norm[3] = ["none", "forced", "augmented"]
array ncolor[3] = ["#d62728", "#1f77b4", "#2ca02c"]
array rdash[2] = [1, 2]
# forced and augmented often coincide: forced wide and drawn first, augmented thin on top
array nwidth[3] = [2, 4.5, 1.5]
array qname[3] = ["rmse", "dphi", "pnorm"]
array ylab[3] = ["training RMSE", "Δφ (rad)", "mean ‖p_i‖"]
array ptitle[3] = ["a  median RMSE", "b  median Δφ (distance to the diagonals)", \
                   "c  median mean norm of the p_i"]
cond(r, n) = rule[r].",".norm[n]
swept(r, n, c) = (strcol("rule") eq rule[r] && strcol("norm") eq norm[n]) ? column(c) : NaN

stats sweep using "trials" nooutput
sweep_trials = int(STATS_max)
stats curves using "x" nooutput
epochs = int(STATS_max)
eval n_of(curves, "trials", "")

do for [fmt in formats] {
    eval terminal(fmt, 1500, 1050)
    set multiplot layout 2,2 title "sse19 Fig. 5 — 20 LIF neurons learning y = x₁x₂: FA (solid) and BP (dashed) × normalisation (colour); medians over n = ".trials." trials"
    set grid
    set key top right font ",9"
    set xrange [0:epochs]
    set xlabel "epoch"
    do for [q=1:3] {
        set title ptitle[q]
        set ylabel ylab[q]
        if (q == 2) { set yrange [*:0.42] } else { set yrange [*:*] }
        plot for [r=1:2] for [n=1:3] curves using (x_on(qname[q], cond(r, n), 0)):(med_on(qname[q], cond(r, n), 0)) with lines lw nwidth[n] \
                 dt rdash[r] lc rgb ncolor[n] title sprintf("%s, %s", rule[r], norm[n]), \
             (q == 2 ? pi / 8 : 1 / 0) with lines dt 3 lc rgb "gray40" \
                 title (q == 2 ? "π/8 (random directions)" : "")
    }
    set title sprintf("d  median RMSE after %d epochs vs learning rate (%d trials each)", epochs, sweep_trials)
    set yrange [*:*]
    set logscale x
    set xrange [*:*]
    set xlabel "learning rate η"
    set ylabel "training RMSE"
    set key top left font ",9"
    plot for [r=1:2] for [n=1:3] sweep using "eta":(swept(r, n, "rmse_epoch100")) with linespoints lw nwidth[n] pt 7 ps 0.8 \
             dt rdash[r] lc rgb ncolor[n] title sprintf("%s, %s", rule[r], norm[n])
    unset logscale x
    unset multiplot
    unset output
}
