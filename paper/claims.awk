# claims.awk — refresh the claims tables of a paper/ page (run by `make paper`).
# Between the markers
#     <!-- claims ID -->            or    <!-- claims ID VARIANT -->
#     <!-- /claims -->
# the table is rebuilt from figdir/ID/ID.claims.tsv, the file the figure
# program writes beside its data (figdir/ID/VARIANT/ID.claims.tsv for a
# variant run kept in a subdirectory, e.g. with the paper text's parameters).
# Everything else is copied unchanged. A missing claims file keeps the old
# table and warns.
# Usage: awk -v figdir=figures -f paper/claims.awk paper/rs21.md > out

function field(line, key,    n, kv) {
    # "# key: value" header lines of the TSV
    if (index(line, "# " key ": ") == 1)
        return substr(line, length(key) + 5)
    return ""
}

function table(id, variant,    file, line, n, f, i, rows, scale, seed, reps, source, kernel, v) {
    file = figdir "/" id "/" (variant != "" ? variant "/" : "") id ".claims.tsv"
    if ((getline line < file) <= 0) {
        print "claims.awk: " file " not found; table for " id " left as it was" > "/dev/stderr"
        return 0
    }
    rows = ""
    do {
        if (line ~ /^#/) {
            if ((v = field(line, "scale")) != "") scale = v
            if ((v = field(line, "seed")) != "") seed = v
            if ((v = field(line, "reps")) != "") reps = v
            if ((v = field(line, "source")) != "") source = v
            if ((v = field(line, "kernel")) != "") kernel = v
            continue
        }
        n = split(line, f, "\t")
        if (f[1] == "claim" || n < 5)
            continue
        for (i = 1; i <= 4; i++)
            gsub(/\|/, "\\|", f[i])
        rows = rows sprintf("| `%s` | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4],
                            f[5] == "holds" ? "holds" : "**fails**")
    } while ((getline line < file) > 0)
    close(file)
    print "| check | claim | expected | measured | result |"
    print "|---|---|---|---|---|"
    printf "%s", rows
    printf "\n_Measured at %s scale (seed %s, %s repetitions, kernel path %s, source %s)._\n", \
        scale, seed, reps, kernel, source
    return 1
}

/^<!-- claims [^ ]+ ([^ ]+ )?-->$/ {
    print
    if (table($3, NF == 5 ? $4 : "")) { skipping = 1; next }
    next
}
/^<!-- \/claims -->$/ { skipping = 0; print; next }
!skipping { print }
