// flowmap live view: samples, target, loss chart and KL table, updated over server-sent events.
'use strict';

const LIMIT = 2.5;                 // plots show [-LIMIT, LIMIT]^2, like the KL histogram
const SAMPLE_COUNT = 2000;
const REFRESH_MS = 2000;           // re-request samples so the picture follows the newest weights
const MAX_STEP_POINTS = 1500;
const COLORS = { total: '#1d2330', diag: '#2f6fde', lsd: '#d9480f', psd: '#d9480f', esd: '#d9480f' };

const state = window.flowmapState = {
  info: null, pointsDrawn: 0, sampleBatches: 0, klRows: [], klStep: null,
  stepEvents: 0, lastStep: null, errors: [],
};
const steps = [];                  // {step, losses}
const $ = (id) => document.getElementById(id);

function setupCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, w, h };
}

function geometry() {
  const info = state.info || {};
  return { cells: Number(info.cells) || 4, size: Number(info.cell_size) || 1.0 };
}

function keptSquares() {
  const { cells, size } = geometry();
  const lo = -cells * size / 2, out = [];
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      if ((i + j) % 2 === 0) out.push([lo + i * size, lo + j * size, size]);
    }
  }
  return out;
}

function drawFrame(canvas, shade) {
  const { ctx, w, h } = setupCanvas(canvas);
  const sx = (x) => (x + LIMIT) / (2 * LIMIT) * w, sy = (y) => (LIMIT - y) / (2 * LIMIT) * h;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  for (const [x, y, s] of keptSquares()) {
    ctx.fillStyle = shade;
    ctx.fillRect(sx(x), sy(y + s), sx(x + s) - sx(x), sy(y) - sy(y + s));
  }
  ctx.strokeStyle = '#dde1e8';
  ctx.beginPath();
  ctx.moveTo(sx(0), 0); ctx.lineTo(sx(0), h); ctx.moveTo(0, sy(0)); ctx.lineTo(w, sy(0));
  ctx.stroke();
  return { ctx, sx, sy };
}

function drawPoints(canvas, xy, shade, color) {
  const { ctx, sx, sy } = drawFrame(canvas, shade);
  ctx.fillStyle = color;
  let drawn = 0;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = xy[i], y = xy[i + 1];
    if (x == null || y == null || Math.abs(x) > LIMIT || Math.abs(y) > LIMIT) continue;
    ctx.fillRect(sx(x) - 1, sy(y) - 1, 2, 2);
    drawn++;
  }
  return drawn;
}

function drawTarget() {
  const squares = keptSquares(), xy = [];
  for (let k = 0; k < SAMPLE_COUNT; k++) {
    const [x, y, s] = squares[Math.floor(Math.random() * squares.length)];
    xy.push(x + Math.random() * s, y + Math.random() * s);
  }
  drawPoints($('target'), xy, '#e9eef8', 'rgba(29,35,48,0.55)');
  const { cells, size } = geometry();
  $('target-note').textContent = `${cells}×${cells} checkerboard, cell size ${size}, kept squares shaded`;
}

let sampleSource = null;

function requestSamples() {
  if (sampleSource) return;        // the previous request is still streaming
  const n = $('steps').value || '1', weights = $('weights').value;
  const xy = [];
  const es = new EventSource(`/samples?format=sse&count=${SAMPLE_COUNT}&steps=${n}&weights=${weights}`);
  sampleSource = es;
  es.addEventListener('samples', (e) => {
    const data = JSON.parse(e.data);
    for (const v of data.xy) xy.push(v);
  });
  es.addEventListener('end', () => {
    es.close();
    sampleSource = null;
    const drawn = drawPoints($('samples'), xy, '#f1f3f7', 'rgba(47,111,222,0.65)');
    state.pointsDrawn = drawn;
    state.sampleBatches++;
    $('samples-note').textContent =
      `${xy.length / 2} samples, N = ${n}, ${weights} weights, ${drawn} inside the view · ${new Date().toLocaleTimeString()}`;
  });
  es.onerror = () => {             // a finite stream never needs a reconnect: try again next tick
    es.close();
    sampleSource = null;
    $('samples-note').textContent = 'sample stream unavailable; retrying…';
  };
}

function fmt(v, digits) {
  const x = Number(v);
  if (!Number.isFinite(x)) return String(v);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(digits);
}

