#!/usr/bin/env bash
# Every GPU check of the project in one run, for a CUDA machine with PyTorch and no .NET (docs/gpu.md):
#   here:   ../shared/gpu/pack.sh host/PixArt.Cli/PixArt.Cli.csproj      (builds .gpu/, git-ignored)
#   there:  bash scripts/gpu-check.sh                                     (logs and a summary under $OUT or /tmp/pixart-gpu)
# About 5 minutes on an H100/H200, most of it building the random-weight XL pipeline.
set -uo pipefail
out="${OUT:-/tmp/pixart-gpu}"
mkdir -p "$out"
run() {
  local name=$1; shift
  echo "== $name: pixart $*" | tee "$out/$name.log"
  timeout 900 bash .gpu/device-run.sh app/PixArt.Cli/PixArt.Cli.dll "$@" >>"$out/$name.log" 2>&1
  echo "exit $?" >>"$out/$name.log"
  tail -n 4 "$out/$name.log"
}
nvidia-smi >"$out/nvidia-smi.txt" 2>&1
run doctor doctor --device cuda
run denoiser-1024 bench denoiser --device cuda --dtype bfloat16 --preset XL-2-1024-MS --size 1024 --batch 2 --tokens 120 --warmup 5 --iterations 20
run denoiser-512 bench denoiser --device cuda --dtype bfloat16 --preset XL-2-1024-MS --size 512 --batch 2 --tokens 120 --warmup 5 --iterations 20
run generate-1024 bench generate --random-weights --device cuda --dtype bfloat16 --size 1024 --steps 20 --warmup 1 --iterations 5
{ date -u; head -n 1 "$out/nvidia-smi.txt"; grep -h -A5 '^RESULT' "$out"/*.log; grep -h '^exit' "$out"/*.log | sort | uniq -c; } | tee "$out/summary.txt"
