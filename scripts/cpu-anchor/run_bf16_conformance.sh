#!/usr/bin/env bash
# diffusers' own bfloat16 error on the transformer reference cases (diffusers_bf16_conformance.py), in the chroot that
# ../shared/cpu-anchor/setup.sh builds. Prints one RESULT line per case and dtype.
# Usage: CP=/path/to/cpu-anchor [PIXART_GOLDEN_DIR=...] scripts/cpu-anchor/run_bf16_conformance.sh [CASE...]
set -euo pipefail
CP=${CP:-${TMPDIR:-/tmp}/cpu-anchor}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOLDEN=${PIXART_GOLDEN_DIR:-$HERE/../../../shared/golden}
CHROOT="$CP/trixie"
CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || CASES=(transformer_tiny transformer_tiny_ms)
for m in proc sys dev; do mountpoint -q "$CHROOT/$m" || { [ $m = proc ] && mount -t proc proc "$CHROOT/proc" || mount --bind /$m "$CHROOT/$m"; }; done
work="$CHROOT/tmp/bf16-conformance"
rm -rf "$work" && mkdir -p "$work"
cp "$HERE/diffusers_bf16_conformance.py" "$work/"
for c in "${CASES[@]}"; do cp -r "$GOLDEN/$c" "$work/"; done
chroot "$CHROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root PYTHONPATH=/opt/pysrc HF_HUB_OFFLINE=1 \
  python3 /tmp/bf16-conformance/diffusers_bf16_conformance.py "${CASES[@]/#//tmp/bf16-conformance/}" 2>/dev/null | grep '^RESULT'
rm -rf "$work"
