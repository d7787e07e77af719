# sse19-fig3 — three FA iterations seen from one neuron.
# Usage: gnuplot -e "dir='figures/sse19-fig3'; out='figures/sse19-fig3/sse19-fig3'" figures/sse19-fig3.gp
# Reads dir/sse19-fig3-fields.tsv (one data block per iteration) and dir/sse19-fig3-p.tsv; writes out.png, out.svg, out.pdf.
#   rows: iterations 1-3 (decoders solved, then one full-batch FA step)
#   left:   tuning curve a_i(x) and preferred direction p_i (red)
#   centre: output error projected on the neuron's error direction, <e_i, y - t>
#   right:  that times G'(J_i(x)), with p_i (red) and p_i + Delta p_i (black)

load "figures/common.gpi"
fields = dir."/sse19-fig3-fields.tsv"
ptab = dir."/sse19-fig3-p.tsv"

array P1[3]; array P2[3]; array DP1[3]; array DP2[3]; array TURN[3]
do for [k=1:3] {
    stats ptab using (P1[k] = column("iteration") == k ? column("p1") : P1[k], \
                      P2[k] = column("iteration") == k ? column("p2") : P2[k], \
                      DP1[k] = column("iteration") == k ? column("dp1") : DP1[k], \
                      DP2[k] = column("iteration") == k ? column("dp2") : DP2[k], \
                      TURN[k] = column("iteration") == k ? column("turn_deg") : TURN[k]) nooutput
}
stats fields using "rate" nooutput
amax = STATS_max
stats fields using (abs(column("proj_err"))) nooutput
emax = STATS_max
stats fields using (abs(column("proj_err_fprime"))) nooutput
gmax = STATS_max

set xrange [-1.05:1.05]
set yrange [-1.05:1.05]
set size ratio -1
set xtics -1,1,1
set ytics -1,1,1
set parametric
set trange [0:2*pi]
unset key
array ctitle[3] = ["tuning curve a_i and p_i", "projected error ⟨e_i, y − t⟩", \
                   "⟨e_i, y − t⟩ · G′(J_i) and Δp_i"]

do for [fmt in formats] {
    eval terminal(fmt, 1350, 1250)
    set multiplot layout 3,3 title "sse19 Fig. 3 — three FA iterations on y = x₁x₂ seen from one neuron (one network, trial 0; the neuron firing most widely before training, a rule fixed in advance)" \
        margins 0.06,0.93,0.05,0.92 spacing 0.09,0.07
    do for [k=1:3] {
        do for [c=1:3] {
            set title sprintf("iteration %d: %s", k, ctitle[c]) font ",10"
            unset arrow
            set arrow 1 from 0,0 to P1[k],P2[k] lw 3 lc rgb "#d62728" front
            if (c == 1) {
                set palette defined (0 "white", 0.5 "#6baed6", 1 "#08306b")
                set cbrange [0:amax]
            } else {
                set palette defined (-1 "#2166ac", 0 "white", 1 "#b2182b")
                m = c == 2 ? emax : gmax
                set cbrange [-m:m]
            }
            if (c == 3) {
                set arrow 2 from 0,0 to P1[k] + DP1[k], P2[k] + DP2[k] lw 2 lc rgb "black" front
                set label 1 sprintf("turns %.1f°", TURN[k]) at graph 0.03, graph 0.06 front font ",9"
            } else {
                unset label 1
            }
            set xlabel (k == 3 ? "x₁" : "")
            set ylabel (c == 1 ? "x₂" : "")
            # gnuplot names columns in the file's first data block only, and an
            # image needs every row of its block: columns 2, 3 are x1, x2, then ccol[]
            plot fields index (k - 1) using 2:3:(column(3 + c)) with image, \
                 cos(t), sin(t) with lines lc rgb "black" lw 1
        }
    }
    unset multiplot
    unset output
}
