# cb23-fig1 — IBTask, BP vs FA at the last layer, Delta W_O on/off (cb23 Fig. 1).
# Usage: gnuplot -e "dir='figures/cb23-fig1'; out='figures/cb23-fig1/cb23-fig1'" figures/cb23-fig1.gp
# Reads dir/cb23-fig1-curves.tsv; writes out.png, out.svg, out.pdf.
#   columns: Delta W_O on (left), off (right); rows: training loss, correct rate
#   solid: the network (BP green, FA orange); dashed: a least-squares linear
#   readout of the code h, fitted at that epoch (BP(reg), FA(reg))
# Lines: mean over repetitions; bands: ± SEM.

load "figures/common.gpi"
f = dir."/cb23-fig1-curves.tsv"
array fb[2] = ["BP", "FA"]
array col[2] = ["#2ca02c", "#ff7f0e"]
array onoff[2] = ["on", "off"]
cond(d, k) = fb[k].",dWo=".onoff[d]
eval n_of(f, "reps", "")
# one y range per row, shared by its two panels, from the bands' extremes
isq(q) = strcol("quantity") eq q || strcol("quantity") eq "reg_".q
stats f using (isq("loss") ? column("mean") + column("sem") : NaN) nooutput
loss_hi = STATS_max
stats f using (isq("acc") ? column("mean") - column("sem") : NaN) nooutput
acc_lo = STATS_min

do for [fmt in formats] {
    eval terminal(fmt, 1400, 900)
    set multiplot layout 2,2 title "cb23 Fig. 1 — IBTask 12-8-4-2: BP or FA at the decoder; solid: network, dashed: linear readout of h (training set; mean ± SEM over n = ".reps." repetitions)"
    set grid
    set style fill transparent solid 0.2 noborder
    do for [row=1:2] {
        do for [d=1:2] {
            q = row == 1 ? "loss" : "acc"
            set title (row == 1 ? sprintf("ΔW_O %s", onoff[d]) : "")
            set xlabel (row == 2 ? "epoch" : "")
            set ylabel (d == 1 ? (row == 1 ? "loss (MSE)" : "correct rate") : "")
            if (row == 1) { set yrange [0:loss_hi * 1.03]; set key bottom left font ",9" } \
            else { set yrange [floor(acc_lo * 20) / 20.0:1]; set key center right font ",9" }
            plot for [k=1:2] f using (x_on(q, cond(d, k), 0)):(lo_on(q, cond(d, k), 0)):(hi_on(q, cond(d, k), 0)) \
                     with filledcurves lc rgb col[k] notitle, \
                 for [k=1:2] f using (x_on(q, cond(d, k), 0)):(mean_on(q, cond(d, k), 0)) with lines lw 2 lc rgb col[k] title fb[k], \
                 for [k=1:2] f using (x_on("reg_".q, cond(d, k), 0)):(lo_on("reg_".q, cond(d, k), 0)):(hi_on("reg_".q, cond(d, k), 0)) \
                     with filledcurves lc rgb col[k] notitle, \
                 for [k=1:2] f using (x_on("reg_".q, cond(d, k), 0)):(mean_on("reg_".q, cond(d, k), 0)) with lines lw 2 dt 2 lc rgb col[k] title fb[k]."(reg)"
        }
    }
    unset multiplot
    unset output
}
