import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../main/js/describe.js';
import { buildModel } from '../../main/js/model.js';
import { monOut } from './fixtures.js';

test('each line of the example is said in words', () => {
  const events = monOut('example-mon.out');
  const m = buildModel(events);
  assert.deepEqual(describe(events[20], m.futures), {
    tag: 'failed', tagText: 'threw',
    text: 'Example::problem on #3, 215 \u00b5s on scheduler-1 \u2014 java.lang.IllegalStateException: oh no'
  });
  assert.equal(describe(events[10], m.futures).text, 'd2 #6 (chained from #5)');
  assert.equal(describe(events[22], m.futures).text, 'Example::simpleErrback (errback) on #4, 31 \u00b5s on scheduler-1');
});

test('the lines of a partial recording read without holes', () => {
  const events = monOut('partial-mon.out');
  const m = buildModel(events);
  const texts = events.map((e) => describe(e, m.futures));
  for (const d of texts) assert.doesNotMatch(d.tagText + ' ' + d.text, /undefined|null|NaN/);
  assert.equal(texts[2].text, 'checkout-7 #21 \u2014 java.util.concurrent.TimeoutException, lived 2.5 s');
  assert.equal(texts[6].tagText, 'cancelled');
  assert.match(texts[6].text, /revised/);
  assert.equal(texts[8].text, 'never-answered #50 not completed after 12.5 s');
});
