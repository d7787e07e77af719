# cb23-fig4 — FA with and without a learnable activation scale (cb23 Fig. 4b).
# Usage: gnuplot -e "dir='figures/cb23-fig4'; out='figures/cb23-fig4/cb23-fig4'" figures/cb23-fig4.gp
# Reads dir/cb23-fig4-curves.tsv; writes out.png, out.svg, out.pdf.
#   top:    ClippedPolynomialTask (the caption's task): MSE, R^2, learned scale s
#   bottom: IBTask (the text's task, and the one the authors' runner trains):
#           loss, correct rate, learned scale s
#   solid: training set (as the authors report), dashed: test set
# Lines: mean over repetitions; bands: ± SEM.

load "figures/common.gpi"
f = dir."/cb23-fig4-curves.tsv"
array tname[2] = ["ClippedPolynomialTask", "IBTask"]
array onoff[2] = ["on", "off"]
array lab[2] = ["FA + learnable scale", "FA, tanh only"]
array col[2] = ["#d62728", "#1f77b4"]
cond(t, s) = tname[t].",scale=".onoff[s]
eval n_of(f, "reps", "")
array q[3] = ["loss", "acc", "scale"]
array yl1[3] = ["MSE", "R²", "scale s of the last encoder layer"]
array yl2[3] = ["loss (MSE)", "correct rate", "scale s of the last encoder layer"]

do for [fmt in formats] {
    eval terminal(fmt, 1800, 900)
    set multiplot layout 2,3 title "cb23 Fig. 4b — FA with and without a learnable activation scale (solid: training, dashed: test; mean ± SEM over n = ".reps." repetitions)"
    set grid
    set style fill transparent solid 0.2 noborder
    set xlabel "epoch"
    do for [t=1:2] {
        do for [k=1:3] {
            set title (k == 1 ? tname[t].(t == 1 ? " (caption)" : " (text; authors' runner)") : "")
            set ylabel (t == 1 ? yl1[k] : yl2[k])
            if (k == 1) { set key top right font ",9" } else { set key bottom right font ",9" }
            # the regression's first epochs would squash the rest: log MSE; R^2 up
            # to 1, from its lowest value (negative in the first epochs)
            if (t == 1 && k == 1) { set logscale y } else { unset logscale y }
            if (t == 1 && k == 2) { set yrange [*:1] } else { set yrange [*:*] }
            # room below the fixed scale's flat line at 1, so that it is not drawn on the axis
            if (k == 3) { set offsets 0, 0, graph 0.05, graph 0.05 } else { set offsets 0, 0, 0, 0 }
            if (k < 3) {
                plot for [s=1:2] f using (x_on(q[k], cond(t, s), 0)):(lo_on(q[k], cond(t, s), 0)):(hi_on(q[k], cond(t, s), 0)) \
                         with filledcurves lc rgb col[s] notitle, \
                     for [s=1:2] f using (x_on(q[k], cond(t, s), 0)):(mean_on(q[k], cond(t, s), 0)) with lines lw 2 lc rgb col[s] title lab[s], \
                     for [s=1:2] f using (x_on("test_".q[k], cond(t, s), 0)):(mean_on("test_".q[k], cond(t, s), 0)) \
                         with lines lw 1.5 dt 2 lc rgb col[s] notitle
            } else {
                plot for [s=1:2] f using (x_on(q[k], cond(t, s), 0)):(lo_on(q[k], cond(t, s), 0)):(hi_on(q[k], cond(t, s), 0)) \
                         with filledcurves lc rgb col[s] notitle, \
                     for [s=1:2] f using (x_on(q[k], cond(t, s), 0)):(mean_on(q[k], cond(t, s), 0)) with lines lw 2 lc rgb col[s] title lab[s]
            }
        }
    }
    unset multiplot
    unset output
}
