// The PixArt web page: plain JavaScript against the server's own API (no build step). Progress comes from the job's
// server-sent events, read with fetch so that an API key can ride in the Authorization header.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const url = path => new URL(path, document.baseURI).toString();
  const storedKey = () => localStorage.getItem('pixart.key') || '';
  let current = null;

  $('key').value = storedKey();
  $('key').addEventListener('change', e => localStorage.setItem('pixart.key', e.target.value.trim()));

  function headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (storedKey()) h['Authorization'] = 'Bearer ' + storedKey();
    return h;
  }

  async function call(method, path, body) {
    const response = await fetch(url(path), { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) $('key-box').open = true;
    return response;
  }

  function setStatus(text) { $('status').textContent = text; }

  function showProblem(problem) {
    const list = $('errors');
    list.replaceChildren();
    const lines = problem.errors
      ? Object.entries(problem.errors).flatMap(([field, messages]) => messages.map(m => `${field}: ${m}`))
      : [`${problem.title || 'error'}${problem.detail ? ': ' + problem.detail : ''}`];
    for (const line of lines) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
  }

  async function loadModel() {
    const response = await call('GET', 'v1/models');
    if (!response.ok) {
      $('model').textContent = response.status === 401 ? 'API key required (see below)' : 'model unavailable';
      return;
    }
    const model = (await response.json()).data[0];
    $('model').textContent = `${model.id} · native ${model.native_size}×${model.native_size}`;
    const sides = [...new Set([64, 128, 256, 384, 512, 768, 1024, model.native_size])]
      .filter(s => s % model.size_multiple === 0 && s <= model.limits.max_side).sort((a, b) => a - b);
    $('size').replaceChildren(...sides.map(s => new Option(`${s}×${s}`, `${s}x${s}`, s === model.native_size, s === model.native_size)));
    $('sampler').replaceChildren(...model.samplers.map(s => new Option(s, s, s === model.default_sampler, s === model.default_sampler)));
    $('steps').max = model.limits.max_steps;
    $('count').max = model.limits.max_n;
    $('guidance').max = model.limits.max_guidance_scale;
  }

  async function watchReadiness() {
    const badge = $('ready');
    try {
      const response = await fetch(url('readyz'));
      const body = await response.json();
      badge.textContent = body.status;
      badge.classList.toggle('ok', response.ok);
      if (response.ok) return;
    } catch {
      badge.textContent = 'offline';
    }
    setTimeout(watchReadiness, 2000);
  }

  // Reads a server-sent event stream; calls onEvent(type, data) per event until the stream ends.
  async function readEvents(path, onEvent, signal) {
    const response = await fetch(new URL(path, location.origin), { headers: { ...headers(false), Accept: 'text/event-stream' }, signal });
    if (!response.ok) throw new Error(`events: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        let type = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent(type, JSON.parse(data.join('\n')));
      }
    }
  }

  async function addToGallery(job) {
    const gallery = $('gallery');
    for (const image of job.images) {
      const response = await fetch(new URL(image.url, location.origin), { headers: headers(false) });
      if (!response.ok) continue;
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = URL.createObjectURL(await response.blob());
      img.alt = job.parameters.prompt;
      const caption = document.createElement('figcaption');
      const title = document.createElement('b');
      title.textContent = job.parameters.prompt || '(empty prompt)';
      const p = job.parameters;
      caption.append(title, `seed ${image.seed} · ${p.size} · ${p.sampler} · ${p.steps} steps · guidance ${p.guidance_scale}`
        + (p.negative_prompt ? ` · negative: ${p.negative_prompt}` : ''));
      figure.append(img, caption);
      figure.dataset.seed = image.seed;
      gallery.prepend(figure);
    }
  }

  function finish() {
    current = null;
    $('generate').disabled = false;
    $('cancel').disabled = true;
  }

  async function follow(job) {
    const progress = $('progress');
    progress.max = job.total;
    progress.value = 0;
    let last = null;
    await readEvents(job.links.events, (type, e) => {
      last = type;
      if (type === 'queued') setStatus(`queued (position ${e.position})`);
      else if (type === 'started') setStatus('running');
      else if (type === 'progress') {
        progress.max = e.total;
        progress.value = e.step;
        setStatus(`step ${e.step} / ${e.total}`);
        if (e.preview) {
          $('preview').src = e.preview;
          $('preview').hidden = false;
        }
      } else if (type === 'failed') setStatus(`failed: ${e.message}`);
      else if (type === 'cancelled') setStatus(`cancelled: ${e.message}`);
      else if (type === 'completed') {
        progress.value = progress.max;
        setStatus('done');
      }
    });
    if (last === 'completed') {
      const response = await call('GET', job.links.self);
      if (response.ok) await addToGallery(await response.json());
      $('preview').hidden = true;
    }
  }

  $('form').addEventListener('submit', async event => {
    event.preventDefault();
    $('errors').replaceChildren();
    const steps = Number($('steps').value);
    const body = {
      prompt: $('prompt').value,
      negative_prompt: $('negative').value || undefined,
      size: $('size').value || undefined,
      steps,
      sampler: $('sampler').value || undefined,
      guidance_scale: Number($('guidance').value),
      seed: Number($('seed').value),
      n: Number($('count').value),
      preview_every: Math.max(1, Math.round(steps / 10)),
    };
    $('generate').disabled = true;
    try {
      const response = await call('POST', 'v1/jobs', body);
      const answer = await response.json();
      if (!response.ok) {
        showProblem(answer);
        setStatus(response.status === 429 ? `queue full, retry in ${response.headers.get('Retry-After')} s` : 'not accepted');
        finish();
        return;
      }
      current = answer.id;
      $('cancel').disabled = false;
      await follow(answer);
    } catch (error) {
      setStatus(String(error));
    }
    finish();
  });

  $('cancel').addEventListener('click', async () => {
    if (!current) return;
    $('cancel').disabled = true;
    const response = await call('DELETE', `v1/jobs/${current}`);
    if (!response.ok && response.status !== 204) showProblem(await response.json());
  });

  loadModel();
  watchReadiness();
})();
