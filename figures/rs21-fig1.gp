# rs21-fig1 — constant E and X: angle and eigenvalue histograms in six dimension conditions.
# Usage: gnuplot -e "dir='figures/rs21-fig1'; out='figures/rs21-fig1/rs21-fig1'" figures/rs21-fig1.gp
# Reads dir/rs21-fig1-angles.tsv and dir/rs21-fig1-eig.tsv; writes out.png, out.svg, out.pdf.
#   top:    B  density of B^T ∠ B^T E^T X X^T E            (W_1 ∠ B^T for k >> 1)
#           C  density of X^T E B ∠ X^T E E^T X X^T E B    (ΔW_0,FA ∠ ΔW_0,BP for k >> 1)
#   bottom: D  density of the eigenvalues of E^T X X^T E / (n_b n_i), one panel per condition

load "figures/common.gpi"
ang = dir."/rs21-fig1-angles.tsv"
eig = dir."/rs21-fig1-eig.tsv"

summ = dir."/rs21-fig1-summary.tsv"

# the conditions and their dimensions, from the summary's columns
eval words_of(summ, "cond", "conds")
nc = words(conds)
array cname[nc]
stats summ using (cname[int(column("cond"))] = sprintf("%d: n_i %d, n_h %d, n_o %d, n_b %d", \
    column("cond"), column("n_i"), column("n_h"), column("n_o"), column("n_b")), 0) nooutput
ndraws = int(real(param_of(ang, "samples")))
neig = int(real(param_of(eig, "eig_draws")))
array ccolor[6] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
array ptitle[2] = ["B  B^T ∠ B^T E^T X X^T E  (W_1 ∠ B^T)", \
                   "C  X^T E B ∠ X^T E E^T X X^T E B  (ΔW_{0,FA} ∠ ΔW_{0,BP})"]
array pname[2] = ["B", "C"]

do for [fmt in formats] {
    eval terminal(fmt, 1800, 1050)
    set multiplot title sprintf("rs21 Fig. 1 — open-loop linear network with constant E and X; X, E, B i.i.d. N(0,1)\nB, C: n = %d draws per condition; D: eigenvalues pooled over n = %d draws per condition", ndraws, neig)

    set grid
    set key top left font ",9" spacing 1.1
    set ylabel "density"
    set xlabel "angle (°)"
    set yrange [0:*]
    set xrange [0:90]
    do for [p=1:2] {
        set origin (p - 1) / 2.0, 0.45
        set size 0.5, 0.49
        set title ptitle[p]
        plot for [c=1:nc] ang using \
            ((strcol("panel") eq pname[p] && column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
            with lines lw 2 lc rgb ccolor[c] title cname[c]
        unset key
    }

    set xrange [*:*]
    set xlabel "eigenvalue of E^T X X^T E / (n_b n_i)"
    set ylabel "density"
    set logscale y
    set yrange [*:*]
    set format y "10^{%T}"
    do for [c=1:nc] {
        set origin (c - 1) / 6.0, 0.0
        set size 1 / 6.0, 0.45
        set title sprintf("D  cond. %s", cname[c]) font ",8"
        plot eig using ((column("cond") == c) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):(column("density") > 0 ? column("density") : NaN) \
            with histeps lw 2 lc rgb ccolor[c] notitle
        if (c == 1) { set ylabel "" }
    }
    unset logscale y
    set format y "% h"
    unset multiplot
    unset output
}
