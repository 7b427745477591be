#!/usr/bin/env bash
# bench/a11y/run.sh [all | axe vnu lighthouse shots]: builds the sample site
# with its full URL and checks it as readers and their tools meet it:
#   axe         axe-core on the pages below, phone size, light and dark
#   vnu         the Nu HTML checker on every built page (errors only)
#   lighthouse  Lighthouse 12, phone emulation, on the pages below
#   shots       screenshots at 1280 and 390 px, light and dark, into $OUT/shots
#               (SHOTS="calculator status" limits them to those pages; see shots.js)
# Needs node, npm, java (vnu) and Debian's chromium (CHROME_PATH). The npm
# packages go into bench/a11y/node_modules (git-ignored), pinned by
# package-lock.json. OUT (default /tmp/rapport-a11y) keeps the site and reports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
what=" ${*:-all} "
out=${OUT:-/tmp/rapport-a11y}
port=${PORT:-8097}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
base="http://127.0.0.1:$port/"

# A playbook, a calculator page, a home page and the search page in he, ar, th;
# then the pages a learner or trainer reaches from them: a knowledge check, a
# path step (with its banner), the path, the progress and certificate pages,
# the handouts (print pages, an article's and a path's), a 404 page and the
# translation status page.
pages=(
  he/global-perspective/why-it-matters/ he/global-perspective/measuring-success/ he/ he/search/
  ar/loyalty/why-it-matters/ ar/loyalty/measuring-loyalty/ ar/ ar/search/
  th/guide/why-it-matters/ th/guide/measuring-success/ th/ th/search/
  he/global-perspective/knowledge-check/ "he/global-perspective/strategies/?path=first-steps" he/paths/first-steps/
  he/progress/ ar/progress/ th/progress/ he/certificate/ ar/certificate/ th/certificate/ bg/certificate/
  he/print/global-perspective/ ar/print/loyalty/ th/print/guide/ he/paths/first-steps/print/
  he/404.html status/
)

if [ ! -x "$here/node_modules/.bin/lighthouse" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi
rm -rf "$out/site" && mkdir -p "$out"
(cd "$root" && go run ./cmd/rapport build -cache off -out "$out/site" -base-url "$base" >/dev/null)
node "$here/serve.js" "$out/site" "$port" >/dev/null &
server=$!
trap 'kill $server' EXIT
sleep 0.5

status=0
if [[ $what == *" all "* || $what == *" vnu "* ]]; then
  echo "== vnu (Nu HTML checker), every page"
  if java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$out/site" 2>"$out/vnu.txt"; then
    echo "vnu: no errors in $(find "$out/site" -name '*.html' | wc -l) pages"
  else
    status=1; sed "s|$out/site/||" "$out/vnu.txt" | head -40
  fi
fi
if [[ $what == *" all "* || $what == *" axe "* ]]; then
  echo "== axe-core $(node -p 'require("'"$here"'/node_modules/axe-core/package.json").version')"
  node "$here/axe.js" "$base" "${pages[@]}" || status=1
fi
if [[ $what == *" all "* || $what == *" lighthouse "* ]]; then
  echo "== lighthouse $(node -p 'require("'"$here"'/node_modules/lighthouse/package.json").version'), phone"
  "$here/lighthouse.sh" "$base" "$out/lighthouse" "${pages[@]}"
fi
if [[ $what == *" shots "* ]]; then
  mkdir -p "$out/shots" && node "$here/shots.js" "$base" "$out/shots" ${SHOTS:-} && echo "screenshots in $out/shots"
fi
exit $status
