#!/usr/bin/env bash
# Serves two builds from Debian's nginx with the configuration README's
# "Hosting" section describes (.ci/nginx.conf): the sample site under
# -base-url /training/ and testdata/features under /features/, on a
# loopback port, from a temporary folder; cmd/rapport's TestHosting then
# crawls both from their root. nginx is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

NGINX=/usr/sbin/nginx
if [ ! -x "$NGINX" ]; then
  echo "ci: installing nginx for the hosting test"
  apt-get update -qq && apt-get install -y -qq nginx >/dev/null
fi

tmp=$(mktemp -d)
stop() {
  if [ -f "$tmp/nginx.pid" ]; then "$NGINX" -p "$tmp" -c "$tmp/nginx.conf" -s quit 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$tmp"
}
trap stop EXIT
mkdir -p "$tmp/tmp" "$tmp/www"

go run ./cmd/rapport build -cache off -base-url /training/ -out "$tmp/www/training" >/dev/null
go run ./cmd/rapport build -cache off -src testdata/features -base-url /features/ -out "$tmp/www/features" >/dev/null
chmod -R a+rX "$tmp" # nginx's workers may run as another user

for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  sed -e "s|@ROOT@|$tmp|g" -e "s|@PORT@|$port|g" .ci/nginx.conf > "$tmp/nginx.conf"
  if "$NGINX" -p "$tmp" -c "$tmp/nginx.conf" 2>"$tmp/start.log"; then break; fi
  if [ "$attempt" -eq 5 ]; then cat "$tmp/start.log"; exit 1; fi
done

RAPPORT_NGINX="http://127.0.0.1:$port" RAPPORT_NGINX_ROOT="$tmp/www" \
  go test -count=1 -run '^TestHosting$' ./cmd/rapport
