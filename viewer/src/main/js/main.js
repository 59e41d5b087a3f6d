/**
 * Reactor Track viewer: a squaremap of the tracked futures and their callbacks, a step-through of
 * mon.out, a timeline with a lane per thread, and details of what is selected.
 *
 * Everything that comes from the recording (names, errors, thread names, unknown keys) reaches the
 * page through textContent or canvas fillText only: it is never parsed as HTML.
 */

import { installControls } from './controls.js';
import { describe } from './describe.js';
import { createDetails } from './details.js';
import { byId, el } from './dom.js';
import { fmtCount } from './format.js';
import { exposeHooks } from './hooks.js';
import { buildModel } from './model.js';
import { createTooltip, renderCrumbs, renderLegends, renderProblems, renderStats } from './panels.js';
import { installPointer } from './pointer.js';
import { createSquaremap } from './squaremap.js';
import { createTimeline } from './timeline.js';

function readData() {
  try {
    return JSON.parse(byId('rt-data').textContent);
  } catch (err) {
    return { events: [], error: String(err) };
  }
}

function start() {
  const startedAt = performance.now();
  const timings = {};
  const data = readData();
  const events = Array.isArray(data.events) ? data.events : [];
  const n = events.length;
  timings.parse = performance.now() - startedAt;
  const model = buildModel(events);
  timings.model = performance.now() - startedAt - timings.parse;

  const state = {
    step: n, selected: null, hover: null, zoom: model.root, playing: false,
    speed: n > 2000 ? 500 : (n > 200 ? 50 : 2), query: ''
  };
  const app = { data, events, lineCount: n, model, state, timings, tooltip: createTooltip() };
  app.map = createSquaremap(app);
  app.timeline = createTimeline(app);
  app.details = createDetails(app);
  Object.assign(app, actions(app));

  document.title = 'Reactor Track \u2014 ' + fmtCount(n) + ' lines, ' + fmtCount(model.futureList.length) + ' futures';
  renderLegends();
  renderStats(app);
  renderProblems(app);
  renderCrumbs(app);
  app.details.render();
  installControls(app);
  installPointer(app);
  app.map.layout();
  app.timeline.layout();
  timings.layout = performance.now() - startedAt - timings.parse - timings.model;
  app.setStep(n);
  app.drawAll();
  byId('loading').hidden = true;
  timings.firstDraw = performance.now() - startedAt - timings.parse - timings.model - timings.layout;
  timings.script = performance.now() - startedAt;
  watchSize(app);
  exposeHooks(app);
}

/** What the controls, the pointer and the panels can do to the page. */
function actions(app) {
  const { state, model, events } = app;
  let drawPending = false;
  let lastTick = 0;
  let carry = 0;

  const drawAll = () => { app.map.draw(); app.timeline.draw(); };
  const requestDraw = () => {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; drawAll(); });
  };

  function setStep(k) {
    const step = Math.max(0, Math.min(app.lineCount, Math.round(k)));
    state.step = step;
    byId('slider').value = String(step);
    byId('step-label').textContent = fmtCount(step) + ' / ' + fmtCount(app.lineCount);
    showLine(app, step);
    const cur = step > 0 ? events[step - 1] : null;
    if (cur && typeof cur.ts === 'number') app.timeline.panTo(cur.ts);
    document.body.setAttribute('data-step', String(step));
    requestDraw();
  }

  function tick(now) {
    if (!state.playing) return;
    carry += (now - lastTick) / 1000 * state.speed;
    lastTick = now;
    const adv = Math.floor(carry);
    if (adv >= 1) {
      carry -= adv;
      setStep(state.step + adv);
      if (state.step >= app.lineCount) { setPlaying(false); return; }
    }
    requestAnimationFrame(tick);
  }

  function setPlaying(on) {
    if (on && state.step >= app.lineCount) setStep(0);
    state.playing = on && app.lineCount > 0;
    document.body.classList.toggle('playing', state.playing);
    byId('play').setAttribute('aria-label', state.playing ? 'Pause' : 'Play');
    if (state.playing) {
      lastTick = performance.now();
      carry = 0;
      requestAnimationFrame(tick);
    }
  }

  function zoomInto(node) {
    state.zoom = node || model.root;
    app.map.layout();
    renderCrumbs(app);
    requestDraw();
  }

  function select(node, opts) {
    state.selected = node || null;
    app.details.render();
    if (node && opts && opts.reveal && !node.rect) {
      // Give the selection a tile: zoom out, and if it is still too small, into its future.
      state.zoom = model.root;
      app.map.layout();
      if (!node.rect) {
        let around = node.kind === 'callback' ? node.future : (node.parent || node);
        const small = (f) => f.weight < model.root.weight / 50;
        while (around && around.parent && small(around) && small(around.parent)) around = around.parent;
        state.zoom = around || model.root;
        app.map.layout();
      }
      renderCrumbs(app);
    }
    requestDraw();
  }

  /** Dims every tile and bar whose name does not match; returns the first match. */
  function find(text) {
    state.query = text.trim().toLowerCase();
    const q = state.query;
    let first = null;
    for (const c of model.callbacks) {
      c.match = !q || (c.name !== null && c.name.toLowerCase().includes(q));
      if (q && c.match && !first) first = c;
    }
    for (const f of model.futureList) {
      f.match = !q || (f.name !== null && f.name.toLowerCase().includes(q)) || ('#' + f.id) === q || f.callbacks.some((c) => c.match);
      if (q && !first && f.match) first = f;
    }
    requestDraw();
    return first;
  }

  return {
    drawAll, requestDraw, setStep, setPlaying, zoomInto, select, find,
    zoomTimeline: (factor) => { app.timeline.zoom(factor); requestDraw(); },
    fitTimeline: () => { app.timeline.fit(); requestDraw(); },
    showInTimeline: (node) => { app.timeline.showNode(node); requestDraw(); },
    toggleVirtual: () => { app.timeline.setExpanded(!app.timeline.view.expanded); drawAll(); }
  };
}

function showLine(app, k) {
  const desc = byId('line-desc');
  const line = byId('line');
  desc.textContent = '';
  if (k === 0) {
    desc.appendChild(el('span', 'tag', 'start'));
    desc.appendChild(document.createTextNode('before the first line'));
    line.textContent = app.lineCount ? 'Press n or \u2192 for the first line' : 'The recording has no lines';
    return;
  }
  const e = app.events[k - 1];
  const d = describe(e, app.model.futures);
  desc.appendChild(el('span', 'tag ' + d.tag, d.tagText));
  desc.appendChild(document.createTextNode(d.text));
  desc.title = d.text;
  const text = JSON.stringify(e);
  line.textContent = text;
  line.title = text.length > 2000 ? text.substring(0, 2000) + '\u2026' : text;
}

function watchSize(app) {
  let pending = false;
  const relayout = () => { app.map.layout(); app.timeline.layout(); app.drawAll(); };
  if (typeof ResizeObserver !== 'function') {
    window.addEventListener('resize', relayout);
    return;
  }
  const ro = new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; relayout(); });
  });
  ro.observe(app.map.box);
  ro.observe(app.timeline.box);
}

start();
