# rs21-fig4 — AR(1) errors and inputs in the open-loop network, with and without weight normalisation.
# Usage: gnuplot -e "dir='figures/rs21-fig4'; out='figures/rs21-fig4/rs21-fig4'" figures/rs21-fig4.gp
# Reads dir/rs21-fig4.tsv, dir/rs21-fig4-final.tsv (each sweep's η) and
# dir/rs21-fig4-acf.tsv; writes out.png, out.svg, out.pdf.
#   A  beta sweep (X fixed): W_1 ∠ B^T            B  beta sweep: ΔW_0,FA ∠ ΔW_0,BP (60-point moving average)
#   C  beta_X sweep (beta = 0.8): W_1 ∠ B^T       D  beta_X sweep: ΔW_0,FA ∠ ΔW_0,BP
#   E  autocorrelograms (rs21 eq. 34) of one element of the AR(1) process per value
# Dashed: no WN; solid: WN (gamma = 1). Bands: mean ± SEM over repetitions.

load "figures/common.gpi"
data = dir."/rs21-fig4.tsv"
acf = dir."/rs21-fig4-acf.tsv"
eval max_of(data, "n", "reps")   # repetitions, for the title

array val[6] = ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
array vcolor[6] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#17becf"]
array sweep[2] = ["beta", "beta_x"]
array sym[2] = ["β", "β_X"]
array q[2] = ["wb", "dw"]      # W_1 ∠ B^T (layer 1), ΔW_0 angle (layer 0)
array ql[2] = [1, 0]
array qname[2] = ["W_1 ∠ B^T", "ΔW_{0,FA} ∠ ΔW_{0,BP}  (60-point moving average)"]
array letter[4] = ["A", "B", "C", "D"]

cond(s, v, w) = sweep[s]."=".val[v].(w ? ",wn" : "")

array eta[2]      # each sweep's learning rate, from the data
do for [s=1:2] {
    stats dir."/rs21-fig4-final.tsv" using (strcol("sweep") eq sweep[s] ? column("eta") : NaN) nooutput
    eta[s] = sprintf("%g", STATS_max)
}

do for [fmt in formats] {
    eval terminal(fmt, 1800, 1100)
    set multiplot title sprintf("rs21 Fig. 4 — open-loop 100-100-10 ReLU network with AR(1) error and input; dashed: no WN, solid: WN (γ = 1); mean ± SEM over %s repetitions", reps)
    set grid
    set xlabel "iteration"
    set ylabel "angle (°)"
    set yrange [0:100]
    do for [s=1:2] {
        do for [i=1:2] {
            set origin (i - 1) * 0.36, 1 - s * 0.5
            set size 0.36, 0.47
            set title sprintf("%s  %s — %s sweep%s, η = %s", letter[2 * (s - 1) + i], qname[i], \
                              sym[s], s == 1 ? " (X fixed)" : " (β = 0.8)", eta[s])
            if (i == 1) { set key default; set key bottom left font ",9" maxrows 3 } else { unset key }
            plot for [v=1:6] for [w=0:1] data \
                     using (x_on(q[i], cond(s, v, w), ql[i])):(lo_on(q[i], cond(s, v, w), ql[i])):(hi_on(q[i], cond(s, v, w), ql[i])) \
                     with filledcurves fs transparent solid 0.2 noborder lc rgb vcolor[v] notitle, \
                 for [v=1:6] data using (x_on(q[i], cond(s, v, 0), ql[i])):(mean_on(q[i], cond(s, v, 0), ql[i])) \
                     with lines lw 1.5 dt 2 lc rgb vcolor[v] notitle, \
                 for [v=1:6] data using (x_on(q[i], cond(s, v, 1), ql[i])):(mean_on(q[i], cond(s, v, 1), ql[i])) \
                     with lines lw 2 lc rgb vcolor[v] title sprintf("%s = %s", sym[s], val[v])
        }
    }

    set origin 0.72, 0.2
    set size 0.28, 0.6
    set title "E  autocorrelogram of one element, eq. 34"
    set xlabel "lag"
    set ylabel "ACF"
    set xrange [-8.5:8.5]
    set yrange [*:*]
    set xtics 2
    set key default
    set key bmargin center horizontal font ",9" maxrows 3
    plot for [v=1:6] acf using (strcol("value") eq val[v] ? column("lag") : NaN):"acf" \
        with linespoints lw 1.5 pt 7 ps 0.6 lc rgb vcolor[v] title sprintf("β (or β_X) = %s", val[v])
    unset multiplot
    unset output
}
