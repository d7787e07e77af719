# rs21-figS3 — final test accuracy after the label change over gamma x eta x label smoothing.
# Usage: gnuplot -e "dir='figures/rs21-figS3'; out='figures/rs21-figS3/rs21-figS3'" figures/rs21-figS3.gp
# Reads dir/rs21-figS3.tsv (eta smoothing gamma median min max n); writes out.png, out.svg, out.pdf.
# Markers: median over repetitions; bars: min-max (as the paper). Circles eta = 5e-4, triangles 3e-4.

load "figures/common.gpi"
f = dir."/rs21-figS3.tsv"
# gamma -> category position 0..7 (0 = no WN)
at(ls, eta) = column("smoothing") == ls && column("eta") == eta ? column("median") : NaN
pos(g) = g == 0 ? 0 : g == 0.25 ? 1 : g == 0.5 ? 2 : g == 0.75 ? 3 : g == 1 ? 4 : g == 1.5 ? 5 : g == 2 ? 6 : 7

do for [fmt in formats] {
    eval terminal(fmt, 1500, 550)
    set multiplot layout 1,2 title "rs21 Fig. S3 — FA, final test accuracy after the label change (mean of the last 10 epochs; median and min–max over repetitions)"
    set grid
    set xrange [-0.5:7.5]
    set xtics ("no WN" 0, "0.25" 1, "0.5" 2, "0.75" 3, "1" 4, "1.5" 5, "2" 6, "2.5" 7)
    set xlabel "WN γ"
    set ylabel "test accuracy (%)"
    set yrange [0:100]
    set key bottom right font ",9"
    do for [ls=0:1] {
        set title (ls == 0 ? "without label smoothing" : "with label smoothing (y ← 0.95 y + 0.05)")
        plot f using (pos(column("gamma")) - 0.1):(at(ls, 0.0005)):"min":"max" with yerrorbars pt 7 ps 1.2 lc rgb "#d62728" title "η = 5·10⁻⁴", \
             f using (pos(column("gamma")) + 0.1):(at(ls, 0.0003)):"min":"max" with yerrorbars pt 9 ps 1.4 lc rgb "#1f77b4" title "η = 3·10⁻⁴"
    }
    unset multiplot
    unset output
}
