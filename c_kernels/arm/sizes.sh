#!/bin/sh
# The size table of the ARM images: ITCM (code + the .data load image) and
# DTCM (stacks, loader words, .data, .bss), and the DTCM heap left for what the
# kernel allocates at init (ring buffers, STDP history, its state).
# usage: sizes.sh arm-none-eabi-size image.elf...
size=$1
shift
printf '%-26s %16s %16s %11s\n' image "ITCM [B]/32768" "DTCM [B]/65536" "heap [B]"
for elf in "$@"; do
    $size -A "$elf" | awk -v name="$(basename "$elf" .elf)" '
        $1 == ".text" { text = $2 }
        $1 == ".data" { data = $2 }
        $1 == ".bss" || $1 == ".stacks" || $1 == ".boot" { dstatic += $2 }
        END {
            itcm = text + data; dtcm = dstatic + data
            printf "%-26s %7d (%4.1f%%) %7d (%4.1f%%) %11d\n", name, itcm, 100 * itcm / 32768, dtcm, 100 * dtcm / 65536, 65536 - dtcm
        }'
done
