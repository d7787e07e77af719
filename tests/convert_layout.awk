# convert_layout.awk — rewrite a data file of the old layouts (before the
# long series layout of experiments/core/series.h) in the new one, to prove
# that only the layout changed: converted old files must equal what the
# programs now write, byte for byte (tests/check_layout.sh).
#
#   qty cond layer x|epoch|k mean sem  ->  quantity condition layer x mean sem n
#   k layer lag mean sem (hs23-fig7)   ->  lag_term k=<k> layer lag mean sem n
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
    kind = "other"
}
kind == "series" { print $0, reps; next }
kind == "lag" { print "lag_term", "k=" $1, $2, $3, $4, $5, reps; next }
{ print }
