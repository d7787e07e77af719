# sse19-fig5 — weight normalisation and the augmented gradient on y = x1 x2.
# Usage: gnuplot -e "dir='figures/sse19-fig5'; out='figures/sse19-fig5/sse19-fig5'" figures/sse19-fig5.gp
# Reads dir/sse19-fig5-curves.tsv and dir/sse19-fig5-sweep.tsv; writes out.png, out.svg, out.pdf.
#   a  median training RMSE per epoch    b  median Delta phi    c  median mean ||p||
#   (medians over trials, as the paper; the quartiles are in the TSV)
#   d, e  median RMSE after 100 epochs against the learning rate (fewer trials),
#         with the capped G' of the main runs (d) and the paper's step f' (e)
#   f  median Delta phi after 100 epochs against the learning rate (capped G')
# Forced normalisation keeps ||p_i|| = 1 by construction: panel c draws it once.
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
swept(r, n, c, d) = (strcol("deriv") eq d && strcol("rule") eq rule[r] && strcol("norm") eq norm[n]) ? column(c) : NaN

stats sweep using "trials" nooutput
sweep_trials = int(STATS_max)
stats curves using "x" nooutput
epochs = int(STATS_max)
eval n_of(curves, "trials", "")

array dname[2] = ["capped", "step"]
array dtitle[2] = ["capped G′ (as a–c)", "step f′ (the paper's description)"]

do for [fmt in formats] {
    eval terminal(fmt, 2000, 1050)
    set multiplot layout 2,3 title "sse19 Fig. 5 — 20 LIF neurons learning y = x₁x₂: FA (solid) and BP (dashed) × normalisation (colour); medians over n = ".trials." trials"
    set grid
    set key top right font ",9"
    set xrange [0:epochs]
    set xlabel "epoch"
    do for [q=1:3] {
        set title ptitle[q]
        set ylabel ylab[q]
        if (q == 2) { set yrange [*:0.42] } else { set yrange [*:*] }
        if (q == 3) { set key top left } else { set key top right }
        plot for [r=1:2] for [n=1:3] curves using (x_on(qname[q], cond(r, n), 0)):(q == 3 && n == 2 ? NaN : med_on(qname[q], cond(r, n), 0)) with lines lw nwidth[n] \
                 dt rdash[r] lc rgb ncolor[n] title (q == 3 && n == 2 ? "" : sprintf("%s, %s", rule[r], norm[n])), \
             (q == 2 ? pi / 8 : 1 / 0) with lines dt 3 lc rgb "gray40" \
                 title (q == 2 ? "π/8 (random directions)" : ""), \
             (q == 3 ? 1 : 1 / 0) with lines lw 4.5 lc rgb ncolor[2] \
                 title (q == 3 ? "FA and BP, forced (= 1 by construction)" : "")
    }
    set yrange [*:*]
    set logscale x
    set xrange [*:*]
    set xlabel "learning rate η"
    set key top left font ",9"
    do for [d=1:2] {
        set title sprintf("%s  median RMSE after %d epochs vs η, %s; n = %d trials each", d == 1 ? "d" : "e", epochs, dtitle[d], sweep_trials)
        set ylabel "training RMSE"
        plot for [r=1:2] for [n=1:3] sweep using "eta":(swept(r, n, "rmse_epoch100", dname[d])) with linespoints lw nwidth[n] pt 7 ps 0.8 \
                 dt rdash[r] lc rgb ncolor[n] title sprintf("%s, %s", rule[r], norm[n])
    }
    set title sprintf("f  median Δφ after %d epochs vs η, capped G′; n = %d trials each", epochs, sweep_trials)
    set ylabel "Δφ (rad)"
    set key bottom left font ",9"
    plot for [r=1:2] for [n=1:3] sweep using "eta":(swept(r, n, "dphi_epoch100", "capped")) with linespoints lw nwidth[n] pt 7 ps 0.8 \
             dt rdash[r] lc rgb ncolor[n] title sprintf("%s, %s", rule[r], norm[n]), \
         pi / 8 with lines dt 3 lc rgb "gray40" title "π/8"
    unset logscale x
    unset multiplot
    unset output
}
