# cb23-fig2 — idealised FA dynamics of the hidden states (cb23 Fig. 2).
# Usage: gnuplot -e "dir='figures/cb23-fig2'; out='figures/cb23-fig2/cb23-fig2'" figures/cb23-fig2.gp
# Reads dir/cb23-fig2-dynamics.tsv; writes out.png, out.svg, out.pdf.
#   1  direct MSE mean((HW - Y)^2) (orange) and regression residual (blue)
#   2  norm of the regression gradient dL_R/dH
#   3  mean norm of the rows H_i
#   4  angle between the FA update and -dL_R/dH: current signal (solid) and
#      the signal frozen at t = 0 (authors' notebook, dashed)
# Lines: mean over repetitions; bands: ± SEM.

load "figures/common.gpi"
f = dir."/cb23-fig2-dynamics.tsv"
eval n_of(f, "reps", "")
nsamples = sprintf("%d", real(param_of(f, "n")))
nhidden = sprintf("%d", real(param_of(f, "m")))
blue = "#1f77b4"; orange = "#ff7f0e"

do for [fmt in formats] {
    eval terminal(fmt, 1800, 480)
    set multiplot layout 1,4 title "cb23 Fig. 2 — H driven by FA: H ← H − 0.2 (HW − Y) B  (".nsamples." samples, m = ".nhidden." hidden units; mean ± SEM over n = ".reps." draws of B)"
    set grid
    set xlabel "step"
    set key top left font ",9"
    set style fill transparent solid 0.25 noborder

    set title "MSE and regression residual"
    set logscale y
    set format y "10^{%T}"
    set ylabel "mean squared error"
    plot f using (x_on("direct", "FA", 0)):(lo_on("direct", "FA", 0)):(hi_on("direct", "FA", 0)) \
            with filledcurves lc rgb orange notitle, \
         f using (x_on("direct", "FA", 0)):(mean_on("direct", "FA", 0)) with lines lw 2 lc rgb orange title "direct (WH − Y)²", \
         f using (x_on("resid", "FA", 0)):(lo_on("resid", "FA", 0)):(hi_on("resid", "FA", 0)) \
            with filledcurves lc rgb blue notitle, \
         f using (x_on("resid", "FA", 0)):(mean_on("resid", "FA", 0)) with lines lw 2 lc rgb blue title "regression residual"
    unset logscale y
    set format y "%g"

    set title "‖∂L_R/∂H‖"
    set ylabel "Frobenius norm"
    plot f using (x_on("gnorm", "FA", 0)):(lo_on("gnorm", "FA", 0)):(hi_on("gnorm", "FA", 0)) \
            with filledcurves lc rgb blue notitle, \
         f using (x_on("gnorm", "FA", 0)):(mean_on("gnorm", "FA", 0)) with lines lw 2 lc rgb blue notitle

    set title "mean ‖H_i‖"
    set ylabel "norm"
    plot f using (x_on("hnorm", "FA", 0)):(lo_on("hnorm", "FA", 0)):(hi_on("hnorm", "FA", 0)) \
            with filledcurves lc rgb blue notitle, \
         f using (x_on("hnorm", "FA", 0)):(mean_on("hnorm", "FA", 0)) with lines lw 2 lc rgb blue notitle

    set title "ΔH_{FA} ∠ −∂L_R/∂H"
    set ylabel "angle (°)"
    set yrange [0:100]
    set key bottom right
    plot 90 with lines dt 2 lc rgb "gray50" notitle, \
         f using (x_on("angle", "FA", 0)):(lo_on("angle", "FA", 0)):(hi_on("angle", "FA", 0)) \
            with filledcurves lc rgb blue notitle, \
         f using (x_on("angle", "FA", 0)):(mean_on("angle", "FA", 0)) with lines lw 2 lc rgb blue title "signal at the current H", \
         f using (x_on("angle0", "FA", 0)):(mean_on("angle0", "FA", 0)) with lines lw 2 dt 2 lc rgb orange title "signal frozen at t = 0 (authors' code)"
    set yrange [*:*]
    unset multiplot
    unset output
}
