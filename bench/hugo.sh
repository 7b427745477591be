#!/usr/bin/env bash
# Side-by-side: rapport and Hugo building the same multilingual site.
#
#   bash bench/hugo.sh [PAGES_PER_LANGUAGE] [RUNS]     (defaults 2000 and 5)
#
# BENCH_OUT=DIR writes both tools' output under DIR instead of the temporary
# folder, e.g. BENCH_OUT=/dev/shm to take a slow or noisy disk out of the
# comparison (both tools write the same number of files).
#
# Generates the corpus (go run ./cmd/corpus) for five languages, then times
# both tools on it, alternating runs after a warm-up of each, each run from
# an empty output folder, measured with GNU time (wall clock and peak RSS).
# Prints the medians and, last, exactly:
#   rapport/hugo: time R1, peak memory R2
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-2000}
runs=${2:-5}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hugo hugo
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; $(go version | cut -d' ' -f3); $(hugo version | cut -d' ' -f1-2)"
go build -o "$tmp/rapport" ./cmd/rapport
go run ./cmd/corpus -pages "$pages" -out "$tmp/corpus"
echo "corpus: $pages playbooks in each of 5 languages, $(du -sh --apparent-size "$tmp/corpus/rapport/content" | cut -f1) of Markdown"

out=${BENCH_OUT:-$tmp}
out=$(mktemp -d "$out/rapport-bench-out.XXXXXX")
trap 'rm -rf "$tmp" "$out"' EXIT
run_rapport() { rm -rf "$out/rapport"; /usr/bin/time -f "%e %M" -o "$tmp/t" "$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/rapport" >/dev/null; cat "$tmp/t"; }
run_hugo() { rm -rf "$out/hugo"; /usr/bin/time -f "%e %M" -o "$tmp/t" hugo --source "$tmp/corpus/hugo" --destination "$out/hugo" --quiet >/dev/null; cat "$tmp/t"; }

run_rapport >/dev/null   # warm-up: page cache, binaries
run_hugo >/dev/null
: > "$tmp/rapport.txt"; : > "$tmp/hugo.txt"
for i in $(seq "$runs"); do
  run_rapport >> "$tmp/rapport.txt"
  run_hugo >> "$tmp/hugo.txt"
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
rt=$(cut -d' ' -f1 "$tmp/rapport.txt" | median); rm_=$(cut -d' ' -f2 "$tmp/rapport.txt" | median)
ht=$(cut -d' ' -f1 "$tmp/hugo.txt" | median); hm=$(cut -d' ' -f2 "$tmp/hugo.txt" | median)
echo "rapport: median $rt s, peak RSS $((${rm_%.*} / 1024)) MiB, $(find "$out/rapport" -name index.html | wc -l) pages; runs: $(cut -d' ' -f1 "$tmp/rapport.txt" | tr '\n' ' ')"
echo "hugo:    median $ht s, peak RSS $((${hm%.*} / 1024)) MiB, $(find "$out/hugo" -name index.html | wc -l) pages; runs: $(cut -d' ' -f1 "$tmp/hugo.txt" | tr '\n' ' ')"
awk -v rt="$rt" -v ht="$ht" -v rm="$rm_" -v hm="$hm" 'BEGIN {printf "rapport/hugo: time %.2f, peak memory %.2f\n", rt/ht, rm/hm}'
