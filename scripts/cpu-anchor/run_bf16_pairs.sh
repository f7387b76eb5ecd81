#!/usr/bin/env bash
# The bfloat16 pairs of the CPU side-by-side comparison (docs/performance.md), in the chroot ../shared/cpu-anchor/setup.sh
# builds, with PixArt:Runtime:DType = bfloat16 on the C# side against diffusers with bfloat16 weights and inputs
# (diffusers_bf16.py, arm py-omp) and against diffusers in its default float32 (diffusers_bench.py, arm py-omp-fp32: what
# a diffusers user gets without torch_dtype, and what the C# arm is compared with as the project's default, since
# `auto` is bfloat16 for generation on CPUs with native bf16), interleaved and rotated per round like run_pairs.sh:
#   fwd-xl-bf16   the XL-2-256 forward (batch 2, 120 tokens, 2 threads) of `pixart bench denoiser`;
#   loop-xl-bf16  the XL-2-256 20-step DPM-Solver++ loop with guidance, run_pairs.sh's loop-xl in bfloat16.
# ROW lines go to $LOG in run_pairs.sh's format, so its summarize.py reads them.
# Usage: CP=/path/to/cpu-anchor [ROUNDS=3] [ROUND_OFFSET=0] scripts/cpu-anchor/run_bf16_pairs.sh [fwd-xl-bf16|loop-xl-bf16]
set -uo pipefail
CP=${CP:-${TMPDIR:-/tmp}/cpu-anchor}
ROUNDS=${ROUNDS:-3}
LOG=${LOG:-$CP/results/rows.log}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROOT="$CP/trixie"
mkdir -p "$CP/results/raw"
cp "$HERE/diffusers_bf16.py" "$CHROOT/opt/anchor/"
# diffusers_bench.py (run by both Python arms) is the anchor's own, copied into the chroot by its run_pairs.sh.
[ -f "$CHROOT/opt/anchor/diffusers_bench.py" ] || cp "${ANCHOR:-$HERE/../../../shared/cpu-anchor}/diffusers_bench.py" "$CHROOT/opt/anchor/"
for m in proc sys dev; do mountpoint -q "$CHROOT/$m" || { [ $m = proc ] && mount -t proc proc "$CHROOT/proc" || mount --bind /$m "$CHROOT/$m"; }; done
SECTION=${1:-fwd-xl-bf16}
py() {
  chroot "$CHROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root PYTHONPATH=/opt/pysrc HF_HUB_OFFLINE=1 \
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp python3 "$@"
}
arm() {
  local name=$1 raw="$CP/results/raw/$SECTION.$1.$ROUND.txt" line
  case $SECTION:$name in
    fwd-xl-bf16:cs) (cd "$CP/main" && ./pixart bench denoiser --preset XL-2-256 --size 256 --batch 2 --tokens 120 --warmup 1 --iterations 3 \
          --set PixArt:Runtime:Threads=2 --set PixArt:Runtime:DType=bfloat16) >"$raw" 2>&1 ;;
    fwd-xl-bf16:py-omp) py /opt/anchor/diffusers_bf16.py forward --config xl256 --warmup 1 --iterations 3 >"$raw" 2>&1 ;;
    fwd-xl-bf16:py-omp-fp32) py /opt/anchor/diffusers_bench.py forward --config xl256 --warmup 1 --iterations 3 >"$raw" 2>&1 ;;
    loop-xl-bf16:cs) (cd "$CP/main" && ./pixart bench generate --random-weights --size 256 --steps 20 --warmup 0 --iterations 1 \
          --set PixArt:Runtime:Threads=2 --set PixArt:Runtime:DType=bfloat16 --set PixArt:Denoiser:Preset=XL-2-256 \
          --set PixArt:TextEncoder:Path="$CP/models/xl256/text_encoder" --set PixArt:Codec:Path="$CP/main/models/pixart-tiny-random/vae") >"$raw" 2>&1 ;;
    loop-xl-bf16:py-omp) py /opt/anchor/diffusers_bf16.py loop --config xl256 --steps 20 --warmup 0 --iterations 1 >"$raw" 2>&1 ;;
    loop-xl-bf16:py-omp-fp32) py /opt/anchor/diffusers_bench.py loop --config xl256 --steps 20 --warmup 0 --iterations 1 >"$raw" 2>&1 ;;
    *) echo "unknown arm $SECTION:$name" >&2; return 1 ;;
  esac
  # C# generate reports the loop on its "denoise" line, as run_pairs.sh reads it; everything else prints RESULT.
  if [[ $SECTION:$name == loop-*:cs ]]; then line=$(grep -E '^\s+denoise\s' "$raw")
  else line=$(grep -E '^RESULT' "$raw" | tail -1); fi
  [ -n "$line" ] || { echo "FAILED $SECTION $name round $ROUND (see $raw)" >&2; tail -5 "$raw" >&2; return 1; }
  local med min max
  med=$(grep -oE '(median_ms|median)=[0-9.]+' <<<"$line" | head -1 | cut -d= -f2)
  min=$(grep -oE '(min_ms|min)=[0-9.]+' <<<"$line" | head -1 | cut -d= -f2)
  max=$(grep -oE '(max_ms|max)=[0-9.]+' <<<"$line" | head -1 | cut -d= -f2)
  echo "ROW section=$SECTION arm=$name round=$ROUND median_ms=$med min_ms=$min max_ms=$max load1=$(cut -d' ' -f1 /proc/loadavg) time=$(date +%H:%M:%S)" | tee -a "$LOG"
}
ARMS=(cs py-omp py-omp-fp32)
for ((ROUND = ${ROUND_OFFSET:-0} + 1; ROUND <= ${ROUND_OFFSET:-0} + ROUNDS; ROUND++)); do
  n=${#ARMS[@]}
  for ((k = 0; k < n; k++)); do arm "${ARMS[$(((k + ROUND - 1) % n))]}"; done
done
