/**
 * The model of a run: futures, the callbacks attached to them, their runs, how futures nest
 * (derived from, chained to, composed from), what became of each future, and the problems.
 * Plain functions over the parsed lines of mon.out; nothing here touches the page.
 */

import { shortName } from './format.js';
import { isId, num, str } from './values.js';
import { threadLanes } from './threads.js';
import { findProblems } from './problems.js';

export const UNKNOWN_THREAD = '(unknown thread)';

/** The kinds of the timeline's future markers, in the order they are drawn. */
export const MARKER_KINDS = ['fired', 'chained', 'cancelled', 'failed', 'pending', 'unhandled'];

function newFuture(id, line) {
  return {
    kind: 'future', id, name: null, parentId: null, via: null, since: line, trackedAt: -1,
    callbacks: [], children: [], chainedTo: [], chainedFrom: [], lines: [],
    firedAt: -1, outcome: null, revisions: null, success: null, cancelled: false, error: null,
    lifetime: null, failedBy: null,
    unhandledAt: -1, pendingAt: -1, producer: null, parent: null,
    weight: 0, totalTime: 0, depth: 0, items: null, rect: null, header: false, open: false, match: true
  };
}

function newCallback(index, f, line, cbName, ebName, method, result) {
  return {
    kind: 'callback', index, future: f, callback: cbName, errback: ebName,
    method, resultId: result, since: line, runs: [], firstRunAt: -1, failedAt: -1,
    weight: 0, totalTime: 0, rect: null, open: false, match: true, implicit: false,
    name: cbName !== null ? cbName : ebName
  };
}

/**
 * The attachment an `executed` line ran: the first one on the future with that name on that path
 * that has not run yet, else the first that has (a stage runs each dependent at most once).
 * The Chrome trace's Java applies the same rule (viewer/internal/Callbacks.java); the tests of
 * both check it against matching-expected.txt.
 */
function findSlot(f, name, successPath) {
  let ranAlready = null;
  for (const c of f.callbacks) {
    if ((successPath ? c.callback : c.errback) === name) {
      if (c.runs.length === 0) return c;
      if (!ranAlready) ranAlready = c;
    }
  }
  return ranAlready;
}

/** Reads the lines in order; `lastExec[k]` is the callback run last by step k (k lines read). */
function readLines(events) {
  const n = events.length;
  const m = {
    lineCount: n, futures: new Map(), futureList: [], callbacks: [], runs: [], markers: [],
    lastExec: new Int32Array(n + 1), tMin: Infinity, tMax: -Infinity
  };
  let current = -1;
  m.lastExec[0] = -1;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (e && typeof e === 'object' && isId(e.deferred)) {
      const ts = typeof e.ts === 'number' ? e.ts : NaN;
      if (ts === ts) {
        if (ts < m.tMin) m.tMin = ts;
        if (ts > m.tMax) m.tMax = ts;
      }
      let f = m.futures.get(e.deferred);
      if (!f) {
        f = newFuture(e.deferred, i);
        m.futures.set(e.deferred, f);
        m.futureList.push(f);
      }
      f.lines.push(i);
      const ran = readLine(m, f, e, i, ts);
      if (ran) current = ran.index;
    }
    m.lastExec[i + 1] = current;
  }
  return m;
}

/** Applies one line to the model; returns the callback it ran, if it ran one. */
function readLine(m, f, e, i, ts) {
  switch (e.action) {
    case 'tracked':
      if (f.trackedAt < 0) f.trackedAt = i;
      if (typeof e.name === 'string') f.name = e.name;
      if (isId(e.parent)) f.parentId = e.parent;
      if (typeof e.via === 'string') f.via = e.via;
      return null;
    case 'attached': {
      const c = newCallback(m.callbacks.length, f, i, str(e.callback), str(e.errback), str(e.method),
        isId(e.result) ? e.result : null);
      f.callbacks.push(c);
      m.callbacks.push(c);
      return null;
    }
    case 'chained':
      if (isId(e.target)) {
        f.chainedTo.push({ target: e.target, line: i });
        m.markers.push(marker('chained', i, ts, f, e.target, null));
      }
      return null;
    case 'executed':
      return executed(m, f, e, i, ts);
    case 'fired':
      fired(m, f, e, i, ts);
      return null;
    case 'unhandled':
    case 'pending':
      nameFrom(f, e);
      if (e.action === 'unhandled' && f.unhandledAt < 0) f.unhandledAt = i;
      if (e.action === 'pending' && f.pendingAt < 0) f.pendingAt = i;
      m.markers.push(marker(e.action, i, ts, f, null, null));
      return null;
    default:
      // Readers ignore actions they do not know; the line still shows in the log and history.
      return null;
  }
}

