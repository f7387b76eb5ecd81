// Expected all-MiniLM-L6-v2 token ids from Hugging Face's own tokenizer pipeline (Tokenizers.js, the JS port of the
// `tokenizers` crate), fed a tokenizer.json with the layout of the model's published one: BertNormalizer (clean text,
// CJK spacing, lower-case, accents stripped because strip_accents is null), BertPreTokenizer, WordPiece over vocab.txt
// ([UNK], "##", 100 chars per word), [CLS] ... [SEP] template. Usage: node make_ids.mjs vocab.txt sentences.jsonl > expected_ids.txt
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const [vocabPath, sentencesPath] = process.argv.slice(2);
const tokens = readFileSync(vocabPath, "utf8").split(/\r?\n/);
if (tokens.at(-1) === "") tokens.pop();
const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map(content => ({
  id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
}));
const tokenizerJson = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: special,
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } },
           { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
    special_tokens: {
      "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] },
      "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] },
    },
  },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
};
const tokenizerConfig = {
  tokenizer_class: "BertTokenizer", do_lower_case: true, strip_accents: null, tokenize_chinese_chars: true, model_max_length: 512,
  cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]",
};
const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
for (const line of readFileSync(sentencesPath, "utf8").split("\n")) {
  if (line.trim() === "") continue;
  const text = JSON.parse(line);
  console.log(tokenizer.encode(text, { add_special_tokens: true }).ids.join(" "));
}
