import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakableParts, counted, fmtDuration, memberName, noun, shortName } from '../../main/js/format.js';

test('one thread, two threads: counts agree with their nouns', () => {
  assert.equal(counted(1, 'thread'), '1 thread');
  assert.equal(counted(2, 'thread'), '2 threads');
  assert.equal(counted(0, 'thread'), '0 threads');
  assert.equal(counted(1, 'callback threw'), '1 callback threw');
  assert.equal(counted(3, 'callback threw'), '3 callbacks threw');
  assert.equal(counted(1, 'future failed'), '1 future failed');
  assert.equal(counted(1, 'bad line skipped', 'bad lines skipped'), '1 bad line skipped');
  assert.equal(counted(1200, 'bad line skipped', 'bad lines skipped'), '1,200 bad lines skipped');
  assert.equal(noun(1, 'virtual thread'), 'virtual thread');
  assert.equal(noun(1, 'virtual thread', 'virtual threads'), 'virtual thread');
  assert.equal(noun(2, 'virtual thread', 'virtual threads'), 'virtual threads');
});

test('durations', () => {
  assert.equal(fmtDuration(0.000021), '21 \u00b5s');
  assert.equal(fmtDuration(1.001), '1.001 s');
  assert.equal(fmtDuration(0.0042), '4.2 ms');
  assert.equal(fmtDuration(600), '10 min');
  assert.equal(fmtDuration(undefined), '?');
});

test('names are shortened to class and member', () => {
  assert.equal(shortName('example.Example::simpleCallback'), 'Example::simpleCallback');
  assert.equal(shortName('com.shop.orders.OrderService.lambda$checkout$3(OrderService.java:88)'), 'OrderService.lambda$checkout$3:88');
  assert.equal(memberName('example.Example::simpleCallback'), 'simpleCallback');
  assert.equal(shortName(null), '(unnamed)');
});

test('long class names break only after their dots and separators', () => {
  const error = 'java.util.concurrent.CompletionException: com.shop.payments.CardDeclinedException: no';
  const parts = breakableParts(error);
  assert.equal(parts.join(''), error);
  assert.deepEqual(parts.slice(0, 4), ['java.', 'util.', 'concurrent.', 'CompletionException: com.']);
  for (const p of parts.slice(0, -1)) assert.match(p, /[.:$/#, ]$|[^(]$/);
  assert.ok(parts.every((p) => !/^[a-z]/.test(p) || parts.indexOf(p) === 0 || /[.:$/#, (]$/.test(parts[parts.indexOf(p) - 1])));
  assert.deepEqual(breakableParts('Example.run(Example.java:12)'), ['Example.', 'run', '(Example.', 'java:', '12)']);
  assert.deepEqual(breakableParts('plain'), ['plain']);
});
