# rs21-figS1 — alignment and sup-alignment terms in five open-loop cases (and the caption's gamma = 1.2).
# Usage: gnuplot -e "dir='figures/rs21-figS1'; out='figures/rs21-figS1/rs21-figS1'" figures/rs21-figS1.gp
# Reads dir/rs21-figS1.tsv; writes out.png, out.svg, out.pdf.
# Per case two panels: angles to B^T (T_aln, T_sup, ΔW_1 as dots, every 5th iteration; running sums, W_1 and
# ΔW_0,FA ∠ ΔW_0,BP as lines) and Frobenius norms on a log axis. Means over repetitions.

load "figures/common.gpi"
data = dir."/rs21-figS1.tsv"
eval n_of(data, "reps", "")

# the cases the data hold, named by the data's header
eval words_of(data, "condition", "cases")
cname(c) = sprintf("case %s: %s", c[5:], subst(enh(param_of(data, c)), "gamma", "γ"))
# quantity and layer of each curve (figS1_alignment_terms.c)
array aq[7] = ["t_aln_angle", "t_sup_angle", "sum_t_aln_angle", "sum_t_sup_angle", "dwb", "wb", "dw"]
array al[7] = [1, 1, 1, 1, 1, 1, 0]
array aname[7] = ["T^1_{aln}", "T^1_{sup}", "ΣT^1_{aln}", "ΣT^1_{sup}", "ΔW_1", "W_1", "ΔW_{0,FA} ∠ ΔW_{0,BP}"]
array acolor[7] = ["#2ca02c", "#d62728", "#006400", "#8b0000", "#ff7f0e", "#1f77b4", "#7f7f7f"]
array nq[4] = ["w_norm", "w_norm", "t_aln_norm", "t_sup_norm"]
array nl[4] = [0, 1, 1, 1]
array nname[4] = ["||W_0||", "||W_1||", "||T^1_{aln}||", "||T^1_{sup}||"]
array ncolor[4] = ["#9467bd", "#1f77b4", "#2ca02c", "#d62728"]
letters = "ABCDEFGHIJKL"
# the curves drawn as dots (T_aln, T_sup, ΔW_1) and their shapes: filled
# circle, open triangle, cross
array dots[3] = [1, 2, 5]
array apt[3] = [7, 8, 2]
# every 7th iteration, from iteration k
nth7(k) = (column("x") - k) / 7.0 == floor((column("x") - k) / 7.0)

do for [fmt in formats] {
    eval terminal(fmt, 1800, 1500)
    set multiplot title sprintf("rs21 Fig. S1 — open-loop 100-100-10 ReLU network, X fixed; angles to B^T and norms; means over n = %s runs", reps)
    set grid
    set xlabel "iteration"
    set xrange [0:*]
    set autoscale xfixmax
    do for [c=1:words(cases)] {
        case = word(cases, c)
        row = (c - 1) / 3
        colm = (c - 1) % 3
        # angles
        set origin colm / 3.0, 0.935 - (2 * row + 1) * 0.234
        set size 1 / 3.0, 0.234
        set title sprintf("%s  %s — angles", letters[2 * c - 1:2 * c - 1], cname(case)) font ",10"
        set ylabel "angle to B^T (°)"
        set yrange [0:100]
        unset logscale y
        set format y "% h"
        if (c == 1) { set key at screen 0.02, 0.955 left top horizontal maxrows 1 font ",10" width 1 } else { unset key }
        # the per-iteration terms, which alternate from one iteration to the
        # next, as dots of three shapes, every 7th iteration (odd, so both
        # phases of the alternation show) from three different starts, so that
        # terms near the same angle stay apart
        plot for [j=1:3] data using (x_on(aq[dots[j]], case, al[dots[j]])):(nth7(2 * (j - 1)) ? mean_on(aq[dots[j]], case, al[dots[j]]) : NaN) \
                 with points pt apt[j] ps 0.6 lc rgb acolor[dots[j]] title aname[dots[j]], \
             for [i in "3 4 6 7"] data using (x_on(aq[i + 0], case, al[i + 0])):(mean_on(aq[i + 0], case, al[i + 0])) \
                 with lines lw (i + 0 == 6 ? 2.5 : 1.2) lc rgb acolor[i + 0] title aname[i + 0]
        # norms
        set origin colm / 3.0, 0.935 - (2 * row + 2) * 0.234
        set title sprintf("%s  %s — Frobenius norms", letters[2 * c:2 * c], cname(case)) font ",10"
        set ylabel "norm"
        set yrange [*:*]
        set logscale y
        set format y "10^{%T}"
        if (c == 1) { set key at screen 0.98, 0.955 right top horizontal maxrows 1 font ",10" width 1 } else { unset key }
        # the norms of the weights as lines, those of the terms (which
        # alternate) as dots, as above
        plot for [i=1:2] data using (x_on(nq[i], case, nl[i])):(mean_on(nq[i], case, nl[i])) \
                 with lines lw 2 lc rgb ncolor[i] title nname[i], \
             for [i=3:4] data using (x_on(nq[i], case, nl[i])):(nth7(2 * (i - 3)) ? mean_on(nq[i], case, nl[i]) : NaN) \
                 with points pt apt[i - 2] ps 0.6 lc rgb ncolor[i] title nname[i]
    }
    unset multiplot
    unset output
}
