#!/usr/bin/env bash
# Runs the load script (load.mjs) against a Redis-backed deployment on loopback: a redis-server on a free port with a
# temporary directory, one `pixart serve` API process, and first one, then two worker processes (each on one thread;
# `--set` options after the arguments go to every process). For comparison, the same burst against one in-process
# server on one thread first. Every process is stopped with SIGTERM afterwards, Redis too.
# Usage: scripts/load/run-scaleout.sh [REQUESTS] [CONCURRENCY] [SIZE] [STEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-200}" concurrency="${2:-16}" size="${3:-64x64}" steps="${4:-8}"
command -v node >/dev/null || { echo "node (20+) is required" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is required (apt-get install redis-server)" >&2; exit 1; }
"$root/pixart" --help >/dev/null # builds the CLI (Release) when needed
dll="$root/host/PixArt.Cli/bin/Release/net10.0/PixArt.Cli.dll"
work="$(mktemp -d)"
pids=()
cleanup() {
  stop "${pids[@]}"
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --appendonly yes --save "" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
common=(--set PixArt:Runtime:Threads=1 --set PixArt:Server:MaxBatchSize=8 --set PixArt:Server:BatchWindowMs=50)

# Starts `pixart serve` with the arguments; prints its pid and URL once /readyz answers 200.
serve() {
  local log="$work/serve-$RANDOM.log"
  Logging__LogLevel__Default=Warning dotnet "$dll" serve --port 0 "${common[@]}" "$@" >"$log" 2>&1 &
  local pid=$! url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    [ -n "$url" ] && curl -sf "$url/readyz" >/dev/null && break
    sleep 0.2
  done
  [ -n "$url" ] || { cat "$log" >&2; exit 1; }
  echo "$pid $url"
}

# Stops the processes (SIGTERM) and waits until they are gone (they are not this shell's children: serve runs in a
# process substitution).
stop() {
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
}

load() {
  node "$root/scripts/load/load.mjs" --url "$2" --requests "$requests" --concurrency "$concurrency" --size "$size" --steps "$steps" --pid "$1" --label "$3" \
    || { tail -n 20 "$work"/serve-*.log >&2; exit 1; }
}

read -r pid url < <(serve)
pids+=("$pid")
load "$pid" "$url" in-process
stop "$pid"

for workers in 1 2; do
  queue=(--set PixArt:Server:Queue:Type=redis --set "PixArt:Server:Queue:Connection=127.0.0.1:$port" --set "PixArt:Server:Queue:KeyPrefix=load$workers")
  read -r api url < <(serve "${queue[@]}" --set PixArt:Server:Role=api)
  group=("$api")
  for k in $(seq 1 "$workers"); do
    read -r worker _ < <(serve "${queue[@]}" --set PixArt:Server:Role=worker --set "PixArt:Server:Queue:WorkerName=load-worker-$k")
    group+=("$worker")
  done
  pids+=("${group[@]}")
  load "$api" "$url" "redis, $workers worker(s)"
  stop "${group[@]}"
done
