/** Draws the squaremap on its canvas and finds the tile under a point. */

import { byId, fitText, fontFamily, resizeCanvas, roundRect } from './dom.js';
import { fmtDuration, memberName, shortName } from './format.js';
import { layoutTree } from './layout.js';
import { futureLabel, futureState, futureSubtitle } from './model.js';
import { C, hatch } from './palette.js';

const FAIL_MARK = '\u2715 ';
const CURSOR_MARK = '\u25b6 ';

export function createSquaremap(app) {
  const canvas = byId('map');
  const box = byId('map-box');
  let ctx = canvas.getContext('2d');
  let w = 0;
  let h = 0;
  let drawList = [];
  const failFill = hatch(ctx, C.failSoft, C.failStripe);
  const font = () => '12px ' + fontFamily();
  const bold = () => '600 12px ' + fontFamily();

  function layout() {
    const r = box.getBoundingClientRect();
    w = Math.max(10, Math.floor(r.width));
    h = Math.max(10, Math.floor(r.height));
    ctx = resizeCanvas(canvas, w, h);
    canvas.setAttribute('data-size', w + 'x' + h);
    drawList = layoutTree(app.state.zoom, w, h, app.model);
  }

  function draw() {
    const k = app.state.step;
    const red = app.model.lastExec[k];
    const redNode = red >= 0 ? app.model.callbacks[red] : null;
    const searching = app.state.query !== '';
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = C.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.textBaseline = 'middle';
    for (const n of drawList) {
      const r = n.rect;
      if (r.w < 1 || r.h < 1) {
        drawSpeck(n, r, n === redNode, k);
        continue;
      }
      ctx.globalAlpha = searching && !n.match ? 0.25 : 1;
      if (n.kind === 'future') drawFuture(n, r, k); else drawCallback(n, r, k, n === redNode);
    }
    ctx.globalAlpha = 1;
    if (!drawList.length) {
      ctx.fillStyle = C.muted;
      ctx.font = font();
      ctx.textAlign = 'center';
      ctx.fillText(app.lineCount ? 'No tracked futures in this recording' : 'This recording is empty', w / 2, h / 2);
      ctx.textAlign = 'start';
    }
    if (redNode) drawCursorRing(redNode);
    const { hover, selected } = app.state;
    if (hover && hover.rect && hover !== selected) outline(hover.rect, C.hover, 1.5);
    if (selected && selected.rect) outline(selected.rect, C.select, 2.5);
    canvas.setAttribute('data-step', String(k));
    canvas.setAttribute('data-red-callback', redNode ? String(redNode.index) : '');
  }

  function drawSpeck(n, r, isRed, k) {
    if (r.w * r.h < 0.25) return;
    const failed = n.kind === 'future' ? isFailure(futureState(n, k, app.lineCount)) : n.failedAt >= 0 && n.failedAt < k;
    ctx.fillStyle = isRed ? C.current : failed ? C.fail : (n.kind === 'future' ? C.futureStroke : C.cbRanStroke);
    ctx.fillRect(r.x, r.y, Math.max(r.w, 0.5), Math.max(r.h, 0.5));
  }

  function drawFuture(f, r0, k) {
    const st = futureState(f, k, app.lineCount);
    const r = inset(r0);
    if (r.w < 14 || r.h < 14) {
      // Small: one fillRect, no path; the 1px inset leaves the gaps between tiles.
      ctx.fillStyle = st === 'ghost' ? C.ghostStroke : f.open || !f.items.length ? smallFill(st) : summaryFill(f, st, k);
      ctx.fillRect(r.x, r.y, r.w, r.h);
      return;
    }
    const rad = r.w > 30 && r.h > 30 ? 5 : 2;
    roundRect(ctx, r.x, r.y, r.w, r.h, rad);
    ctx.fillStyle = st === 'ghost' ? C.ghost : !f.items.length ? leafFill(st) : f.open ? C.futureFill : summaryFill(f, st, k);
    ctx.fill();
    let stroke = C.futureStroke;
    let lw = 1;
    if (isFailure(st)) { stroke = C.fail; lw = 2; }
    if (st === 'pending') { stroke = C.pendingStroke; lw = 1.5; ctx.setLineDash([4, 3]); }
    if (st === 'ghost') stroke = C.ghostStroke;
    ctx.lineWidth = lw;
    ctx.strokeStyle = stroke;
    ctx.stroke();
    ctx.setLineDash([]);
    if (!f.header) {
      if (!f.items.length && r.w >= 26 && r.h >= 14) drawLeafLabel(f, r, st);
      return;
    }
    drawHeader(f, r, rad, st);
  }

  function drawHeader(f, r, rad, st) {
    const [head, headText] = headColours(st);
    ctx.save();
    roundRect(ctx, r.x, r.y, r.w, r.h, rad);
    ctx.clip();
    ctx.fillStyle = head;
    ctx.fillRect(r.x, r.y, r.w, 17);
    ctx.restore();
    const badge = badgeText(f, st);
    let max = r.w - 12;
    if (badge && r.w > 140) {
      ctx.font = '700 10px ' + fontFamily();
      const bw = ctx.measureText(badge).width;
      ctx.fillStyle = headText;
      ctx.fillText(badge, r.x + r.w - 6 - bw, r.y + 9);
      max -= bw + 8;
    }
    ctx.font = bold();
    const title = (isFailure(st) && !(badge && r.w > 140) ? FAIL_MARK : '') + futureLabel(f);
    const t = fitText(ctx, title, max);
    ctx.fillStyle = headText;
    ctx.fillText(t, r.x + 6, r.y + 9);
    const used = ctx.measureText(t).width;
    const sub = futureSubtitle(f);
    if (sub && t === title && max - used > 40) {
      ctx.font = font();
      ctx.fillStyle = st === 'unhandled' ? '#fbe8ff' : C.muted;
      ctx.fillText(fitText(ctx, sub, max - used - 8), r.x + 6 + used + 8, r.y + 9);
    }
  }

  function headColours(st) {
    switch (st) {
      case 'fired': return [C.firedHead, C.firedHeadText];
      case 'failed': return [failFill, C.failText];
      case 'unhandled': return [C.failDark, '#ffffff'];
      case 'pending': return [C.pendingHead, C.pendingText];
      case 'ghost': return [C.ghost, C.ghostText];
      default: return [C.futureHead, C.futureHeadText];
    }
  }

  function smallFill(st) {
    if (st === 'unhandled') return C.failDark;
    if (st === 'failed') return failFill;
    if (st === 'pending') return C.pendingHead;
    if (st === 'fired') return C.firedHead;
    return C.futureStroke;
  }

  function leafFill(st) {
    if (isFailure(st)) return failFill;
    if (st === 'pending') return C.pendingSoft;
    return C.futureFill;
  }

  /** The colour of a future too small to show its callbacks: what became of it by step k. */
  function summaryFill(f, st, k) {
    if (st === 'unhandled') return C.failDark;
    if (st === 'failed') return failFill;
    if (f.callbacks.some((c) => c.failedAt >= 0 && c.failedAt < k)) return failFill;
    if (st === 'pending') return C.pendingHead;
    if (st === 'fired' || st === 'cancelled') {
      return f.callbacks.some((c) => c.firstRunAt >= 0 && c.firstRunAt < k) ? C.cbRan : C.firedHead;
    }
    return C.futureFill;
  }

  /** A future with no callbacks and no stages of its own: its name inside the tile. */
  function drawLeafLabel(f, r, st) {
    const colour = st === 'ghost' ? C.ghostText : isFailure(st) ? C.failText : st === 'pending' ? C.pendingText : C.futureHeadText;
    const lineY = r.h >= 34 ? r.y + 11 : r.y + r.h / 2;
    ctx.font = bold();
    ctx.fillStyle = colour;
    ctx.fillText(fitText(ctx, (isFailure(st) ? FAIL_MARK : '') + futureLabel(f), r.w - 10), r.x + 5, lineY);
    if (r.h >= 34) {
      ctx.font = font();
      ctx.fillStyle = C.muted;
      const what = st === 'pending' ? (f.pendingAt >= 0 ? 'pending' : 'not completed')
        : st === 'ghost' ? 'not tracked yet' : st === 'waiting' ? (f.trackedAt < 0 ? 'seen in part' : 'not completed yet') : st;
      ctx.fillText(fitText(ctx, what + ' \u00b7 no callbacks', r.w - 10), r.x + 5, r.y + 27);
    }
  }

  function drawCallback(c, r0, k, isRed) {
    const r = inset(r0);
    const failed = c.failedAt >= 0 && c.failedAt < k;
    let fill = C.cbWaiting;
    let stroke = C.cbWaitingStroke;
    let text = C.muted;
    if (c.since >= k) { fill = C.ghost; stroke = C.ghostStroke; text = C.ghostText; }
    else if (failed) { fill = failFill; stroke = C.fail; text = C.failText; }
    else if (c.firstRunAt >= 0 && c.firstRunAt < k) {
      const eb = !c.runs[0].successPath;
      fill = eb ? C.ebRan : C.cbRan;
      stroke = eb ? C.ebRanStroke : C.cbRanStroke;
      text = C.text;
    }
    if (isRed) { fill = C.current; stroke = C.currentStroke; text = C.currentText; }
    if (r.w < 14 || r.h < 14) {
      ctx.fillStyle = fill === C.cbWaiting ? C.cbWaitingStroke : fill;
      ctx.fillRect(r.x, r.y, r.w, r.h);
      return;
    }
    roundRect(ctx, r.x, r.y, r.w, r.h, r.w > 16 && r.h > 16 ? 4 : 1);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = failed || isRed ? 2 : 1;
    ctx.strokeStyle = stroke;
    ctx.stroke();
    if (r.w < 26 || r.h < 14) return;
    const mark = (isRed ? CURSOR_MARK : '') + (failed ? FAIL_MARK : '');
    ctx.font = isRed || failed ? bold() : font();
    ctx.fillStyle = text;
    const lineY = r.h >= 34 ? r.y + 11 : r.y + r.h / 2;
    let label = fitText(ctx, mark + shortName(c.name), r.w - 10);
    if (label.endsWith('\u2026')) label = fitText(ctx, mark + memberName(c.name), r.w - 10);
    labelBackground(label, r, lineY, failed && !isRed);
    ctx.fillStyle = text;
    ctx.fillText(label, r.x + 5, lineY);
    if (r.h >= 34) {
      ctx.font = font();
      ctx.fillStyle = isRed ? '#ffe4e4' : failed ? C.failText : C.muted;
      let info = c.method || (c.callback !== null ? 'callback' : 'errback');
      if (failed) info = 'threw \u00b7 ' + info;
      if (c.runs.length && c.firstRunAt < k) info += ' \u00b7 ' + fmtDuration(c.totalTime);
      else if (c.since < k) info += ' \u00b7 not run';
      const t = fitText(ctx, info, r.w - 10);
      labelBackground(t, r, r.y + 27, failed && !isRed);
      ctx.fillStyle = isRed ? '#ffe4e4' : failed ? C.failText : C.muted;
      ctx.fillText(t, r.x + 5, r.y + 27);
    }
  }

  /** Text on stripes is hard to read: a plain band behind it. */
  function labelBackground(text, r, y, on) {
    if (!on || !text) return;
    ctx.fillStyle = C.failSoft;
    ctx.fillRect(r.x + 3, y - 7, Math.min(ctx.measureText(text).width + 4, r.w - 6), 14);
  }

  /** The cursor on a callback too small to see, or inside a future drawn closed: a red ring. */
  function drawCursorRing(c) {
    let target = c;
    while (target && !target.rect) target = target.kind === 'callback' ? target.future : target.parent;
    if (!target || !target.rect) return;
    const r = target.rect;
    if (target !== c || r.w < 8 || r.h < 8) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = C.current;
      ctx.beginPath();
      ctx.arc(r.x + r.w / 2, r.y + r.h / 2, Math.max(6, Math.min(r.w, r.h) / 2 + 3), 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  function outline(r, colour, width) {
    ctx.lineWidth = width;
    ctx.strokeStyle = colour;
    roundRect(ctx, r.x + width / 2, r.y + width / 2, Math.max(1, r.w - width), Math.max(1, r.h - width), 4);
    ctx.stroke();
  }

  function hit(x, y) {
    for (let i = drawList.length - 1; i >= 0; i--) {
      const r = drawList[i].rect;
      if (x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h) return drawList[i];
    }
    return null;
  }

  return { canvas, box, layout, draw, hit };
}

function isFailure(st) {
  return st === 'failed' || st === 'unhandled';
}

function inset(r) {
  const d = r.w >= 4 && r.h >= 4 ? 1 : 0;
  return { x: r.x + d / 2, y: r.y + d / 2, w: r.w - d, h: r.h - d };
}

function badgeText(f, st) {
  switch (st) {
    case 'unhandled': return FAIL_MARK + 'UNHANDLED';
    case 'failed': return FAIL_MARK + 'FAILED';
    case 'cancelled': return 'CANCELLED';
    case 'pending': return f.pendingAt >= 0 ? 'PENDING' : 'NOT COMPLETED';
    default: return '';
  }
}
