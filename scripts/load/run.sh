#!/usr/bin/env bash
# Runs the load script (load.mjs) against a real `pixart serve` on loopback twice: with batching (up to 8 images per pass,
# 50 ms window) and without (one job per pass). Each server is started here on a free port, checked ready, and stopped
# with SIGTERM afterwards. Usage: scripts/load/run.sh [REQUESTS] [CONCURRENCY] [SIZE] [STEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-200}" concurrency="${2:-16}" size="${3:-64x64}" steps="${4:-8}"
command -v node >/dev/null || { echo "node (20+) is required" >&2; exit 1; }
"$root/pixart" --help >/dev/null # builds the CLI (Release) when needed
dll="$root/host/PixArt.Cli/bin/Release/net10.0/PixArt.Cli.dll"

run() {
  local label="$1"; shift
  local log; log="$(mktemp)"
  Logging__LogLevel__Default=Warning dotnet "$dll" serve --port 0 "$@" >"$log" 2>&1 &
  local pid=$!
  local url="" status=0
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    [ -n "$url" ] && curl -sf "$url/readyz" >/dev/null && break
    sleep 0.2
  done
  if [ -z "$url" ]; then cat "$log" >&2; kill "$pid"; exit 1; fi
  node "$root/scripts/load/load.mjs" --url "$url" --requests "$requests" --concurrency "$concurrency" --size "$size" --steps "$steps" --pid "$pid" --label "$label" || status=$?
  kill -TERM "$pid"; wait "$pid" || true
  rm -f "$log"
  return "$status"
}

run batched --set PixArt:Server:MaxBatchSize=8 --set PixArt:Server:BatchWindowMs=50
run unbatched --set PixArt:Server:MaxBatchSize=1
