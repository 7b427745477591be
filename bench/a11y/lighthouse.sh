#!/usr/bin/env bash
# lighthouse.sh BASE OUTDIR PAGE...: Lighthouse (phone emulation, the
# default) on each page; prints one line of scores a page and keeps the
# JSON reports in OUTDIR.
set -euo pipefail
base=$1 out=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for p in "$@"; do
  name=$(echo "$p" | tr '/' '_')
  "$here/node_modules/.bin/lighthouse" "$base$p" --quiet --output=json --output-path="$out/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || { echo "lighthouse failed on $p"; continue; }
  node -e '
    const r = require(process.argv[1]), c = r.categories, s = k => Math.round(c[k].score * 100);
    const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map(a => a.id);
    console.log(`lighthouse ${process.argv[2].padEnd(40)} perf ${s("performance")} a11y ${s("accessibility")} bp ${s("best-practices")} seo ${s("seo")}` +
      (failed.length ? "  failed: " + failed.join(", ") : ""));
  ' "$out/$name.json" "$p"
done
