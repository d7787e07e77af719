# rs21-figS3 — final test accuracy after the label change over gamma x eta x label smoothing.
# Usage: gnuplot -e "dir='figures/rs21-figS3'; out='figures/rs21-figS3/rs21-figS3'" figures/rs21-figS3.gp
# Reads dir/rs21-figS3.tsv (eta smoothing gamma median min max n); writes out.png, out.svg, out.pdf.
# Markers: median over repetitions; bars: min-max (as the paper); one marker per eta in the data.

load "figures/common.gpi"
f = dir."/rs21-figS3.tsv"
# the learning rates and WN gains the data hold (gamma 0 = no WN), in their order
eval words_of(f, "eta", "etas")
eval words_of(f, "gamma", "gammas")
eval max_of(f, "n", "reps")
# the category position 0, 1, ... of a gamma in that list
pos(g) = words((" ".gammas." ")[1:strstrt(" ".gammas." ", " ".g." ")])
at(ls, eta) = column("smoothing") == ls && strcol("eta") eq eta ? column("median") : NaN
array ecol[2] = ["#d62728", "#1f77b4"]
array ept[2] = [7, 9]

do for [fmt in formats] {
    eval terminal(fmt, 1500, 550)
    set multiplot layout 1,2 title "rs21 Fig. S3 — FA, final test accuracy after the label change (mean of the last 10 epochs; median and min–max over n = ".reps." repetitions)"
    set grid
    set xrange [-0.5:words(gammas) - 0.5]
    set xtics ()
    do for [i=1:words(gammas)] { set xtics add ((word(gammas, i) + 0 == 0 ? "no WN" : word(gammas, i)) i - 1) }
    set xlabel "WN γ"
    set ylabel "test accuracy (%)"
    set yrange [0:100]
    set key bottom right font ",9"
    do for [ls=0:1] {
        set title (ls == 0 ? "without label smoothing" : "with label smoothing (y ← 0.95 y + 0.05)")
        plot for [e=1:words(etas)] f using (pos(strcol("gamma")) + 0.2 * (e - 0.5 * (words(etas) + 1))):(at(ls, word(etas, e))):"min":"max" \
                 with yerrorbars pt ept[(e - 1) % 2 + 1] ps 1.3 lc rgb ecol[(e - 1) % 2 + 1] title "η = ".word(etas, e)
    }
    unset multiplot
    unset output
}
