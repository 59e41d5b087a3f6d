/** The time axis of the timeline: where its ticks go and where their labels fit. No DOM. */

import { fmtOffset } from './format.js';

/** A round step (1, 2 or 5 times a power of ten) for about one tick per 110 pixels. */
export function niceStep(range, px) {
  const target = range / Math.max(1, px / 110);
  const p = Math.pow(10, Math.floor(Math.log10(target)));
  const m = target / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/**
 * The ticks of the view [v0, v1] (microseconds) drawn from x0 to x1 on a canvas `width` wide,
 * labelled with their offset from `origin`. A label is drawn right of its tick, or left of it
 * where it would run past the canvas's right edge; a label that would then overlap the one before
 * it is left out. `measure(text)` is the text's width in pixels.
 */
export function axisTicks(v0, v1, origin, x0, x1, width, measure) {
  const ticks = [];
  if (!(v1 > v0) || !(x1 > x0)) return ticks;
  const step = niceStep(v1 - v0, x1 - x0);
  const first = Math.ceil((v0 - origin) / step) * step + origin;
  let lastRight = -Infinity;
  for (let t = first; t <= v1; t += step) {
    const x = Math.round(x0 + (t - v0) / (v1 - v0) * (x1 - x0)) + 0.5;
    if (x < x0) continue;
    const text = fmtOffset(t - origin);
    const w = measure(text);
    let textX = x + 3;
    if (textX + w > width - 2) textX = x - 3 - w;
    const tick = { t, x, text, textX: null };
    if (textX >= lastRight + 6 && textX >= x0 + 2) {
      tick.textX = textX;
      lastRight = textX + w;
    }
    ticks.push(tick);
  }
  return ticks;
}
