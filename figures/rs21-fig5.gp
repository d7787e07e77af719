# rs21-fig5 — angles between products of feedback and forward matrices.
# Usage: gnuplot -e "dir='figures/rs21-fig5'; out='figures/rs21-fig5/rs21-fig5'" figures/rs21-fig5.gp
# Reads dir/rs21-fig5-hist.tsv and dir/rs21-fig5-maps.tsv; writes out.png, out.svg, out.pdf.
#   top:    A-C  densities of theta3 - min, theta3 - max, theta3^nonlin - theta3
#           in groups of (theta1, theta2), angles drawn in (0, 90); groups and counts from the data
#   bottom: D-G  mean and variance of theta3 over (theta1, theta2) in 5° bins,
#           linear and nonlinear, angles drawn in (0, 180)

load "figures/common.gpi"
hist = dir."/rs21-fig5-hist.tsv"
maps = dir."/rs21-fig5-maps.tsv"

array qty[3] = ["t3-min", "t3-max", "t3nl-t3"]
array qlabel[3] = ["θ₃ − min(θ₁, θ₂)  (°)", "θ₃ − max(θ₁, θ₂)  (°)", "θ₃^{nonlin} − θ₃  (°)"]
groups = dir."/rs21-fig5-groups.tsv"
# the groups of (θ₁, θ₂), their names and sizes, from the data; dashed: one
# angle near 0° or 90° (as the paper)
eval words_of(groups, "group", "gids")
ng = words(gids)
array gname[ng]
stats groups using (gname[int(column("group")) + 1] = sprintf("%s (n = %d)", strcol("group_name"), column("n")), 0) nooutput
gdash(g) = strstrt(gname[g], "one ") == 1 ? 2 : 1
nhist = int(real(param_of(hist, "hist_samples")))
nmap = int(real(param_of(maps, "map_samples")))
array gcolor[6] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
array mcol[4] = ["mean", "var", "mean_nonlin", "var_nonlin"]
array mtitle[4] = ["D  mean θ₃, linear", "E  variance of θ₃, linear", \
                   "F  mean θ₃^{nonlin}", "G  variance of θ₃^{nonlin}"]

do for [fmt in formats] {
    eval terminal(fmt, 1800, 1000)
    set multiplot title sprintf("rs21 Fig. 5 — θ₃ = B₂B₁ ∠ W₂ᵀW₁ᵀ for θ₁ = B₁ ∠ W₁ᵀ (15×40), θ₂ = B₂ ∠ W₂ᵀ (30×15)\nA–C: n = %d draws with angles in (0°, 90°), grouped by (θ₁, θ₂) in degrees; D–G: n = %d draws with angles in (0°, 180°)", nhist, nmap)

    # the groups' key, in a strip above A-C
    eval key_strip(0, 0.88, 1, 0.05)
    set key font ",10" maxrows 2 width 2 title "(θ₁, θ₂) in degrees:" left
    plot for [g=1:ng] NaN with lines lw 2 dt gdash(g) lc rgb gcolor[g] title gname[g]
    eval key_strip_end

    # A-C: histograms, one line per group (densities over each group's range)
    set ylabel "density"
    set yrange [0:*]
    set grid
    do for [q=1:3] {
        set origin (q - 1) / 3.0, 0.5
        set size 1 / 3.0, 0.38
        set xlabel qlabel[q]
        set title sprintf("%s", q == 1 ? "A" : q == 2 ? "B" : "C")
        if (q < 3) { set xrange [*:*] } else { set xrange [-8:8] }
        plot for [g=1:ng] hist using \
            ((strcol("quantity") eq qty[q] && column("group") == g - 1) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
            with lines lw 2 dt gdash(g) lc rgb gcolor[g] notitle
    }

    # D-G: heat maps over (theta1, theta2)
    unset grid
    unset key
    set xrange [0:180]
    set yrange [0:180]
    set xtics 0,45,180
    set ytics 0,45,180
    set xlabel "θ₁ (°)"
    set ylabel "θ₂ (°)"
    set size ratio -1
    set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")  # viridis
    do for [m=1:4] {
        set origin (m - 1) / 4.0, 0.0
        set size 1 / 4.0, 0.5
        set title mtitle[m]
        set cbrange [*:*]
        if (m == 1 || m == 3) { set cbrange [0:180] }
        plot maps using "theta1":"theta2":(column(mcol[m])) with image
    }
    unset size
    set size noratio
    unset multiplot
    unset output
}
