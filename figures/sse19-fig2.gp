# sse19-fig2 — tuning curves of two LIF neurons over the unit disk.
# Usage: gnuplot -e "dir='figures/sse19-fig2'; out='figures/sse19-fig2/sse19-fig2'" figures/sse19-fig2.gp
# Reads dir/sse19-fig2-grid.tsv and dir/sse19-fig2-neurons.tsv; writes out.png, out.svg, out.pdf.
#   two heat maps (white: silent, dark blue: highest rate) of a_i(x) = G(<w_i, x> + beta_i)
#   over the unit disk, with the preferred direction p_i drawn as an arrow
#   and the onset line <p_i, x> = (1 - beta_i) / alpha_i dashed

load "figures/common.gpi"
grid = dir."/sse19-fig2-grid.tsv"
neurons = dir."/sse19-fig2-neurons.tsv"

# neuron parameters: columns w1 w2 beta alpha p1 p2 onset max_rate
array P1[2]; array P2[2]; array ALPHA[2]; array BETA[2]; array ONSET[2]
do for [i=1:2] {
    stats neurons using (P1[i] = column("neuron") == i ? column("p1") : P1[i], \
                         P2[i] = column("neuron") == i ? column("p2") : P2[i], \
                         ALPHA[i] = column("neuron") == i ? column("alpha") : ALPHA[i], \
                         BETA[i] = column("neuron") == i ? column("beta") : BETA[i], \
                         ONSET[i] = column("neuron") == i ? column("onset") : ONSET[i]) nooutput
}
stats grid using "rate1":"rate2" nooutput
amax = STATS_max_x > STATS_max_y ? STATS_max_x : STATS_max_y
# nothing random here: the rates are the formula evaluated on the data's grid
gridnote = "deterministic (no repetitions): the formula on a ".enh(param_of(grid, "grid"))

set palette defined (0 "white", 0.5 "#6baed6", 1 "#08306b")
set cbrange [0:amax]
set cblabel "rate a (normalised units)"
set xrange [-1.05:1.05]
set yrange [-1.05:1.05]
set size ratio -1
set xlabel "x₁"
set ylabel "x₂"
set xtics -1,0.5,1
set ytics -1,0.5,1
set parametric
set trange [0:2*pi]
set key outside bottom center horizontal font ",10"

do for [fmt in formats] {
    eval terminal(fmt, 1300, 620)
    set multiplot layout 1,2 title "sse19 Fig. 2 — tuning curves a_i(x) = G(α_i⟨p_i, x⟩ + β_i) over the unit disk\n".gridnote
    do for [i=1:2] {
        set title sprintf("neuron %d: w = α p with α = %.3g, p = [%.3f, %.3f], β = %g", \
                          i, ALPHA[i], P1[i], P2[i], BETA[i])
        unset arrow
        set arrow 1 from 0,0 to P1[i],P2[i] lw 3 lc rgb "#d62728" front
        # onset line <p, x> = onset: points onset*p + s*(-p2, p1)
        o = ONSET[i]
        h = sqrt(1 - o*o)
        set arrow 2 from o*P1[i] - h*P2[i], o*P2[i] + h*P1[i] \
                    to o*P1[i] + h*P2[i], o*P2[i] - h*P1[i] nohead dt 2 lw 2 lc rgb "#333333" front
        plot grid using "x1":"x2":(column(sprintf("rate%d", i))) with image notitle, \
             cos(t), sin(t) with lines lc rgb "black" lw 1 notitle, \
             NaN, NaN with lines lw 3 lc rgb "#d62728" title "preferred direction p", \
             NaN, NaN with lines dt 2 lw 2 lc rgb "#333333" title "onset of firing"
    }
    unset multiplot
    unset output
}