function nameFrom(f, e) {
  if (f.name === null && typeof e.name === 'string') f.name = e.name;
}

function executed(m, f, e, i, ts) {
  const successPath = e['callback?'] !== false;
  const cbName = str(e.callback);
  let c = findSlot(f, cbName, successPath);
  if (!c) {
    // Partial recordings keep runs whose `attached` line was never recorded.
    c = newCallback(m.callbacks.length, f, i, successPath ? cbName : null, successPath ? null : cbName, null, null);
    c.implicit = true;
    f.callbacks.push(c);
    m.callbacks.push(c);
  }
  const time = num(e.time) || 0;
  const end = ts === ts ? ts : (m.tMax > -Infinity ? m.tMax : 0);
  const run = {
    callback: c, line: i, end, start: end - time * 1e6, time,
    thread: e.thread === undefined || e.thread === null ? UNKNOWN_THREAD : String(e.thread),
    lane: null, row: null, successPath, failed: e.failed === true, error: str(e.error)
  };
  if (run.start < m.tMin) m.tMin = run.start;
  c.runs.push(run);
  if (c.firstRunAt < 0) c.firstRunAt = i;
  if (run.failed && c.failedAt < 0) c.failedAt = i;
  m.runs.push(run);
  return c;
}

/** One shape for every marker of the timeline's futures row. */
function marker(kind, line, ts, future, target, outcome) {
  return { kind, code: MARKER_KINDS.indexOf(kind), line, ts, future, target, outcome };
}

/**
 * The last `fired` line of a future is its outcome (a `revised` one replaces the one before); the
 * earlier ones are kept in `revisions` only when there are several, which is rare.
 */
function fired(m, f, e, i, ts) {
  const o = {
    line: i, success: e.success !== false, cancelled: e.cancelled === true, error: str(e.error),
    lifetime: num(e.lifetime), callback: str(e.callback), revised: e.revised === true
  };
  if (f.firedAt < 0) f.firedAt = i;
  else (f.revisions || (f.revisions = [f.outcome])).push(o);
  f.outcome = o;
  f.success = o.success;
  f.cancelled = o.cancelled;
  f.error = o.error;
  f.lifetime = o.lifetime;
  f.failedBy = o.callback;
  nameFrom(f, e);
  m.markers.push(marker(outcomeKind(o), i, ts, f, null, o));
}

export function outcomeKind(o) {
  return o.cancelled ? 'cancelled' : (o.success ? 'fired' : 'failed');
}

/** The outcome of a future as of step k (the last `fired` line before it), or null. */
export function outcomeAt(f, k) {
  if (f.revisions === null) return f.outcome !== null && f.outcome.line < k ? f.outcome : null;
  for (let j = f.revisions.length - 1; j >= 0; j--) {
    if (f.revisions[j].line < k) return f.revisions[j];
  }
  return null;
}

/** What a future is at step k: ghost, waiting, fired, failed, cancelled, unhandled or pending. */
export function futureState(f, k, lineCount) {
  if (f.since >= k) return 'ghost';
  if (f.unhandledAt >= 0 && f.unhandledAt < k) return 'unhandled';
  const o = outcomeAt(f, k);
  if (o) return outcomeKind(o);
  if (f.pendingAt >= 0 && f.pendingAt < k) return 'pending';
  // Only a future seen from its start is known never to have completed.
  if (k === lineCount && f.trackedAt >= 0) return 'pending';
  return 'waiting';
}

/**
 * Parents. Edges to an earlier future cannot make a cycle; the rare edge to a later one is checked
 * against the tree built so far.
 */
