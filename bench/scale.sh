#!/usr/bin/env bash
# How rapport's build time and memory grow with the site: 1,000, 10,000 and
# 50,000 playbooks (200, 2,000 and 10,000 per language), each built RUNS
# times (default 3) from an empty output folder; prints the median wall
# time, the median peak RSS and the time per thousand pages.
#
#   bash bench/scale.sh [RUNS]
#
# BENCH_OUT=DIR writes the output under DIR, e.g. /dev/shm to take a slow
# or noisy disk out of the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
tmp=$(mktemp -d)
out=$(mktemp -d "${BENCH_OUT:-$tmp}/rapport-scale-out.XXXXXX")
trap 'rm -rf "$tmp" "$out"' EXIT
go build -o "$tmp/rapport" ./cmd/rapport
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
for per in 200 2000 10000; do
  go run ./cmd/corpus -pages "$per" -out "$tmp/corpus" >/dev/null
  : > "$tmp/times"
  for i in $(seq "$runs"); do
    rm -rf "$out/site"
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/site" >/dev/null
    cat "$tmp/t" >> "$tmp/times"
  done
  t=$(cut -d' ' -f1 "$tmp/times" | median); m=$(cut -d' ' -f2 "$tmp/times" | median)
  pages=$((per * 5))
  awk -v p="$pages" -v t="$t" -v m="$m" 'BEGIN {printf "%6d playbooks: median %.2f s, peak RSS %d MiB, %.3f s per 1,000 playbooks\n", p, t, m/1024, t/(p/1000)}'
  rm -rf "$tmp/corpus" "$out/site"
done
