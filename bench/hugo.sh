#!/usr/bin/env bash
# Side-by-side: rapport and two Hugos building the same multilingual site.
#
#   bash bench/hugo.sh [PAGES_PER_LANGUAGE] [RUNS]     (defaults 2000 and 5)
#
# The Hugos: Debian's package (0.111, `hugo` on the PATH, installed with
# apt-get when missing) and the current release, HUGO_VERSION (default
# v0.166.0), built once from the Go module proxy into
# ${XDG_CACHE_HOME:-~/.cache}/rapport-bench/ (GOTOOLCHAIN=go1.27.3 go install);
# HUGO_NEW=BINARY uses a Hugo you already have instead.
#
# Output goes to memory by default (/dev/shm, so a slow or noisy disk is out
# of the comparison; every tool writes the same number of files);
# BENCH_OUT=DIR writes it under DIR instead.
#
# Generates the corpus (go run ./cmd/corpus) for five languages, then times
# each tool on it in the same alternating run (a warm-up of each first, each
# run from an empty output folder) with GNU time: wall clock and peak RSS.
# Each Hugo reads the config and templates in the dialect of its version
# (Hugo 0.158 renamed the language keys). Prints the medians and one line
# per Hugo:
#   rapport/hugo-VERSION: time R1, peak memory R2
# then, separately and not as a target, the comparison a user choosing a tool
# would make: the current Hugo with a theme that shows what rapport's pages
# show (navigation list, table of contents, related pages, reading time,
# breadcrumbs, language switcher) followed by Pagefind (npm `pagefind`,
# installed into bench/.npm/) indexing its output; its time is the sum of
# both, its peak memory the larger of the two. BENCH_FULL=0 leaves that
# comparison out (it takes longer than the rest together).
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-2000}
runs=${2:-5}
hugo_version=${HUGO_VERSION:-v0.166.0}
pagefind_version=1.5.2

apt_need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
apt_need hugo hugo
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
hugo_old=$(command -v hugo)
hugo_new=${HUGO_NEW:-}
if [ -z "$hugo_new" ]; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/rapport-bench/hugo-$hugo_version
  if [ ! -x "$cache/hugo" ]; then
    echo "building Hugo $hugo_version from the Go module proxy into $cache (once)" >&2
    mkdir -p "$cache"
    GOTOOLCHAIN=go1.27.3 GOBIN=$cache go install "github.com/gohugoio/hugo@$hugo_version"
  fi
  hugo_new=$cache/hugo
fi
pagefind=bench/.npm/node_modules/.bin/pagefind
if [ "${BENCH_FULL:-1}" != 0 ] && [ ! -x "$pagefind" ]; then
  apt_need npm npm
  npm install --silent --no-audit --no-fund --prefix bench/.npm "pagefind@$pagefind_version" >/dev/null
fi
pagefind_v=none; [ -x "$pagefind" ] && pagefind_v=$("$pagefind" --version | cut -d' ' -f2)

