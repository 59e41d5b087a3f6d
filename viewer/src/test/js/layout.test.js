import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutTree, squarify } from '../../main/js/layout.js';
import { buildModel } from '../../main/js/model.js';
import { monOut } from './fixtures.js';

test('squarified areas are proportional to the weights and fill the rectangle', () => {
  const items = [{ weight: 6 }, { weight: 6 }, { weight: 4 }, { weight: 3 }, { weight: 2 }, { weight: 2 }, { weight: 1 }];
  const out = [];
  squarify(items, 0, 0, 600, 400, out);
  const total = 24;
  out.forEach(([x, y, w, h], i) => {
    assert.ok(Math.abs(w * h - items[i].weight / total * 600 * 400) < 1e-6);
    assert.ok(x >= 0 && y >= 0 && x + w <= 600 + 1e-9 && y + h <= 400 + 1e-9);
  });
});

test('every tile of the example lies inside the tile it is nested in', () => {
  const m = buildModel(monOut('example-mon.out'));
  const drawn = layoutTree(m.root, 1000, 700, m);
  assert.equal(drawn.length, m.futureList.length + m.callbacks.length);
  const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w + 1e-9 && a.y + a.h <= b.y + b.h + 1e-9;
  for (const f of m.futureList) {
    if (f.parent) assert.ok(inside(f.rect, f.parent.rect), '#' + f.id + ' in #' + f.parent.id);
    for (const c of f.callbacks) assert.ok(inside(c.rect, f.rect), c.name + ' in #' + f.id);
  }
  const area = (n) => n.rect.w * n.rect.h;
  const [slow, fast] = [m.callbacks[0], m.callbacks[1]];
  assert.ok(area(slow) > 3 * area(fast), 'a 1 s callback is drawn bigger than a 21 µs one, which has the floor');
});

test('zoomed into a future, only it and what is nested in it are laid out', () => {
  const m = buildModel(monOut('example-mon.out'));
  const five = m.futures.get(5);
  const drawn = layoutTree(five, 800, 600, m);
  assert.deepEqual(drawn.filter((n) => n.kind === 'future').map((f) => f.id).sort(), [5, 6, 7, 8]);
  assert.equal(m.futures.get(2).rect, null);
});
