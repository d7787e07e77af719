#!/bin/bash
# check_layout.sh OLD NEW — convert every data and claims file under OLD (figure
# directories of the old layouts) with tests/convert_layout.awk and compare it
# with the same file under NEW, byte for byte, ignoring only the provenance
# lines that name the source revision and the kernel path. Prints each
# difference and exits 1 if there is any.
# Example: tests/check_layout.sh /work/baseline-quick build/quick
set -u
old=$1 new=$2 status=0 count=0
here=$(dirname "$0")
for f in $(cd "$old" && find . -name '*.tsv' | sort); do
    count=$((count + 1))
    if [ ! -f "$new/$f" ]; then echo "MISSING $new/$f"; status=1; continue; fi
    if ! cmp -s <(awk -f "$here/convert_layout.awk" "$old/$f" | grep -v '^# \(source\|kernel\):') \
                <(grep -v '^# \(source\|kernel\):' "$new/$f") 2>/dev/null; then
        echo "DIFF $f"; status=1
    fi
done
echo "$count files compared: $([ $status = 0 ] && echo all equal || echo differences above)"
exit $status
