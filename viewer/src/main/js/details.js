/** The details panel: everything known about the selected future or callback. */

import { breakable, byId, el } from './dom.js';
import { counted, fmtCount, fmtDuration, fmtOffset, shortName } from './format.js';
import { callbackPath, futureLabel, futureState, futureSubtitle, viaText } from './model.js';

const LIST_MAX = 200;

export function createDetails(app) {
  const box = byId('details');
  const { model, events } = app;

  function linkTo(node, text) {
    const b = el('button', 'link', text);
    b.type = 'button';
    if (node) {
      if (node.kind === 'future') b.setAttribute('data-future-id', String(node.id));
      else b.setAttribute('data-callback', String(node.index));
      b.addEventListener('click', () => app.select(node, { reveal: true }));
    }
    return b;
  }

  function stepLink(line, text) {
    const b = el('button', 'link', text || ('line ' + fmtCount(line + 1)));
    b.type = 'button';
    b.title = 'Go to this line';
    b.addEventListener('click', () => { app.setPlaying(false); app.setStep(line + 1); });
    return b;
  }

  function when(line) {
    const e = events[line];
    const frag = document.createDocumentFragment();
    frag.appendChild(stepLink(line));
    if (e && typeof e.ts === 'number') frag.appendChild(document.createTextNode(' \u00b7 ' + fmtOffset(e.ts - model.tMin)));
    return frag;
  }

  function render() {
    const n = app.state.selected;
    box.textContent = '';
    box.removeAttribute('data-future-id');
    box.removeAttribute('data-callback');
    if (n && n.kind === 'future') renderFuture(n);
    else if (n) renderCallback(n);
    else renderNothing();
  }

  function renderNothing() {
    const data = app.data;
    if (data.skippedLines > 0) {
      box.appendChild(el('div', 'notice', counted(data.skippedLines, 'line of the file was', 'lines of the file were')
        + ' not JSON and skipped (the first at line ' + data.firstSkippedLine + ').'));
    }
    if (model.partial) {
      box.appendChild(el('div', 'notice', 'A partial recording: some futures appear without the lines of their start '
        + '(continuous recordings keep only slow callbacks, long-lived futures and failures). They are shown by id.'));
    }
    box.appendChild(el('p', 'empty', 'Click a tile in the squaremap or a bar in the timeline to see where it came from, '
      + 'what ran and how long it took. Press Enter for the red callback, ? for how to read the picture.'));
  }

  function renderFuture(f) {
    box.setAttribute('data-future-id', String(f.id));
    const h = el('h3', null, futureLabel(f));
    const [cls, word] = badgeFor(f, model.lineCount);
    h.appendChild(el('span', 'badge ' + cls, word));
    box.appendChild(h);
    kindLine('Future \u00b7 ' + viaText(f.via), f);
    const dl = el('dl', 'kv');
    kv(dl, 'Id', '#' + f.id, 'mono');
    kv(dl, 'Name', f.name);
    kv(dl, 'Via', f.via || (f.trackedAt < 0 ? 'not tracked in this recording' : null));
    kv(dl, 'Parent', f.parent ? linkTo(f.parent, futureLabel(f.parent)) : (f.parentId !== null ? '#' + f.parentId + ' (not tracked)' : null));
    if (f.producer) {
      const pf = document.createDocumentFragment();
      pf.appendChild(document.createTextNode((f.producer.method || 'callback') + ' '));
      pf.appendChild(linkTo(f.producer, shortName(f.producer.name)));
      pf.appendChild(document.createTextNode(' on '));
      pf.appendChild(linkTo(f.producer.future, futureLabel(f.producer.future)));
      kv(dl, 'Completed by', pf);
    }
    for (const c of f.chainedFrom) kv(dl, 'Chained from', linkTo(c.source, futureLabel(c.source)));
    kv(dl, 'Tracked', f.trackedAt >= 0 ? when(f.trackedAt) : 'not in this recording (first seen at line ' + fmtCount(f.since + 1) + ')');
    outcomeRows(dl, f);
    kv(dl, 'Time', fmtDuration(f.totalTime) + ' in callbacks' + (f.children.length ? ', stages included' : ''));
    box.appendChild(dl);
    extraSection(f.unhandledAt, 'Unhandled failure');
    extraSection(f.pendingAt, 'Pending');
    callbackList(f);
    stageList(f);
    chainedList(f);
    history(f);
  }

  function outcomeRows(dl, f) {
    if (!f.outcome) {
      kv(dl, 'Completed', 'never, in this recording');
      return;
    }
    const o = f.outcome;
    kv(dl, o.cancelled ? 'Cancelled' : (o.success ? 'Completed' : 'Failed'), when(o.line));
    if (f.revisions !== null) {
      const first = f.revisions[0];
      kv(dl, 'Revised', 'first reported ' + (first.success ? 'completed' : 'failed') + ' at line ' + fmtCount(first.line + 1)
        + '; the last fired line is the outcome');
    }
    if (o.lifetime !== null) kv(dl, 'Lifetime', fmtDuration(o.lifetime) + ' from tracking to completion');
    if (o.error) kv(dl, 'Error', breakable('span', null, o.error), 'error');
    if (o.callback) kv(dl, 'Failed by', o.callback, 'mono');
  }

  function kindLine(text, node) {
    const d = el('div', 'kind', text);
    const b = el('button', 'link show-in-timeline', 'show in timeline');
    b.type = 'button';
    b.addEventListener('click', () => app.showInTimeline(node));
    d.appendChild(document.createTextNode(' \u00b7 '));
    d.appendChild(b);
    box.appendChild(d);
  }

  function list(title, items, row) {
    if (!items.length) return;
    box.appendChild(el('h4', null, title + ' (' + fmtCount(items.length) + ')'));
    const ul = el('ul');
    for (const item of items.slice(0, LIST_MAX)) {
      const li = el('li');
      row(li, item);
      ul.appendChild(li);
    }
    box.appendChild(ul);
    if (items.length > LIST_MAX) box.appendChild(el('div', 'more', fmtCount(items.length - LIST_MAX) + ' more'));
  }

  function callbackList(f) {
    list('Callbacks', f.callbacks, (li, c) => {
      li.appendChild(el('span', 'dot ' + (c.failedAt >= 0 ? 'bad' : c.runs.length ? (c.runs[0].successPath ? 'cb' : 'eb') : '')));
      li.appendChild(linkTo(c, shortName(c.name)));
      li.appendChild(el('span', 'meta muted', (c.method || callbackPath(c)) + (c.runs.length ? ' \u00b7 ' + fmtDuration(c.totalTime) : ' \u00b7 not run')));
    });
  }

  function stageList(f) {
    list('Futures from it', f.children, (li, ch) => {
      li.appendChild(el('span', 'dot ' + badgeFor(ch, model.lineCount)[0]));
      li.appendChild(linkTo(ch, futureLabel(ch)));
      const sub = futureSubtitle(ch);
      li.appendChild(el('span', 'meta muted', viaText(ch.via) + (sub && ch.via !== 'chained' ? ' \u00b7 ' + sub : '')));
    });
  }

  function chainedList(f) {
    list('Chained to', f.chainedTo, (li, c) => {
      const t = model.futures.get(c.target);
      li.appendChild(t ? linkTo(t, futureLabel(t)) : el('span', null, '#' + c.target + ' (not tracked)'));
      li.appendChild(el('span', 'meta muted', ' at '));
      li.appendChild(stepLink(c.line));
    });
  }

  /** The keys of an `unhandled` or `pending` line, shown whatever they are. */
  function extraSection(line, title) {
    if (line < 0) return;
    const e = events[line];
    box.appendChild(el('h4', null, title));
    const dl = el('dl', 'kv');
    kv(dl, 'At', when(line));
    const blocks = [];
    for (const key of Object.keys(e)) {
      if (key === 'action' || key === 'deferred' || key === 'ts') continue;
      let v = e[key];
      if (key === 'name' && v === null) continue;
      if (key === 'stack' || (typeof v === 'string' && v.includes('\n'))) { blocks.push([key, v]); continue; }
      if (key === 'age' && typeof v === 'number') v = fmtDuration(v);
      kv(dl, key, typeof v === 'object' && v !== null ? JSON.stringify(v) : v, key === 'error' ? 'error' : null);
    }
    box.appendChild(dl);
    for (const [key, v] of blocks) {
      box.appendChild(el('div', 'block-key', key));
      box.appendChild(el('pre', null, Array.isArray(v) ? v.join('\n') : (typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : String(v))));
    }
  }

  function history(f) {
    list('Lines', f.lines, (li, line) => {
      li.appendChild(stepLink(line, fmtCount(line + 1)));
      li.appendChild(el('span', null, String(events[line].action)));
    });
  }

  function renderCallback(c) {
    box.setAttribute('data-callback', String(c.index));
    const h = el('h3', null, c.name === null ? '(unnamed)' : c.name);
    if (c.failedAt >= 0) h.appendChild(el('span', 'badge bad', '\u2715 threw'));
    else if (c.runs.length) h.appendChild(el('span', 'badge ok', 'ran'));
    else h.appendChild(el('span', 'badge muted', 'not run'));
    box.appendChild(h);
    kindLine('Callback' + (c.implicit ? ' \u00b7 ran without an attached line' : ''), c);
    const dl = el('dl', 'kv');
    kv(dl, 'Name', c.name, 'mono');
    kv(dl, 'Method', c.method);
    kv(dl, 'Path', callbackPath(c));
    kv(dl, 'Future', linkTo(c.future, futureLabel(c.future)));
    if (c.resultId !== null) {
      const r = model.futures.get(c.resultId);
      kv(dl, 'Completes', r ? linkTo(r, futureLabel(r)) : '#' + c.resultId + ' (not tracked)');
    }
    kv(dl, 'Attached', c.implicit ? 'not in this recording' : when(c.since));
    kv(dl, 'Time', c.runs.length ? fmtDuration(c.totalTime) : 'did not run');
    if (c.runs.length === 1) {
      const run = c.runs[0];
      kv(dl, 'Ran as', run.successPath ? 'callback (success path)' : 'errback (failure path)');
      kv(dl, 'Thread', run.thread, 'mono');
      kv(dl, 'Finished', when(run.line));
      if (run.failed) kv(dl, 'Error', breakable('span', null, run.error || 'threw'), 'error');
    }
    box.appendChild(dl);
    if (c.runs.length > 1) {
      list('Runs', c.runs, (li, run) => {
        li.appendChild(el('span', 'dot ' + (run.failed ? 'bad' : run.successPath ? 'cb' : 'eb')));
        li.appendChild(stepLink(run.line));
        li.appendChild(el('span', 'meta', fmtDuration(run.time) + ' on ' + run.thread + (run.successPath ? '' : ' \u00b7 errback')));
        if (run.failed) li.appendChild(el('span', 'error mono', run.error || 'threw'));
      });
    }
  }

  return { render };
}

export function kv(dl, key, value, cls) {
  dl.appendChild(el('dt', null, key));
  const dd = el('dd', cls || null);
  if (value instanceof Node) dd.appendChild(value);
  else dd.textContent = value === null || value === undefined ? '\u2014' : String(value);
  dl.appendChild(dd);
  return dd;
}

export function badgeFor(f, lineCount) {
  switch (futureState(f, lineCount, lineCount)) {
    case 'unhandled': return ['bad', '\u2715 unhandled failure'];
    case 'failed': return ['bad', '\u2715 failed'];
    case 'cancelled': return ['warn', 'cancelled'];
    case 'fired': return ['ok', 'completed'];
    case 'pending': return ['warn', f.pendingAt >= 0 ? 'pending' : 'not completed'];
    default: return ['muted', 'outcome not recorded'];
  }
}
