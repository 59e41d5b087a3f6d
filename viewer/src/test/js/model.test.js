import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, futureLabel, futureState, outcomeAt } from '../../main/js/model.js';
import { expectedText, line, monOut } from './fixtures.js';

const example = () => buildModel(monOut('example-mon.out'));
const byId = (m, id) => m.futures.get(id);

test('every tracked future and attached callback of the example is in the model', () => {
  const m = example();
  assert.deepEqual(m.futureList.map((f) => f.id), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(m.callbacks.map((c) => c.future.id + ' ' + c.name), [
    '1 example.Example::simpleCallback', '2 example.Example::followup', '3 example.Example::problem',
    '4 example.Example::simpleErrback', '6 example.Example::simpleCallback', '5 example.Example::finished'
  ]);
});

test('nesting means derived from: each future sits in the one it came from', () => {
  const m = example();
  const parents = Object.fromEntries(m.futureList.map((f) => [f.id, f.parent ? f.parent.id : null]));
  assert.deepEqual(parents, { 1: null, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 5 });
  assert.deepEqual(m.root.children.map((f) => f.id), [1]);
  assert.equal(byId(m, 6).chainedFrom[0].source.id, 5);
  assert.equal(byId(m, 4).producer.name, 'example.Example::problem');
  assert.equal(byId(m, 7).depth, 6);
});

test('the cursor is the callback executed last, and stays there until another runs', () => {
  const m = example();
  const red = (k) => (m.lastExec[k] < 0 ? null : m.callbacks[m.lastExec[k]].future.id + ' ' + m.callbacks[m.lastExec[k]].name);
  assert.equal(red(16), null);
  assert.equal(red(17), '1 example.Example::simpleCallback');
  assert.equal(red(18), '1 example.Example::simpleCallback');
  assert.equal(red(21), '3 example.Example::problem');
  assert.equal(red(23), '4 example.Example::simpleErrback');
  assert.equal(red(29), '6 example.Example::simpleCallback');
});

test('a tile weighs the time its callbacks ran, with a floor for the instant ones', () => {
  const m = example();
  const cb = (id) => m.callbacks.find((c) => c.future.id === id);
  assert.equal(cb(1).totalTime, 1.001);
  assert.ok(cb(2).weight > cb(2).totalTime, 'a 21 µs callback gets the floor');
  assert.ok(Math.abs(byId(m, 5).weight - (byId(m, 5).items.reduce((s, n) => s + n.weight, 0))) < 1e-12);
  assert.ok(m.root.weight >= byId(m, 1).weight);
});

test('futures go through their states as the lines are stepped through', () => {
  const m = example();
  const f4 = byId(m, 4);
  assert.equal(futureState(f4, 0, m.lineCount), 'ghost');
  assert.equal(futureState(f4, 8, m.lineCount), 'waiting');
  assert.equal(futureState(f4, 22, m.lineCount), 'failed');
  assert.equal(futureState(byId(m, 1), 29, m.lineCount), 'fired');
});

test('the failure is listed once: the callback that threw, not the stage it failed', () => {
  const m = example();
  assert.deepEqual(m.problems.map((p) => p.kind + ' ' + p.line), ['failed callback 20']);
  assert.equal(m.problems[0].error, 'java.lang.IllegalStateException: oh no');
});

test('a revised fired line replaces the outcome; stepping before it shows the first', () => {
  const m = buildModel([
    line('tracked', 1, 10, { name: 'job', parent: null, via: 'track' }),
    line('fired', 1, 20, { success: true, cancelled: false, lifetime: 0.5 }),
    line('fired', 1, 30, { success: false, error: 'java.lang.RuntimeException: obtruded', cancelled: false, lifetime: 0.7, revised: true })
  ]);
  const f = byId(m, 1);
  assert.equal(f.success, false);
  assert.equal(f.error, 'java.lang.RuntimeException: obtruded');
  assert.equal(f.lifetime, 0.7);
  assert.equal(futureState(f, 2, 3), 'fired');
  assert.equal(futureState(f, 3, 3), 'failed');
  assert.equal(outcomeAt(f, 2).lifetime, 0.5);
  assert.deepEqual(m.problems.filter((p) => p.kind === 'failed future').map((p) => p.line), [2]);
});

test('a revision to success takes a failure off the list', () => {
  const m = buildModel([
    line('tracked', 1, 10, { name: 'job', parent: null, via: 'track' }),
    line('fired', 1, 20, { success: false, error: 'java.util.concurrent.TimeoutException', cancelled: false }),
    line('fired', 1, 30, { success: true, cancelled: false, revised: true })
  ]);
  assert.equal(byId(m, 1).success, true);
  assert.deepEqual(m.problems.filter((p) => p.severity !== 'info'), []);
});

test('lifetimes list the longest-lived futures, longest first, after the failures', () => {
  const events = [];
  for (let id = 1; id <= 14; id++) {
    events.push(line('tracked', id, id, { name: 'request-' + id, parent: null, via: 'track' }));
    events.push(line('fired', id, 100 + id, { success: true, cancelled: false, lifetime: id * 0.1 }));
  }
  events.push(line('fired', 3, 200, { success: false, error: 'java.io.IOException', cancelled: false, lifetime: 9, revised: true }));
  const m = buildModel(events);
  const slow = m.problems.filter((p) => p.kind === 'slowest');
  assert.equal(slow.length, 10);
  assert.deepEqual(slow.slice(0, 3).map((p) => futureLabel(p.node)), ['request-3 #3', 'request-14 #14', 'request-13 #13']);
  assert.deepEqual(slow.slice(0, 3).map((p) => p.lifetime), [9, 1.4000000000000001, 1.3]);
  assert.equal(m.problems[0].kind, 'failed future');
  assert.equal(m.problems[0].lifetime, 9);
});

test('a partial recording: futures known only by id, named from their fired lines', () => {
  const m = buildModel(monOut('partial-mon.out'));
  assert.equal(m.partial, true);
  assert.deepEqual(m.futureList.map((f) => futureLabel(f)),
    ['#17', '#18', 'checkout-7 #21', '#30', '#31', 'slow-report #40', 'never-answered #50']);
  for (const f of m.futureList) {
    assert.doesNotMatch(futureLabel(f), /undefined|null/);
    assert.equal(f.trackedAt, -1);
  }
  // A run without its attached line still has a callback; nothing is guessed "not completed".
  assert.equal(m.callbacks.length, 2);
  assert.ok(m.callbacks.every((c) => c.implicit && c.name !== null));
  assert.equal(futureState(byId(m, 17), m.lineCount, m.lineCount), 'waiting');
  assert.deepEqual(m.problems.filter((p) => p.severity !== 'info').map((p) => p.kind + ' #' + (p.node.kind === 'future' ? p.node.id : p.node.future.id)), [
    'unhandled #31', 'failed callback #30', 'failed future #21', 'failed future #31', 'pending #50', 'cancelled future #40'
  ]);
  assert.equal(byId(m, 31).failedBy, 'com.shop.payments.PaymentClient::authorize');
  assert.equal(byId(m, 40).cancelled, true, 'the revised line is the outcome');
  assert.deepEqual(m.problems.filter((p) => p.kind === 'slowest').map((p) => p.node.id), [40, 21]);
});

test('lines that are not about a future, or lack keys, do not break the model', () => {
  const m = buildModel([null, 42, {}, { action: 'executed', deferred: 5 }, { action: 'fired', deferred: 5 }, { action: 'what', deferred: 'x' }]);
  assert.equal(m.futureList.length, 2);
  const run = m.runs[0];
  assert.equal(run.thread, '(unknown thread)');
  assert.equal(run.time, 0);
  assert.ok(Number.isFinite(m.tMin) && Number.isFinite(m.tMax) && m.tMax > m.tMin);
});

test('an empty recording makes an empty model', () => {
  const m = buildModel([]);
  assert.equal(m.futureList.length, 0);
  assert.deepEqual(m.problems, []);
  assert.equal(m.lastExec[0], -1);
});

test('an executed line runs the attachment the matching rule picks, as the Chrome trace does', () => {
  // matching-expected.txt holds the rule's answers (executed line → attached line, or the
  // executed line that made an attachment of its own); CallbackMatchingTest holds the Java
  // copy of the rule, which the Chrome trace uses, to the same answers.
  const m = buildModel(monOut('matching-mon.out'));
  const got = m.runs.map((r) => r.line + ' ' + r.callback.since).join('\n') + '\n';
  assert.equal(got, expectedText('matching-expected.txt'));
});
