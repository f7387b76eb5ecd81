#!/usr/bin/env bash
# The reference's own bfloat16 error on the golden cases (reference_bf16_conformance.py: transformer_*, vae_*, t5_*,
# pipeline_*), in the chroot that ../shared/cpu-anchor/setup.sh builds. Prints one RESULT line per case, output and dtype.
# Usage (as root, for chroot): CP=/path/to/cpu-anchor [PIXART_GOLDEN_DIR=...] scripts/cpu-anchor/run_bf16_conformance.sh [CASE...]
set -euo pipefail
CP=${CP:-${TMPDIR:-/tmp}/cpu-anchor}
[ -x "$CP/trixie/usr/bin/python3" ] || { echo "no cpu-anchor chroot at $CP/trixie (set CP to the folder ../shared/cpu-anchor/setup.sh built)" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOLDEN=${PIXART_GOLDEN_DIR:-$HERE/../../../shared/golden}
CHROOT="$CP/trixie"
CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || CASES=(transformer_tiny transformer_tiny_ms vae_tiny t5_tiny pipeline_tiny)
for m in proc sys dev; do mountpoint -q "$CHROOT/$m" || { [ $m = proc ] && mount -t proc proc "$CHROOT/proc" || mount --bind /$m "$CHROOT/$m"; }; done
work="$CHROOT/tmp/bf16-conformance"
trap 'rm -rf "$work" "$work.log"' EXIT
rm -rf "$work" && mkdir -p "$work"
cp "$HERE/reference_bf16_conformance.py" "$work/"
# pipeline_* reads the weights of transformer_tiny and vae_tiny from the folders next to it.
for c in "${CASES[@]}" transformer_tiny vae_tiny; do [ -d "$work/$c" ] || cp -r "$GOLDEN/$c" "$work/"; done
chroot "$CHROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root PYTHONPATH=/opt/pysrc HF_HUB_OFFLINE=1 \
  python3 /tmp/bf16-conformance/reference_bf16_conformance.py "${CASES[@]/#//tmp/bf16-conformance/}" 2>"$work.log" | grep '^RESULT' || { cat "$work.log" >&2; exit 1; }
