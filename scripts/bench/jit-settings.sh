#!/usr/bin/env bash
# JIT settings against ReadyToRun where the CLI spends its time once started: the tiny denoiser's forward after a short
# warm-up (10 runs, as ../shared/cpu-anchor's fwd-tiny-1t arm) and at steady state (300 warm-up runs, as fwd-tiny-long-1t),
# the embedded model's 20-step generation (bench generate, as the loop-tiny-1t arm) and the README's generate command
# (wall time of the process). 1 thread, float32, arms interleaved round by round. docs/performance.md, "JIT warm-up in
# the hot loop", has the measured table.
#
# Arms: jit (the plain Release build ./pixart runs), r2r (dotnet publish -p:PublishReadyToRun=true, and the plugins on
# the hot path published the same way), both again with DOTNET_TieredPGO=0, and jit with DOTNET_TieredCompilation=0.
# Usage: [ROUNDS=5] scripts/bench/jit-settings.sh        (prints one line per round and arm, then medians per arm)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=${ROUNDS:-5}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build host/PixArt.Cli -c Release -v q -nologo >/dev/null
jit=host/PixArt.Cli/bin/Release/net10.0/PixArt.Cli.dll
echo "publishing ReadyToRun into $work/r2r ..." >&2
dotnet publish host/PixArt.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -v q -nologo >/dev/null
for p in Transformer AdaLnSingle CrossAttention Samplers.DpmSolver SdVae MiniLM; do
  dotnet publish "plugins/PixArt.Plugins.$p" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/plugin-$p" -v q -nologo >/dev/null
  cp "$work/plugin-$p/PixArt.Plugins.$p.dll" "$work/r2r/plugins/PixArt.Plugins.$p/"
done
r2r="$work/r2r/PixArt.Cli.dll"
# A ReadyToRun image carries the "RTR" signature of its native header; check the publish really produced them.
for dll in "$r2r" "$work/r2r/TorchSharp.dll" "$work/r2r/plugins/PixArt.Plugins.Transformer/PixArt.Plugins.Transformer.dll"; do
  grep -q "RTR" "$dll" || { echo "$dll is not ReadyToRun-compiled" >&2; exit 1; }
done
tiny=(--set PixArt:Denoiser:HiddenSize=64 --set PixArt:Denoiser:Depth=2 --set PixArt:Denoiser:Heads=4 --set PixArt:Denoiser:CaptionChannels=64)
common=(--dtype float32 --set PixArt:Runtime:Threads=1)
arm() {
  case $1 in
    jit) echo "env dotnet $jit" ;;
    r2r) echo "env dotnet $r2r" ;;
    jit-pgo0) echo "env DOTNET_TieredPGO=0 dotnet $jit" ;;
    r2r-pgo0) echo "env DOTNET_TieredPGO=0 dotnet $r2r" ;;
    jit-tc0) echo "env DOTNET_TieredCompilation=0 dotnet $jit" ;;
  esac
}
# measure NAME PATTERN COMMAND...: runs COMMAND, keeps its output in $work/NAME.log and prints the median of the line
# matching PATTERN; on a failure or a missing line it shows the log's end and stops.
measure() {
  local name=$1 pattern=$2; shift 2
  local value
  if "$@" >"$work/$name.log" 2>&1 && value=$(grep "$pattern" "$work/$name.log" | sed 's/.*median=\([0-9.]*\) ms.*/\1/') && [ -n "$value" ]; then
    echo "$value"
  else
    echo "$name failed: $*" >&2; tail -20 "$work/$name.log" >&2; exit 1
  fi
}
for r in $(seq "$rounds"); do
  for a in jit r2r jit-pgo0 r2r-pgo0 jit-tc0; do
    fwd=$(measure "fwd-$r-$a" '^RESULT denoiser ' $(arm $a) bench denoiser --preset XL-2-256 --size 256 --batch 2 --tokens 120 --warmup 10 --iterations 50 "${common[@]}" "${tiny[@]}")
    steady=$(measure "steady-$r-$a" '^RESULT denoiser ' $(arm $a) bench denoiser --preset XL-2-256 --size 256 --batch 2 --tokens 120 --warmup 300 --iterations 200 "${common[@]}" "${tiny[@]}")
    loop=$(measure "loop-$r-$a" '^  total' $(arm $a) bench generate --steps 20 --warmup 2 --iterations 5 "${common[@]}")
    TIMEFORMAT=%R
    wall=$( { time $(arm $a) generate --prompt "a smiling cat face" --out "$work/cat.png" --overwrite "${common[@]}" >"$work/readme-$r-$a.log" 2>&1; } 2>&1 ) \
      || { echo "the README command failed under $a" >&2; tail -20 "$work/readme-$r-$a.log" >&2; exit 1; }
    echo "round=$r arm=$a fwd_tiny_ms=$fwd fwd_tiny_steady_ms=$steady loop_ms=$loop readme_cmd_s=$wall" | tee -a "$work/rounds"
  done
done
python3 - "$work/rounds" <<'PY'
import collections, statistics, sys
arms = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    fields = dict(f.split("=") for f in line.split())
    for key in ("fwd_tiny_ms", "fwd_tiny_steady_ms", "loop_ms", "readme_cmd_s"):
        arms[fields["arm"]][key].append(float(fields[key]))
for arm, series in arms.items():
    print(f"MEDIAN arm={arm} " + " ".join(f"{k}={statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})" for k, v in series.items()))
PY
