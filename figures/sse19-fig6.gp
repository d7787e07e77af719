# sse19-fig6 — FA and BP on MNIST with least-squares output weights.
# Usage: gnuplot -e "dir='figures/sse19-fig6'; out='figures/sse19-fig6/sse19-fig6'" figures/sse19-fig6.gp
# Reads dir/sse19-fig6-curves.tsv; writes out.png, out.svg, out.pdf.
#   a  median training RMSE (one-hot targets)    b  median test error (10000 images)
#   (medians over trials, as the paper; the quartiles are in the TSV)
# Colour: FA / BP; solid without normalisation, dashed with ||p_i|| = 1 forced.

load "figures/common.gpi"
curves = dir."/sse19-fig6-curves.tsv"

array rule[2] = ["FA", "BP"]
array rcolor[2] = ["#d62728", "#1f77b4"]
array norm[2] = ["none", "forced"]
array ntitle[2] = ["no normalisation", "normalised"]
array ndash[2] = [1, 2]
cond(r, n) = rule[r].",".norm[n]

stats curves using "x" nooutput
epochs = int(STATS_max)
eval n_of(curves, "trials", "")

do for [fmt in formats] {
    eval terminal(fmt, 1400, 560)
    set multiplot layout 1,2 title sprintf("sse19 Fig. 6 — MNIST, 200 LIF neurons, least-squares outputs: %s", \
        trials eq "1" ? "n = 1 trial (the paper: median of 16)" : sprintf("median over n = %s trials", trials))
    set grid
    set xrange [0:epochs]
    set xlabel "epoch"
    set key top right font ",9"
    set title "a  training RMSE against the one-hot targets"
    set ylabel "RMSE"
    plot for [r=1:2] for [n=1:2] curves using (x_on("rmse", cond(r, n), 0)):(med_on("rmse", cond(r, n), 0)) with lines lw 2 dt ndash[n] \
         lc rgb rcolor[r] title sprintf("%s, %s", rule[r], ntitle[n])
    set title "b  test error (10000 images)"
    set ylabel "classification error (%)"
    plot for [r=1:2] for [n=1:2] curves using (x_on("test_err", cond(r, n), 0)):(100 * med_on("test_err", cond(r, n), 0)) with lines lw 2 dt ndash[n] \
         lc rgb rcolor[r] title sprintf("%s, %s", rule[r], ntitle[n])
    unset multiplot
    unset output
}
