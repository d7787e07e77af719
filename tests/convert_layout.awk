# convert_layout.awk — rewrite a data file of the old layouts (before the
# long series layout of experiments/core/series.h) in the new one, to prove
# that only the layout changed: converted old files must equal what the
# programs now write, byte for byte (tests/check_layout.sh).
#
#   qty cond layer x|epoch|k mean sem  ->  quantity condition layer x mean sem n
#   k layer lag mean sem (hs23-fig7)   ->  lag_term k=<k> layer lag mean sem n
#   case iter w1_angle_mean w1_angle_sem dw0_angle_smooth_mean dw0_angle_smooth_sem
#     (rs21-fig3)                      ->  wb case<case> 1 iter ..., then dw case<case> 0 iter ...
#   sweep value wn iter w1_... dw0_... (rs21-fig4)
#                                      ->  the same with condition <sweep>=<value>[,wn]
#   [keys] epoch|step  a a_sem  b b_sem ... (cb23)
#                                      ->  a <cond> 0 x mean sem n, all of a, then all of b,
#                                          per condition; cond from the keys (see cb23_cond)
#   epoch rule norm  a_q25 a_median a_q75 ... (sse19)
#                                      ->  quantity condition layer x q25 median q75 n, with
#                                          condition <rule>,<norm>, per condition as above
#   case iter w_angle_mean w_angle_sd ... (hs23-fig3)
#                                      ->  condition iter w_angle_mean ... n
#   sweep value wn w1_final_mean ... (rs21-fig4-final)
#                                      ->  sweep value wn eta ..., eta from the sweep's
#                                          "# param: <sweep>_sweep=... eta <eta> ..." line
#   case iter t_aln_angle ... (rs21-figS1)
#                                      ->  per case: each column as a quantity (fig_s1 below),
#                                          sem nan
#
# n is the run's repetitions, from the "# reps:" header line (cb23 figs 7, 8:
# per task, from the "N reps" of its "# param: ib=" or "mnist=" line). Files
# of any other layout are copied unchanged.
# Usage: awk -f tests/convert_layout.awk OLD.tsv > NEW.tsv