# version BINARY: "0.166.0"; dialect VERSION: the config the corpus wrote
# for it (hugo-0.158.toml from 0.158 on, hugo-0.111.toml before).
version() { "$1" version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p'; }
dialect() { local minor=${1#0.}; minor=${minor%%.*}; if [ "$minor" -ge 158 ]; then echo 0.158; else echo 0.111; fi; }
v_old=$(version "$hugo_old"); v_new=$(version "$hugo_new")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p;T;q' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB memory; $(go version | cut -d' ' -f3); hugo $v_old and $v_new; pagefind $pagefind_v"
go build -o "$tmp/rapport" ./cmd/rapport
go run ./cmd/corpus -pages "$pages" -out "$tmp/corpus"
echo "corpus: $pages playbooks in each of 5 languages, $(du -sh --apparent-size "$tmp/corpus/rapport/content" | cut -f1) of Markdown"

base=${BENCH_OUT:-/dev/shm}
[ -d "$base" ] && [ -w "$base" ] || base=$tmp
out=$(mktemp -d "$base/rapport-bench-out.XXXXXX")
trap 'rm -rf "$tmp" "$out"' EXIT
echo "output in $base"

# timed NAME CMD...: runs CMD into an empty $out/NAME, appends "seconds KiB".
timed() {
  local name=$1; shift
  rm -rf "${out:?}/$name"
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  cat "$tmp/t"
}
# A clean build: no build cache (-cache off), as Hugo has none for pages.
run_rapport() { timed rapport "$tmp/rapport" build -cache off -src "$tmp/corpus/rapport" -out "$out/rapport"; }
# run_hugo NAME BINARY VERSION THEME
run_hugo() {
  timed "$1" "$2" --source "$tmp/corpus/hugo" --config "hugo-$(dialect "$3").toml" --theme "$4" \
    --destination "$out/$1" --quiet
}
run_old() { run_hugo old "$hugo_old" "$v_old" plain; }
run_new() { run_hugo new "$hugo_new" "$v_new" plain; }
# The full comparison: the themed site, then Pagefind over it.
run_full() {
  local h p
  h=$(run_hugo full "$hugo_new" "$v_new" full)
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$pagefind" --site "$out/full" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  p=$(cat "$tmp/t")
  echo "$h $p" | awk '{printf "%.2f %d\n", $1 + $3, ($2 > $4 ? $2 : $4)}'
}

jobs=(rapport old new)
[ "${BENCH_FULL:-1}" = 0 ] || jobs+=(full)
for j in "${jobs[@]}"; do "run_$j" >/dev/null; : >"$tmp/$j.txt"; done   # warm-up: page cache, binaries
for i in $(seq "$runs"); do
  for j in "${jobs[@]}"; do "run_$j" >>"$tmp/$j.txt"; done
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
declare -A T M
for j in "${jobs[@]}"; do
  T[$j]=$(cut -d' ' -f1 "$tmp/$j.txt" | median); M[$j]=$(cut -d' ' -f2 "$tmp/$j.txt" | median)
done
report() { # NAME JOB FOLDER
  printf '%-34s median %6.2f s, peak RSS %5d MiB, %d pages; runs: %s\n' "$1:" "${T[$2]}" "$((${M[$2]%.*} / 1024))" \
    "$(find "$out/$3" -name index.html | wc -l)" "$(cut -d' ' -f1 "$tmp/$2.txt" | tr '\n' ' ')"
}
ratio() { awk -v a="${T[$2]}" -v b="${T[$3]}" -v c="${M[$2]}" -v d="${M[$3]}" -v n="$1" 'BEGIN {printf "%s: time %.2f, peak memory %.2f\n", n, a/b, c/d}'; }
report rapport rapport rapport
report "hugo $v_old" old old
report "hugo $v_new" new new
ratio "rapport/hugo-$v_old" rapport old
ratio "rapport/hugo-$v_new" rapport new

# The one-edit rebuild from a cold process: a sentence appended to the same
# playbook in both corpora before each run; rapport with its build cache
# (filled by one build first), Hugo $v_new rebuilding the same edit (it
# keeps no pages between processes). Output into the previous build's
# folder, as a user's rebuild does.
edited=he/p00000.md
"$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/rapport" -cache "$tmp/cache" >/dev/null 2>&1
: >"$tmp/re-rapport.txt"; : >"$tmp/re-hugo.txt"
for i in $(seq "$runs"); do
  for c in rapport/content hugo/content; do printf '\nOne more sentence %s.\n' "$i" >>"$tmp/corpus/$c/$edited"; done
  /usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$tmp/rapport" build -src "$tmp/corpus/rapport" -out "$out/rapport" -cache "$tmp/cache" >/dev/null
  cat "$tmp/t" >>"$tmp/re-rapport.txt"
  /usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$hugo_new" --source "$tmp/corpus/hugo" --config "hugo-$(dialect "$v_new").toml" --theme plain \
    --destination "$out/new" --quiet >/dev/null
  cat "$tmp/t" >>"$tmp/re-hugo.txt"
done
rt=$(cut -d' ' -f1 "$tmp/re-rapport.txt" | median); ht=$(cut -d' ' -f1 "$tmp/re-hugo.txt" | median)
rc=$(awk '{print $3 + $4}' "$tmp/re-rapport.txt" | median); hc=$(awk '{print $3 + $4}' "$tmp/re-hugo.txt" | median)
rss=$(cut -d' ' -f2 "$tmp/re-rapport.txt" | median)
awk -v a="$rt" -v b="$ht" -v v="$v_new" -v ac="$rc" -v bc="$hc" -v m="$rss" 'BEGIN {printf "one-edit rebuild, cold process: rapport %.2f s (CPU %.2f s, peak RSS %d MiB; build cache), hugo %s %.2f s (CPU %.2f s); rapport/hugo-%s: time %.2f\n", a, ac, m/1024, v, b, bc, v, a/b}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${BENCH_FULL:-1}" = 0 ] && exit 0
echo
echo "A user's comparison (not a target): Hugo $v_new with a theme showing what rapport's pages show, then Pagefind indexing its output"
report "hugo $v_new full theme + pagefind" full full
ratio "rapport/(hugo-$v_new+pagefind)" rapport full