function linkFutures(m) {
  const later = [];
  for (const f of m.futureList) {
    if (f.parentId === null || f.parentId === f.id) continue;
    const p = m.futures.get(f.parentId);
    if (!p) continue;
    if (p.since < f.since) f.parent = p; else later.push([f, p]);
  }
  for (const [f, p] of later) {
    let cycle = false;
    for (let a = p; a; a = a.parent) if (a === f) cycle = true;
    if (!cycle) f.parent = p;
  }
  const roots = [];
  for (const f of m.futureList) {
    if (f.parent) f.parent.children.push(f); else roots.push(f);
  }
  for (const f of m.futureList) {
    for (const c of f.chainedTo) {
      const t = m.futures.get(c.target);
      if (t) t.chainedFrom.push({ source: f, line: c.line });
    }
  }
  for (const c of m.callbacks) {
    if (c.resultId === null) continue;
    const r = m.futures.get(c.resultId);
    if (r && !r.producer) r.producer = c;
  }
  return roots;
}

function byWeight(a, b) {
  return b.weight - a.weight || a.since - b.since;
}

/**
 * Tile areas: the time callbacks ran, with a floor so that callbacks that took no measurable time
 * stay visible. A future weighs its callbacks and the futures nested in it.
 */
function weigh(m, roots) {
  let totalTime = 0;
  for (const r of m.runs) totalTime += r.time;
  let leaves = m.callbacks.length;
  for (const f of m.futureList) if (!f.callbacks.length && !f.children.length) leaves++;
  const floor = totalTime > 0 ? totalTime * 0.6 / Math.max(leaves, 1) : 1;
  for (const c of m.callbacks) {
    let t = 0;
    for (const r of c.runs) t += r.time;
    c.totalTime = t;
    c.weight = Math.max(t, floor);
  }
  // Post-order without recursion: chains of stages can be thousands deep.
  const order = [];
  const stack = roots.slice();
  while (stack.length) {
    const f = stack.pop();
    order.push(f);
    for (const ch of f.children) stack.push(ch);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const f = order[i];
    let w = 0;
    let tt = 0;
    for (const c of f.callbacks) { w += c.weight; tt += c.totalTime; }
    for (const ch of f.children) { w += ch.weight; tt += ch.totalTime; }
    f.weight = f.callbacks.length || f.children.length ? w : floor;
    f.totalTime = tt;
    f.items = f.callbacks.concat(f.children);
    if (f.items.length > 1) f.items.sort(byWeight);
  }
  for (const f of order) for (const ch of f.children) ch.depth = f.depth + 1;
  const root = { kind: 'root', id: null, children: roots, callbacks: [], items: roots.slice().sort(byWeight), weight: 0, totalTime };
  for (const r of roots) root.weight += r.weight;
  return root;
}

/** Builds the model of the parsed lines of a mon.out. */
export function buildModel(events) {
  const m = readLines(events);
  if (m.tMin === Infinity) { m.tMin = 0; m.tMax = 1; }
  if (m.tMax <= m.tMin) m.tMax = m.tMin + 1;
  const roots = linkFutures(m);
  m.root = weigh(m, roots);
  m.totalTime = m.root.totalTime;
  const threads = threadLanes(m.runs);
  m.lanes = threads.lanes;
  m.virtual = threads.virtual;
  m.markers = m.markers.filter((mk) => mk.ts === mk.ts);
  m.markers.sort((a, b) => (a.ts - b.ts) || (a.line - b.line));
  m.partial = m.futureList.some((f) => f.trackedAt < 0);
  m.incomplete = m.futureList.filter((f) => f.firedAt < 0 && f.trackedAt >= 0).length;
  m.problems = findProblems(m, events);
  return m;
}

export function futureLabel(f) {
  if (!f) return '(none)';
  return f.name !== null ? f.name + ' #' + f.id : '#' + f.id;
}

export function futureSubtitle(f) {
  if (f.producer) return (f.producer.method || 'stage') + '(' + shortName(f.producer.name) + ')';
  if (f.via && f.via !== 'track') return f.via;
  if (f.trackedAt < 0) return 'not tracked in this recording';
  return '';
}

export function callbackPath(c) {
  if (c.callback !== null && c.errback !== null) return c.callback === c.errback ? 'both' : 'callback + errback';
  return c.callback !== null ? 'callback' : 'errback';
}

export function viaText(via) {
  switch (via) {
    case 'track': return 'tracked explicitly';
    case 'derived': return 'derived stage';
    case 'chained': return 'chained target';
    case 'composed': return 'composed (thenCompose)';
    default: return via ? String(via) : 'not tracked in this recording';
  }
}
