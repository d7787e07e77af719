# rs21-fig7 — deep MNIST: autocorrelograms of L and δ; alignment terms vs Bᵀ over iterations.
# Usage: gnuplot -e "dir='figures/rs21-fig7'; out='figures/rs21-fig7/rs21-fig7'" figures/rs21-fig7.gp
# Reads dir/rs21-fig7-acf.tsv (qty layer rep elem lag acf acf_rel) and dir/rs21-fig7-terms.tsv
# (qty cond layer k mean sem); writes out.png, out.svg, out.pdf.
#   A, B  ACF (eq. 34) of the traced elements of L_l and δ_l (repetition 0), relative to lag 0,
#         mirrored to negative lags (the ACF is even)
#   C     angles to B_lᵀ of T¹, T⁶⁰, T_sup and ΔW with WN, layers 1-4 (mean over repetitions)
#   D     the same without WN

load "figures/common.gpi"
acf = dir."/rs21-fig7-acf.tsv"
terms = dir."/rs21-fig7-terms.tsv"
eval n_of(terms, "reps", "")

array lcol[5] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
# (T¹_sup as small dots over ΔW's larger squares: the two nearly coincide)
array tq[5] = ["T1", "T60", "Tsup", "dW", "Tsup1"]
array ttit[5] = ["T¹", "T⁶⁰", "T_{sup} (W[0], code)", "ΔW", "T¹_{sup} (eq. 22)"]
array tcol[5] = ["#2ca02c", "#ff7f0e", "#d62728", "#1f77b4", "#c8008c"]
array tpt[5] = [7, 7, 7, 5, 7]
array tps[5] = [0.45, 0.45, 0.45, 0.75, 0.3]
# the traced elements: per layer, of one repetition (the first)
eval max_of(acf, "elem", "nelem")
nelem = nelem + 1
# the ACF table is per traced element: rep 0, elements e of layer l
asel(q, l, e) = strcol("qty") eq q && column("layer") == l && column("rep") == 0 && column("elem") == e

do for [fmt in formats] {
    eval terminal(fmt, 2000, 1400)
    set multiplot title sprintf("rs21 Fig. 7 — FA on MNIST: autocorrelograms and alignment terms (batch order fixed, 60 batches per epoch)\nA, B: %d elements per layer of one repetition; C, D: means over n = %s repetitions", nelem, reps)

    # the layers' key for A and B, in a strip above them
    eval key_strip(0, 0.925, 1, 0.025)
    set key font ",10" width 2
    plot for [l=1:5] NaN with lines lw 2 lc rgb lcol[l] title sprintf("layer %d", l)
    eval key_strip_end
    set grid

    set xlabel "lag (iterations)"
    set ylabel "ACF(τ) / ACF(0)"
    set xrange [-150:150]
    set xtics -120,60,120
    do for [p=1:2] {
        set origin (p - 1) * 0.5, 0.66
        set size 0.5, 0.27
        q = p == 1 ? "L" : "delta"
        set title (p == 1 ? "A  elements of L_l" : "B  elements of δ_l (peaks at multiples of 60)")
        plot for [l=1:5] for [e=0:nelem - 1] acf using "lag":(asel(q, l, e) ? column("acf_rel") : NaN) with lines lw 1 lc rgb lcol[l] \
                 notitle, \
             for [l=1:5] for [e=0:nelem - 1] acf using (-column("lag")):(asel(q, l, e) ? column("acf_rel") : NaN) with lines lw 1 lc rgb lcol[l] notitle
    }
    set xrange [*:*]
    set xtics autofreq
    set xlabel "iteration k"
    set ylabel "angle to B_lᵀ (°)"
    do for [c=1:2] {
        cond = c == 1 ? "fa-wn" : "fa"
        do for [l=1:4] {
            set origin (l - 1) * 0.25, c == 1 ? 0.33 : 0.0
            set size 0.25, 0.31
            set title sprintf("%s  layer %d, %s", c == 1 ? "C" : "D", l, c == 1 ? "with WN" : "without WN")
            # one key for rows C and D, in a line between the rows A-B and C, off the
            # points (a key is as narrow as its panel: labels instead)
            unset key
            if (c == 1 && l == 1) {
                do for [t=1:5] {
                    set label 100 + t ttit[t] at screen 0.22 + 0.11 * t, 0.647 point pt tpt[t] ps 2.7 * tps[t] lc rgb tcol[t] offset 1.2, 0 font ",10"
                }
            } else { unset label }
            # the y range from every point of the panel, padded
            stats terms using (on(strcol("quantity"), cond, l) ? column("mean") : NaN) nooutput
            set yrange [floor(STATS_min - 0.5):ceil(STATS_max + 0.5)]
            plot for [t=1:5] terms using "x":(mean_on(tq[t], cond, l)) \
                 with points pt tpt[t] ps tps[t] lc rgb tcol[t] title ttit[t]
            set yrange [*:*]
        }
    }
    unset multiplot
    unset output
}
