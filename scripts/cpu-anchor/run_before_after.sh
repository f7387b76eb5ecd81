#!/usr/bin/env bash
# The "before" column of the CPU side-by-side comparison (docs/performance.md): the XL-2-256 20-step DPM-Solver++ loop
# with guidance (run_pairs.sh's loop-xl, float32, 2 threads) of an older build of this project (arm `before`, a clone
# built at the commit to compare, in $BEFORE), of the current build (arm `cs`, in $CP/main) and of diffusers (arm
# `py-omp`), interleaved and rotated per round like run_pairs.sh. Both C# arms run with PixArt:Runtime:DType=float32.
# ROW lines go to $LOG in run_pairs.sh's format: summarize.py prints cs/before and cs/py-omp per round.
# Usage: CP=/path/to/cpu-anchor BEFORE=/path/to/older/clone [ROUNDS=3] scripts/cpu-anchor/run_before_after.sh
set -uo pipefail
CP=${CP:-${TMPDIR:-/tmp}/cpu-anchor}
BEFORE=${BEFORE:?set BEFORE to a clone of this repository checked out and built at the older commit}
ROUNDS=${ROUNDS:-3}
LOG=${LOG:-$CP/results/rows.log}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROOT="$CP/trixie"
SECTION=loop-xl-before-after
mkdir -p "$CP/results/raw"
[ -f "$CHROOT/opt/anchor/diffusers_bench.py" ] || cp "${ANCHOR:-$HERE/../../../shared/cpu-anchor}/diffusers_bench.py" "$CHROOT/opt/anchor/"
for m in proc sys dev; do mountpoint -q "$CHROOT/$m" || { [ $m = proc ] && mount -t proc proc "$CHROOT/proc" || mount --bind /$m "$CHROOT/$m"; }; done
cs_loop() {
  (cd "$1" && ./pixart bench generate --random-weights --size 256 --steps 20 --warmup 0 --iterations 1 --set PixArt:Runtime:Threads=2 \
    --set PixArt:Runtime:DType=float32 --set PixArt:Denoiser:Preset=XL-2-256 --set PixArt:TextEncoder:Path="$CP/models/xl256/text_encoder" \
    --set PixArt:Codec:Path="$CP/main/models/pixart-tiny-random/vae")
}
arm() {
  local name=$1 raw="$CP/results/raw/$SECTION.$1.$ROUND.txt" line
  case $name in
    before) cs_loop "$BEFORE" >"$raw" 2>&1 ;;
    cs) cs_loop "$CP/main" >"$raw" 2>&1 ;;
    py-omp) chroot "$CHROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root PYTHONPATH=/opt/pysrc HF_HUB_OFFLINE=1 \
          LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp python3 /opt/anchor/diffusers_bench.py loop --config xl256 --steps 20 \
          --warmup 0 --iterations 1 >"$raw" 2>&1 ;;
  esac
  if [[ $name == py-omp ]]; then line=$(grep -E '^RESULT' "$raw" | tail -1); else line=$(grep -E '^\s+denoise\s' "$raw"); fi
  [ -n "$line" ] || { echo "FAILED $SECTION $name round $ROUND (see $raw)" >&2; tail -5 "$raw" >&2; return 1; }
  local med
  med=$(grep -oE '(median_ms|median)=[0-9.]+' <<<"$line" | head -1 | cut -d= -f2)
  echo "ROW section=$SECTION arm=$name round=$ROUND median_ms=$med min_ms=$med max_ms=$med load1=$(cut -d' ' -f1 /proc/loadavg) time=$(date +%H:%M:%S)" | tee -a "$LOG"
}
ARMS=(before cs py-omp)
for ((ROUND = ${ROUND_OFFSET:-0} + 1; ROUND <= ${ROUND_OFFSET:-0} + ROUNDS; ROUND++)); do
  for ((k = 0; k < 3; k++)); do arm "${ARMS[$(((k + ROUND - 1) % 3))]}"; done
done
