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
sel(r, n, c) = (strcol(2) eq rule[r] && strcol(3) eq norm[n]) ? column(c) : NaN

stats curves using 1 nooutput
epochs = int(STATS_max)
# the header line "# reps: N" gives the number of trials
trials = system(sprintf("awk '/^# reps: /{ print $3; exit }' '%s'", curves))

do for [fmt in formats] {
    eval terminal(fmt, 1400, 560)
    set multiplot layout 1,2 title sprintf("sse19 Fig. 6 — MNIST, 200 LIF neurons, least-squares outputs: %s", \
        trials eq "1" ? "one trial (the paper: median of 16)" : sprintf("median over %s trials", trials))
    set grid
    set xrange [0:epochs]
    set xlabel "epoch"
    set key top right font ",9"
    set title "a  training RMSE against the one-hot targets"
    set ylabel "RMSE"
    plot for [r=1:2] for [n=1:2] curves using 1:(sel(r, n, 5)) with lines lw 2 dt ndash[n] \
         lc rgb rcolor[r] title sprintf("%s, %s", rule[r], ntitle[n])
    set title "b  test error (10000 images)"
    set ylabel "classification error (%)"
    plot for [r=1:2] for [n=1:2] curves using 1:(100 * sel(r, n, 8)) with lines lw 2 dt ndash[n] \
         lc rgb rcolor[r] title sprintf("%s, %s", rule[r], ntitle[n])
    unset multiplot
    unset output
}
