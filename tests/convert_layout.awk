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
#
# n is the run's repetitions, from the "# reps:" header line. Files of any
# other layout are copied unchanged.
# Usage: awk -f tests/convert_layout.awk OLD.tsv > NEW.tsv

BEGIN { FS = OFS = "\t"; cols = "quantity\tcondition\tlayer\tx\tmean\tsem\tn" }
/^#/ {
    if (index($0, "# reps: ") == 1)
        reps = substr($0, 9)
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
    kind = "other"
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
END { flush_dw() }
kind == "series" { print $0, reps; next }
kind == "case" { wb_dw("case" $1, $2, $3, $4, $5, $6); next }
kind == "sweep" { wb_dw($1 "=" $2 ($3 == 1 ? ",wn" : ""), $4, $5, $6, $7, $8); next }
kind == "lag" { print "lag_term", "k=" $1, $2, $3, $4, $5, reps; next }
{ print }
