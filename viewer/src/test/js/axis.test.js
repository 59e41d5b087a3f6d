import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, niceStep } from '../../main/js/axis.js';

const measure = (s) => s.length * 6.5;

test('steps are 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(1000, 1100), 100);
  assert.equal(niceStep(3000, 1100), 200);
  assert.equal(niceStep(4000, 1100), 500);
  assert.equal(niceStep(1.7e6, 1100), 200000);
});

test('every label fits on the canvas, the last one too', () => {
  for (let width = 300; width <= 1600; width += 37) {
    for (const span of [997, 1e6, 2.3e6, 17e6]) {
      const ticks = axisTicks(-span * 0.02, span * 1.02, 0, 150, width - 10, width, measure);
      assert.ok(ticks.length > 0);
      const labelled = ticks.filter((t) => t.textX !== null);
      assert.ok(labelled.length >= Math.min(ticks.length, 2) - 1, 'at most one label left out');
      let lastRight = -Infinity;
      for (const t of labelled) {
        assert.ok(t.textX >= 150, 'inside the plot: ' + JSON.stringify(t));
        assert.ok(t.textX + measure(t.text) <= width - 2, 'not cut at the right edge: ' + JSON.stringify(t) + ' width ' + width);
        assert.ok(t.textX >= lastRight, 'labels do not overlap');
        lastRight = t.textX + measure(t.text);
      }
    }
  }
});

test('a tick near the right edge is labelled on its left', () => {
  const ticks = axisTicks(0, 1000, 0, 100, 600, 610, measure);
  const last = ticks[ticks.length - 1];
  assert.equal(last.t, 1000);
  assert.ok(last.textX < last.x, 'left of the tick');
  assert.equal(last.text, '+1 ms');
});
