#!/usr/bin/env bash
# How rapport's build time and memory grow with the site: 1,000, 10,000,
# 50,000 and 100,000 playbooks (200, 2,000, 10,000 and 20,000 per
# language). For each size: a clean build (no build cache: -cache off)
# RUNS times (default 3), each from an empty output folder; then, with a
# build cache filled by one build, a one-edit rebuild RUNS times (a
# sentence appended to one playbook before each, a new process each
# time). Prints median wall time, CPU time (user + system) and peak RSS
# of both.
#
#   bash bench/scale.sh [RUNS] [MAX_PLAYBOOKS]    (defaults 3 and 100000)
#
# MAX_PLAYBOOKS leaves out the larger sizes. The 100,000 case needs about
# 2 GiB of memory for a clean build and 2.7 GiB for a rebuild, 100 s of
# CPU a build, 1.6 GB of corpus and a build cache of about 240 MB per
# 10,000 playbooks in $TMPDIR, and twice its 2.7 GB of output in
# BENCH_OUT while a rebuild replaces it. BENCH_OUT=DIR writes the output
# under DIR, e.g. /dev/shm to take a slow or noisy disk out of the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
maxp=${2:-100000}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
tmp=$(mktemp -d)
out=$(mktemp -d "${BENCH_OUT:-$tmp}/rapport-scale-out.XXXXXX")
trap 'rm -rf "$tmp" "$out"' EXIT
go build -o "$tmp/rapport" ./cmd/rapport
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
# measure FILE ARGS...: runs rapport build ARGS RUNS times, appends "seconds KiB" to FILE.
measure() {
  local file=$1; shift
  : > "$file"
  for i in $(seq "$runs"); do
    [ "$1" = edit ] && printf '\nOne more sentence %s.\n' "$i" >> "$page"
    /usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/site" "${@:2}" >/dev/null
    cat "$tmp/t" >> "$file"
  done
}
line() { # LABEL FILE PAGES
  local t m c
  t=$(cut -d' ' -f1 "$2" | median); m=$(cut -d' ' -f2 "$2" | median)
  c=$(awk '{print $3 + $4}' "$2" | median)
  awk -v l="$1" -v p="$3" -v t="$t" -v m="$m" -v c="$c" 'BEGIN {printf "%6d playbooks, %-17s median %.2f s (CPU %.2f s), peak RSS %d MiB, %.3f s per 1,000 playbooks\n", p, l":", t, c, m/1024, t/(p/1000)}'
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for per in 200 2000 10000 20000; do
  pages=$((per * 5))
  [ "$pages" -le "$maxp" ] || break
  go run ./cmd/corpus -pages "$per" -out "$tmp/corpus" >/dev/null
  # sed, not head: head would end the pipe early, and pipefail then ends the script
  page=$(find "$tmp/corpus/rapport/content/he" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
  measure "$tmp/clean" clean -cache off
  line "clean build" "$tmp/clean" "$pages"
  rm -rf "$tmp/cache"
  "$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/site" -cache "$tmp/cache" >/dev/null
  measure "$tmp/edit" edit -cache "$tmp/cache"
  line "one-edit rebuild" "$tmp/edit" "$pages"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$tmp/corpus" "$tmp/cache" "$out/site"
done
