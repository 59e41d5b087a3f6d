import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isVirtualThread, packThreads, threadLanes } from '../../main/js/threads.js';

test('virtual threads are named virtual#id, or name (virtual#id)', () => {
  assert.ok(isVirtualThread('virtual#42'));
  assert.ok(isVirtualThread('fetcher (virtual#42)'));
  assert.ok(!isVirtualThread('ForkJoinPool.commonPool-worker-1'));
  assert.ok(!isVirtualThread('thread#31'));
  assert.ok(!isVirtualThread('my virtual#thing'));
  assert.ok(!isVirtualThread(null));
});

const run = (thread, start, end) => ({ thread, start, end });

test('each platform thread gets a lane, in the order the threads first ran, runs by start', () => {
  const runs = [run('b', 5, 6), run('a', 1, 2), run('b', 3, 4)];
  const { lanes, virtual } = threadLanes(runs);
  assert.equal(virtual, null);
  assert.deepEqual(lanes.map((l) => l.name), ['b', 'a']);
  assert.deepEqual(lanes[0].runs.map((r) => r.start), [3, 5]);
  assert.equal(runs[1].lane, lanes[1]);
});

test('a thousand short-lived virtual threads share as many rows as ran at once', () => {
  const runs = [];
  // 1,000 threads, one or two runs each, at most 8 running at any time.
  for (let i = 0; i < 1000; i++) {
    const start = Math.floor(i / 8) * 100 + (i % 8);
    runs.push(run('virtual#' + (1000 + i), start, start + 60));
    if (i % 3 === 0) runs.push(run('virtual#' + (1000 + i), start + 61, start + 90));
  }
  runs.push(run('main', 0, 1));
  const { lanes, virtual } = threadLanes(runs);
  assert.deepEqual(lanes.map((l) => l.name), ['main']);
  assert.equal(virtual.threadCount, 1000);
  assert.equal(virtual.runs.length, runs.length - 1);
  assert.equal(virtual.rows.length, 8);
  for (const row of virtual.rows) {
    const spans = new Map();
    for (const r of row.runs) {
      const s = spans.get(r.thread) || [Infinity, -Infinity];
      spans.set(r.thread, [Math.min(s[0], r.start), Math.max(s[1], r.end)]);
    }
    const sorted = [...spans.values()].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i][0] >= sorted[i - 1][1], 'threads on a row do not overlap');
  }
});

test('a thread keeps all its runs on one row', () => {
  const runs = [run('virtual#1', 0, 10), run('virtual#2', 5, 8), run('virtual#1', 2, 4), run('virtual#3', 11, 12)];
  const rows = packThreads([[runs[0], runs[2]], [runs[1]], [runs[3]]]);
  assert.equal(rows.length, 2);
  assert.equal(runs[0].row, runs[2].row);
  assert.notEqual(runs[1].row, runs[0].row);
  assert.ok([runs[0].row, runs[1].row].includes(runs[3].row), 'a free row is reused');
});
