# sse19-fig4 — FA moves the preferred directions to the diagonals.
# Usage: gnuplot -e "dir='figures/sse19-fig4'; out='figures/sse19-fig4/sse19-fig4'" figures/sse19-fig4.gp
# Reads dir/sse19-fig4-directions.tsv and dir/sse19-fig4-dphi.tsv; writes out.png, out.svg, out.pdf.
#   a-c  the 20 preferred directions of trial 0 before, during and after FA training,
#        diagonals dashed, with that network's Delta phi
#   d    the directions of all trials at the start and at the end (histogram of the angle)
#   e    median Delta phi over trials per epoch, band 25-75 % of trials

load "figures/common.gpi"
dirs = dir."/sse19-fig4-directions.tsv"
dphi = dir."/sse19-fig4-dphi.tsv"

stats dirs using "epoch" nooutput
last = int(STATS_max)
eval n_of(dphi, "trials", "")
array snap[3]
snap[1] = 0
snap[3] = last
stats dirs using ((column("epoch") > 0 && column("epoch") < last) ? column("epoch") : NaN) nooutput
snap[2] = int(STATS_min)
trial0(e) = column("epoch") == e && column("trial") == 0
array DPHI[3]
do for [k=1:3] {
    stats dirs using (trial0(snap[k]) ? column("to_diagonal_deg") * pi / 180 : NaN) nooutput
    DPHI[k] = STATS_mean
}
array when[3] = ["before", "during", "after"]
binw = 5
bin(a) = binw * (floor(a / binw) + 0.5)

do for [fmt in formats] {
    eval terminal(fmt, 1400, 1000)
    set multiplot title "sse19 Fig. 4 — preferred directions under FA on y = x₁x₂ (the network of Fig. 5, p renormalised after every step)"

    # a-c: arrows of trial 0
    set parametric
    set trange [0:2*pi]
    set size ratio -1
    set xrange [-1.15:1.15]
    set yrange [-1.15:1.15]
    set xtics -1,1,1
    set ytics -1,1,1
    unset key
    unset grid
    set arrow 11 from -1.1,-1.1 to 1.1,1.1 nohead dt 2 lc rgb "gray50" back
    set arrow 12 from -1.1,1.1 to 1.1,-1.1 nohead dt 2 lc rgb "gray50" back
    do for [k=1:3] {
        set origin (k - 1) / 3.0, 0.47
        set size 1 / 3.0, 0.48
        set title sprintf("%s  %s: epoch %d, trial 0 of %s, Δφ = %.3f rad", k == 1 ? "a" : k == 2 ? "b" : "c", \
                          when[k], snap[k], trials, DPHI[k])
        set xlabel "p₁"
        set ylabel "p₂"
        plot cos(t), sin(t) with lines lc rgb "gray70", \
             dirs using (trial0(snap[k]) ? 0 : NaN):(0):"p1":"p2" \
                 with vectors filled head lw 2 lc rgb "#1f77b4"
    }
    unset arrow 11
    unset arrow 12
    unset parametric
    set size noratio

    # d: histogram of the angles of all trials' directions
    set origin 0, 0
    set size 0.5, 0.47
    set title sprintf("d  directions of all %s trials (%d° bins)", trials, binw)
    set xrange [-180:180]
    set yrange [0:*]
    set xtics -180,45,180
    set ytics auto
    set xlabel "angle of p_i (°); diagonals at ±45°, ±135°"
    set ylabel "neurons"
    set key top center font ",9"
    set grid
    set style fill transparent solid 0.4 noborder
    set boxwidth binw * 0.9
    plot dirs using (column("epoch") == 0 ? bin(column("angle_deg")) : NaN):(1) smooth frequency with boxes \
             lc rgb "gray50" title "epoch 0", \
         dirs using (column("epoch") == last ? bin(column("angle_deg")) : NaN):(1) smooth frequency with boxes \
             lc rgb "#1f77b4" title sprintf("epoch %d", last)

    # e: median Delta phi
    set origin 0.5, 0
    set size 0.5, 0.47
    set title sprintf("e  Δφ per epoch: median over n = %s trials, band 25–75 %%", trials)
    set xrange [0:last]
    set yrange [0:0.5]
    set xtics auto
    set xlabel "epoch"
    set ylabel "Δφ (rad)"
    set key top right font ",9"
    set style fill transparent solid 0.2 noborder
    plot dphi using (x_on("dphi", "FA,forced", 0)):(q25_on("dphi", "FA,forced", 0)):(q75_on("dphi", "FA,forced", 0)) \
             with filledcurves lc rgb "#1f77b4" notitle, \
         dphi using (x_on("dphi", "FA,forced", 0)):(med_on("dphi", "FA,forced", 0)) with lines lw 2 lc rgb "#1f77b4" title "median Δφ", \
         pi / 8 with lines dt 2 lc rgb "gray40" title "π/8 (random directions)", \
         pi / 16 with lines dt 3 lc rgb "gray40" title "π/16"
    unset multiplot
    unset output
}
