# hs23-fig5 — FA test accuracy and training loss over epochs (no WN).
# Usage: gnuplot -e "dir='figures/hs23-fig5'; out='figures/hs23-fig5/hs23-fig5'" figures/hs23-fig5.gp
# Reads dir/hs23-fig5.tsv (qty cond layer epoch mean sem); writes out.png/svg/pdf. Bands: mean ± SEM.

load "figures/common.gpi"
f = dir."/hs23-fig5.tsv"
array lcol[5] = ["#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
eval n_of(f, "reps", "")
# the conditions the data hold; style and key follow from the name
eval words_of(f, "condition", "conds")
wn(c) = strstrt(c, "-wn") > 0
ccol(c) = wn(c) ? "#1f77b4" : "#d62728"
cdt(c) = wn(c) || words(conds) == 1 ? 1 : 2
ctit(c) = wn(c) ? "FA + WN (γ = 1)" : "FA, no WN".(words(conds) > 1 ? " (hs23 Fig. 5)" : "")

do for [fmt in formats] {
    eval terminal(fmt, 1400, 550)
    set multiplot layout 1,2 title "hs23 Fig. 5 — feedback alignment accuracy and loss during epochs (no WN; mean ± SEM over n = ".reps." repetitions)"
    set grid
    set xlabel "epoch"
    set xrange [0:*]
    set autoscale xfixmax
    set key bottom right font ",9"
    do for [p=1:2] {
        q = p == 1 ? "test_acc" : "train_loss"
        s = p == 1 ? 100 : 1
        set title (p == 1 ? "test accuracy (start of each epoch)" : "training loss, ½ Σ E² per image (epoch mean)")
        set ylabel (p == 1 ? "test accuracy (%)" : "loss")
        if (p == 2) { set key top right }
        plot for [c in conds] f using (x_on(q, c, 0)):(s * lo_on(q, c, 0)):(s * hi_on(q, c, 0)) with filledcurves fs transparent solid 0.18 noborder lc rgb ccol(c) notitle, \
             for [c in conds] f using (x_on(q, c, 0)):(s * mean_on(q, c, 0)) with lines lw 2 dt cdt(c) lc rgb ccol(c) title ctit(c)
    }
    unset multiplot
    unset output
}