BEGIN { FS = OFS = "\t"; cols = "quantity\tcondition\tlayer\tx\tmean\tsem\tn" }
/^#/ {
    if (index($0, "# reps: ") == 1)
        reps = substr($0, 9)
    if (match($0, /^# param: [a-z_]+_sweep=.*, eta [^ ]+ /)) {
        split(substr($0, 10), kv, "_sweep=")
        eta = substr($0, RSTART, RLENGTH - 1)
        sub(/.*, eta /, "", eta)
        sweep_eta[kv[1]] = eta
    }
    if (match($0, /^# param: (ib|mnist)=.*, [0-9]+ reps/)) {
        split(substr($0, 10), kv, "=")
        task_reps[kv[1]] = $0
        sub(/ reps.*/, "", task_reps[kv[1]])
        sub(/.*, /, "", task_reps[kv[1]])
    }
    print
    next
}
!seen_header {
    seen_header = 1
    if ($0 ~ /^qty\tcond\tlayer\t(x|epoch|k)\tmean\tsem$/) { kind = "series"; print cols; next }
    if ($0 == "k\tlayer\tlag\tmean\tsem") { kind = "lag"; print cols; next }
    if ($0 == "case\titer\tw1_angle_mean\tw1_angle_sem\tdw0_angle_smooth_mean\tdw0_angle_smooth_sem") {
        kind = "case"; print cols; next }
    if ($0 == "sweep\tvalue\twn\titer\tw1_angle_mean\tw1_angle_sem\tdw0_angle_smooth_mean\tdw0_angle_smooth_sem") {
        kind = "sweep"; print cols; next }
    if ($0 == "case\titer\tw_angle_mean\tw_angle_sd\tdw0_angle_smooth_mean\tdw0_angle_smooth_sd") {
        kind = "sd"; $1 = "condition"; print $0, "n"; next }
    if ($0 == "sweep\tvalue\twn\tw1_final_mean\tdw0_final_mean\tsilent_reps") {
        kind = "final"; $3 = $3 OFS "eta"; print; next }
    if ($0 ~ /^case\titer\tt_aln_angle\t/) { kind = "figS1"; fig_s1(); print cols; next }
    if (wide("_sem", 2)) { kind = "wide"; print cols; next }
    if (wide("_q25", 3)) {
        kind = "wide"; print "quantity\tcondition\tlayer\tx\tq25\tmedian\tq75\tn"; next }
    kind = "other"
}
# Is the column line "[keys] epoch|step" and then groups of `width` columns,
# the second named <first><suffix> (cb23) or the first <name><suffix> (sse19)?
# Sets nkeys, keys, xcol, nq, qname[], qlayer[] and the group's first column qcol[].
function wide(suffix, width,   i, n, name) {
    keys = ""
    if ($1 == "epoch" && $2 == "rule" && $3 == "norm") { xcol = 1; nkeys = 3; keys = "rule norm" }
    else {
        for (xcol = 1; xcol <= NF && $xcol != "epoch" && $xcol != "step"; xcol++)
            keys = keys (xcol > 1 ? " " : "") $xcol
        nkeys = xcol
    }
    if (xcol > NF || (NF - nkeys) % width != 0 || NF == nkeys) return 0
    nq = 0
    for (i = nkeys + 1; i <= NF; i += width) {
        name = width == 2 ? $i : substr($i, 1, length($i) - length(suffix))
        if ((width == 2 ? $(i + 1) : $i) != name suffix) return 0
        qname[++nq] = name; qlayer[nq] = 0; qcol[nq] = i
    }
    qwidth = width
    return 1
}
# rs21-figS1's columns as quantities and layers (figS1_alignment_terms.c)
function fig_s1(   i, n, q, l) {
    n = split("t_aln_angle:1 t_sup_angle:1 sum_t_aln_angle:1 sum_t_sup_angle:1 dwb:1 wb:1 " \
              "dw:0 w_norm:0 w_norm:1 t_aln_norm:1 t_sup_norm:1", q, " ")
    if (NF != n + 2) { print "convert_layout: rs21-figS1 has " NF " columns" > "/dev/stderr"; exit 1 }
    for (i = 1; i <= n; i++) {
        split(q[i], l, ":")
        qname[i] = l[1]; qlayer[i] = l[2]; qcol[i] = i + 2
    }
    nq = n; qwidth = 1; nkeys = 2; xcol = 2
}
# the condition of a cb23 row, from its key columns
function cb23_cond() {
    if (keys == "") return "FA"
    if (keys == "feedback") return $1
    if (keys == "dWo feedback") return $2 ",dWo=" $1
    if (keys == "task learn_scale") return $1 ",scale=" $2
    if (keys == "task feedback") return $1 "," $2
    if (keys == "rule norm") return $2 "," $3
    print "convert_layout: unknown keys " keys > "/dev/stderr"; exit 1
}
# rows of one condition are held and written one quantity after the other
function hold(cond, n,   j, g, v) {
    if (cond != wcond) flush_wide()
    wcond = cond; wn = n; nx++
    for (j = 1; j <= nq; j++) {
        v = ""
        for (g = 0; g < qwidth; g++) v = v OFS $(qcol[j] + g)
        if (qwidth == 1) v = v OFS "nan"
        row[nx, j] = qname[j] OFS cond OFS qlayer[j] OFS $xcol v OFS n
    }
}
function flush_wide(   j, k) {
    for (j = 1; j <= nq; j++)
        for (k = 1; k <= nx; k++) print row[k, j]
    nx = 0
}
function task_n(task) {
    if (task ~ /^MNIST/ && ("mnist" in task_reps)) return task_reps["mnist"]
    if (task ~ /^IB/ && ("ib" in task_reps)) return task_reps["ib"]
    return reps
}
# a condition's "wb" rows, then its "dw" rows (held back until the condition ends)
function wb_dw(cond, iter, wm, ws, dm, ds) {
    if (cond != held_cond)
        flush_dw()
    held_cond = cond
    print "wb", cond, 1, iter, wm, ws, reps
    held = held "dw" OFS cond OFS 0 OFS iter OFS dm OFS ds OFS reps ORS
}
function flush_dw() { printf "%s", held; held = "" }
END { flush_dw(); flush_wide() }
kind == "series" || kind == "sd" { print $0, reps; next }
kind == "final" { $3 = $3 OFS sweep_eta[$1]; print; next }
kind == "case" { wb_dw("case" $1, $2, $3, $4, $5, $6); next }
kind == "sweep" { wb_dw($1 "=" $2 ($3 == 1 ? ",wn" : ""), $4, $5, $6, $7, $8); next }
kind == "wide" { hold(cb23_cond(), keys ~ /^task/ ? task_n($1) : reps); next }
kind == "figS1" { hold("case" $1, reps); next }
kind == "lag" { print "lag_term", "k=" $1, $2, $3, $4, $5, reps; next }
{ print }
