/** The summary chips, the problems list, the breadcrumbs, the legends and the tooltip. */

import { breakable, byId, el } from './dom.js';
import { counted, fmtCount, fmtDuration, noun, shortName } from './format.js';
import { futureLabel } from './model.js';
import { MAP_LEGEND, TIMELINE_LEGEND } from './palette.js';

const PROBLEMS_MAX = 150;

export function renderStats(app) {
  const box = byId('stats');
  const { model } = app;
  box.textContent = '';
  const chip = (n, singular, pluralForm, cls, title) => {
    const c = el('span', 'chip' + (cls ? ' ' + cls : ''));
    c.appendChild(el('b', null, fmtCount(n)));
    c.appendChild(document.createTextNode(noun(n, singular, pluralForm)));
    if (title) c.title = title;
    box.appendChild(c);
  };
  chip(app.lineCount, 'line');
  chip(model.futureList.length, 'future');
  chip(model.callbacks.length, 'callback');
  chip(model.lanes.length, 'thread');
  if (model.virtual) chip(model.virtual.threadCount, 'virtual thread', 'virtual threads');
  const failedCb = model.callbacks.filter((c) => c.failedAt >= 0).length;
  const failedF = model.futureList.filter((f) => f.outcome && !f.success && !f.cancelled).length;
  const unhandled = model.futureList.filter((f) => f.unhandledAt >= 0).length;
  const pending = model.futureList.filter((f) => f.pendingAt >= 0).length;
  if (failedCb) chip(failedCb, 'callback threw', 'callbacks threw', 'bad');
  if (failedF) chip(failedF, 'future failed', 'futures failed', 'bad');
  if (unhandled) chip(unhandled, 'unhandled', 'unhandled', 'bad', 'failures nobody observed');
  if (pending) chip(pending, 'pending', 'pending', 'warn', 'futures still incomplete when the recording ended');
  else if (model.incomplete) chip(model.incomplete, 'not completed', 'not completed', 'warn', 'futures with no fired line');
  if (app.data.skippedLines > 0) chip(app.data.skippedLines, 'bad line skipped', 'bad lines skipped', 'warn');
  if (model.partial) {
    const seen = model.futureList.filter((f) => f.trackedAt < 0).length;
    chip(seen, 'future seen in part', 'futures seen in part', 'info', 'a partial recording: futures without their tracked line');
  }
}

export function renderProblems(app) {
  const box = byId('problems');
  const ps = app.model.problems;
  box.textContent = '';
  const bad = ps.filter((p) => p.severity === 'bad').length;
  const other = ps.filter((p) => p.severity === 'warn').length;
  byId('problem-count').textContent = ps.length
    ? counted(bad, 'failure') + (other ? ', ' + fmtCount(other) + ' other' : '') : '';
  if (!ps.some((p) => p.severity !== 'info')) box.appendChild(el('div', 'none', 'No failures, nothing left pending.'));
  let slowHeading = false;
  for (const p of ps.slice(0, PROBLEMS_MAX)) {
    if (p.kind === 'slowest' && !slowHeading) {
      box.appendChild(el('h4', 'problems-group', 'Longest-lived futures'));
      slowHeading = true;
    }
    box.appendChild(problemButton(app, p));
  }
  if (ps.length > PROBLEMS_MAX) box.appendChild(el('div', 'more', fmtCount(ps.length - PROBLEMS_MAX) + ' more'));
}

function problemButton(app, p) {
  const b = el('button', 'problem ' + p.severity);
  b.type = 'button';
  b.setAttribute('data-problem', p.kind);
  if (p.node.kind === 'future') b.setAttribute('data-future-id', String(p.node.id));
  else b.setAttribute('data-callback', String(p.node.index));
  b.appendChild(el('span', 'pk', p.kind === 'slowest' ? 'slow' : p.kind));
  const t = el('span', 'pt');
  const name = p.node.kind === 'future' ? futureLabel(p.node) : shortName(p.node.name) + ' on ' + futureLabel(p.node.future);
  t.appendChild(breakable('div', 'pn', name));
  if (p.lifetime !== null && p.lifetime !== undefined) t.appendChild(el('div', 'pl', 'lived ' + fmtDuration(p.lifetime)));
  if (p.error) t.appendChild(breakable('div', 'pe', p.error));
  b.appendChild(t);
  b.addEventListener('click', () => {
    app.setPlaying(false);
    app.setStep(p.line + 1);
    app.select(p.node, { reveal: true });
  });
  return b;
}

export function renderCrumbs(app) {
  const box = byId('crumbs');
  box.textContent = '';
  const path = [];
  for (let n = app.state.zoom; n && n.kind === 'future'; n = n.parent) path.unshift(n);
  const items = [app.model.root].concat(path);
  items.forEach((n, i) => {
    if (i > 0) box.appendChild(el('span', 'sep', '\u203a'));
    let label = n.kind === 'root' ? 'All futures' : futureLabel(n);
    if (i === items.length - 1) {
      label += ' \u00b7 ' + fmtDuration(n.totalTime) + ' in callbacks';
      box.appendChild(el('span', 'here', label));
    } else {
      const b = el('button', null, label);
      b.type = 'button';
      b.addEventListener('click', () => app.zoomInto(n));
      box.appendChild(b);
    }
  });
}

export function legend(box, items) {
  for (const [label, cls] of items) {
    const s = el('span', 'legend-item');
    s.appendChild(el('i', 'sw ' + cls));
    s.appendChild(document.createTextNode(label));
    box.appendChild(s);
  }
}

export function renderLegends() {
  legend(byId('map-legend'), MAP_LEGEND);
  legend(byId('timeline-legend'), TIMELINE_LEGEND);
}

export function createTooltip() {
  const tip = byId('tooltip');
  function show(x, y, title, lines, error) {
    tip.textContent = '';
    tip.appendChild(el('div', 'tt-title', title));
    for (const l of lines) tip.appendChild(el('div', null, l));
    if (error) tip.appendChild(el('div', 'tt-err', error));
    tip.hidden = false;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    let left = x + 14;
    let top = y + 14;
    if (left + w > window.innerWidth - 8) left = x - w - 14;
    if (top + h > window.innerHeight - 8) top = y - h - 14;
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = Math.max(4, top) + 'px';
  }
  return { show, hide: () => { tip.hidden = true; }, element: tip };
}
