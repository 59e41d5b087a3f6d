/**
 * Colours of the squaremap and the timeline. Red is the cursor alone (the callback executing at
 * the current line, as in the original viewer); failures are fuchsia and hatched, with a cross,
 * so that neither reads as the other.
 */

export const C = {
  bg: '#ffffff',
  futureFill: '#f1f4f8',
  futureStroke: '#cfd6e0',
  futureHead: '#e4e9f0',
  futureHeadText: '#344054',
  firedHead: '#d8f0e2',
  firedHeadText: '#05603a',
  fail: '#a21caf',
  failDark: '#86198f',
  failText: '#701a75',
  failSoft: '#fdf4ff',
  failStripe: '#f0abfc',
  pendingHead: '#fde9b6',
  pendingSoft: '#fff7e0',
  pendingStroke: '#d97706',
  pendingText: '#92400e',
  cbWaiting: '#ffffff',
  cbWaitingStroke: '#c4cdd9',
  cbRan: '#cfe0fd',
  cbRanStroke: '#8fb1f3',
  ebRan: '#ccf2ec',
  ebRanStroke: '#5cc4b5',
  current: '#e5484d',
  currentStroke: '#b91c1c',
  currentText: '#ffffff',
  text: '#1c2330',
  muted: '#667085',
  ghost: '#f7f8fa',
  ghostStroke: '#e3e7ed',
  ghostText: '#aab3c0',
  select: '#111827',
  hover: '#2f6fed',
  barCallback: '#5b8def',
  barErrback: '#1f9e8f',
  markFired: '#12a150',
  markCancelled: '#98a2b3',
  markChained: '#f59e0b'
};

/** The legend of the squaremap: label and the CSS class of its swatch (viewer.css draws them). */
export const MAP_LEGEND = [
  ['current line', 'sw-current'], ['ran', 'sw-ran'], ['ran as errback', 'sw-errback'],
  ['\u2715 threw / failed', 'sw-failed'], ['not run', 'sw-waiting'], ['pending', 'sw-pending']
];

export const TIMELINE_LEGEND = [
  ['callback', 'sw-bar-callback'], ['errback', 'sw-bar-errback'], ['\u2715 threw', 'sw-failed'],
  ['fired', 'sw-fired'], ['failed', 'sw-failed'], ['chained', 'sw-chained']
];

/** Diagonal stripes: the fill of whatever failed. */
export function hatch(ctx, background, stripe) {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const t = tile.getContext('2d');
  t.fillStyle = background;
  t.fillRect(0, 0, 8, 8);
  t.strokeStyle = stripe;
  t.lineWidth = 2.5;
  t.beginPath();
  t.moveTo(-2, 10); t.lineTo(10, -2);
  t.moveTo(-2, 2); t.lineTo(2, -2);
  t.moveTo(6, 10); t.lineTo(10, 6);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}
