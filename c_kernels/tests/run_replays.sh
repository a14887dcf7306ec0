#!/bin/sh
# Runs every recorded network (DIR/*.rply) through the host replay and the ARM
# replay (under qemu-arm) and compares their outputs byte for byte.  Prints one
# line per network; exits 1 if any differ.
# usage: run_replays.sh HOST_REPLAY "ARM_RUNNER ARM_REPLAY" DIR
host=$1
arm=$2
dir=$3
status=0
printf '%-26s %6s %8s %8s  %s\n' network cores spikes written "host vs ARM968 (qemu-arm)"
for f in "$dir"/*.rply; do
    name=$(basename "$f" .rply)
    "$host" "$f" > "$dir/$name.host.txt" 2>/dev/null || { echo "$name: host replay failed"; status=1; }
    $arm "$f" > "$dir/$name.arm.txt" 2>/dev/null || { echo "$name: ARM replay failed"; status=1; }
    cores=$(awk 'NR == 1 {print $2}' "$dir/$name.host.txt")
    spikes=$(awk '/^total sent/ {sub(",", "", $3); print $3}' "$dir/$name.host.txt")
    written=$(grep -o '/[0-9]*' "$dir/$name.host.txt" | tr -d / | awk '{s += $1} END {print s + 0}')
    if cmp -s "$dir/$name.host.txt" "$dir/$name.arm.txt"; then verdict="identical"; else verdict="DIFFERENT"; status=1; fi
    printf '%-26s %6s %8s %8s  %s\n' "$name" "$cores" "$spikes" "$written" "$verdict"
done
exit $status
