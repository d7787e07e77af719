# rs21-fig2 — the alignment term T¹ under six statistical conditions.
# Usage: gnuplot -e "dir='figures/rs21-fig2'; out='figures/rs21-fig2/rs21-fig2'" figures/rs21-fig2.gp
# Reads dir/rs21-fig2-hist.tsv and dir/rs21-fig2-eig.tsv; writes out.png, out.svg, out.pdf.
#   top:    A  density of log10 ||B^T M_skew|| / ||B^T M_sym||   (conds. 1-5; cond. 6 has M_skew = 0)
#           B  density of B^T ∠ B^T M_sym (conds. 1-5)    C  density of B^T ∠ B^T M (1-6)
#           D  density of B^T ∠ T, nonlinear term with Bernoulli(1/2) masks (1-6):
#              solid = the authors' masks (hidden mask reused), dashed = independent masks (text)
#   bottom: E  density of the eigenvalues of M_sym / (n_b n_i), one panel per condition

load "figures/common.gpi"
hist = dir."/rs21-fig2-hist.tsv"
eig = dir."/rs21-fig2-eig.tsv"

# the conditions as the data number them, named by the data's header
eval words_of(hist, "cond", "conds")
nc = words(conds)
array cname[nc]
do for [c=1:nc] { cname[c] = sprintf("%d: %s", c, enh(param_of(hist, "cond".c))) }
ndraws = int(real(param_of(hist, "draws")))
neig = int(real(param_of(eig, "eig_draws")))
dims = param_of(hist, "dims")
array ccolor[6] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

do for [fmt in formats] {
    eval terminal(fmt, 1900, 1050)
    set multiplot title sprintf("rs21 Fig. 2 — T¹ at k = 1: M = E[0]^T X[0] X[1]^T E[1], %s\nA–D: n = %d draws per condition; E: eigenvalues pooled over n = %d draws per condition", \
        dims, ndraws, neig)

    # the keys, in a strip of their own above the panels: conditions (A-C), masks (D)
    eval key_strip(0, 0.88, 0.75, 0.05)
    set key font ",10" width 1 maxrows 2
    plot for [c=1:nc] NaN with lines lw 2 lc rgb ccolor[c] title cname[c]
    eval key_strip(0.75, 0.88, 0.25, 0.05)
    set key vertical maxrows 2
    plot NaN with lines lw 2 lc rgb "black" title "hidden mask reused (authors' code)", \
         NaN with lines lw 1.5 dt 2 lc rgb "black" title "independent masks (text)"
    eval key_strip_end

    set ylabel "density"
    set yrange [0:*]
    set offsets 0, 0, graph 0.05, 0

    # A: ratio on a log axis (the density is that of log10 ratio); cond. 6 has M_skew = 0
    set origin 0, 0.45
    set size 0.25, 0.43
    set title "A  ||B^T M_{skew}||_F / ||B^T M_{sym}||_F"
    set logscale x
    set xlabel "ratio (density of log_{10} ratio)"
    plot for [c=1:nc] hist using \
        ((strcol("quantity") eq "log10_ratio" && column("cond") == c) ? 10**((column("bin_lo") + column("bin_hi")) / 2) : NaN):"density" \
        with lines lw 2 lc rgb ccolor[c] notitle
    unset logscale x

    set xlabel "angle (°)"
    set xrange [*:*]
    set origin 0.25, 0.45
    set title "B  B^T ∠ B^T M_{sym}"
    plot for [c=1:nc] hist using \
        ((strcol("quantity") eq "sym" && column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
        with lines lw 2 lc rgb ccolor[c] notitle

    set origin 0.5, 0.45
    set title "C  B^T ∠ B^T M"
    plot for [c=1:nc] hist using \
        ((strcol("quantity") eq "full" && column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
        with lines lw 2 lc rgb ccolor[c] notitle

    set origin 0.75, 0.45
    set title "D  B^T ∠ T (nonlinear, ReLU masks)"
    plot for [c=1:nc] hist using \
        ((strcol("quantity") eq "nonlin" && column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
        with lines lw 2 lc rgb ccolor[c] notitle, \
        for [c=1:nc] hist using \
        ((strcol("quantity") eq "nonlin_indep" && column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
        with lines lw 1.5 dt 2 lc rgb ccolor[c] notitle

    # E: the x axis is asinh(eigenvalue): linear near 0, logarithmic beyond ±1
    set xlabel "eigenvalue / (n_b n_i), asinh axis"
    set ylabel "density (per unit of asinh)"
    set offsets graph 0.04, graph 0.04, 0, 0
    set rmargin 5   # room for the last tick label ("1000")
    set xtics ("-100" asinh(-100), "-10" asinh(-10), "-1" asinh(-1), "0" 0, "1" asinh(1), \
               "10" asinh(10), "100" asinh(100), "1000" asinh(1000))
    set logscale y
    set yrange [*:*]
    set format y "10^{%T}"
    do for [c=1:nc] {
        set origin (c - 1) / 6.0, 0.0
        set size 1 / 6.0, 0.45
        set title sprintf("E  M_{sym}, cond. %s", cname[c]) font ",9"
        plot eig using ((column("cond") == c) ? (column("asinh_bin_lo") + column("asinh_bin_hi")) / 2 : NaN) \
                :(column("density_of_asinh") > 0 ? column("density_of_asinh") : NaN):(column("asinh_bin_hi") - column("asinh_bin_lo")) \
            with boxes fs solid 0.6 noborder lc rgb ccolor[c] notitle
        set ylabel ""
    }
    unset logscale y
    set format y "% h"
    unset multiplot
    unset output
}
