#!/bin/bash
# check_prose.sh [LIST] — check the numbers quoted in the prose of paper/*.md
# against the data files they cite (tests/prose_numbers.tsv describes how).
# Prints each quote that is not on its page and exits 1 if there is one.
list=${1:-tests/prose_numbers.tsv}
status=0 count=0
while IFS=$'\t' read -r page data format refs; do
    case $page in '#'*|'') continue ;; esac
    count=$((count + 1))
    # the values, in the order of refs, from the rows named by the first column
    values=$(awk -F'\t' -v refs="$refs" '
        /^#/ { next }
        !cols { for (i = 1; i <= NF; i++) col[$i] = i; cols = 1; next }
        { k = $1; row[k] = $0; for (i = 2; i <= 4 && i <= NF; i++) { k = k "|" $i; row[k] = $0 } }
        END {
            n = split(refs, r, " ")
            for (i = 1; i <= n; i++) {
                # the column name follows the last ":" (keys may hold ":")
                m = match(r[i], /:[^:]*$/)
                kc[1] = substr(r[i], 1, m - 1); kc[2] = substr(r[i], m + 1)
                # "<column>*100": the value times 100 (fractions quoted as percentages)
                scale = 1
                if (split(kc[2], cs, "*") == 2) { kc[2] = cs[1]; scale = cs[2] }
                if (!(kc[1] in row) || !(kc[2] in col)) { print "missing " r[i] > "/dev/stderr"; exit 1 }
                split(row[kc[1]], f, "\t")
                if (scale == 1) printf "%s ", f[col[kc[2]]]
                else printf "%.17g ", f[col[kc[2]]] * scale
            }
        }' "$data") || { echo "check_prose: $data: cannot read $refs"; status=1; continue; }
    # shellcheck disable=SC2086
    text=$(LC_ALL=C printf "$format" $values)
    if ! grep -qF -- "$text" "$page"; then
        echo "check_prose: $page does not say \"$text\" ($data)"
        status=1
    fi
done < "$list"
[ $status = 0 ] && echo "check_prose: $count quoted numbers agree with their data"
exit $status
