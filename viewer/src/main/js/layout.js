/**
 * The squaremap's layout: a squarified treemap (Bruls, Huizing, van Wijk) of the futures, each
 * holding its callbacks and the futures nested in it. Sets `rect`, `open` and `header` on the
 * nodes; no DOM.
 */

/** Lays items (sorted by weight, largest first) out in the rectangle; pushes [x, y, w, h] to out. */
export function squarify(items, x, y, w, h, out) {
  const n = items.length;
  let total = 0;
  for (const it of items) total += it.weight;
  if (!(total > 0)) total = n;
  const scale = (w * h) / total;
  let i = 0;
  while (i < n) {
    const side = Math.min(w, h);
    if (side <= 0) {
      for (; i < n; i++) out.push([x, y, 0, 0]);
      break;
    }
    const side2 = side * side;
    let rowSum = 0, rowMin = Infinity, rowMax = 0, best = Infinity, j = i;
    while (j < n) {
      const area = items[j].weight * scale;
      const s = rowSum + area;
      const mn = area < rowMin ? area : rowMin;
      const mx = area > rowMax ? area : rowMax;
      const s2 = s * s;
      const worst = Math.max(side2 * mx / s2, s2 / (side2 * mn));
      if (j > i && worst > best) break;
      best = worst; rowSum = s; rowMin = mn; rowMax = mx; j++;
    }
    const thick = rowSum / side;
    if (w >= h) {
      let yy = y;
      for (let k = i; k < j; k++) {
        const len = items[k].weight * scale / thick;
        out.push([x, yy, thick, len]);
        yy += len;
      }
      x += thick; w -= thick;
    } else {
      let xx = x;
      for (let k = i; k < j; k++) {
        const len = items[k].weight * scale / thick;
        out.push([xx, y, len, thick]);
        xx += len;
      }
      y += thick; h -= thick;
    }
    i = j;
  }
}

/** Where a node's children go: below a header when there is room for one, else inset a little. */
function inner(node, x, y, w, h) {
  if (node.kind === 'root') return [x + 4, y + 4, w - 8, h - 8];
  if (w >= 56 && h >= 38) {
    node.header = true;
    return [x + 4, y + 20, w - 8, h - 24];
  }
  node.header = false;
  if (w >= 22 && h >= 22) return [x + 2, y + 2, w - 4, h - 4];
  return null;
}

/**
 * Lays out `top` (the root or the future zoomed into) in a w x h map. Nodes not reached keep a null
 * `rect`. Returns the nodes drawn, parents before children.
 */
export function layoutTree(top, w, h, model) {
  for (const f of model.futureList) f.rect = null;
  for (const c of model.callbacks) c.rect = null;
  const drawList = [];
  const rects = [];
  const stack = [[top, 0, 0, w, h]];
  while (stack.length) {
    const [node, x, y, nw, nh] = stack.pop();
    node.rect = { x, y, w: nw, h: nh };
    node.open = false;
    if (node.kind !== 'root') drawList.push(node);
    if (node.kind === 'callback' || !node.items || !node.items.length) continue;
    const box = inner(node, x, y, nw, nh);
    if (!box || box[2] < 1 || box[3] < 1) continue;
    node.open = true;
    rects.length = 0;
    squarify(node.items, box[0], box[1], box[2], box[3], rects);
    for (let k = rects.length - 1; k >= 0; k--) {
      const q = rects[k];
      if (q[2] >= 0.5 && q[3] >= 0.5) stack.push([node.items[k], q[0], q[1], q[2], q[3]]);
    }
  }
  return drawList;
}
