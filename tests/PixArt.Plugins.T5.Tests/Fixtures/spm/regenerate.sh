#!/usr/bin/env bash
# Regenerates the tokenizer fixtures with Google's SentencePiece command-line tools
# (Debian/Ubuntu: apt-get install -y sentencepiece). CI does not run this: the outputs are committed.
#   corpus.txt          training text (made by make_corpus.py, deterministic)
#   tiny_t5.model       unigram model with T5's special-token layout (pad 0, eos 1, unk 2, no BOS), nmt_nfkc
#   test_sentences.txt  prompts to encode (hand-written: accents, widths, unknown characters, whitespace)
#   expected_ids.txt    spm_encode --output_format=id of each line (no EOS: the tokenizer under test adds it)
set -euo pipefail
cd "$(dirname "$0")"
python3 make_corpus.py
spm_train --input=corpus.txt --model_prefix=tiny_t5 --vocab_size=400 --model_type=unigram \
  --pad_id=0 --eos_id=1 --unk_id=2 --bos_id=-1 --character_coverage=1.0 \
  --normalization_rule_name=nmt_nfkc --seed_sentencepiece_size=20000 --num_threads=1 >/dev/null 2>&1
rm -f tiny_t5.vocab
spm_encode --model=tiny_t5.model --output_format=id < test_sentences.txt > expected_ids.txt
spm_encode --model=tiny_t5.model --output_format=piece < test_sentences.txt > expected_pieces.txt
spm_encode --model=tiny_t5.model --output_format=id < corpus.txt > expected_corpus_ids.txt
