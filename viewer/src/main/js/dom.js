/**
 * Small helpers for the page. Everything from the recording goes in as text (textContent, text
 * nodes, canvas fillText): never as HTML.
 */

import { breakableParts } from './format.js';

export function byId(id) {
  return document.getElementById(id);
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** Text that may wrap only at its dots and separators (`<wbr>` between the pieces). */
export function breakable(tag, cls, text) {
  const e = el(tag, cls);
  const parts = breakableParts(text);
  parts.forEach((part, i) => {
    if (i > 0) e.appendChild(document.createElement('wbr'));
    e.appendChild(document.createTextNode(part));
  });
  return e;
}

export function resizeCanvas(canvas, w, h) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(w * dpr));
  canvas.height = Math.max(1, Math.round(h * dpr));
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

export function canvasPoint(canvas, ev) {
  const r = canvas.getBoundingClientRect();
  return { x: ev.clientX - r.left, y: ev.clientY - r.top };
}

let family = null;
export function fontFamily() {
  if (!family) family = getComputedStyle(document.body).fontFamily;
  return family;
}

const labelCache = new Map();

/** The text, cut with an ellipsis to fit `max` pixels in the context's font. */
export function fitText(ctx, text, max) {
  if (max <= 8) return '';
  const key = ctx.font + '\u0000' + max + '\u0000' + text;
  const hit = labelCache.get(key);
  if (hit !== undefined) return hit;
  let out = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.substring(0, mid) + '\u2026').width <= max) lo = mid; else hi = mid - 1;
    }
    out = lo > 0 ? text.substring(0, lo) + '\u2026' : '';
  }
  if (labelCache.size > 20000) labelCache.clear();
  labelCache.set(key, out);
  return out;
}

export function roundRect(ctx, x, y, w, h, radius) {
  const rad = Math.min(radius, w / 2, h / 2);
  ctx.beginPath();
  if (rad < 1) {
    ctx.rect(x, y, w, h);
    return;
  }
  ctx.moveTo(x + rad, y);
  ctx.arcTo(x + w, y, x + w, y + h, rad);
  ctx.arcTo(x + w, y + h, x, y + h, rad);
  ctx.arcTo(x, y + h, x, y, rad);
  ctx.arcTo(x, y, x + w, y, rad);
  ctx.closePath();
}
