/**
 * The timeline: a row of future markers, a lane per platform thread and one group for the virtual
 * threads (collapsed to one lane; expanded, their runs packed into as few rows as fit), each run a
 * bar from its start (`ts - time`) to its end (`ts`).
 */

import { axisTicks } from './axis.js';
import { byId, fitText, fontFamily, resizeCanvas } from './dom.js';
import { counted, shortName } from './format.js';
import { MARKER_KINDS } from './model.js';
import { C, hatch } from './palette.js';

export const GUTTER = 150;
export const AXIS = 24;
export const LANE = 24;

export function createTimeline(app) {
  const canvas = byId('timeline');
  const box = byId('timeline-box');
  let ctx = canvas.getContext('2d');
  const model = app.model;
  const view = { w: 0, h: 0, v0: model.tMin, v1: model.tMax, expanded: false, rows: [], index: new Map() };
  const failFill = hatch(ctx, '#f5d0fe', C.fail);
  let lastTicks = [];

  function buildRows() {
    const futures = { kind: 'futures', name: 'futures', runs: [], maxDuration: 0 };
    view.rows = [futures].concat(model.lanes);
    if (model.virtual) {
      view.rows.push(model.virtual);
      if (view.expanded) view.rows.push(...model.virtual.rows);
    }
    view.index = new Map(view.rows.map((r, i) => [r, i]));
  }

  function rowLabel(row) {
    if (row.kind !== 'virtual') return row.name;
    return (view.expanded ? '\u25be ' : '\u25b8 ') + counted(row.threadCount, 'virtual thread', 'virtual threads');
  }

  /** The row a run is drawn in: its thread's lane, or the virtual group or its packed row. */
  function rowOf(run) {
    return run.lane.kind === 'virtual' && view.expanded ? view.index.get(run.row) : view.index.get(run.lane);
  }

  function fit() {
    const pad = (model.tMax - model.tMin) * 0.02;
    view.v0 = model.tMin - pad;
    view.v1 = model.tMax + pad;
  }

  function layout() {
    const r = box.getBoundingClientRect();
    view.w = Math.max(10, Math.floor(r.width));
    view.h = AXIS + view.rows.length * LANE + 6;
    canvas.style.height = view.h + 'px';
    box.style.height = Math.min(view.h, Math.max(120, Math.round(window.innerHeight * 0.3))) + 'px';
    ctx = resizeCanvas(canvas, view.w, view.h);
  }

  const plotW = () => view.w - GUTTER - 10;
  const tx = (t) => GUTTER + (t - view.v0) / (view.v1 - view.v0) * plotW();
  const tAt = (x) => view.v0 + (x - GUTTER) / plotW() * (view.v1 - view.v0);

  function draw() {
    const k = app.state.step;
    ctx.clearRect(0, 0, view.w, view.h);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, view.w, view.h);
    ctx.textBaseline = 'middle';
    drawGutter();
    drawAxis();
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, AXIS, plotW() + 10, view.h - AXIS);
    ctx.clip();
    for (let i = 1; i < view.rows.length; i++) drawRuns(view.rows[i], i, k);
    ctx.globalAlpha = 1;
    drawCursorRun(k);
    drawSelection();
    drawMarkerRow(k);
    drawCursorLine(k);
    ctx.restore();
    canvas.setAttribute('data-view', Math.round(view.v0) + ':' + Math.round(view.v1));
    canvas.setAttribute('data-rows', String(view.rows.length));
  }

  function drawGutter() {
    const font = '12px ' + fontFamily();
    view.rows.forEach((row, i) => {
      const y = AXIS + i * LANE;
      if (i % 2 === 1) { ctx.fillStyle = '#fafbfc'; ctx.fillRect(0, y, view.w, LANE); }
      ctx.fillStyle = i === 0 || row.kind === 'virtual-row' ? C.muted : row.kind === 'virtual' ? C.hover : C.text;
      ctx.font = i === 0 ? 'italic ' + font : row.kind === 'virtual' ? '600 ' + font : font;
      const indent = row.kind === 'virtual-row' ? 22 : 10;
      ctx.fillText(fitText(ctx, rowLabel(row), GUTTER - 6 - indent), indent, y + LANE / 2);
    });
    ctx.strokeStyle = '#e6e9ee';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(GUTTER - 0.5, 0);
    ctx.lineTo(GUTTER - 0.5, view.h);
    ctx.stroke();
  }

  function drawAxis() {
    ctx.font = '11px ' + fontFamily();
    lastTicks = axisTicks(view.v0, view.v1, model.tMin, GUTTER, GUTTER + plotW(), view.w, (s) => ctx.measureText(s).width);
    for (const tick of lastTicks) {
      ctx.strokeStyle = '#eef0f3';
      ctx.beginPath();
      ctx.moveTo(tick.x, AXIS - 4);
      ctx.lineTo(tick.x, view.h);
      ctx.stroke();
      if (tick.textX !== null) {
        ctx.fillStyle = C.muted;
        ctx.fillText(tick.text, tick.textX, 11);
      }
    }
    ctx.strokeStyle = '#e1e5eb';
    ctx.beginPath();
    ctx.moveTo(0, AXIS - 0.5);
    ctx.lineTo(view.w, AXIS - 0.5);
    ctx.stroke();
  }

  /** Bars that touch on screen and look the same are drawn as one rectangle. */
  function drawRuns(row, i, k) {
    const ly = AXIS + i * LANE + 4;
    const bh = LANE - 8;
    const runs = row.runs;
    const labels = [];
    const query = app.state.query;
    let spanX0 = 0, spanX1 = -Infinity, spanFill = null, spanAlpha = 1;
    for (let j = lowerBound(runs, view.v0 - row.maxDuration); j <= runs.length; j++) {
      let run = j < runs.length ? runs[j] : null;
      if (run && run.start > view.v1) run = null;
      let x0 = 0, x1 = 0, fill = null, alpha = 1;
      if (run) {
        if (run.end < view.v0) continue;
        x0 = tx(run.start);
        x1 = Math.max(x0 + 1.5, tx(run.end));
        alpha = (run.line < k ? 1 : 0.28) * (query && !run.callback.match ? 0.25 : 1);
        fill = run.failed ? failFill : (run.successPath ? C.barCallback : C.barErrback);
        if (fill === spanFill && alpha === spanAlpha && x0 <= spanX1 + 0.5) {
          if (x1 > spanX1) spanX1 = x1;
          if (x1 - x0 >= 50 || run.failed) labels.push(run);
          continue;
        }
      }
      if (spanFill !== null) {
        ctx.globalAlpha = spanAlpha;
        ctx.fillStyle = spanFill;
        ctx.fillRect(spanX0, ly, spanX1 - spanX0, bh);
        if (spanFill === failFill) {
          ctx.strokeStyle = C.fail;
          ctx.lineWidth = 1;
          ctx.strokeRect(spanX0 + 0.5, ly + 0.5, Math.max(0, spanX1 - spanX0 - 1), bh - 1);
        }
      }
      if (!run) break;
      spanX0 = x0; spanX1 = x1; spanFill = fill; spanAlpha = alpha;
      if (x1 - x0 >= 50 || run.failed) labels.push(run);
    }
    // One lane holding the runs of many threads overlaps them: no labels there.
    if (row.kind !== 'virtual' || view.expanded) drawBarLabels(labels, ly, bh, k);
  }

  function drawBarLabels(labels, ly, bh, k) {
    ctx.font = '12px ' + fontFamily();
    for (const run of labels) {
      const x0 = tx(run.start);
      const w = Math.max(1.5, tx(run.end) - x0);
      if (w < 50) continue;
      const ran = run.line < k;
      ctx.globalAlpha = ran ? 1 : 0.55;
      const text = fitText(ctx, (run.failed ? '\u2715 ' : '') + shortName(run.callback.name), w - 8);
      if (run.failed) {
        ctx.fillStyle = C.failSoft;
        ctx.fillRect(x0 + 2, ly + 2, ctx.measureText(text).width + 4, bh - 4);
      }
      ctx.fillStyle = run.failed ? C.failText : ran ? '#ffffff' : C.text;
      ctx.fillText(text, x0 + 4, ly + bh / 2 + 0.5);
    }
    ctx.globalAlpha = 1;
  }

  function cursorRun(k) {
    const red = model.lastExec[k];
    if (red < 0) return null;
    const runs = model.callbacks[red].runs;
    for (let j = runs.length - 1; j >= 0; j--) if (runs[j].line < k) return runs[j];
    return null;
  }

  function drawCursorRun(k) {
    const run = cursorRun(k);
    if (!run) return;
    const x = tx(run.start);
    const w = Math.max(3, tx(run.end) - x);
    ctx.strokeStyle = C.current;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 1, AXIS + rowOf(run) * LANE + 2, w + 2, LANE - 4);
  }

  function drawSelection() {
    const sel = app.state.selected;
    if (!sel || sel.kind !== 'callback') return;
    ctx.strokeStyle = C.select;
    ctx.lineWidth = 1.5;
    for (const run of sel.runs) {
      const x = tx(run.start);
      ctx.strokeRect(x - 1.5, AXIS + rowOf(run) * LANE + 2.5, Math.max(3, tx(run.end) - x) + 3, LANE - 5);
    }
  }

  /** One path per kind; markers closer than 2px to the last one of their kind are skipped. */
  function drawMarkerRow(k) {
    const y = AXIS + LANE / 2;
    const ms = model.markers;
    const lasts = [];
    const xs = [];
    for (let g = 0; g < MARKER_KINDS.length * 2; g++) { lasts.push(-Infinity); xs.push([]); }
    for (let m = markerLowerBound(view.v0 - 6 * (view.v1 - view.v0) / plotW()); m < ms.length; m++) {
      const mk = ms[m];
      if (mk.ts > view.v1) break;
      const x = tx(mk.ts);
      const g = mk.code * 2 + (mk.line < k ? 1 : 0);
      if (x - lasts[g] < 2) continue;
      lasts[g] = x;
      xs[g].push(x);
    }
    for (let g = 0; g < xs.length; g++) {
      if (!xs[g].length) continue;
      ctx.globalAlpha = g % 2 ? 1 : 0.28;
      drawMarkers(ctx, MARKER_KINDS[g >> 1], xs[g], y);
    }
    ctx.globalAlpha = 1;
  }

  function drawCursorLine(k) {
    const cur = k > 0 ? app.events[k - 1] : null;
    const t = cur && typeof cur.ts === 'number' ? cur.ts : NaN;
    if (!(t === t)) return;
    const x = Math.round(tx(t)) + 0.5;
    ctx.strokeStyle = C.current;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, AXIS);
    ctx.lineTo(x, view.h);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function markerLowerBound(t) {
    const ms = model.markers;
    let lo = 0, hi = ms.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ms[mid].ts < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** The bar, marker or lane label under a point, found from the model (nothing is kept per frame). */
  function hit(x, y) {
    const li = Math.floor((y - AXIS) / LANE);
    if (li < 0 || li >= view.rows.length) return null;
    if (x < GUTTER) return view.rows[li].kind === 'virtual' ? { group: view.rows[li] } : null;
    const perPx = (view.v1 - view.v0) / plotW();
    const tol = 3 * perPx;
    const t = tAt(x);
    let best = null, bestScore = Infinity;
    if (li === 0) {
      const ms = model.markers;
      for (let i = markerLowerBound(t - 6 * perPx); i < ms.length && ms[i].ts <= t + 6 * perPx; i++) {
        const d = Math.abs(ms[i].ts - t);
        if (d < bestScore) { bestScore = d; best = ms[i]; }
      }
      return best ? { marker: best } : null;
    }
    const row = view.rows[li];
    const runs = row.runs;
    for (let i = lowerBound(runs, t - tol - row.maxDuration); i < runs.length && runs[i].start <= t + tol; i++) {
      const r = runs[i];
      // A bar is drawn at least 1.5px wide.
      const end = Math.max(r.end, r.start + 1.5 * perPx);
      if (t < r.start - tol || t > end + tol) continue;
      const inside = t >= r.start && t <= end;
      const score = inside ? Math.abs(t - (r.start + end) / 2) : 1e3 * tol + Math.min(Math.abs(t - r.start), Math.abs(t - end));
      if (score < bestScore) { bestScore = score; best = r; }
    }
    return best ? { run: best } : null;
  }

  function zoom(factor, atX) {
    const center = atX === undefined ? (view.v0 + view.v1) / 2 : tAt(atX);
    const span = Math.max(1, Math.min((view.v1 - view.v0) * factor, (model.tMax - model.tMin) * 1.2));
    const rel = (center - view.v0) / (view.v1 - view.v0);
    view.v0 = center - span * rel;
    view.v1 = view.v0 + span;
  }

  function pan(dt) {
    view.v0 += dt;
    view.v1 += dt;
  }

  /** Zooms onto the runs (or the life) of a callback or future, with some room around. */
  function showNode(n) {
    let a = Infinity, b = -Infinity;
    const span = (t0, t1) => { if (t0 === t0 && t1 === t1) { a = Math.min(a, t0); b = Math.max(b, t1); } };
    if (n.kind === 'callback') {
      for (const r of n.runs) span(r.start, r.end);
    } else {
      for (const line of n.lines) { const e = app.events[line]; if (typeof e.ts === 'number') span(e.ts, e.ts); }
      for (const c of n.callbacks) for (const r of c.runs) span(r.start, r.end);
    }
    if (!(a <= b)) return;
    const width = Math.max(b - a, 20);
    view.v0 = a - width * 0.6;
    view.v1 = b + width * 0.6;
  }

  function panTo(t) {
    if (!(t === t) || (t >= view.v0 && t <= view.v1)) return;
    const span = view.v1 - view.v0;
    view.v0 = t - span / 2;
    view.v1 = view.v0 + span;
  }

  function setExpanded(on) {
    view.expanded = !!on && !!model.virtual;
    buildRows();
    layout();
  }

  /** Where the runs of a callback are drawn, in CSS pixels of the canvas. */
  function bars(c) {
    return c.runs.map((r) => {
      const x = tx(r.start);
      return { x, y: AXIS + rowOf(r) * LANE + 4, w: Math.max(1.5, tx(r.end) - x), h: LANE - 8, line: r.line + 1 };
    });
  }

  buildRows();
  fit();
  return {
    canvas, box, view, layout, draw, hit, zoom, pan, fit, showNode, panTo, setExpanded, bars,
    rowLabel, plotW, ticks: () => lastTicks
  };
}

