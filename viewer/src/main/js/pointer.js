/** The mouse on the squaremap and the timeline: hover, click, double-click, wheel and drag. */

import { canvasPoint } from './dom.js';
import { counted, fmtCount, fmtDuration, fmtOffset } from './format.js';
import { callbackPath, futureLabel, viaText } from './model.js';
import { badgeFor } from './details.js';
import { GUTTER } from './timeline.js';

export function installPointer(app) {
  installMap(app);
  installTimeline(app);
}

function nodeTooltip(app, n, x, y) {
  if (n.kind === 'future') {
    app.tooltip.show(x, y, futureLabel(n), [
      'future \u00b7 ' + viaText(n.via) + ' \u00b7 ' + badgeFor(n, app.lineCount)[1]
        + (n.lifetime !== null ? ' \u00b7 lived ' + fmtDuration(n.lifetime) : ''),
      counted(n.callbacks.length, 'callback') + ', ' + counted(n.children.length, 'stage') + ' \u00b7 ' + fmtDuration(n.totalTime),
      'double-click to zoom in'
    ], n.error);
  } else {
    const run = n.runs[0];
    const failed = n.runs.find((r) => r.failed);
    app.tooltip.show(x, y, n.name === null ? '(unnamed)' : n.name, [
      (n.method || 'callback') + ' on ' + futureLabel(n.future) + ' \u00b7 ' + callbackPath(n),
      n.runs.length ? fmtDuration(n.totalTime) + ' on ' + run.thread + (run.successPath ? '' : ' (as errback)') : 'did not run'
    ], failed ? (failed.error || 'threw') : null);
  }
}

function installMap(app) {
  const { map, state } = app;
  const canvas = map.canvas;
  canvas.addEventListener('mousemove', (ev) => {
    const p = canvasPoint(canvas, ev);
    const n = map.hit(p.x, p.y);
    if (n !== state.hover) { state.hover = n; app.requestDraw(); }
    if (n) nodeTooltip(app, n, ev.clientX, ev.clientY); else app.tooltip.hide();
  });
  canvas.addEventListener('mouseleave', () => { state.hover = null; app.tooltip.hide(); app.requestDraw(); });
  canvas.addEventListener('click', (ev) => {
    const p = canvasPoint(canvas, ev);
    app.select(map.hit(p.x, p.y));
  });
  canvas.addEventListener('dblclick', (ev) => {
    const p = canvasPoint(canvas, ev);
    let n = map.hit(p.x, p.y);
    if (n && n.kind === 'callback') n = n.future;
    if (n && n !== state.zoom) app.zoomInto(n);
  });
}

function runTooltip(app, run, x, y) {
  app.tooltip.show(x, y, run.callback.name === null ? '(unnamed)' : run.callback.name, [
    fmtDuration(run.time) + ' on ' + run.thread + (run.successPath ? '' : ' (as errback)'),
    'on ' + futureLabel(run.callback.future) + ' \u00b7 line ' + fmtCount(run.line + 1) + ' \u00b7 ' + fmtOffset(run.start - app.model.tMin)
  ], run.failed ? (run.error || 'threw') : null);
}

function markerTooltip(app, mk, x, y) {
  const f = mk.future;
  const o = mk.outcome;
  app.tooltip.show(x, y, (o && o.revised ? 'revised: ' : '') + mk.kind + ' ' + futureLabel(f), [
    (mk.kind === 'chained' ? '\u2192 #' + mk.target + ' \u00b7 ' : '') + 'line ' + fmtCount(mk.line + 1) + ' \u00b7 '
      + fmtOffset(mk.ts - app.model.tMin) + (o && o.lifetime !== null ? ' \u00b7 lived ' + fmtDuration(o.lifetime) : '')
  ], o && !o.success ? o.error : null);
}

function installTimeline(app) {
  const tl = app.timeline;
  const canvas = tl.canvas;
  let drag = null;
  canvas.addEventListener('mousedown', (ev) => {
    const p = canvasPoint(canvas, ev);
    drag = { x: p.x, v0: tl.view.v0, v1: tl.view.v1, moved: false };
    canvas.classList.add('dragging');
  });
  window.addEventListener('mousemove', (ev) => {
    if (drag) {
      const dx = canvasPoint(canvas, ev).x - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      const dt = dx / tl.plotW() * (drag.v1 - drag.v0);
      tl.view.v0 = drag.v0 - dt;
      tl.view.v1 = drag.v1 - dt;
      app.requestDraw();
      app.tooltip.hide();
      return;
    }
    if (ev.target !== canvas) return;
    const q = canvasPoint(canvas, ev);
    const h = tl.hit(q.x, q.y);
    if (!h) app.tooltip.hide();
    else if (h.run) runTooltip(app, h.run, ev.clientX, ev.clientY);
    else if (h.marker) markerTooltip(app, h.marker, ev.clientX, ev.clientY);
    else app.tooltip.show(ev.clientX, ev.clientY, tl.rowLabel(h.group), [
      'runs of ' + counted(h.group.threadCount, 'virtual thread', 'virtual threads') + ' on ' + counted(h.group.rows.length, 'row')
        + ' when expanded', 'click to ' + (tl.view.expanded ? 'collapse' : 'expand')]);
  });
  window.addEventListener('mouseup', (ev) => {
    if (!drag) return;
    const wasDrag = drag.moved;
    drag = null;
    canvas.classList.remove('dragging');
    if (wasDrag || ev.target !== canvas) return;
    const p = canvasPoint(canvas, ev);
    const h = tl.hit(p.x, p.y);
    if (h && h.run) app.select(h.run.callback, { reveal: true });
    else if (h && h.marker) app.select(h.marker.future, { reveal: true });
    else if (h && h.group) app.toggleVirtual();
  });
  canvas.addEventListener('dblclick', (ev) => {
    const p = canvasPoint(canvas, ev);
    const h = tl.hit(p.x, p.y);
    if (h && (h.run || h.marker)) { app.setPlaying(false); app.setStep((h.run ? h.run.line : h.marker.line) + 1); }
  });
  canvas.addEventListener('mouseleave', () => app.tooltip.hide());
  canvas.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const p = canvasPoint(canvas, ev);
    if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY) || ev.shiftKey) {
      tl.pan((ev.shiftKey ? ev.deltaY : ev.deltaX) / (tl.view.w - GUTTER) * (tl.view.v1 - tl.view.v0));
    } else {
      tl.zoom(Math.pow(1.0015, ev.deltaY), Math.max(GUTTER, p.x));
    }
    app.requestDraw();
  }, { passive: false });
}
