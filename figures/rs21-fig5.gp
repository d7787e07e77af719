# rs21-fig5 — angles between products of feedback and forward matrices.
# Usage: gnuplot -e "dir='figures/rs21-fig5'; out='figures/rs21-fig5/rs21-fig5'" figures/rs21-fig5.gp
# Reads dir/rs21-fig5-hist.tsv and dir/rs21-fig5-maps.tsv; writes out.png, out.svg, out.pdf.
#   top:    A-C  densities of theta3 - min, theta3 - max, theta3^nonlin - theta3
#           in six groups of (theta1, theta2), angles drawn in (0, 90), 1 M samples
#   bottom: D-G  mean and variance of theta3 over (theta1, theta2) in 5° bins,
#           linear and nonlinear, angles drawn in (0, 180), 500 k samples

load "figures/common.gpi"
hist = dir."/rs21-fig5-hist.tsv"
maps = dir."/rs21-fig5-maps.tsv"

array qty[3] = ["t3-min", "t3-max", "t3nl-t3"]
array qlabel[3] = ["θ₃ − min(θ₁, θ₂)  (°)", "θ₃ − max(θ₁, θ₂)  (°)", "θ₃^{nonlin} − θ₃  (°)"]
array group[6] = ["θ₁ or θ₂ < 5°", "θ₁ or θ₂ > 85°", "both < 10°", \
                  "both in (80°, 90°)", "both < 20°, one > 10°", "both in (70°, 90°), one < 80°"]
array gdash[6] = [2, 2, 1, 1, 1, 1]        # dotted: one angle near 0° or 90° (as the paper)
array gcolor[6] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
array mcol[4] = ["mean", "var", "mean_nonlin", "var_nonlin"]
array mtitle[4] = ["D  mean θ₃, linear", "E  variance of θ₃, linear", \
                   "F  mean θ₃^{nonlin}", "G  variance of θ₃^{nonlin}"]

do for [fmt in formats] {
    eval terminal(fmt, 1800, 1000)
    set multiplot title "rs21 Fig. 5 — θ₃ = B₂B₁ ∠ W₂ᵀW₁ᵀ for θ₁ = B₁ ∠ W₁ᵀ (15×40), θ₂ = B₂ ∠ W₂ᵀ (30×15)"

    # A-C: histograms, one line per group (densities over each group's range)
    set key top right font ",8" spacing 0.9
    set ylabel "density"
    set yrange [0:*]
    set grid
    do for [q=1:3] {
        set origin (q - 1) / 3.0, 0.5
        set size 1 / 3.0, 0.47
        set xlabel qlabel[q]
        set title sprintf("%s", q == 1 ? "A" : q == 2 ? "B" : "C")
        if (q < 3) { set xrange [*:*] } else { set xrange [-8:8] }
        plot for [g=1:6] hist using \
            ((strcol("quantity") eq qty[q] && column("group") == g - 1) ? (column("bin_lo") + column("bin_hi")) / 2 : NaN):"density" \
            with lines lw 2 dt gdash[g] lc rgb gcolor[g] title group[g]
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