function lowerBound(runs, t) {
  let lo = 0, hi = runs.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (runs[mid].start < t) lo = mid + 1; else hi = mid; }
  return lo;
}

function drawMarkers(ctx, kind, xs, y) {
  ctx.beginPath();
  if (kind === 'chained') {
    ctx.fillStyle = C.markChained;
    for (const x of xs) { ctx.moveTo(x, y - 5); ctx.lineTo(x + 5, y); ctx.lineTo(x, y + 5); ctx.lineTo(x - 5, y); ctx.closePath(); }
    ctx.fill();
  } else if (kind === 'failed') {
    // A cross, like the failed tiles and bars.
    ctx.strokeStyle = C.fail;
    ctx.lineWidth = 2.5;
    for (const x of xs) { ctx.moveTo(x - 4, y - 4); ctx.lineTo(x + 4, y + 4); ctx.moveTo(x + 4, y - 4); ctx.lineTo(x - 4, y + 4); }
    ctx.stroke();
  } else if (kind === 'unhandled' || kind === 'pending') {
    ctx.fillStyle = kind === 'unhandled' ? C.failDark : C.pendingStroke;
    for (const x of xs) { ctx.moveTo(x + 5.5, y); ctx.arc(x, y, 5.5, 0, Math.PI * 2); }
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    for (const x of xs) {
      if (kind === 'unhandled') { ctx.fillRect(x - 0.75, y - 3.5, 1.5, 4.5); ctx.fillRect(x - 0.75, y + 2, 1.5, 1.5); }
      else { ctx.fillRect(x - 3, y - 0.75, 1.5, 1.5); ctx.fillRect(x - 0.75, y - 0.75, 1.5, 1.5); ctx.fillRect(x + 1.5, y - 0.75, 1.5, 1.5); }
    }
  } else {
    ctx.fillStyle = kind === 'cancelled' ? C.markCancelled : C.markFired;
    for (const x of xs) { ctx.moveTo(x - 4.5, y - 5); ctx.lineTo(x + 4.5, y - 5); ctx.lineTo(x, y + 5); ctx.closePath(); }
    ctx.fill();
  }
}
