/** `window.reactorTrack`: what tests and other automation can ask the page and tell it. */

import { futureLabel, callbackPath } from './model.js';

function tileOf(n) {
  const base = n.kind === 'future'
    ? { kind: 'future', id: n.id, name: n.name, label: futureLabel(n), parent: n.parent ? n.parent.id : null, via: n.via }
    : { kind: 'callback', id: n.index, futureId: n.future.id, name: n.name, method: n.method, path: callbackPath(n) };
  base.rect = n.rect ? { x: n.rect.x, y: n.rect.y, w: n.rect.w, h: n.rect.h } : null;
  return base;
}

export function exposeHooks(app) {
  const { model, state, events } = app;
  let lastBenchmark = null;
  const redrawn = (fn) => (...args) => { fn(...args); app.drawAll(); return state.step; };
  window.reactorTrack = Object.freeze({
    ready: true,
    /** Milliseconds from navigation start to the first drawn frame. */
    loadMs: performance.now(),
    timings: app.timings,
    eventCount: app.lineCount,
    step: () => state.step,
    setStep: redrawn((k) => { app.setPlaying(false); app.setStep(k); }),
    next: redrawn(() => { app.setPlaying(false); app.setStep(state.step + 1); }),
    prev: redrawn(() => { app.setPlaying(false); app.setStep(state.step - 1); }),
    currentLine: () => (state.step > 0 ? JSON.stringify(events[state.step - 1]) : null),
    tiles: () => model.futureList.map(tileOf).concat(model.callbacks.map(tileOf)),
    redTile: () => {
      const red = model.lastExec[state.step];
      return red >= 0 ? tileOf(model.callbacks[red]) : null;
    },
    selected: () => (state.selected ? tileOf(state.selected) : null),
    select: (kind, id) => {
      const n = kind === 'future' ? model.futures.get(id) : model.callbacks[id];
      app.select(n || null, { reveal: true });
      return state.selected ? tileOf(state.selected) : null;
    },
    problems: () => model.problems.map((p) => ({
      kind: p.kind, line: p.line + 1, error: p.error, lifetime: p.lifetime === undefined ? null : p.lifetime, tile: tileOf(p.node)
    })),
    lanes: () => model.lanes.map((l) => ({ name: l.name, runs: l.runs.length })),
    /** The rows the timeline draws now, top to bottom. */
    timelineRows: () => app.timeline.view.rows.map((r) => ({ kind: r.kind, label: app.timeline.rowLabel(r), runs: r.runs.length })),
    /** Expands or collapses the virtual threads; returns whether they are expanded. */
    expandVirtualThreads: (on) => { app.timeline.setExpanded(on); app.drawAll(); return app.timeline.view.expanded; },
    /** The packed rows of the virtual threads: each run's [start, end] in microseconds and thread. */
    virtualRows: () => (model.virtual ? model.virtual.rows.map((r) => r.runs.map((run) => [run.start, run.end, run.thread])) : []),
    /** The time axis's labels as drawn: text, left x and width in canvas pixels. */
    axisLabels: () => {
      const ctx = app.timeline.canvas.getContext('2d');
      ctx.font = '11px ' + getComputedStyle(document.body).fontFamily;
      return app.timeline.ticks().filter((t) => t.textX !== null)
        .map((t) => ({ text: t.text, x: t.textX, w: ctx.measureText(t.text).width, canvasWidth: app.timeline.view.w }));
    },
    /** Where the runs of a callback are drawn in the timeline, in CSS pixels of its canvas. */
    bars: (callbackId) => {
      const c = model.callbacks[callbackId];
      return c ? app.timeline.bars(c) : [];
    },
    zoomed: () => (state.zoom === model.root ? null : tileOf(state.zoom)),
    /** Steps forward `count` times drawing every frame; returns the mean milliseconds per step. */
    benchmarkSteps: (count) => {
      app.setStep(Math.max(0, Math.min(state.step, app.lineCount - count)));
      const t0 = performance.now();
      let tm = 0;
      let tt = 0;
      for (let i = 0; i < count; i++) {
        app.setStep(state.step + 1);
        const a = performance.now();
        app.map.draw();
        const b = performance.now();
        app.timeline.draw();
        tm += b - a;
        tt += performance.now() - b;
      }
      const d = Math.max(1, count);
      lastBenchmark = { map: tm / d, timeline: tt / d };
      return (performance.now() - t0) / d;
    },
    lastBenchmark: () => lastBenchmark
  });
  document.body.setAttribute('data-ready', 'true');
}
