/**
 * What went wrong in a run, worst first, and the slowest futures: the list of the problems panel.
 * No DOM.
 */

import { fmtDuration } from './format.js';
import { str } from './values.js';

/** How many of the longest-lived futures are listed. */
export const SLOWEST = 10;

const RANK = {
  'unhandled': 0, 'failed callback': 1, 'failed future': 2, 'pending': 3, 'cancelled future': 4,
  'not completed': 5, 'slowest': 6
};

/**
 * A stage that failed only because the stage before it did is not listed again: its failure is
 * the callback's that threw, or the upstream future's. Futures seen only in part (no `tracked`
 * line) are listed when they failed, since the recording kept them for that.
 */
export function findProblems(m, events) {
  const problems = [];
  for (const c of m.callbacks) {
    if (c.failedAt < 0) continue;
    const run = c.runs.find((r) => r.failed);
    problems.push({ kind: 'failed callback', severity: 'bad', node: c, line: c.failedAt, error: run.error });
  }
  for (const f of m.futureList) {
    const o = f.outcome;
    if (o && (!o.success || o.cancelled) && failedByItself(f)) {
      problems.push({
        kind: o.cancelled ? 'cancelled future' : 'failed future', severity: o.cancelled ? 'warn' : 'bad',
        node: f, line: o.line, error: o.error, lifetime: o.lifetime
      });
    }
    if (f.unhandledAt >= 0) {
      problems.push({ kind: 'unhandled', severity: 'bad', node: f, line: f.unhandledAt, error: str(events[f.unhandledAt].error), lifetime: f.lifetime });
    }
    if (f.pendingAt >= 0) {
      problems.push({ kind: 'pending', severity: 'warn', node: f, line: f.pendingAt, error: pendingSummary(events[f.pendingAt]) });
    }
  }
  // Futures that never completed are guessed only when the recording has no `pending` lines.
  if (!m.futureList.some((f) => f.pendingAt >= 0)) {
    for (const f of m.futureList) {
      if (f.firedAt < 0 && f.trackedAt >= 0) {
        problems.push({ kind: 'not completed', severity: 'warn', node: f, line: f.since, error: 'no fired line in the recording' });
      }
    }
  }
  problems.sort((a, b) => (RANK[a.kind] - RANK[b.kind]) || (a.line - b.line));
  return problems.concat(slowest(m.futureList, SLOWEST));
}

function failedByItself(f) {
  if (f.producer && f.producer.failedAt >= 0) return false;
  return f.via === null || f.via === 'track' || f.via === 'composed';
}

/** The `count` futures with the longest lifetimes, longest first. */
export function slowest(futures, count) {
  const timed = futures.filter((f) => f.lifetime !== null);
  timed.sort((a, b) => b.lifetime - a.lifetime || a.since - b.since);
  return timed.slice(0, count).map((f) => ({
    kind: 'slowest', severity: 'info', node: f, line: f.outcome.line, error: null, lifetime: f.lifetime
  }));
}

/** The keys of a `pending` line in a few words. */
export function pendingSummary(e) {
  const parts = [];
  for (const k of Object.keys(e)) {
    if (k === 'action' || k === 'deferred' || k === 'ts' || k === 'name' || k === 'stack') continue;
    let v = e[k];
    if (k === 'age' && typeof v === 'number') v = fmtDuration(v);
    else if (typeof v === 'string' && v.includes('\n')) v = v.substring(0, v.indexOf('\n')) + ' \u2026';
    parts.push(k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  }
  return parts.join(', ');
}
