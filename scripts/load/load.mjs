// A bounded burst against a running `pixart serve` on loopback (Node 20+, no packages):
//   node scripts/load/load.mjs --url http://127.0.0.1:7860 --requests 200 --concurrency 16 [--cancel-every 10] [--pid PID]
// Each of `concurrency` clients submits jobs (POST /v1/jobs), follows each one's event stream to its end, and cancels
// every `cancel-every`-th job as soon as it is accepted. A 429 is retried after its Retry-After (at most 5 times).
// Checks: every accepted job ends completed, or cancelled when its cancellation was asked; none is lost (its final state
// is also what GET /v1/jobs/{id} says). With --pid the server's resident memory is sampled (/proc/PID/status).
// Prints one JSON summary line (throughput, p50/p95 latency, memory) and exits 1 when a check fails.
import { readFileSync } from 'node:fs';

const options = { url: 'http://127.0.0.1:7860', requests: 200, concurrency: 16, 'cancel-every': 10, size: '64x64', steps: 8, key: process.env.PIXART_API_KEY ?? '', pid: 0, label: '', 'timeout-s': 600 };
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  if (!(name in options)) throw new Error(`unknown option --${name}; known: ${Object.keys(options).join(', ')}`);
  options[name] = typeof options[name] === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}
const base = options.url.replace(/\/$/, '');
const headers = { 'Content-Type': 'application/json', ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}) };
const deadline = Date.now() + options['timeout-s'] * 1000;

const memory = [];
function sampleMemory() {
  if (!options.pid) return;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${options.pid}/status`, 'utf8'));
    if (match) memory.push(Number(match[1]) / 1024);
  } catch { /* the process is gone */ }
}
sampleMemory();
const sampler = setInterval(sampleMemory, 200);

// Reads a job's server-sent events until the stream ends; returns the event types in order and the last event's data.
async function follow(path) {
  const response = await fetch(base + path, { headers: { ...headers, Accept: 'text/event-stream' }, signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
  if (!response.ok) throw new Error(`events ${path}: HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  const types = [];
  let last = null;
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (type) { types.push(type); last = data ? JSON.parse(data) : null; }
    }
  }
  return { types, last };
}

const results = [];
let next = 0;
let refusals = 0;
async function client() {
  while (next < options.requests && Date.now() < deadline) {
    const index = next++;
    const cancel = options['cancel-every'] > 0 && (index + 1) % options['cancel-every'] === 0;
    const body = { prompt: `load test image ${index}: a small red fox in the snow`, size: options.size, steps: options.steps, seed: index };
    const started = performance.now();
    let response;
    for (let attempt = 0; ; attempt++) {
      response = await fetch(`${base}/v1/jobs`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (response.status !== 429 || attempt === 5) break;
      refusals++;
      await new Promise(r => setTimeout(r, 1000 * Number(response.headers.get('retry-after') ?? 1)));
    }
    if (response.status !== 202) {
      results.push({ index, accepted: false, status: response.status });
      continue;
    }
    const job = await response.json();
    if (cancel) await fetch(`${base}/v1/jobs/${job.id}`, { method: 'DELETE', headers });
    const { types, last } = await follow(job.links.events);
    const final = types.at(-1);
    const status = await (await fetch(`${base}/v1/jobs/${job.id}`, { headers })).json();
    results.push({ index, id: job.id, accepted: true, cancel, final, stored: status.state, types, seconds: (performance.now() - started) / 1000, images: last?.images?.length ?? 0 });
  }
}

const wall = performance.now();
await Promise.all(Array.from({ length: options.concurrency }, client));
const seconds = (performance.now() - wall) / 1000;
clearInterval(sampler);
sampleMemory();

const accepted = results.filter(r => r.accepted);
const completed = accepted.filter(r => r.final === 'completed');
const cancelled = accepted.filter(r => r.final === 'cancelled');
const problems = [];
if (results.length !== options.requests) problems.push(`${options.requests - results.length} request(s) not sent before the time limit`);
for (const r of results.filter(r => !r.accepted)) problems.push(`request ${r.index} refused with HTTP ${r.status}`);
for (const r of accepted) {
  if (r.types[0] !== 'queued') problems.push(`${r.id}: first event ${r.types[0]}`);
  if (r.final !== r.stored) problems.push(`${r.id}: stream ended ${r.final} but the job is ${r.stored}`);
  if (r.cancel && r.final !== 'cancelled' && r.final !== 'completed') problems.push(`${r.id}: asked to cancel, ended ${r.final}`);
  if (!r.cancel && r.final !== 'completed') problems.push(`${r.id}: ended ${r.final}`);
  if (r.final === 'completed' && r.images !== 1) problems.push(`${r.id}: completed with ${r.images} images`);
}
const latencies = completed.filter(r => !r.cancel).map(r => r.seconds).sort((a, b) => a - b);
const quantile = q => latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(3)) : null;
const summary = {
  label: options.label,
  requests: options.requests, concurrency: options.concurrency, size: options.size, steps: options.steps,
  accepted: accepted.length, completed: completed.length, cancelled: cancelled.length,
  cancel_asked: accepted.filter(r => r.cancel).length, cancel_too_late: accepted.filter(r => r.cancel && r.final === 'completed').length,
  refused_429_retried: refusals, lost: accepted.filter(r => !['completed', 'cancelled'].includes(r.final)).length,
  seconds: Number(seconds.toFixed(2)), images_per_second: Number((completed.length / seconds).toFixed(2)),
  latency_p50_s: quantile(0.5), latency_p95_s: quantile(0.95),
  rss_mb: memory.length ? { start: Math.round(memory[0]), peak: Math.round(Math.max(...memory)), end: Math.round(memory.at(-1)) } : null,
  problems,
};
console.log(JSON.stringify(summary));
process.exit(problems.length ? 1 : 0);
