/*
 * Reactor Track viewer: a squaremap of the tracked futures and their callbacks, a step-through of
 * mon.out, a timeline with one lane per thread, and details of what is selected.
 *
 * Everything that comes from the recording (names, errors, thread names, unknown keys) reaches the
 * page through textContent or canvas fillText only: it is never parsed as HTML.
 */
(function () {
  'use strict';

  var startedAt = performance.now();
  var timings = {};

  function byId(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function str(v) { return typeof v === 'string' ? v : (v === null || v === undefined ? null : String(v)); }
  function isId(v) { return typeof v === 'number' || (typeof v === 'string' && v !== ''); }

  // ---------------------------------------------------------------- formatting

  function fmtDuration(seconds) {
    if (!(seconds >= 0)) return '?';
    if (seconds === 0) return '0 s';
    if (seconds < 1e-3) return trim(seconds * 1e6, 1) + ' \u00b5s';
    if (seconds < 1) return trim(seconds * 1e3, seconds < 0.01 ? 2 : 1) + ' ms';
    if (seconds < 120) return trim(seconds, 3) + ' s';
    return trim(seconds / 60, 1) + ' min';
  }

  function trim(x, digits) {
    var s = x.toFixed(digits);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s;
  }

  function fmtOffset(micros) {
    var s = micros / 1e6;
    var sign = s < 0 ? '\u2212' : '+';
    return sign + fmtDuration(Math.abs(s));
  }

  function fmtCount(n) { return n.toLocaleString('en-US'); }

  /** "example.Example::simpleCallback" -> "Example::simpleCallback". */
  function shortName(name) {
    if (name === null || name === undefined) return '(unnamed)';
    name = String(name);
    var paren = name.indexOf('(');
    var head = paren >= 0 ? name.substring(0, paren) : name;
    var tail = paren >= 0 ? name.substring(paren) : '';
    var sep = head.indexOf('::');
    if (sep >= 0) {
      var cls = head.substring(0, sep);
      return cls.substring(cls.lastIndexOf('.') + 1) + head.substring(sep) + tail;
    }
    var parts = head.split('.');
    if (parts.length > 2 && /^[A-Z]/.test(parts[parts.length - 2] || '')) {
      head = parts.slice(parts.length - 2).join('.');
    }
    if (tail) {
      var m = /^\((.*?)\.java:(\d+)\)$/.exec(tail);
      if (m) tail = ':' + m[2];
    }
    return head + tail;
  }

  /** The shortest useful name: "simpleCallback" for "example.Example::simpleCallback". */
  function memberName(name) {
    var s = shortName(name);
    var sep = s.indexOf('::');
    if (sep >= 0) return s.substring(sep + 2);
    var paren = s.indexOf('(');
    var colon = s.lastIndexOf(':');
    var head = paren >= 0 ? s.substring(0, paren) : (colon > 0 ? s.substring(0, colon) : s);
    var dot = head.lastIndexOf('.');
    return dot >= 0 ? s.substring(dot + 1) : s;
  }

  // ---------------------------------------------------------------- data

  var data;
  try {
    data = JSON.parse(byId('rt-data').textContent);
  } catch (err) {
    data = { events: [], error: String(err) };
  }
  var events = Array.isArray(data.events) ? data.events : [];
  var N = events.length;
  timings.parse = performance.now() - startedAt;

  // ---------------------------------------------------------------- model

  var model = buildModel(events);
  timings.model = performance.now() - startedAt - timings.parse;

  function buildModel(events) {
    var futures = new Map();
    var futureList = [];
    var callbacks = [];
    var runs = [];
    var lanes = [];
    var laneByThread = new Map();
    var markers = [];
    var lastExec = new Int32Array(N + 1);
    var problems = [];
    var tMin = Infinity;
    var tMax = -Infinity;
    var current = -1;
    lastExec[0] = -1;

    function future(id, line) {
      var f = futures.get(id);
      if (!f) {
        f = {
          kind: 'future', id: id, name: null, parentId: null, via: null, since: line, trackedAt: -1,
          callbacks: [], children: [], chainedTo: [], chainedFrom: [], lines: [],
          firedAt: -1, success: null, cancelled: false, error: null,
          unhandledAt: -1, pendingAt: -1, producer: null, parent: null,
          weight: 0, totalTime: 0, depth: 0, items: null, rect: null, header: false, open: false, match: true
        };
        futures.set(id, f);
        futureList.push(f);
      }
      return f;
    }

    function lane(thread) {
      var l = laneByThread.get(thread);
      if (!l) {
        l = { index: lanes.length + 1, name: thread, runs: [], maxDuration: 0 };
        laneByThread.set(thread, l);
        lanes.push(l);
      }
      return l;
    }

    function findSlot(f, name, successPath) {
      var ranAlready = null;
      for (var k = 0; k < f.callbacks.length; k++) {
        var c = f.callbacks[k];
        if ((successPath ? c.callback : c.errback) === name) {
          if (c.runs.length === 0) return c;
          if (!ranAlready) ranAlready = c;
        }
      }
      return ranAlready;
    }

    function newCallback(f, line, cbName, ebName, method, result) {
      var c = {
        kind: 'callback', index: callbacks.length, future: f, callback: cbName, errback: ebName,
        method: method, resultId: result, since: line, runs: [], firstRunAt: -1, failedAt: -1,
        weight: 0, totalTime: 0, rect: null, open: false, match: true, implicit: false,
        name: cbName !== null ? cbName : ebName
      };
      f.callbacks.push(c);
      callbacks.push(c);
      return c;
    }

    for (var i = 0; i < N; i++) {
      var e = events[i];
      if (!e || typeof e !== 'object' || !isId(e.deferred)) {
        lastExec[i + 1] = current;
        continue;
      }
      var ts = typeof e.ts === 'number' ? e.ts : NaN;
      if (ts === ts) {
        if (ts < tMin) tMin = ts;
        if (ts > tMax) tMax = ts;
      }
      var f = future(e.deferred, i);
      f.lines.push(i);
      switch (e.action) {
        case 'tracked':
          if (f.trackedAt < 0) f.trackedAt = i;
          if (typeof e.name === 'string') f.name = e.name;
          if (isId(e.parent)) f.parentId = e.parent;
          if (typeof e.via === 'string') f.via = e.via;
          break;
        case 'attached':
          newCallback(f, i, str(e.callback), str(e.errback), str(e.method), isId(e.result) ? e.result : null);
          break;
        case 'chained':
          if (isId(e.target)) {
            f.chainedTo.push({ target: e.target, line: i });
            markers.push({ kind: 'chained', line: i, ts: ts, future: f, target: e.target });
          }
          break;
        case 'executed': {
          var successPath = e['callback?'] !== false;
          var cbName = str(e.callback);
          var c = findSlot(f, cbName, successPath);
          if (!c) {
            c = newCallback(f, i, successPath ? cbName : null, successPath ? null : cbName, null, null);
            c.implicit = true;
          }
          var time = typeof e.time === 'number' && e.time >= 0 ? e.time : 0;
          var thread = e.thread === undefined || e.thread === null ? '(unknown thread)' : String(e.thread);
          var l = lane(thread);
          var end = ts === ts ? ts : (tMax > -Infinity ? tMax : 0);
          var run = {
            callback: c, line: i, end: end, start: end - time * 1e6, time: time, thread: thread, lane: l,
            successPath: successPath, failed: e.failed === true, error: str(e.error)
          };
          if (run.start < tMin) tMin = run.start;
          c.runs.push(run);
          if (c.firstRunAt < 0) c.firstRunAt = i;
          if (run.failed && c.failedAt < 0) {
            c.failedAt = i;
            problems.push({ kind: 'failed callback', severity: 'bad', node: c, line: i, error: run.error });
          }
          runs.push(run);
          l.runs.push(run);
          if (time * 1e6 > l.maxDuration) l.maxDuration = time * 1e6;
          current = c.index;
          break;
        }
        case 'fired':
          if (f.firedAt < 0) {
            f.firedAt = i;
            f.success = e.success !== false;
            f.cancelled = e.cancelled === true;
            f.error = str(e.error);
            // A derived stage or chained target that failed got the failure from upstream, where
            // it is already listed (the callback that threw, or the future that failed first).
            if ((!f.success || f.cancelled) && (f.via === null || f.via === 'track' || f.via === 'composed')) {
              problems.push({
                kind: f.cancelled ? 'cancelled future' : 'failed future', severity: f.cancelled ? 'warn' : 'bad',
                node: f, line: i, error: f.error
              });
            }
          }
          markers.push({ kind: f.cancelled ? 'cancelled' : (e.success === false ? 'failed' : 'fired'), line: i, ts: ts, future: f });
          break;
        case 'unhandled':
          if (f.name === null && typeof e.name === 'string') f.name = e.name;
          if (f.unhandledAt < 0) {
            f.unhandledAt = i;
            problems.push({ kind: 'unhandled', severity: 'bad', node: f, line: i, error: str(e.error) });
          }
          markers.push({ kind: 'unhandled', line: i, ts: ts, future: f });
          break;
        case 'pending':
          if (f.name === null && typeof e.name === 'string') f.name = e.name;
          if (f.pendingAt < 0) {
            f.pendingAt = i;
            problems.push({ kind: 'pending', severity: 'warn', node: f, line: i, error: pendingSummary(e) });
          }
          markers.push({ kind: 'pending', line: i, ts: ts, future: f });
          break;
        default:
          // Readers ignore actions they do not know; the line still shows in the log and history.
          break;
      }
      lastExec[i + 1] = current;
    }

    if (tMin === Infinity) { tMin = 0; tMax = 1; }
    if (tMax <= tMin) tMax = tMin + 1;

    // Parents. Edges to an earlier future cannot make a cycle; the rare edge to a later one is
    // checked against the tree built so far.
    var later = [];
    futureList.forEach(function (f) {
      if (f.parentId === null || f.parentId === f.id) return;
      var p = futures.get(f.parentId);
      if (!p) return;
      if (p.since < f.since) f.parent = p; else later.push([f, p]);
    });
    later.forEach(function (pair) {
      for (var a = pair[1]; a; a = a.parent) if (a === pair[0]) return;
      pair[0].parent = pair[1];
    });
    var roots = [];
    futureList.forEach(function (f) {
      if (f.parent) f.parent.children.push(f); else roots.push(f);
    });
    futureList.forEach(function (f) {
      f.chainedTo.forEach(function (c) {
        var t = futures.get(c.target);
        if (t) t.chainedFrom.push({ source: f, line: c.line });
      });
    });
    callbacks.forEach(function (c) {
      if (c.resultId !== null) {
        var r = futures.get(c.resultId);
        if (r && !r.producer) r.producer = c;
      }
    });
    // Futures that never completed: only noted as problems when the recording has no `pending` lines.
    var incomplete = futureList.filter(function (f) { return f.firedAt < 0; });
    var hasPending = futureList.some(function (f) { return f.pendingAt >= 0; });
    if (!hasPending) {
      incomplete.forEach(function (f) {
        problems.push({ kind: 'not completed', severity: 'warn', node: f, line: f.since, error: 'no fired line in the recording' });
      });
    }

    // Weights: callback time, with a floor so that callbacks that took no measurable time stay visible.
    var totalTime = 0;
    var i2, j2;
    for (i2 = 0; i2 < runs.length; i2++) totalTime += runs[i2].time;
    var leaves = callbacks.length;
    for (i2 = 0; i2 < futureList.length; i2++) {
      if (!futureList[i2].callbacks.length && !futureList[i2].children.length) leaves++;
    }
    var floor = totalTime > 0 ? totalTime * 0.6 / Math.max(leaves, 1) : 1;
    for (i2 = 0; i2 < callbacks.length; i2++) {
      var cb = callbacks[i2];
      var t = 0;
      for (j2 = 0; j2 < cb.runs.length; j2++) t += cb.runs[j2].time;
      cb.totalTime = t;
      cb.weight = Math.max(t, floor);
    }
    // Post-order without recursion: chains of stages can be thousands deep.
    var order = [];
    var stack = roots.slice();
    while (stack.length) {
      var n = stack.pop();
      order.push(n);
      for (j2 = 0; j2 < n.children.length; j2++) stack.push(n.children[j2]);
    }
    for (i2 = order.length - 1; i2 >= 0; i2--) {
      var fu = order[i2];
      var w = 0;
      var tt = 0;
      for (j2 = 0; j2 < fu.callbacks.length; j2++) { w += fu.callbacks[j2].weight; tt += fu.callbacks[j2].totalTime; }
      for (j2 = 0; j2 < fu.children.length; j2++) { w += fu.children[j2].weight; tt += fu.children[j2].totalTime; }
      if (!fu.callbacks.length && !fu.children.length) w = floor;
      fu.weight = w;
      fu.totalTime = tt;
      var items = fu.callbacks.concat(fu.children);
      if (items.length > 1) items.sort(byWeight);
      fu.items = items;
    }
    for (i2 = 0; i2 < order.length; i2++) {
      for (j2 = 0; j2 < order[i2].children.length; j2++) order[i2].children[j2].depth = order[i2].depth + 1;
    }
    var root = { kind: 'root', id: null, children: roots, callbacks: [], items: roots.slice().sort(byWeight), weight: 0, totalTime: totalTime };
    for (i2 = 0; i2 < roots.length; i2++) root.weight += roots[i2].weight;

    lanes.forEach(function (l) { l.runs.sort(function (a, b) { return a.start - b.start; }); });

    var rank = { 'unhandled': 0, 'failed callback': 1, 'failed future': 2, 'pending': 3, 'cancelled future': 4, 'not completed': 5 };
    problems.sort(function (a, b) { return (rank[a.kind] - rank[b.kind]) || (a.line - b.line); });

    return {
      futures: futures, futureList: futureList, callbacks: callbacks, runs: runs, lanes: lanes,
      markers: markers, lastExec: lastExec, problems: problems, root: root,
      tMin: tMin, tMax: tMax, totalTime: totalTime, incomplete: incomplete.length
    };
  }

  function byWeight(a, b) { return b.weight - a.weight || a.since - b.since; }

  function pendingSummary(e) {
    var parts = [];
    Object.keys(e).forEach(function (k) {
      if (k === 'action' || k === 'deferred' || k === 'ts' || k === 'name' || k === 'stack') return;
      var v = e[k];
      if (k === 'age' && typeof v === 'number') v = fmtDuration(v);
      else if (typeof v === 'string' && v.indexOf('\n') >= 0) v = v.substring(0, v.indexOf('\n')) + ' \u2026';
      parts.push(k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : String(v)));
    });
    return parts.join(', ');
  }

  function futureLabel(f) {
    if (!f) return '(none)';
    return f.name !== null ? f.name + ' #' + f.id : '#' + f.id;
  }

  function futureSubtitle(f) {
    if (f.producer) return (f.producer.method || 'stage') + '(' + shortName(f.producer.name) + ')';
    if (f.via && f.via !== 'track') return f.via;
    return '';
  }

  function callbackPath(c) {
    if (c.callback !== null && c.errback !== null) return c.callback === c.errback ? 'both' : 'callback + errback';
    return c.callback !== null ? 'callback' : 'errback';
  }

  // ---------------------------------------------------------------- state

  var state = {
    step: N,
    selected: null,
    hover: null,
    zoom: model.root,
    playing: false,
    speed: N > 2000 ? 500 : (N > 200 ? 50 : 2),
    query: ''
  };

  // ---------------------------------------------------------------- squaremap

  var mapCanvas = byId('map');
  var mapBox = byId('map-box');
  var mapCtx = mapCanvas.getContext('2d');
  var mapW = 0;
  var mapH = 0;
  var drawList = [];
  var FONT = '12px ' + getComputedStyle(document.body).fontFamily;
  var FONT_BOLD = '600 12px ' + getComputedStyle(document.body).fontFamily;

  var C = {
    bg: '#ffffff',
    futureFill: '#f1f4f8',
    futureStroke: '#cfd6e0',
    futureHead: '#e4e9f0',
    futureHeadText: '#344054',
    firedHead: '#d8f0e2',
    firedHeadText: '#05603a',
    failedHead: '#fbd5d5',
    failedHeadText: '#912018',
    failedStroke: '#e5484d',
    unhandledHead: '#b42318',
    pendingHead: '#fde9b6',
    pendingStroke: '#d97706',
    cbWaiting: '#ffffff',
    cbWaitingStroke: '#c4cdd9',
    cbRan: '#cfe0fd',
    cbRanStroke: '#8fb1f3',
    ebRan: '#e3dafc',
    ebRanStroke: '#b3a0ee',
    cbFailed: '#fde3e3',
    cbFailedStroke: '#d92d20',
    current: '#e5484d',
    currentText: '#ffffff',
    text: '#1c2330',
    muted: '#667085',
    ghost: '#f7f8fa',
    ghostStroke: '#e3e7ed',
    select: '#111827',
    hover: '#2f6fed'
  };

  function resizeCanvas(canvas, w, h) {
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(w * dpr));
    canvas.height = Math.max(1, Math.round(h * dpr));
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  function layoutMap() {
    var r = mapBox.getBoundingClientRect();
    mapW = Math.max(10, Math.floor(r.width));
    mapH = Math.max(10, Math.floor(r.height));
    mapCtx = resizeCanvas(mapCanvas, mapW, mapH);
    mapCanvas.setAttribute('data-size', mapW + 'x' + mapH);
    var i;
    for (i = 0; i < model.futureList.length; i++) model.futureList[i].rect = null;
    for (i = 0; i < model.callbacks.length; i++) model.callbacks[i].rect = null;
    drawList = [];
    var rects = [];
    var stack = [[state.zoom, 0, 0, mapW, mapH]];
    while (stack.length) {
      var it = stack.pop();
      var node = it[0], x = it[1], y = it[2], w = it[3], h = it[4];
      node.rect = { x: x, y: y, w: w, h: h };
      node.open = false;
      if (node.kind !== 'root') drawList.push(node);
      if (node.kind === 'callback' || !node.items || !node.items.length) continue;
      var ix, iy, iw, ih;
      if (node.kind === 'root') {
        ix = x + 4; iy = y + 4; iw = w - 8; ih = h - 8;
      } else if (w >= 56 && h >= 38) {
        node.header = true;
        ix = x + 4; iy = y + 20; iw = w - 8; ih = h - 24;
      } else if (w >= 22 && h >= 22) {
        node.header = false;
        ix = x + 2; iy = y + 2; iw = w - 4; ih = h - 4;
      } else {
        node.header = false;
        continue;
      }
      if (iw < 1 || ih < 1) continue;
      node.open = true;
      rects.length = 0;
      squarify(node.items, ix, iy, iw, ih, rects);
      for (var k = rects.length - 1; k >= 0; k--) {
        var q = rects[k];
        if (q[2] >= 0.5 && q[3] >= 0.5) stack.push([node.items[k], q[0], q[1], q[2], q[3]]);
      }
    }
  }

  /** Squarified treemap (Bruls, Huizing, van Wijk) of items sorted by weight, largest first. */
  function squarify(items, x, y, w, h, out) {
    var n = items.length;
    var total = 0;
    for (var a = 0; a < n; a++) total += items[a].weight;
    if (!(total > 0)) total = n;
    var scale = (w * h) / total;
    var i = 0;
    while (i < n) {
      var side = Math.min(w, h);
      if (side <= 0) {
        for (; i < n; i++) out.push([x, y, 0, 0]);
        break;
      }
      var rowSum = 0, rowMin = Infinity, rowMax = 0, best = Infinity, j = i;
      var side2 = side * side;
      while (j < n) {
        var area = items[j].weight * scale;
        var s = rowSum + area;
        var mn = area < rowMin ? area : rowMin;
        var mx = area > rowMax ? area : rowMax;
        var s2 = s * s;
        var worst = Math.max(side2 * mx / s2, s2 / (side2 * mn));
        if (j > i && worst > best) break;
        best = worst; rowSum = s; rowMin = mn; rowMax = mx; j++;
      }
      var thick = rowSum / side;
      var k, len;
      if (w >= h) {
        var yy = y;
        for (k = i; k < j; k++) {
          len = items[k].weight * scale / thick;
          out.push([x, yy, thick, len]);
          yy += len;
        }
        x += thick; w -= thick;
      } else {
        var xx = x;
        for (k = i; k < j; k++) {
          len = items[k].weight * scale / thick;
          out.push([xx, y, len, thick]);
          xx += len;
        }
        y += thick; h -= thick;
      }
      i = j;
    }
  }

  var labelCache = new Map();
  function fitText(ctx, text, max) {
    if (max <= 8) return '';
    var key = ctx.font + '\u0000' + max + '\u0000' + text;
    var hit = labelCache.get(key);
    if (hit !== undefined) return hit;
    var out = text;
    if (ctx.measureText(text).width > max) {
      var lo = 0, hi = text.length;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (ctx.measureText(text.substring(0, mid) + '\u2026').width <= max) lo = mid; else hi = mid - 1;
      }
      out = lo > 0 ? text.substring(0, lo) + '\u2026' : '';
    }
    if (labelCache.size > 20000) labelCache.clear();
    labelCache.set(key, out);
    return out;
  }

  function drawMap() {
    var ctx = mapCtx;
    var k = state.step;
    var red = model.lastExec[k];
    var redNode = red >= 0 ? model.callbacks[red] : null;
    var searching = state.query !== '';
    ctx.clearRect(0, 0, mapW, mapH);
    ctx.fillStyle = C.bg;
    ctx.fillRect(0, 0, mapW, mapH);
    ctx.textBaseline = 'middle';
    for (var i = 0; i < drawList.length; i++) {
      var n = drawList[i];
      var r = n.rect;
      if (r.w < 1 || r.h < 1) {
        if (r.w * r.h >= 0.25) {
          ctx.fillStyle = n === redNode ? C.current : (n.kind === 'future' ? C.futureStroke : C.cbRanStroke);
          ctx.fillRect(r.x, r.y, Math.max(r.w, 0.5), Math.max(r.h, 0.5));
        }
        continue;
      }
      ctx.globalAlpha = searching && !n.match ? 0.25 : 1;
      if (n.kind === 'future') drawFuture(ctx, n, r, k); else drawCallback(ctx, n, r, k, n === redNode);
    }
    ctx.globalAlpha = 1;
    if (!drawList.length) {
      ctx.fillStyle = C.muted;
      ctx.font = FONT;
      ctx.textAlign = 'center';
      ctx.fillText(N ? 'No tracked futures in this recording' : 'This recording is empty', mapW / 2, mapH / 2);
      ctx.textAlign = 'start';
    }
    if (redNode) drawCurrentMarker(ctx, redNode);
    if (state.hover && state.hover.rect && state.hover !== state.selected) outline(ctx, state.hover.rect, C.hover, 1.5);
    if (state.selected && state.selected.rect) outline(ctx, state.selected.rect, C.select, 2.5);
    mapCanvas.setAttribute('data-step', String(k));
    mapCanvas.setAttribute('data-red-callback', redNode ? String(redNode.index) : '');
  }

  function inset(r) {
    var d = r.w >= 4 && r.h >= 4 ? 1 : 0;
    return { x: r.x + d / 2, y: r.y + d / 2, w: r.w - d, h: r.h - d };
  }

  function roundRect(ctx, x, y, w, h, rad) {
    rad = Math.min(rad, w / 2, h / 2);
    ctx.beginPath();
    if (rad < 1) { ctx.rect(x, y, w, h); return; }
    ctx.moveTo(x + rad, y);
    ctx.arcTo(x + w, y, x + w, y + h, rad);
    ctx.arcTo(x + w, y + h, x, y + h, rad);
    ctx.arcTo(x, y + h, x, y, rad);
    ctx.arcTo(x, y, x + w, y, rad);
    ctx.closePath();
  }

  function futureState(f, k) {
    if (f.since >= k) return 'ghost';
    if (f.unhandledAt >= 0 && f.unhandledAt < k) return 'unhandled';
    if (f.firedAt >= 0 && f.firedAt < k) return f.cancelled ? 'cancelled' : (f.success ? 'fired' : 'failed');
    if (f.pendingAt >= 0 && f.pendingAt < k) return 'pending';
    if (k === N && f.firedAt < 0) return 'pending';
    return 'waiting';
  }

  function leafFill(st) {
    if (st === 'unhandled' || st === 'failed') return C.cbFailed;
    if (st === 'pending') return '#fff7e0';
    return C.futureFill;
  }

  function drawFuture(ctx, f, r0, k) {
    var st = futureState(f, k);
    var r = inset(r0);
    if (r.w < 14 || r.h < 14) {
      // Small: one fillRect, no path; the 1px inset leaves the gaps between tiles.
      ctx.fillStyle = st === 'ghost' ? C.ghostStroke : f.open || !f.items.length ? smallFutureFill(st) : summaryFill(f, st, k);
      ctx.fillRect(r.x, r.y, r.w, r.h);
      return;
    }
    var rad = r.w > 30 && r.h > 30 ? 5 : 2;
    roundRect(ctx, r.x, r.y, r.w, r.h, rad);
    ctx.fillStyle = st === 'ghost' ? C.ghost : !f.items.length ? leafFill(st) : f.open ? C.futureFill : summaryFill(f, st, k);
    ctx.fill();
    var stroke = C.futureStroke, lw = 1;
    if (st === 'failed' || st === 'unhandled') { stroke = C.failedStroke; lw = 1.5; }
    if (st === 'pending') { stroke = C.pendingStroke; lw = 1.5; ctx.setLineDash([4, 3]); }
    if (st === 'ghost') stroke = C.ghostStroke;
    ctx.lineWidth = lw;
    ctx.strokeStyle = stroke;
    ctx.stroke();
    ctx.setLineDash([]);
    if (!f.header) {
      if (!f.items.length && r.w >= 26 && r.h >= 14) drawLeafFutureLabel(ctx, f, r, st);
      return;
    }
    var head = C.futureHead, headText = C.futureHeadText;
    if (st === 'fired') { head = C.firedHead; headText = C.firedHeadText; }
    if (st === 'failed') { head = C.failedHead; headText = C.failedHeadText; }
    if (st === 'unhandled') { head = C.unhandledHead; headText = '#ffffff'; }
    if (st === 'pending') { head = C.pendingHead; headText = '#92400e'; }
    if (st === 'ghost') { head = C.ghost; headText = '#aab3c0'; }
    ctx.save();
    roundRect(ctx, r.x, r.y, r.w, r.h, rad);
    ctx.clip();
    ctx.fillStyle = head;
    ctx.fillRect(r.x, r.y, r.w, 17);
    ctx.restore();
    var badge = st === 'unhandled' ? 'UNHANDLED' : st === 'pending' ? (f.pendingAt >= 0 ? 'PENDING' : 'NOT COMPLETED') : st === 'failed' ? 'FAILED' : st === 'cancelled' ? 'CANCELLED' : '';
    var x = r.x + 6, max = r.w - 12;
    ctx.font = FONT_BOLD;
    if (badge && r.w > 140) {
      ctx.font = '700 10px ' + getFontFamily();
      var bw = ctx.measureText(badge).width;
      ctx.fillStyle = headText;
      ctx.fillText(badge, r.x + r.w - 6 - bw, r.y + 9);
      max -= bw + 8;
      ctx.font = FONT_BOLD;
    }
    var title = futureLabel(f);
    var t = fitText(ctx, title, max);
    ctx.fillStyle = headText;
    ctx.fillText(t, x, r.y + 9);
    var used = ctx.measureText(t).width;
    var sub = futureSubtitle(f);
    if (sub && t === title && max - used > 40) {
      ctx.font = FONT;
      ctx.fillStyle = st === 'unhandled' ? '#ffe1e1' : C.muted;
      ctx.fillText(fitText(ctx, sub, max - used - 8), x + used + 8, r.y + 9);
    }
  }

  function smallFutureFill(st) {
    if (st === 'unhandled') return C.failedStroke;
    if (st === 'failed') return '#f7b4b4';
    if (st === 'pending') return C.pendingHead;
    if (st === 'fired') return C.firedHead;
    return C.futureStroke;
  }

  /** The colour of a future too small to show its callbacks: what became of it by step k. */
  function summaryFill(f, st, k) {
    if (st === 'unhandled') return C.failedStroke;
    if (st === 'failed') return '#f7b4b4';
    for (var i = 0; i < f.callbacks.length; i++) {
      var c = f.callbacks[i];
      if (c.failedAt >= 0 && c.failedAt < k) return '#f7b4b4';
    }
    if (st === 'pending') return C.pendingHead;
    if (st === 'fired' || st === 'cancelled') {
      for (var j = 0; j < f.callbacks.length; j++) if (f.callbacks[j].firstRunAt >= 0 && f.callbacks[j].firstRunAt < k) return C.cbRan;
      return C.firedHead;
    }
    return C.futureFill;
  }

  /** A future with no callbacks and no stages of its own: its name inside the tile. */
  function drawLeafFutureLabel(ctx, f, r, st) {
    var color = st === 'ghost' ? '#aab3c0' : st === 'failed' || st === 'unhandled' ? C.failedHeadText : st === 'pending' ? '#92400e' : C.futureHeadText;
    var lineY = r.h >= 34 ? r.y + 11 : r.y + r.h / 2;
    ctx.font = FONT_BOLD;
    ctx.fillStyle = color;
    ctx.fillText(fitText(ctx, futureLabel(f), r.w - 10), r.x + 5, lineY);
    if (r.h >= 34) {
      ctx.font = FONT;
      ctx.fillStyle = C.muted;
      var st2 = st === 'pending' ? (f.pendingAt >= 0 ? 'pending' : 'not completed') : st === 'ghost' ? 'not tracked yet' : st === 'waiting' ? 'not completed yet' : st;
      ctx.fillText(fitText(ctx, st2 + ' \u00b7 no callbacks', r.w - 10), r.x + 5, r.y + 27);
    }
  }

  var fontFamily = null;
  function getFontFamily() {
    if (!fontFamily) fontFamily = getComputedStyle(document.body).fontFamily;
    return fontFamily;
  }

  function drawCallback(ctx, c, r0, k, isRed) {
    var r = inset(r0);
    var fill, stroke, text = C.text;
    var rad = r.w > 16 && r.h > 16 ? 4 : 1;
    if (c.since >= k) { fill = C.ghost; stroke = C.ghostStroke; text = '#aab3c0'; }
    else if (c.failedAt >= 0 && c.failedAt < k) { fill = C.cbFailed; stroke = C.cbFailedStroke; text = C.failedHeadText; }
    else if (c.firstRunAt >= 0 && c.firstRunAt < k) {
      var eb = !c.runs[0].successPath;
      fill = eb ? C.ebRan : C.cbRan; stroke = eb ? C.ebRanStroke : C.cbRanStroke;
    } else { fill = C.cbWaiting; stroke = C.cbWaitingStroke; text = C.muted; }
    if (isRed) { fill = C.current; stroke = '#b91c1c'; text = C.currentText; }
    if (r.w < 14 || r.h < 14) {
      ctx.fillStyle = fill === C.cbWaiting ? C.cbWaitingStroke : fill;
      ctx.fillRect(r.x, r.y, r.w, r.h);
      return;
    }
    roundRect(ctx, r.x, r.y, r.w, r.h, rad);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = (c.failedAt >= 0 && c.failedAt < k) || isRed ? 1.5 : 1;
    ctx.strokeStyle = stroke;
    ctx.stroke();
    if (r.w < 26 || r.h < 14) return;
    var failedNow = c.failedAt >= 0 && c.failedAt < k;
    var mark = failedNow ? '\u2715 ' : '';
    ctx.font = isRed ? FONT_BOLD : FONT;
    ctx.fillStyle = text;
    var lineY = r.h >= 34 ? r.y + 11 : r.y + r.h / 2;
    var label = fitText(ctx, mark + shortName(c.name), r.w - 10);
    if (label.charAt(label.length - 1) === '\u2026') label = fitText(ctx, mark + memberName(c.name), r.w - 10);
    ctx.fillText(label, r.x + 5, lineY);
    if (r.h >= 34) {
      ctx.font = FONT;
      ctx.fillStyle = isRed ? '#ffe4e4' : C.muted;
      var info = (c.method || (c.callback !== null ? 'callback' : 'errback'));
      if (c.runs.length && c.firstRunAt < k) info += ' \u00b7 ' + fmtDuration(c.totalTime);
      else if (c.since < k) info += ' \u00b7 not run';
      ctx.fillText(fitText(ctx, info, r.w - 10), r.x + 5, r.y + 27);
    }
  }

  function drawCurrentMarker(ctx, c) {
    var target = c;
    while (target && !target.rect) target = target.kind === 'callback' ? target.future : target.parent;
    if (!target || !target.rect) return;
    var r = target.rect;
    if (target !== c || r.w < 8 || r.h < 8) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = C.current;
      ctx.beginPath();
      ctx.arc(r.x + r.w / 2, r.y + r.h / 2, Math.max(6, Math.min(r.w, r.h) / 2 + 3), 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  function outline(ctx, r, color, width) {
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    roundRect(ctx, r.x + width / 2, r.y + width / 2, Math.max(1, r.w - width), Math.max(1, r.h - width), 4);
    ctx.stroke();
  }

  function mapHit(x, y) {
    for (var i = drawList.length - 1; i >= 0; i--) {
      var r = drawList[i].rect;
      if (x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h) return drawList[i];
    }
    return null;
  }

  // ---------------------------------------------------------------- timeline

  var tlCanvas = byId('timeline');
  var tlBox = byId('timeline-box');
  var tlCtx = tlCanvas.getContext('2d');
  var GUTTER = 150;
  var AXIS = 24;
  var LANE = 24;
  var tl = { w: 0, h: 0, v0: model.tMin, v1: model.tMax };
  var tlLanes = [{ index: 0, name: 'futures', markers: true }].concat(model.lanes);

  function fitTimeline() {
    var pad = (model.tMax - model.tMin) * 0.02;
    tl.v0 = model.tMin - pad;
    tl.v1 = model.tMax + pad;
  }
  fitTimeline();

  function layoutTimeline() {
    var r = tlBox.getBoundingClientRect();
    tl.w = Math.max(10, Math.floor(r.width));
    tl.h = AXIS + tlLanes.length * LANE + 6;
    tlCanvas.style.height = tl.h + 'px';
    tlBox.style.height = Math.min(tl.h, Math.max(120, Math.round(window.innerHeight * 0.3))) + 'px';
    tlCtx = resizeCanvas(tlCanvas, tl.w, tl.h);
  }

  function tx(t) { return GUTTER + (t - tl.v0) / (tl.v1 - tl.v0) * (tl.w - GUTTER - 10); }
  function tAt(x) { return tl.v0 + (x - GUTTER) / (tl.w - GUTTER - 10) * (tl.v1 - tl.v0); }

  function niceStep(range, px) {
    var target = range / Math.max(1, px / 110);
    var p = Math.pow(10, Math.floor(Math.log10(target)));
    var m = target / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }

  function drawTimeline() {
    var ctx = tlCtx;
    var k = state.step;
    var red = model.lastExec[k];
    var plotW = tl.w - GUTTER - 10;
    ctx.clearRect(0, 0, tl.w, tl.h);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, tl.w, tl.h);
    ctx.textBaseline = 'middle';

    // lanes
    for (var li = 0; li < tlLanes.length; li++) {
      var y = AXIS + li * LANE;
      if (li % 2 === 1) { ctx.fillStyle = '#fafbfc'; ctx.fillRect(0, y, tl.w, LANE); }
      ctx.fillStyle = li === 0 ? C.muted : C.text;
      ctx.font = li === 0 ? 'italic ' + FONT : FONT;
      ctx.fillText(fitText(ctx, tlLanes[li].name, GUTTER - 16), 10, y + LANE / 2);
    }
    ctx.strokeStyle = '#e6e9ee';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(GUTTER - 0.5, 0); ctx.lineTo(GUTTER - 0.5, tl.h);
    ctx.stroke();

    // axis
    var step = niceStep(tl.v1 - tl.v0, plotW);
    var first = Math.ceil((tl.v0 - model.tMin) / step) * step + model.tMin;
    ctx.font = '11px ' + getFontFamily();
    ctx.fillStyle = C.muted;
    for (var t = first; t <= tl.v1; t += step) {
      var x = Math.round(tx(t)) + 0.5;
      if (x < GUTTER) continue;
      ctx.strokeStyle = '#eef0f3';
      ctx.beginPath(); ctx.moveTo(x, AXIS - 4); ctx.lineTo(x, tl.h); ctx.stroke();
      ctx.fillText(fmtOffset(t - model.tMin), x + 3, 11);
    }
    ctx.strokeStyle = '#e1e5eb';
    ctx.beginPath(); ctx.moveTo(0, AXIS - 0.5); ctx.lineTo(tl.w, AXIS - 0.5); ctx.stroke();

    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, AXIS, plotW + 10, tl.h - AXIS);
    ctx.clip();

    // runs
    var redRun = null;
    var curColor = null, curAlpha = 1;
    ctx.globalAlpha = 1;
    for (var l = 0; l < model.lanes.length; l++) {
      var lane = model.lanes[l];
      var ly = AXIS + (l + 1) * LANE + 4;
      var bh = LANE - 8;
      var runs = lane.runs;
      var from = lowerBound(runs, tl.v0 - lane.maxDuration);
      // Bars that touch on screen and look the same are drawn as one rectangle.
      var spanX0 = 0, spanX1 = -Infinity, spanColor = null, spanAlpha = 1;
      var labels = [];
      for (var i = from; i <= runs.length; i++) {
        var run = i < runs.length ? runs[i] : null;
        if (run && run.start > tl.v1) run = null;
        var x0 = 0, x1 = 0, color = null, alpha = 1;
        if (run) {
          if (run.end < tl.v0) continue;
          x0 = tx(run.start);
          x1 = Math.max(x0 + 1.5, tx(run.end));
          alpha = run.line < k ? 1 : 0.28;
          if (state.query && !run.callback.match) alpha *= 0.25;
          color = run.failed ? C.cbFailedStroke : (run.successPath ? '#5b8def' : '#8b6fe0');
          if (color === spanColor && alpha === spanAlpha && x0 <= spanX1 + 0.5) {
            if (x1 > spanX1) spanX1 = x1;
            if (x1 - x0 >= 50 || run.failed) labels.push(run);
            continue;
          }
        }
        if (spanColor !== null) {
          if (spanAlpha !== curAlpha) { ctx.globalAlpha = spanAlpha; curAlpha = spanAlpha; }
          if (spanColor !== curColor) { ctx.fillStyle = spanColor; curColor = spanColor; }
          ctx.fillRect(spanX0, ly, spanX1 - spanX0, bh);
        }
        if (!run) break;
        spanX0 = x0; spanX1 = x1; spanColor = color; spanAlpha = alpha;
        if (x1 - x0 >= 50 || run.failed) labels.push(run);
      }
      ctx.font = FONT;
      for (var q = 0; q < labels.length; q++) {
        var lr = labels[q];
        var lx0 = tx(lr.start), lw = Math.max(1.5, tx(lr.end) - lx0);
        var ran = lr.line < k;
        var la = ran ? 1 : 0.55;
        if (la !== curAlpha) { ctx.globalAlpha = la; curAlpha = la; }
        var lc = ran ? '#ffffff' : '#1c2330';
        if (curColor !== lc) { ctx.fillStyle = curColor = lc; }
        if (lr.failed && lw >= 3) ctx.fillRect(lx0, ly + bh - 3, lw, 1.5);
        if (lw >= 50) ctx.fillText(fitText(ctx, (lr.failed ? '\u2715 ' : '') + shortName(lr.callback.name), lw - 8), lx0 + 4, ly + bh / 2 + 0.5);
      }
    }
    if (red >= 0) {
      var redRuns = model.callbacks[red].runs;
      for (var rr = redRuns.length - 1; rr >= 0; rr--) if (redRuns[rr].line < k) { redRun = redRuns[rr]; break; }
    }
    ctx.globalAlpha = 1;
    if (redRun) {
      var rx = tx(redRun.start), rw = Math.max(3, tx(redRun.end) - rx);
      var ry = AXIS + redRun.lane.index * LANE + 2;
      ctx.strokeStyle = C.current;
      ctx.lineWidth = 2;
      ctx.strokeRect(rx - 1, ry, rw + 2, LANE - 4);
    }
    if (state.selected && state.selected.kind === 'callback') {
      state.selected.runs.forEach(function (run) {
        var sx = tx(run.start), sw = Math.max(3, tx(run.end) - sx);
        ctx.strokeStyle = C.select;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(sx - 1.5, AXIS + run.lane.index * LANE + 2.5, sw + 3, LANE - 5);
      });
    }

    // markers: one path per kind, markers closer than 2px to the last one of their kind skipped
    var my = AXIS + LANE / 2;
    var ms = model.markers;
    var lasts = [], xs = [];
    for (var gi = 0; gi < MARKER_KINDS.length * 2; gi++) { lasts.push(-Infinity); xs.push([]); }
    for (var m = markerLowerBound(tl.v0 - 6 * (tl.v1 - tl.v0) / plotW); m < ms.length; m++) {
      var mk = ms[m];
      if (mk.ts > tl.v1) break;
      var mx = tx(mk.ts);
      var gk = mk.code * 2 + (mk.line < k ? 1 : 0);
      if (mx - lasts[gk] < 2) continue;
      lasts[gk] = mx;
      xs[gk].push(mx);
    }
    for (gi = 0; gi < xs.length; gi++) {
      if (!xs[gi].length) continue;
      ctx.globalAlpha = gi % 2 ? 1 : 0.28;
      drawMarkers(ctx, MARKER_KINDS[gi >> 1], xs[gi], my);
    }
    ctx.globalAlpha = 1;

    // cursor: the time of the current line
    if (k > 0) {
      var cur = events[k - 1];
      var ct = cur && typeof cur.ts === 'number' ? cur.ts : NaN;
      if (ct === ct) {
        var cx = Math.round(tx(ct)) + 0.5;
        ctx.strokeStyle = C.current;
        ctx.lineWidth = 1;
        ctx.setLineDash([3, 3]);
        ctx.beginPath(); ctx.moveTo(cx, AXIS); ctx.lineTo(cx, tl.h); ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    ctx.restore();
    tlCanvas.setAttribute('data-view', Math.round(tl.v0) + ':' + Math.round(tl.v1));
  }

  function drawMarkers(ctx, kind, xs, y) {
    var i, x;
    ctx.beginPath();
    if (kind === 'chained') {
      ctx.fillStyle = '#f59e0b';
      for (i = 0; i < xs.length; i++) {
        x = xs[i];
        ctx.moveTo(x, y - 5); ctx.lineTo(x + 5, y); ctx.lineTo(x, y + 5); ctx.lineTo(x - 5, y); ctx.closePath();
      }
      ctx.fill();
      return;
    }
    if (kind === 'unhandled' || kind === 'pending') {
      ctx.fillStyle = kind === 'unhandled' ? '#b42318' : '#d97706';
      for (i = 0; i < xs.length; i++) { ctx.moveTo(xs[i] + 5.5, y); ctx.arc(xs[i], y, 5.5, 0, Math.PI * 2); }
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      for (i = 0; i < xs.length; i++) {
        if (kind === 'unhandled') ctx.fillRect(xs[i] - 0.75, y - 3.5, 1.5, 4.5), ctx.fillRect(xs[i] - 0.75, y + 2, 1.5, 1.5);
        else ctx.fillRect(xs[i] - 3, y - 0.75, 1.5, 1.5), ctx.fillRect(xs[i] - 0.75, y - 0.75, 1.5, 1.5), ctx.fillRect(xs[i] + 1.5, y - 0.75, 1.5, 1.5);
      }
      return;
    }
    ctx.fillStyle = kind === 'failed' ? '#e5484d' : kind === 'cancelled' ? '#98a2b3' : '#12a150';
    for (i = 0; i < xs.length; i++) {
      x = xs[i];
      ctx.moveTo(x - 4.5, y - 5); ctx.lineTo(x + 4.5, y - 5); ctx.lineTo(x, y + 5); ctx.closePath();
    }
    ctx.fill();
  }

  function lowerBound(runs, t) {
    var lo = 0, hi = runs.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (runs[mid].start < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  var MARKER_KINDS = ['fired', 'chained', 'cancelled', 'failed', 'pending', 'unhandled'];
  model.markers = model.markers.filter(function (m) { return m.ts === m.ts; });
  model.markers.forEach(function (m) { m.code = MARKER_KINDS.indexOf(m.kind); });
  model.markers.sort(function (a, b) { return (a.ts - b.ts) || (a.line - b.line); });
  function markerLowerBound(t) {
    var ms = model.markers, lo = 0, hi = ms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (ms[mid].ts < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** The bar or marker under a point, found from the model (nothing is kept per frame). */
  function timelineHit(x, y) {
    var li = Math.floor((y - AXIS) / LANE);
    if (li < 0 || li >= tlLanes.length || x < GUTTER) return null;
    var perPx = (tl.v1 - tl.v0) / (tl.w - GUTTER - 10);
    var tol = 3 * perPx;
    var t = tAt(x);
    var best = null, bestScore = Infinity, i;
    if (li === 0) {
      var ms = model.markers;
      for (i = markerLowerBound(t - 6 * perPx); i < ms.length && ms[i].ts <= t + 6 * perPx; i++) {
        var d = Math.abs(ms[i].ts - t);
        if (d < bestScore) { bestScore = d; best = ms[i]; }
      }
      return best ? { marker: best } : null;
    }
    var lane = model.lanes[li - 1];
    var runs = lane.runs;
    for (i = lowerBound(runs, t - tol - lane.maxDuration); i < runs.length && runs[i].start <= t + tol; i++) {
      var r = runs[i];
      // A bar is drawn at least 1.5px wide.
      var end = Math.max(r.end, r.start + 1.5 * perPx);
      if (t < r.start - tol || t > end + tol) continue;
      var inside = t >= r.start && t <= end;
      var score = inside ? Math.abs(t - (r.start + end) / 2) : 1e3 * tol + Math.min(Math.abs(t - r.start), Math.abs(t - end));
      if (score < bestScore) { bestScore = score; best = r; }
    }
    return best ? { run: best } : null;
  }

  function zoomTimeline(factor, atX) {
    var center = atX === undefined ? (tl.v0 + tl.v1) / 2 : tAt(atX);
    var span = (tl.v1 - tl.v0) * factor;
    var full = (model.tMax - model.tMin) * 1.2;
    span = Math.max(1, Math.min(span, full));
    var rel = (center - tl.v0) / (tl.v1 - tl.v0);
    tl.v0 = center - span * rel;
    tl.v1 = tl.v0 + span;
    requestDraw();
  }

  /** Zooms the timeline to the runs (or the life) of a callback or future, with some room around. */
  function showInTimeline(n) {
    var a = Infinity, b = -Infinity;
    function span(t0, t1) { if (t0 === t0 && t1 === t1) { a = Math.min(a, t0); b = Math.max(b, t1); } }
    if (n.kind === 'callback') {
      n.runs.forEach(function (r) { span(r.start, r.end); });
    } else {
      n.lines.forEach(function (line) { var e = events[line]; if (typeof e.ts === 'number') span(e.ts, e.ts); });
      n.callbacks.forEach(function (c) { c.runs.forEach(function (r) { span(r.start, r.end); }); });
    }
    if (!(a <= b)) return;
    var width = Math.max(b - a, 20);
    tl.v0 = a - width * 0.6;
    tl.v1 = b + width * 0.6;
    requestDraw();
  }

  function panTimelineTo(t) {
    if (!(t === t)) return;
    if (t >= tl.v0 && t <= tl.v1) return;
    var span = tl.v1 - tl.v0;
    tl.v0 = t - span / 2;
    tl.v1 = tl.v0 + span;
  }

  // ---------------------------------------------------------------- drawing schedule

  var drawPending = false;
  function requestDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () {
      drawPending = false;
      drawAll();
    });
  }

  function drawAll() {
    drawMap();
    drawTimeline();
  }

  // ---------------------------------------------------------------- stepping

  var slider = byId('slider');
  var stepLabel = byId('step-label');
  var lineBox = byId('line');
  var lineDesc = byId('line-desc');

  function setStep(k) {
    k = Math.max(0, Math.min(N, Math.round(k)));
    state.step = k;
    slider.value = String(k);
    stepLabel.textContent = fmtCount(k) + ' / ' + fmtCount(N);
    showLine(k);
    var cur = k > 0 ? events[k - 1] : null;
    if (cur && typeof cur.ts === 'number') panTimelineTo(cur.ts);
    document.body.setAttribute('data-step', String(k));
    requestDraw();
  }

  function showLine(k) {
    lineDesc.textContent = '';
    if (k === 0) {
      lineDesc.appendChild(el('span', 'tag', 'start'));
      lineDesc.appendChild(document.createTextNode('before the first line'));
      lineBox.textContent = N ? 'Press n or \u2192 for the first line' : 'The recording has no lines';
      return;
    }
    var e = events[k - 1];
    var d = describe(e, k - 1);
    lineDesc.appendChild(el('span', 'tag ' + d.tag, d.tagText));
    lineDesc.appendChild(document.createTextNode(d.text));
    lineDesc.title = d.text;
    var text = JSON.stringify(e);
    lineBox.textContent = text;
    lineBox.title = text.length > 2000 ? text.substring(0, 2000) + '\u2026' : text;
  }

  function describe(e, i) {
    if (!e || typeof e !== 'object') return { tag: '', tagText: 'line', text: 'not a mon.out line' };
    var f = model.futures.get(e.deferred);
    var fl = f ? futureLabel(f) : String(e.deferred);
    switch (e.action) {
      case 'tracked': return { tag: '', tagText: 'tracked', text: fl + (e.via && e.via !== 'track' ? ' (' + e.via + (isId(e.parent) ? ' from #' + e.parent : '') + ')' : '') };
      case 'attached': return { tag: '', tagText: 'attached', text: shortName(e.callback !== null && e.callback !== undefined ? e.callback : e.errback) + ' to ' + fl + (e.method ? ' with ' + e.method : '') };
      case 'chained': return { tag: '', tagText: 'chained', text: fl + ' \u2192 #' + e.target };
      case 'executed': {
        var failed = e.failed === true;
        return {
          tag: failed ? 'failed' : 'executed', tagText: failed ? 'failed' : 'executed',
          text: shortName(e.callback) + (e['callback?'] === false ? ' (errback)' : '') + ' on ' + fl + ', ' +
            fmtDuration(typeof e.time === 'number' ? e.time : 0) + (e.thread !== undefined ? ' on ' + e.thread : '') +
            (failed && e.error ? ' \u2014 ' + e.error : '')
        };
      }
      case 'fired':
        if (e.cancelled === true) return { tag: 'failed', tagText: 'cancelled', text: fl };
        if (e.success === false) return { tag: 'failed', tagText: 'failed', text: fl + (e.error ? ' \u2014 ' + e.error : '') };
        return { tag: 'fired', tagText: 'fired', text: fl + ' completed' };
      case 'unhandled': return { tag: 'unhandled', tagText: 'unhandled', text: fl + (e.error ? ' \u2014 ' + e.error : '') };
      case 'pending': return { tag: 'pending', tagText: 'pending', text: fl + ' never completed' };
      default: return { tag: '', tagText: String(e.action), text: fl };
    }
  }

  // ---------------------------------------------------------------- play

  var lastTick = 0;
  var carry = 0;
  function setPlaying(on) {
    if (on && state.step >= N) setStep(0);
    state.playing = on && N > 0;
    document.body.classList.toggle('playing', state.playing);
    byId('play').setAttribute('aria-label', state.playing ? 'Pause' : 'Play');
    if (state.playing) {
      lastTick = performance.now();
      carry = 0;
      requestAnimationFrame(tick);
    }
  }

  function tick(now) {
    if (!state.playing) return;
    carry += (now - lastTick) / 1000 * state.speed;
    lastTick = now;
    var adv = Math.floor(carry);
    if (adv >= 1) {
      carry -= adv;
      setStep(state.step + adv);
      if (state.step >= N) { setPlaying(false); return; }
    }
    requestAnimationFrame(tick);
  }

  // ---------------------------------------------------------------- selection & details

  var details = byId('details');

  function select(node, opts) {
    state.selected = node;
    renderDetails();
    if (node && opts && opts.reveal && !node.rect) {
      // Give the selection a tile: zoom out, and if it is still too small, into its future.
      state.zoom = model.root;
      layoutMap();
      if (!node.rect) {
        var around = node.kind === 'callback' ? node.future : (node.parent || node);
        while (around && around.parent && around.weight < model.root.weight / 50 && around.parent.weight < model.root.weight / 50) around = around.parent;
        state.zoom = around || model.root;
        layoutMap();
      }
      renderCrumbs();
    }
    requestDraw();
  }

  function linkTo(node, text) {
    var b = el('button', 'link', text);
    b.type = 'button';
    if (node) {
      if (node.kind === 'future') b.setAttribute('data-future-id', String(node.id));
      else b.setAttribute('data-callback', String(node.index));
      b.addEventListener('click', function () { select(node, { reveal: true }); });
    }
    return b;
  }

  function stepLink(line, text) {
    var b = el('button', 'link', text || ('line ' + fmtCount(line + 1)));
    b.type = 'button';
    b.title = 'Go to this line';
    b.addEventListener('click', function () { setPlaying(false); setStep(line + 1); });
    return b;
  }

  function kv(dl, key, value, cls) {
    dl.appendChild(el('dt', null, key));
    var dd = el('dd', cls || null);
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = value === null || value === undefined ? '\u2014' : String(value);
    dl.appendChild(dd);
    return dd;
  }

  function when(line) {
    var e = events[line];
    var frag = document.createDocumentFragment();
    frag.appendChild(stepLink(line));
    if (e && typeof e.ts === 'number') frag.appendChild(document.createTextNode(' \u00b7 ' + fmtOffset(e.ts - model.tMin)));
    return frag;
  }

  function badgeFor(f) {
    var st = futureState(f, N);
    if (st === 'unhandled') return ['bad', 'unhandled failure'];
    if (st === 'failed') return ['bad', 'failed'];
    if (st === 'cancelled') return ['warn', 'cancelled'];
    if (st === 'fired') return ['ok', 'completed'];
    if (f.pendingAt >= 0) return ['warn', 'pending'];
    return ['warn', 'not completed'];
  }

  function renderDetails() {
    var n = state.selected;
    details.textContent = '';
    details.removeAttribute('data-future-id');
    details.removeAttribute('data-callback');
    if (!n) {
      if (data.skippedLines > 0) {
        details.appendChild(el('div', 'notice', fmtCount(data.skippedLines) + ' line(s) of the file were not JSON objects and were skipped (first at line ' + data.firstSkippedLine + ').'));
      }
      details.appendChild(el('p', 'empty', 'Click a tile in the squaremap or a bar in the timeline to see where it came from, what ran and how long it took. Press Enter for the red callback.'));
      return;
    }
    if (n.kind === 'future') renderFuture(n); else renderCallback(n);
  }

  function kindLine(text, node) {
    var d = el('div', 'kind', text);
    var b = el('button', 'link show-in-timeline', 'show in timeline');
    b.type = 'button';
    b.addEventListener('click', function () { showInTimeline(node); });
    d.appendChild(document.createTextNode(' \u00b7 '));
    d.appendChild(b);
    details.appendChild(d);
  }

  function renderFuture(f) {
    details.setAttribute('data-future-id', String(f.id));
    var h = el('h3', null, futureLabel(f));
    var b = badgeFor(f);
    h.appendChild(el('span', 'badge ' + b[0], b[1]));
    details.appendChild(h);
    kindLine('Future' + (f.via ? ' \u00b7 ' + viaText(f.via) : ''), f);
    var dl = el('dl', 'kv');
    kv(dl, 'Id', '#' + f.id, 'mono');
    kv(dl, 'Name', f.name);
    kv(dl, 'Via', f.via || (f.trackedAt < 0 ? 'not tracked (seen in other lines)' : null));
    kv(dl, 'Parent', f.parent ? linkTo(f.parent, futureLabel(f.parent)) : (f.parentId !== null ? '#' + f.parentId + ' (not tracked)' : null));
    if (f.producer) {
      var pf = document.createDocumentFragment();
      pf.appendChild(document.createTextNode((f.producer.method || 'callback') + ' '));
      pf.appendChild(linkTo(f.producer, shortName(f.producer.name)));
      pf.appendChild(document.createTextNode(' on '));
      pf.appendChild(linkTo(f.producer.future, futureLabel(f.producer.future)));
      kv(dl, 'Completed by', pf);
    }
    f.chainedFrom.forEach(function (c) { kv(dl, 'Chained from', linkTo(c.source, futureLabel(c.source))); });
    kv(dl, 'Tracked', when(f.trackedAt >= 0 ? f.trackedAt : f.since));
    if (f.firedAt >= 0) {
      kv(dl, f.cancelled ? 'Cancelled' : (f.success ? 'Completed' : 'Failed'), when(f.firedAt));
      if (f.error) kv(dl, 'Error', f.error, 'error');
    } else {
      kv(dl, 'Completed', 'never, in this recording');
    }
    kv(dl, 'Time', fmtDuration(f.totalTime) + ' in callbacks' + (f.children.length ? ', stages included' : ''));
    details.appendChild(dl);

    extraSection(f, 'unhandled', f.unhandledAt, 'Unhandled failure');
    extraSection(f, 'pending', f.pendingAt, 'Pending');

    if (f.callbacks.length) {
      details.appendChild(el('h4', null, 'Callbacks (' + f.callbacks.length + ')'));
      var ul = el('ul');
      f.callbacks.slice(0, 200).forEach(function (c) {
        var li = el('li');
        li.appendChild(el('span', 'dot ' + (c.failedAt >= 0 ? 'bad' : c.runs.length ? (c.runs[0].successPath ? 'cb' : 'eb') : '')));
        li.appendChild(linkTo(c, shortName(c.name)));
        li.appendChild(el('span', 'meta muted', (c.method || callbackPath(c)) + (c.runs.length ? ' \u00b7 ' + fmtDuration(c.totalTime) : ' \u00b7 not run')));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      if (f.callbacks.length > 200) details.appendChild(el('div', 'more', (f.callbacks.length - 200) + ' more'));
    }
    var stages = f.children;
    if (stages.length) {
      details.appendChild(el('h4', null, 'Futures from it (' + stages.length + ')'));
      var ul2 = el('ul');
      stages.slice(0, 200).forEach(function (ch) {
        var li = el('li');
        var bb = badgeFor(ch);
        li.appendChild(el('span', 'dot ' + bb[0]));
        li.appendChild(linkTo(ch, futureLabel(ch)));
        li.appendChild(el('span', 'meta muted', viaText(ch.via) + (futureSubtitle(ch) && ch.via !== 'chained' ? ' \u00b7 ' + futureSubtitle(ch) : '')));
        ul2.appendChild(li);
      });
      details.appendChild(ul2);
      if (stages.length > 200) details.appendChild(el('div', 'more', (stages.length - 200) + ' more'));
    }
    if (f.chainedTo.length) {
      details.appendChild(el('h4', null, 'Chained to'));
      var ul3 = el('ul');
      f.chainedTo.forEach(function (c) {
        var li = el('li');
        var t = model.futures.get(c.target);
        li.appendChild(t ? linkTo(t, futureLabel(t)) : el('span', null, '#' + c.target + ' (not tracked)'));
        li.appendChild(el('span', 'meta muted', ' at '));
        li.appendChild(stepLink(c.line));
        ul3.appendChild(li);
      });
      details.appendChild(ul3);
    }
    history(f);
  }

  function viaText(via) {
    switch (via) {
      case 'track': return 'tracked explicitly';
      case 'derived': return 'derived stage';
      case 'chained': return 'chained target';
      case 'composed': return 'composed (thenCompose)';
      default: return via ? String(via) : 'untracked';
    }
  }

  /** The keys of an `unhandled` or `pending` line (or any later action), shown generically. */
  function extraSection(f, action, line, title) {
    if (line < 0) return;
    var e = events[line];
    details.appendChild(el('h4', null, title));
    var dl = el('dl', 'kv');
    kv(dl, 'At', when(line));
    var blocks = [];
    Object.keys(e).forEach(function (key) {
      if (key === 'action' || key === 'deferred' || key === 'ts') return;
      var v = e[key];
      if (key === 'name' && v === null) return;
      if (key === 'stack' || (typeof v === 'string' && v.indexOf('\n') >= 0)) { blocks.push([key, v]); return; }
      if (key === 'age' && typeof v === 'number') v = fmtDuration(v);
      kv(dl, key, typeof v === 'object' && v !== null ? JSON.stringify(v) : v, key === 'error' ? 'error' : null);
    });
    details.appendChild(dl);
    blocks.forEach(function (b) {
      var v = b[1];
      details.appendChild(el('div', 'block-key', b[0]));
      details.appendChild(el('pre', null, Array.isArray(v) ? v.join('\n') : (typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : String(v))));
    });
  }

  function history(f) {
    details.appendChild(el('h4', null, 'Lines (' + f.lines.length + ')'));
    var ul = el('ul');
    f.lines.slice(0, 60).forEach(function (line) {
      var li = el('li');
      li.appendChild(stepLink(line, fmtCount(line + 1)));
      var e = events[line];
      li.appendChild(el('span', null, String(e.action)));
      ul.appendChild(li);
    });
    details.appendChild(ul);
    if (f.lines.length > 60) details.appendChild(el('div', 'more', (f.lines.length - 60) + ' more'));
  }

  function renderCallback(c) {
    details.setAttribute('data-callback', String(c.index));
    var h = el('h3', null, c.name === null ? '(unnamed)' : c.name);
    if (c.failedAt >= 0) h.appendChild(el('span', 'badge bad', 'threw'));
    else if (c.runs.length) h.appendChild(el('span', 'badge ok', 'ran'));
    else h.appendChild(el('span', 'badge muted', 'not run'));
    details.appendChild(h);
    kindLine('Callback' + (c.implicit ? ' \u00b7 ran without an attached line' : ''), c);
    var dl = el('dl', 'kv');
    kv(dl, 'Name', c.name, 'mono');
    kv(dl, 'Method', c.method);
    kv(dl, 'Path', callbackPath(c));
    kv(dl, 'Future', linkTo(c.future, futureLabel(c.future)));
    if (c.resultId !== null) {
      var r = model.futures.get(c.resultId);
      kv(dl, 'Completes', r ? linkTo(r, futureLabel(r)) : '#' + c.resultId + ' (not tracked)');
    }
    kv(dl, 'Attached', when(c.since));
    kv(dl, 'Time', c.runs.length ? fmtDuration(c.totalTime) : 'did not run');
    if (c.runs.length === 1) {
      var run = c.runs[0];
      kv(dl, 'Ran as', run.successPath ? 'callback (success path)' : 'errback (failure path)');
      kv(dl, 'Thread', run.thread, 'mono');
      kv(dl, 'Finished', when(run.line));
      if (run.failed) kv(dl, 'Error', run.error || 'threw', 'error');
    }
    details.appendChild(dl);
    if (c.runs.length > 1) {
      details.appendChild(el('h4', null, 'Runs (' + c.runs.length + ')'));
      var ul = el('ul', 'runs');
      c.runs.slice(0, 200).forEach(function (run) {
        var li = el('li');
        li.appendChild(el('span', 'dot ' + (run.failed ? 'bad' : run.successPath ? 'cb' : 'eb')));
        li.appendChild(stepLink(run.line));
        li.appendChild(el('span', 'meta', fmtDuration(run.time) + ' on ' + run.thread + (run.successPath ? '' : ' \u00b7 errback')));
        if (run.failed) li.appendChild(el('span', 'error mono', run.error || 'threw'));
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
  }

  // ---------------------------------------------------------------- problems & stats

  function renderProblems() {
    var box = byId('problems');
    box.textContent = '';
    var ps = model.problems;
    var bad = ps.filter(function (p) { return p.severity === 'bad'; }).length;
    byId('problem-count').textContent = ps.length ? (bad + ' failure' + (bad === 1 ? '' : 's') + (ps.length > bad ? ', ' + (ps.length - bad) + ' other' : '')) : '';
    if (!ps.length) {
      box.appendChild(el('div', 'none', 'No failures, nothing left pending.'));
      return;
    }
    ps.slice(0, 150).forEach(function (p) {
      var b = el('button', 'problem' + (p.severity === 'warn' ? ' warn' : ''));
      b.type = 'button';
      b.setAttribute('data-problem', p.kind);
      if (p.node.kind === 'future') b.setAttribute('data-future-id', String(p.node.id));
      else b.setAttribute('data-callback', String(p.node.index));
      b.appendChild(el('span', 'pk', p.kind));
      var t = el('span', 'pt');
      t.appendChild(el('div', 'pn', p.node.kind === 'future' ? futureLabel(p.node) : shortName(p.node.name) + ' on ' + futureLabel(p.node.future)));
      if (p.error) t.appendChild(el('div', 'pe', p.error));
      b.appendChild(t);
      b.addEventListener('click', function () {
        setPlaying(false);
        setStep(p.line + 1);
        select(p.node, { reveal: true });
      });
      box.appendChild(b);
    });
    if (ps.length > 150) box.appendChild(el('div', 'more', (ps.length - 150) + ' more'));
  }

  function renderStats() {
    var box = byId('stats');
    box.textContent = '';
    function chip(label, value, cls, title) {
      var c = el('span', 'chip' + (cls ? ' ' + cls : ''));
      c.appendChild(el('b', null, fmtCount(value)));
      c.appendChild(document.createTextNode(label));
      if (title) c.title = title;
      box.appendChild(c);
    }
    chip('lines', N);
    chip('futures', model.futureList.length);
    chip('callbacks', model.callbacks.length);
    chip('threads', model.lanes.length);
    var failedCb = model.callbacks.filter(function (c) { return c.failedAt >= 0; }).length;
    var failedF = model.futureList.filter(function (f) { return f.firedAt >= 0 && !f.success && !f.cancelled; }).length;
    var unhandled = model.futureList.filter(function (f) { return f.unhandledAt >= 0; }).length;
    var pending = model.futureList.filter(function (f) { return f.pendingAt >= 0; }).length;
    if (failedCb) chip('callbacks threw', failedCb, 'bad');
    if (failedF) chip('futures failed', failedF, 'bad');
    if (unhandled) chip('unhandled', unhandled, 'bad', 'failures nobody observed');
    if (pending) chip('pending', pending, 'warn', 'futures still incomplete when the recording ended');
    else if (model.incomplete) chip('not completed', model.incomplete, 'warn', 'futures with no fired line');
    if (data.skippedLines > 0) chip('bad lines skipped', data.skippedLines, 'warn');
  }

  function legend(box, items) {
    items.forEach(function (it) {
      var s = el('span');
      var sw = el('i');
      sw.style.background = it[1];
      if (it[2]) sw.style.borderColor = it[2];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(it[0]));
      box.appendChild(s);
    });
  }

  // ---------------------------------------------------------------- zoom & breadcrumbs

  function zoomInto(node) {
    state.zoom = node || model.root;
    layoutMap();
    renderCrumbs();
    requestDraw();
  }

  function renderCrumbs() {
    var box = byId('crumbs');
    box.textContent = '';
    var path = [];
    for (var n = state.zoom; n && n.kind === 'future'; n = n.parent) path.unshift(n);
    var items = [model.root].concat(path);
    items.forEach(function (n, i) {
      if (i > 0) box.appendChild(el('span', 'sep', '\u203a'));
      var label = n.kind === 'root' ? 'All futures' : futureLabel(n);
      if (i === items.length - 1) label += ' \u00b7 ' + fmtDuration(n.totalTime) + ' in callbacks';
      if (i === items.length - 1) {
        box.appendChild(el('span', 'here', label));
      } else {
        var b = el('button', null, label);
        b.type = 'button';
        b.addEventListener('click', function () { zoomInto(n); });
        box.appendChild(b);
      }
    });
  }

  // ---------------------------------------------------------------- search

  function applySearch(q) {
    state.query = q.trim().toLowerCase();
    var query = state.query;
    var first = null;
    model.callbacks.forEach(function (c) {
      c.match = !query || (c.name !== null && c.name.toLowerCase().indexOf(query) >= 0);
      if (query && c.match && !first) first = c;
    });
    model.futureList.forEach(function (f) {
      f.match = !query || (f.name !== null && f.name.toLowerCase().indexOf(query) >= 0) || ('#' + f.id) === query ||
        f.callbacks.some(function (c) { return c.match; });
      if (query && !first && f.match) first = f;
    });
    requestDraw();
    return first;
  }

  // ---------------------------------------------------------------- tooltip

  var tooltip = byId('tooltip');
  function showTooltip(x, y, title, lines, error) {
    tooltip.textContent = '';
    tooltip.appendChild(el('div', 'tt-title', title));
    lines.forEach(function (l) { tooltip.appendChild(el('div', null, l)); });
    if (error) tooltip.appendChild(el('div', 'tt-err', error));
    tooltip.hidden = false;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var left = x + 14, top = y + 14;
    if (left + w > window.innerWidth - 8) left = x - w - 14;
    if (top + h > window.innerHeight - 8) top = y - h - 14;
    tooltip.style.left = Math.max(4, left) + 'px';
    tooltip.style.top = Math.max(4, top) + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }

  function nodeTooltip(n, x, y) {
    if (n.kind === 'future') {
      var b = badgeFor(n);
      showTooltip(x, y, futureLabel(n), [
        'future \u00b7 ' + viaText(n.via) + ' \u00b7 ' + b[1],
        n.callbacks.length + ' callback' + (n.callbacks.length === 1 ? '' : 's') + ', ' + n.children.length + ' stage' + (n.children.length === 1 ? '' : 's') + ' \u00b7 ' + fmtDuration(n.totalTime),
        'double-click to zoom in'
      ], n.error);
    } else {
      var run = n.runs[0];
      showTooltip(x, y, n.name === null ? '(unnamed)' : n.name, [
        (n.method || 'callback') + ' on ' + futureLabel(n.future) + ' \u00b7 ' + callbackPath(n),
        n.runs.length ? fmtDuration(n.totalTime) + ' on ' + run.thread + (run.successPath ? '' : ' (as errback)') : 'did not run'
      ], n.failedAt >= 0 ? (n.runs.filter(function (r) { return r.failed; })[0].error || 'threw') : null);
    }
  }

  // ---------------------------------------------------------------- events

  function canvasPoint(canvas, ev) {
    var r = canvas.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }

  mapCanvas.addEventListener('mousemove', function (ev) {
    var p = canvasPoint(mapCanvas, ev);
    var n = mapHit(p.x, p.y);
    if (n !== state.hover) { state.hover = n; requestDraw(); }
    if (n) nodeTooltip(n, ev.clientX, ev.clientY); else hideTooltip();
  });
  mapCanvas.addEventListener('mouseleave', function () { state.hover = null; hideTooltip(); requestDraw(); });
  mapCanvas.addEventListener('click', function (ev) {
    var p = canvasPoint(mapCanvas, ev);
    select(mapHit(p.x, p.y));
  });
  mapCanvas.addEventListener('dblclick', function (ev) {
    var p = canvasPoint(mapCanvas, ev);
    var n = mapHit(p.x, p.y);
    if (n && n.kind === 'callback') n = n.future;
    if (n && n !== state.zoom) zoomInto(n);
  });

  var drag = null;
  tlCanvas.addEventListener('mousedown', function (ev) {
    var p = canvasPoint(tlCanvas, ev);
    drag = { x: p.x, v0: tl.v0, v1: tl.v1, moved: false };
    tlCanvas.classList.add('dragging');
  });
  window.addEventListener('mousemove', function (ev) {
    if (drag) {
      var p = canvasPoint(tlCanvas, ev);
      var dx = p.x - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      var dt = dx / (tl.w - GUTTER - 10) * (drag.v1 - drag.v0);
      tl.v0 = drag.v0 - dt;
      tl.v1 = drag.v1 - dt;
      requestDraw();
      hideTooltip();
      return;
    }
    if (ev.target !== tlCanvas) return;
    var q = canvasPoint(tlCanvas, ev);
    var h = timelineHit(q.x, q.y);
    if (!h) { hideTooltip(); return; }
    if (h.run) {
      var run = h.run;
      showTooltip(ev.clientX, ev.clientY, run.callback.name === null ? '(unnamed)' : run.callback.name, [
        fmtDuration(run.time) + ' on ' + run.thread + (run.successPath ? '' : ' (as errback)'),
        'on ' + futureLabel(run.callback.future) + ' \u00b7 line ' + fmtCount(run.line + 1) + ' \u00b7 ' + fmtOffset(run.start - model.tMin)
      ], run.failed ? (run.error || 'threw') : null);
    } else {
      var mk = h.marker;
      showTooltip(ev.clientX, ev.clientY, mk.kind + ' ' + futureLabel(mk.future), [
        (mk.kind === 'chained' ? '\u2192 #' + mk.target + ' \u00b7 ' : '') + 'line ' + fmtCount(mk.line + 1) + ' \u00b7 ' + fmtOffset(mk.ts - model.tMin)
      ], mk.future.error && (mk.kind === 'failed') ? mk.future.error : null);
    }
  });
  window.addEventListener('mouseup', function (ev) {
    if (!drag) return;
    var wasDrag = drag.moved;
    drag = null;
    tlCanvas.classList.remove('dragging');
    if (wasDrag || ev.target !== tlCanvas) return;
    var p = canvasPoint(tlCanvas, ev);
    var h = timelineHit(p.x, p.y);
    if (h && h.run) select(h.run.callback, { reveal: true });
    else if (h && h.marker) select(h.marker.future, { reveal: true });
  });
  tlCanvas.addEventListener('dblclick', function (ev) {
    var p = canvasPoint(tlCanvas, ev);
    var h = timelineHit(p.x, p.y);
    if (h) { setPlaying(false); setStep((h.run ? h.run.line : h.marker.line) + 1); }
  });
  tlCanvas.addEventListener('mouseleave', hideTooltip);
  tlCanvas.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = canvasPoint(tlCanvas, ev);
    if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY) || ev.shiftKey) {
      var d = (ev.shiftKey ? ev.deltaY : ev.deltaX) / (tl.w - GUTTER) * (tl.v1 - tl.v0);
      tl.v0 += d; tl.v1 += d;
      requestDraw();
    } else {
      zoomTimeline(Math.pow(1.0015, ev.deltaY), Math.max(GUTTER, p.x));
    }
  }, { passive: false });

  byId('zoom-in').addEventListener('click', function () { zoomTimeline(0.5); });
  byId('zoom-out').addEventListener('click', function () { zoomTimeline(2); });
  byId('zoom-fit').addEventListener('click', function () { fitTimeline(); requestDraw(); });

  byId('first').addEventListener('click', function () { setPlaying(false); setStep(0); });
  byId('prev').addEventListener('click', function () { setPlaying(false); setStep(state.step - 1); });
  byId('next').addEventListener('click', function () { setPlaying(false); setStep(state.step + 1); });
  byId('last').addEventListener('click', function () { setPlaying(false); setStep(N); });
  byId('play').addEventListener('click', function () { setPlaying(!state.playing); });
  slider.addEventListener('input', function () { setStep(Number(slider.value)); });

  var speedSelect = byId('speed');
  [1, 2, 5, 10, 50, 200, 500, 2000, 10000].forEach(function (s) {
    var o = el('option', null, s + ' lines/s');
    o.value = String(s);
    if (s === state.speed) o.selected = true;
    speedSelect.appendChild(o);
  });
  speedSelect.addEventListener('change', function () { state.speed = Number(speedSelect.value); });

  var search = byId('search');
  search.addEventListener('input', function () { applySearch(search.value); });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var first = applySearch(search.value);
      if (first) select(first, { reveal: true });
    } else if (ev.key === 'Escape') {
      search.value = '';
      applySearch('');
      search.blur();
    }
    ev.stopPropagation();
  });

  var help = byId('help');
  byId('help-button').addEventListener('click', function () { help.hidden = !help.hidden; });
  help.addEventListener('click', function () { help.hidden = true; });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === 'INPUT' && t.type !== 'range') return;
    if (tag === 'SELECT') return;
    if ((tag === 'BUTTON') && (ev.key === ' ' || ev.key === 'Enter')) return;
    if (t === slider && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight' || ev.key === 'Home' || ev.key === 'End')) return;
    var key = ev.key;
    var handled = true;
    if ((ev.ctrlKey || ev.metaKey) && (key === 'n' || key === 'N')) {
      setPlaying(false); setStep(state.step + 1);
    } else if (ev.ctrlKey || ev.metaKey || ev.altKey) {
      handled = false;
    } else if (key === 'n' || key === 'ArrowRight') {
      setPlaying(false); setStep(state.step + 1);
    } else if (key === 'N') {
      setPlaying(false); setStep(state.step + 10);
    } else if (key === 'p' || key === 'ArrowLeft') {
      setPlaying(false); setStep(state.step - 1);
    } else if (key === 'P') {
      setPlaying(false); setStep(state.step - 10);
    } else if (key === 'Home') {
      setPlaying(false); setStep(0);
    } else if (key === 'End') {
      setPlaying(false); setStep(N);
    } else if (key === ' ') {
      setPlaying(!state.playing);
    } else if (key === 'Enter') {
      var red = model.lastExec[state.step];
      if (red >= 0) select(model.callbacks[red], { reveal: true });
    } else if (key === 'Escape') {
      if (!help.hidden) help.hidden = true;
      else if (state.zoom !== model.root) zoomInto(state.zoom.parent || model.root);
      else select(null);
    } else if (key === '+' || key === '=') {
      zoomTimeline(0.5);
    } else if (key === '-' || key === '_') {
      zoomTimeline(2);
    } else if (key === '0') {
      fitTimeline(); requestDraw();
    } else if (key === '/') {
      search.focus();
    } else if (key === '?') {
      help.hidden = !help.hidden;
    } else {
      handled = false;
    }
    if (handled) ev.preventDefault();
  });

  var resizePending = false;
  function relayout() {
    layoutMap();
    layoutTimeline();
    drawAll();
  }
  if (typeof ResizeObserver === 'function') {
    var ro = new ResizeObserver(function () {
      if (resizePending) return;
      resizePending = true;
      requestAnimationFrame(function () { resizePending = false; relayout(); });
    });
    ro.observe(mapBox);
    ro.observe(tlBox);
  } else {
    window.addEventListener('resize', relayout);
  }

  // ---------------------------------------------------------------- start

  legend(byId('map-legend'), [
    ['ran', C.cbRan, C.cbRanStroke], ['ran as errback', C.ebRan, C.ebRanStroke], ['threw', C.cbFailed, C.cbFailedStroke],
    ['not run', C.cbWaiting, C.cbWaitingStroke], ['current', C.current, '#b91c1c'], ['future failed', C.failedHead, C.failedStroke],
    ['pending', C.pendingHead, C.pendingStroke]
  ]);
  legend(byId('timeline-legend'), [
    ['callback', '#5b8def'], ['errback', '#8b6fe0'], ['threw', C.cbFailedStroke], ['fired', '#12a150'], ['failed', '#e5484d'], ['chained', '#f59e0b']
  ]);
  document.title = 'Reactor Track \u2014 ' + fmtCount(N) + ' lines, ' + fmtCount(model.futureList.length) + ' futures';
  slider.max = String(N);
  renderStats();
  renderProblems();
  renderCrumbs();
  renderDetails();
  layoutMap();
  layoutTimeline();
  timings.layout = performance.now() - startedAt - timings.parse - timings.model;
  setStep(N);
  drawAll();
  byId('loading').hidden = true;
  timings.firstDraw = performance.now() - startedAt - timings.parse - timings.model - timings.layout;
  timings.script = performance.now() - startedAt;

  // ---------------------------------------------------------------- test and automation hooks

  var lastBenchmark = null;

  function tileOf(n) {
    var base = n.kind === 'future'
      ? { kind: 'future', id: n.id, name: n.name, label: futureLabel(n), parent: n.parent ? n.parent.id : null, via: n.via }
      : { kind: 'callback', id: n.index, futureId: n.future.id, name: n.name, method: n.method, path: callbackPath(n) };
    base.rect = n.rect ? { x: n.rect.x, y: n.rect.y, w: n.rect.w, h: n.rect.h } : null;
    return base;
  }

  window.reactorTrack = Object.freeze({
    ready: true,
    /** Milliseconds from navigation start to the first drawn frame. */
    loadMs: performance.now(),
    timings: timings,
    eventCount: N,
    step: function () { return state.step; },
    setStep: function (k) { setPlaying(false); setStep(k); drawAll(); return state.step; },
    next: function () { setPlaying(false); setStep(state.step + 1); drawAll(); return state.step; },
    prev: function () { setPlaying(false); setStep(state.step - 1); drawAll(); return state.step; },
    currentLine: function () { return state.step > 0 ? JSON.stringify(events[state.step - 1]) : null; },
    tiles: function () {
      return model.futureList.map(tileOf).concat(model.callbacks.map(tileOf));
    },
    redTile: function () {
      var red = model.lastExec[state.step];
      return red >= 0 ? tileOf(model.callbacks[red]) : null;
    },
    selected: function () { return state.selected ? tileOf(state.selected) : null; },
    select: function (kind, id) {
      var n = kind === 'future' ? model.futures.get(id) : model.callbacks[id];
      select(n || null, { reveal: true });
      return state.selected ? tileOf(state.selected) : null;
    },
    problems: function () {
      return model.problems.map(function (p) { return { kind: p.kind, line: p.line + 1, error: p.error, tile: tileOf(p.node) }; });
    },
    lanes: function () { return model.lanes.map(function (l) { return { name: l.name, runs: l.runs.length }; }); },
    /** Where the runs of a callback are drawn in the timeline, in CSS pixels of its canvas. */
    bars: function (callbackId) {
      var c = model.callbacks[callbackId];
      return c ? c.runs.map(function (r) {
        var x = tx(r.start);
        return { x: x, y: AXIS + r.lane.index * LANE + 4, w: Math.max(1.5, tx(r.end) - x), h: LANE - 8, line: r.line + 1 };
      }) : [];
    },
    zoomed: function () { return state.zoom === model.root ? null : tileOf(state.zoom); },
    /** Steps forward `count` times drawing every frame; returns the mean milliseconds per step. */
    benchmarkSteps: function (count) {
      var from = Math.max(0, Math.min(state.step, N - count));
      setStep(from);
      var t0 = performance.now(), tm = 0, tt = 0;
      for (var i = 0; i < count; i++) {
        setStep(state.step + 1);
        var a = performance.now();
        drawMap();
        var b = performance.now();
        drawTimeline();
        tm += b - a;
        tt += performance.now() - b;
      }
      var n = Math.max(1, count);
      lastBenchmark = { map: tm / n, timeline: tt / n };
      return (performance.now() - t0) / n;
    },
    lastBenchmark: function () { return lastBenchmark; }
  });
  document.body.setAttribute('data-ready', 'true');
})();
