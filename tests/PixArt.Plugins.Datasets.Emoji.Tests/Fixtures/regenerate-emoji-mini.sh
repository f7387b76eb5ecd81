#!/usr/bin/env bash
# Regenerates Fixtures/emoji-mini: a full build of the emoji dataset (npm + the npm registry on first use; the packages
# are cached in ~/.cache/pixart/emoji) cut down to five classes x three emoji x both styles.
# Usage: regenerate-emoji-mini.sh [FULL_DATASET_DIR]   (an existing full build is reused; otherwise one is made in a temp folder)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
full="${1:-$(mktemp -d)/emoji-full}"
tool=(dotnet run --project "$repo/tools/PixArt.Tools.EmojiData" --)
[ -f "$full/dataset.json" ] || "${tool[@]}" build --out "$full"
rm -rf "$here/emoji-mini.new"
"${tool[@]}" subset --from "$full" --out "$here/emoji-mini.new" \
  --classes face-smiling,animal-mammal,food-fruit,transport-ground,hand-fingers-open --per-class 3
rm -rf "$here/emoji-mini"
mv "$here/emoji-mini.new" "$here/emoji-mini"
