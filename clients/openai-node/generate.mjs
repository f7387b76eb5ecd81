// Generates one image from a `pixart serve` with the official OpenAI client for Node, used exactly as for OpenAI:
//   node generate.mjs http://127.0.0.1:7860/v1 out.png
// The API key comes from PIXART_API_KEY (any text when the server has no keys: the client insists on one).
import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';

const [baseURL = 'http://127.0.0.1:7860/v1', out = 'openai-node.png'] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: process.env.PIXART_API_KEY || 'no-key' });

const models = await client.models.list();
const model = models.data[0].id;
const result = await client.images.generate({
  model,
  prompt: 'a small red fox in the snow',
  n: 1,
  size: '256x256',
  response_format: 'b64_json',
});
const png = Buffer.from(result.data[0].b64_json, 'base64');
writeFileSync(out, png);
console.log(JSON.stringify({ model, images: result.data.length, bytes: png.length, created: result.created }));