function renderKl() {
  const body = $('kl').querySelector('tbody');
  body.textContent = '';
  const selected = Number($('steps').value);
  for (const r of state.klRows) {
    const tr = document.createElement('tr');
    if (r.steps === selected) tr.className = 'selected';
    for (const v of [r.steps, fmt(r.kl, 4), fmt(r.floor, 4), state.klSamples.toLocaleString('en-US'),
      fmt(100 * r.inSupport, 1) + ' %']) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  if (state.klStep != null) {
    $('kl-note').textContent = `at step ${state.klStep}, ${state.klWeights} weights; KL(target || samples),`
      + ` ${state.klBins}x${state.klBins} probability histogram, n target and n generated samples`;
  }
}

function drawLoss() {
  const { ctx, w, h } = setupCanvas($('loss'));
  const pad = { l: 58, r: 110, t: 10, b: 28 };
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  if (steps.length === 0) {
    ctx.fillStyle = '#6b7385';
    ctx.fillText('waiting for training steps…', pad.l, h / 2);
    return;
  }
  const terms = Object.keys(steps[steps.length - 1].losses).sort();
  let lo = Infinity, hi = -Infinity;
  for (const s of steps) for (const t of terms) {
    const v = Number(s.losses[t]);
    if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (!Number.isFinite(lo)) return;
  let dlo = Math.floor(Math.log10(lo)), dhi = Math.ceil(Math.log10(hi));
  if (dhi === dlo) dhi++;
  const x0 = steps[0].step, x1 = Math.max(steps[steps.length - 1].step, x0 + 1);
  const px = (s) => pad.l + (s - x0) / (x1 - x0) * (w - pad.l - pad.r);
  const py = (v) => pad.t + (dhi - Math.log10(v)) / (dhi - dlo) * (h - pad.t - pad.b);
  ctx.strokeStyle = '#eef0f4'; ctx.fillStyle = '#6b7385'; ctx.textAlign = 'right';
  for (let d = dlo; d <= dhi; d++) {
    ctx.beginPath(); ctx.moveTo(pad.l, py(10 ** d)); ctx.lineTo(w - pad.r, py(10 ** d)); ctx.stroke();
    ctx.fillText(`1e${d}`, pad.l - 6, py(10 ** d) + 4);
  }
  ctx.textAlign = 'center';
  for (let k = 0; k <= 4; k++) {
    const s = Math.round(x0 + k * (x1 - x0) / 4);
    ctx.fillText(String(s), px(s), h - 8);
  }
  ctx.textAlign = 'left';
  terms.forEach((t, i) => {
    ctx.strokeStyle = COLORS[t] || ['#7048e8', '#0c8599', '#e67700'][i % 3];
    ctx.lineWidth = t === 'total' ? 1.8 : 1.2;
    ctx.beginPath();
    let started = false;
    for (const s of steps) {
      const v = Number(s.losses[t]);
      if (!(v > 0 && Number.isFinite(v))) { started = false; continue; }
      if (started) ctx.lineTo(px(s.step), py(v)); else ctx.moveTo(px(s.step), py(v));
      started = true;
    }
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillRect(w - pad.r + 12, pad.t + 8 + i * 18, 14, 3);
    ctx.fillText(t, w - pad.r + 32, pad.t + 13 + i * 18);
  });
  ctx.lineWidth = 1;
  const last = steps[steps.length - 1];
  $('loss-note').textContent = `step ${last.step}, total ${fmt(last.losses.total, 4)}, log scale`;
}

function connectEvents() {
  const es = new EventSource('/events');
  es.onopen = () => { $('status').textContent = '● live'; $('status').className = 'status live'; };
  es.onerror = () => { $('status').textContent = '○ reconnecting'; $('status').className = 'status'; };
  es.addEventListener('step', (e) => {
    const ev = JSON.parse(e.data);
    if (state.lastStep !== null && ev.step <= state.lastStep) return; // history and live overlap
    state.stepEvents++;
    state.lastStep = ev.step;
    steps.push({ step: ev.step, losses: ev.losses });
    if (steps.length > MAX_STEP_POINTS) {      // keep the whole run, at half the resolution
      for (let i = 1; i < steps.length / 2; i++) steps.splice(i, 1);
    }
    drawLoss();
  });
  es.addEventListener('eval', (e) => {
    const ev = JSON.parse(e.data);
    state.klRows = ev.rows;
    state.klStep = ev.step;
    state.klSamples = ev.samples;
    state.klWeights = ev.weights;
    state.klBins = ev.bins;
    renderKl();
  });
}

async function start() {
  try {
    const res = await fetch('/api/info', { cache: 'no-store' });
    state.info = await res.json();
  } catch (err) {
    state.errors.push(String(err));
    state.info = {};
  }
  const info = state.info;
  const evalSteps = Array.isArray(info.eval_steps) && info.eval_steps.length ? info.eval_steps : [1, 2, 4, 8, 16];
  for (const n of evalSteps) {
    const o = document.createElement('option');
    o.value = o.textContent = String(n);
    $('steps').appendChild(o);
  }
  const parts = [];
  if (info.method) parts.push(`method ${info.method}`);
  if (info.config) parts.push(typeof info.config === 'string' ? info.config : JSON.stringify(info.config));
  $('summary').textContent = parts.join(' · ') || 'flow map training';
  $('steps').onchange = () => { renderKl(); requestSamples(); };
  $('weights').onchange = requestSamples;
  drawTarget();
  drawFrame($('samples'), '#f1f3f7');
  drawLoss();
  connectEvents();
  requestSamples();
  setInterval(requestSamples, REFRESH_MS);
}

start();
