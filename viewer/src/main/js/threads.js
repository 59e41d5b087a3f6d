/**
 * Thread lanes for the timeline. A platform thread gets a lane of its own; virtual threads, which
 * come by the thousand and often live for one callback, share one group whose runs are packed into
 * as few rows as can hold them without overlap.
 */

const VIRTUAL_PREFIX = 'virtual#';

/** The rule of mon.out: `virtual#42`, or `name (virtual#42)` for a named virtual thread. */
export function isVirtualThread(name) {
  return typeof name === 'string'
    && (name.startsWith(VIRTUAL_PREFIX) || (name.endsWith(')') && name.includes(' (' + VIRTUAL_PREFIX)));
}

function newLane(kind, name) {
  return { kind, name, runs: [], maxDuration: 0 };
}

function addRun(lane, run) {
  lane.runs.push(run);
  const d = run.end - run.start;
  if (d > lane.maxDuration) lane.maxDuration = d;
}

function byStart(a, b) {
  return a.start - b.start;
}

/**
 * Lanes for the runs ({thread, start, end}): `lanes`, one per platform thread in the order they
 * first ran, and `virtual`, the group of virtual threads (null when there are none) with every
 * virtual run in `runs` and the packed rows in `rows`. Sets `run.lane` (the platform lane or the
 * group) and, for a virtual run, `run.row` (its packed row).
 */
export function threadLanes(runs) {
  const byThread = new Map();
  const lanes = [];
  let virtual = null;
  const virtualThreads = new Map();
  for (const run of runs) {
    if (isVirtualThread(run.thread)) {
      if (!virtual) virtual = newLane('virtual', 'virtual threads');
      addRun(virtual, run);
      run.lane = virtual;
      let own = virtualThreads.get(run.thread);
      if (!own) virtualThreads.set(run.thread, own = []);
      own.push(run);
      continue;
    }
    let lane = byThread.get(run.thread);
    if (!lane) {
      lane = newLane('thread', run.thread);
      byThread.set(run.thread, lane);
      lanes.push(lane);
    }
    addRun(lane, run);
    run.lane = lane;
  }
  for (const lane of lanes) lane.runs.sort(byStart);
  if (virtual) {
    virtual.runs.sort(byStart);
    virtual.threadCount = virtualThreads.size;
    virtual.rows = packThreads([...virtualThreads.values()]);
  }
  return { lanes, virtual };
}

/**
 * Interval partitioning: each thread's runs, as one span from its first start to its last end,
 * go to the row that has been free the longest, or to a new row when none is free yet. Taking the
 * threads by start, this makes as many rows as the most threads running at one time, and a
 * thread's runs stay together on one row, nested as on a lane of its own.
 */
export function packThreads(threads) {
  const spans = threads.map((runs) => {
    let start = Infinity;
    let end = -Infinity;
    for (const r of runs) {
      if (r.start < start) start = r.start;
      if (r.end > end) end = r.end;
    }
    return { runs, start, end };
  });
  spans.sort(byStart);
  const rows = [];
  const free = new MinHeap();
  for (const span of spans) {
    let row = free.size() && free.peek().end <= span.start ? free.pop().row : null;
    if (!row) {
      row = newLane('virtual-row', 'virtual \u00b7 ' + (rows.length + 1));
      row.index = rows.length;
      rows.push(row);
    }
    for (const r of span.runs) {
      addRun(row, r);
      r.row = row;
    }
    free.push({ end: span.end, row });
  }
  for (const row of rows) row.runs.sort(byStart);
  return rows;
}

/** A binary heap of {end, row}, smallest end first. */
class MinHeap {
  constructor() {
    this.items = [];
  }

  size() {
    return this.items.length;
  }

  peek() {
    return this.items[0];
  }

  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].end <= a[i].end) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].end < a[m].end) m = l;
        if (r < a.length && a[r].end < a[m].end) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
