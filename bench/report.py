#!/usr/bin/env python3
"""Turns the results bench/run leaves in bench/target/results/ into markdown tables.

Usage: report.py RESULTS_DIR  (prints the tables on stdout)

Ratios are always between rows of the same run: the same JMH invocation for
the microbenchmarks, the same interleaved loop for the application.
"""
import csv
import json
import os
import statistics
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def env():
    values = {}
    with open(os.path.join(out, "env.txt")) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                values[k] = v
    return values


def median_score(r):
    """Median of the measurement iterations (all forks): robust to a load spike in one iteration."""
    raw = [v for fork in r["primaryMetric"].get("rawData", []) for v in fork]
    return statistics.median(raw) if raw else r["primaryMetric"]["score"]


def short(benchmark):
    return benchmark.rsplit(".", 1)[-1]


def fmt(x, digits=1):
    if x is None:
        return "–"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


E = env()
print("## Machine and run\n")
print(f"- CPU: {E.get('cpu')} ({E.get('cores')} cores), {E.get('memory_gib')} GiB, Linux {E.get('kernel')}")
print(f"- JDK: {E.get('jdk_vendor')} {E.get('jdk')} ({E.get('java')})")
print(f"- Commit: {E.get('git')}; started {E.get('date')}; {E.get('elapsed_s', '?')} s in all"
      + ("; QUICK MODE: smoke numbers, not measurements" if E.get("quick") == "1" else ""))
loads = [f"{k[len('load_before_'):]} {v.split()[0]}" for k, v in E.items() if k.startswith("load_before_")]
print(f"- Load average (1 min) before each JMH run: {', '.join(loads)}; at the end {E.get('load_end', '?').split()[0]}")
print()

# ------------------------------------------------------------------ 1. per callback
MODES = ["plain", "tracked", "tracked_existing", "tracked_off", "plain_continuous", "continuous", "profile",
         "profile_nostacks", "floor", "json"]
CALLBACKS = {"thenApply": 1, "pipeline10": 10, "thenApplyAsync": 1, "pipeline10Async": 10}


def callback_table(rows, title):
    if not rows:
        return
    by = {}
    for r in rows:
        by[(short(r["benchmark"]), r["params"]["mode"])] = r
    modes = [m for m in MODES if any(k[1] == m for k in by)]
    benches = [b for b in CALLBACKS if any(k[0] == b for k in by)]
    print(f"### {title}\n")
    print("ns per operation: median of the measurement iterations, (× plain, same run), and JMH's mean ± 99.9% "
          "error; an operation makes a future, attaches the callbacks, completes it and joins the last stage.\n")
    print("| benchmark | " + " | ".join(modes) + " |")
    print("|---|" + "---:|" * len(modes))
    for b in benches:
        plain = by.get((b, "plain"))
        base = median_score(plain) if plain else None
        cells = []
        for m in modes:
            r = by.get((b, m))
            if r is None:
                cells.append("–")
                continue
            s = median_score(r)
            mean = r["primaryMetric"]["score"]
            err = r["primaryMetric"]["scoreError"]
            err_s = f" ± {fmt(err)}" if isinstance(err, (int, float)) and err == err else ""  # "NaN" with one iteration
            ratio = f" **{s / base:.2f}×**" if base else ""
            cells.append(f"{fmt(s)}{ratio}<br>({fmt(mean)}{err_s})")
        print(f"| `{b}` | " + " | ".join(cells) + " |")
    print()
    if "plain_continuous" in modes and "continuous" in modes:
        print("Against `plain_continuous` (plain futures under the same continuous recording, so JFR's own "
              "cost is out of the ratio):\n")
        for b in benches:
            ref = by.get((b, "plain_continuous"))
            if ref is not None and (b, "continuous") in by:
                print(f"- `{b}`: continuous {median_score(by[(b, 'continuous')]) / median_score(ref):.2f}×")
        print()
    if "floor" in modes:
        print("Against `floor` (plain futures plus two minimal hand-written events per callback, under the "
              "same profile recording):\n")
        for b in benches:
            ref = by.get((b, "floor"))
            if ref is None:
                continue
            parts = [f"{m} {median_score(by[(b, m)]) / median_score(ref):.2f}×" for m in ("profile_nostacks", "profile")
                     if (b, m) in by]
            print(f"- `{b}`: " + ", ".join(parts))
        print()
    print("ns per callback (operation / callbacks in it):\n")
    print("| benchmark | " + " | ".join(modes) + " |")
    print("|---|" + "---:|" * len(modes))
    for b in benches:
        cells = []
        for m in modes:
            r = by.get((b, m))
            cells.append("–" if r is None else fmt(median_score(r) / CALLBACKS[b]))
        print(f"| `{b}` | " + " | ".join(cells) + " |")
    print()
    print("Allocation, bytes per operation (`-prof gc`, `gc.alloc.rate.norm`):\n")
    print("| benchmark | " + " | ".join(modes) + " |")
    print("|---|" + "---:|" * len(modes))
    for b in benches:
        cells = []
        for m in modes:
            r = by.get((b, m))
            g = None if r is None else r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            cells.append("–" if g is None else f"{g['score']:.0f}")
        print(f"| `{b}` | " + " | ".join(cells) + " |")
    print()


print("## 1. Per-callback cost\n")
callback_table(load("callback"), "Synchronous callbacks")
cpu_path = os.path.join(out, "cputime.csv")
if os.path.exists(cpu_path):
    with open(cpu_path) as f:
        cpu = list(csv.DictReader(f))
    if cpu:
        print("### The same in CPU time (cross-check)\n")
        print("`CpuTimePerOp`: the synchronous operations timed in CPU time of the measuring thread, so that time "
              "spent descheduled while other processes run does not count; median of ~10 ms batches, median over "
              f"{max(int(r['round']) for r in cpu)} interleaved round(s), each mode in its own JVM. "
              "ns per operation (× plain):\n")
        modes = [m for m in MODES if any(r["mode"] == m for r in cpu)]
        print("| benchmark | " + " | ".join(modes) + " |")
        print("|---|" + "---:|" * len(modes))
        under = []
        for stages, name in (("1", "thenApply"), ("10", "pipeline10")):
            vals = {}
            for m in modes:
                xs = [float(r["median_ns"]) for r in cpu if r["mode"] == m and r["stages"] == stages]
                vals[m] = statistics.median(xs) if xs else None
            base = vals.get("plain")
            cells = []
            for m in modes:
                v = vals[m]
                cells.append("–" if v is None else fmt(v) + (f" **{v / base:.2f}×**" if base else ""))
            print(f"| `{name}` | " + " | ".join(cells) + " |")
            if vals.get("floor") and vals.get("profile_nostacks"):
                under.append(f"`{name}`: profile_nostacks {vals['profile_nostacks'] / vals['floor']:.2f}× floor")
        print()
        if under:
            print("; ".join(under) + ".\n")

callback_table(load("callback-async"), "Asynchronous callbacks (`thenApplyAsync` on a fixed pool of 2 threads)")

naming = load("naming")
if naming:
    def quantiles(xs):
        xs = sorted(xs)
        return xs[len(xs) // 2], xs[len(xs) // 10], xs[len(xs) * 9 // 10]

    print("### Naming a callback\n")
    print("`NamingBench`: `CallbackNames.nameOf`, which every attach goes through. First call: a lambda class never "
          "named before, from a fresh copy of a 14 KB class, whose class file is read from the jar and scanned "
          "(JMH single shot, each call on a new class, after warm-up calls; µs, median (p10–p90)); the same in CPU "
          "time of the thread (`NamingCpuTime`). Later calls: the cached name (ns, median of the iterations). "
          "`methodRef` and `lambda` have a shape no other lambda of their class has; `sameShape` shares its "
          "shape, so the operand stack at the attach site is followed to tell it from the others.\n")
    cpu = {}
    cpu_path = os.path.join(out, "naming-cputime.csv")
    if os.path.exists(cpu_path):
        with open(cpu_path) as f:
            cpu = {r["callback"]: r for r in csv.DictReader(f)}
    print("| callback | first call, µs | first call, µs CPU time | later calls, ns |")
    print("|---|---:|---:|---:|")
    for cb in ("methodRef", "lambda", "sameShape"):
        first = [r for r in naming if short(r["benchmark"]) == "firstCall" and r["params"]["callback"] == cb]
        later = [r for r in naming if short(r["benchmark"]) == "cachedCall" and r["params"]["callback"] == cb]
        cells = ["–", "–", "–"]
        if first:
            m, lo, hi = quantiles([v for fork in first[0]["primaryMetric"]["rawData"] for v in fork])
            cells[0] = f"{fmt(m)} ({fmt(lo)}–{fmt(hi)})"
        if cb in cpu:
            r = cpu[cb]
            cells[1] = f"{fmt(float(r['median_us']))} ({fmt(float(r['p10_us']))}–{fmt(float(r['p90_us']))})"
        if later:
            cells[2] = fmt(median_score(later[0]))
        print(f"| `{cb}` | " + " | ".join(cells) + " |")
    print()

# ------------------------------------------------------------------ 2. threads
print("## 2. Many threads\n")
print("Throughput, operations per µs, all threads together (median of the iterations), (× plain at the same "
      "thread count). "
      "`independent`: each thread makes, attaches, completes and joins its own futures. "
      "`shared`: half the threads attach callbacks to, half complete, the same futures.\n")
rows = []
for f in sorted(os.listdir(out)):
    if f.startswith("threads-") and f.endswith(".json"):
        rows.extend(load(f[:-5]))
if rows:
    by = {}
    for r in rows:
        kind = short(r["benchmark"])
        by.setdefault((kind, r["threads"]), {})[r["params"]["mode"]] = r
    modes = [m for m in ["plain", "tracked", "continuous", "profile"] if any(m in v for v in by.values())]
    print("| benchmark | threads | " + " | ".join(modes) + " |")
    print("|---|---:|" + "---:|" * len(modes))
    for (kind, threads) in sorted(by, key=lambda k: (k[0] != "independent", k[1])):
        v = by[(kind, threads)]
        base = median_score(v["plain"]) if "plain" in v else None
        cells = []
        for m in modes:
            if m not in v:
                cells.append("–")
                continue
            s = median_score(v[m])
            cells.append(f"{s:.2f}" + (f" **{s / base:.2f}×**" if base else ""))
        print(f"| `{kind}` | {threads} | " + " | ".join(cells) + " |")
    print()

# ------------------------------------------------------------------ 3. converter
print("## 3. Converter\n")
gen = {}
if os.path.exists(os.path.join(out, "generate.csv")):
    with open(os.path.join(out, "generate.csv")) as f:
        for r in csv.DictReader(f):
            gen[r["size"]] = r
conv = []
if os.path.exists(os.path.join(out, "converter.csv")):
    with open(os.path.join(out, "converter.csv")) as f:
        conv = list(csv.DictReader(f))
if conv:
    print("Whole process, JVM start included, output to /dev/null; peak RSS from `/usr/bin/time -v`; "
          "default JVM heap settings for every tool.\n")
    print("| recording | tool | wall s | events/s | peak RSS MiB | × RecordingFile time |")
    print("|---|---|---:|---:|---:|---:|")
    floor = {r["size"]: float(r["seconds"]) for r in conv if r["tool"] == "recordingfile" and r["seconds"]}
    for r in conv:
        g = gen.get(r["size"], {})
        size = f"{int(r['events']):,} events, {int(g.get('bytes', 0)) / 2**20:.0f} MiB" if g else r["size"]
        if r["status"] != "ok":
            print(f"| {size} | {r['tool']} | {r['status']} | | | |")
            continue
        secs = float(r["seconds"])
        eps = int(r["events"]) / secs if secs > 0 else 0
        rss = int(r["max_rss_kb"]) / 1024
        ratio = secs / floor[r["size"]] if r["size"] in floor and floor[r["size"]] > 0 else None
        print(f"| {size} | {r['tool']} | {secs:.2f} | {eps:,.0f} | {rss:,.0f} | "
              + (f"{ratio:.2f}×" if ratio else "") + " |")
    print()
    if gen:
        print("Generating the recordings (the recorder under `reactortrack.jfc`, one thread): "
              + ", ".join(f"{int(g['events']):,} events in {float(g['seconds']):.1f} s" for g in gen.values()) + ".\n")
    for size, g in gen.items():
        v = E.get(f"recording_{size}", "")
        if "read:" in v:
            committed = int(v.split("committed:")[1].split()[0])
            read = int(v.split("read:")[1])
            if read < committed:
                print(f"The {size}-event recording holds {read:,} of the {committed:,} events committed: "
                      f"JFR dropped {committed - read:,} ({(committed - read) / committed:.2%}) and said so with "
                      "`jdk.DataLoss` events; the rates above count the events in the file.\n")

APP_RATIOS = {}

# ------------------------------------------------------------------ 4. app
print("## 4. Realistic application\n")
apps = []
if os.path.exists(os.path.join(out, "app.csv")):
    with open(os.path.join(out, "app.csv")) as f:
        apps = list(csv.DictReader(f))
if apps:
    variants = ["plain", "tracked", "plain+continuous", "tracked+continuous", "plain+profile", "tracked+profile"]
    label = {
        "plain": "CompletableFuture, no recording",
        "tracked": "TrackedFuture (JfrMonitor), no recording",
        "plain+continuous": "CompletableFuture, `settings=reactortrack.jfc`",
        "tracked+continuous": "TrackedFuture, `settings=reactortrack.jfc`",
        "plain+profile": "CompletableFuture, `settings=reactortrack-profile.jfc`",
        "tracked+profile": "TrackedFuture, `settings=reactortrack-profile.jfc`",
    }
    print("Medians of interleaved runs, each a fresh JVM. Workload ms: the first round, from the first future "
          "made to the last joined, as a short-lived application sees it (JIT warm-up included); warm ms: "
          "the same workload run again in the same JVM (median of the later rounds); process ms: the whole JVM, "
          "every round, start and recording dump included. Work: rounds of arithmetic each callback does (about "
          "1 ns each); 0 is the worst case for a tracer, callbacks that do nothing.\n")
    for work in sorted({r.get("work", "0") for r in apps}, key=int):
        med = {}
        for v in variants:
            rs = [r for r in apps if r["variant"] == v and r.get("work", "0") == work]
            if rs:
                med[v] = (statistics.median(int(r["ms"]) for r in rs), statistics.median(int(r["wall_ms"]) for r in rs),
                          statistics.median(int(r["max_rss_kb"]) for r in rs) / 1024, len(rs),
                          min(int(r["ms"]) for r in rs), max(int(r["ms"]) for r in rs),
                          statistics.median(int(r["warm_ms"]) for r in rs))
        print(f"### Work {work}\n")
        print("| variant | runs | workload ms (min–max) | × plain | warm ms | × plain | process ms | × plain | peak RSS MiB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        base = med.get("plain")
        for v in variants:
            if v not in med:
                continue
            ms, wall, rss, n, lo, hi, warm = med[v]
            r1 = f"{ms / base[0]:.2f}×" if base and base[0] else ""
            r2 = f"{wall / base[1]:.2f}×" if base and base[1] else ""
            r3 = f"{warm / base[6]:.2f}×" if base and base[6] else ""
            print(f"| {label[v]} | {n} | {ms:.0f} ({lo}–{hi}) | {r1} | {warm:.0f} | {r3} | {wall:.0f} | {r2} | {rss:.0f} |")
        print()
        for kind in ("continuous", "profile"):
            if f"plain+{kind}" in med and f"tracked+{kind}" in med:
                t, pl = med[f"tracked+{kind}"], med[f"plain+{kind}"]
                APP_RATIOS[(work, kind)] = (t[0] / pl[0], t[6] / pl[6])
                print(f"Tracked vs plain under the same {kind} recording (what the Reactor Track events add on top "
                      f"of JFR's own cost): {t[0] / pl[0]:.2f}× workload time, {t[6] / pl[6]:.2f}× warm.\n")
    if "app_tracked_recording_events" in E:
        lost = int(E.get("app_tracked_recording_lost_bytes", "0") or 0)
        print(f"The last tracked run's recording held {int(E['app_tracked_recording_events']):,} Reactor Track events"
              + (f"; JFR reported {lost:,} bytes of events dropped (`jdk.DataLoss`)" if lost else
                 "; JFR reported no data loss") + ".\n")

# ------------------------------------------------------------------ 5. agent
AGENT = {}
if os.path.exists(os.path.join(out, "agent.csv")):
    with open(os.path.join(out, "agent.csv")) as f:
        for r in csv.DictReader(f):
            AGENT[(r["measure"], r["config"])] = r
if AGENT:
    print("## 5. The agent\n")
    print("Plain `CompletableFuture` code that knows nothing of Reactor Track (`AgentBench`), in fresh JVMs, the "
          "configurations interleaved: without the agent, with it and no recording, and each with the continuous "
          "settings (`reactortrack.jfc`) recording. Medians (min–max) of the rounds.\n")
    measures = [("op", "trivial `thenApply`+`complete`+`join`, ns", "ratio"),
                ("startup", "start-up of a `main` that returns, ms", "diff")]
    measures += [(m, f"`AppWorkload` plain, work {m.split('work')[1]}, warm ms", "ratio")
                 for m in sorted({k[0] for k in AGENT if k[0].startswith("app-work")}, key=lambda m: int(m[8:]))]
    configs = ["no agent", "agent", "no agent + reactortrack.jfc", "agent + reactortrack.jfc"]
    heads = ["no agent", "agent, no recording", "no agent, `reactortrack.jfc`", "agent, `reactortrack.jfc`"]
    print("| measure | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * len(configs))
    for m, label, how in measures:
        cells = []
        base = AGENT.get((m, "no agent"))
        for c in configs:
            r = AGENT.get((m, c))
            if not r:
                cells.append("–")
                continue
            v = float(r["median"])
            cell = f"{v:.1f} ({float(r['min']):.1f}–{float(r['max']):.1f})"
            if base and c != "no agent":
                b = float(base["median"])
                cell += f" {v / b:.2f}×" if how == "ratio" else f" {v - b:+.0f} ms"
            cells.append(cell)
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()

# ------------------------------------------------------------------ targets
print("## Targets\n")
print("Each ratio is between rows of this run. Met or missed as measured here; BENCHMARKS.md says why and what would "
      "close a miss.\n")
print("| case | target | measured |")
print("|---|---|---|")
cb = {}
for r in load("callback"):
    cb[(short(r["benchmark"]), r["params"]["mode"])] = median_score(r)


def ratio(b, m, ref):
    if (b, m) in cb and (b, ref) in cb and cb[(b, ref)] > 0:
        return cb[(b, m)] / cb[(b, ref)]
    return None


def row(case, target, value, limit):
    if value is None:
        print(f"| {case} | {target} | – |")
    else:
        verdict = "met" if value <= limit else "missed"
        print(f"| {case} | {target} | {value:.2f}× ({verdict}) |")


row("trivial `thenApply`, no recording, `newFuture`", "≤ 1.10× plain", ratio("thenApply", "tracked", "plain"), 1.10)
row("trivial `thenApply`, no recording, `track(existingFuture)`", "(README's headline path)",
    ratio("thenApply", "tracked_existing", "plain"), 99)
row("per callback in a 10-stage chain, no recording", "≤ 1.05× plain", ratio("pipeline10", "tracked", "plain"), 1.05)
row("trivial `thenApply`, continuous settings", "≤ 3× plain", ratio("thenApply", "continuous", "plain"), 3.0)
row("trivial `thenApply`, profile settings without stack traces", "≤ 2× floor",
    ratio("thenApply", "profile_nostacks", "floor"), 2.0)
for (work, kind), (first, warm) in sorted(APP_RATIOS.items()):
    if kind == "continuous":
        row(f"`AppWorkload` (work {work}), continuous settings, warm", "≤ 1.05× plain futures, same recording",
            warm, 1.05)
conv_rows = {}
for r in conv:
    if r["status"] == "ok" and r["seconds"]:
        conv_rows[(r["size"], r["tool"])] = float(r["seconds"])
for size in sorted({k[0] for k in conv_rows}):
    if (size, "jfr-print-json") in conv_rows and (size, "jfr-to-json") in conv_rows and "continuous" not in size:
        x = conv_rows[(size, "jfr-print-json")] / conv_rows[(size, "jfr-to-json")]
        print(f"| converter vs `jfr print --json`, profile recording ({size} events) | ≥ 20× faster | "
              f"{x:.1f}× ({'met' if x >= 20 else 'missed'}) |")
    if "continuous" in size and (size, "recordingfile") in conv_rows and (size, "jfr-to-json") in conv_rows:
        x = conv_rows[(size, "jfr-to-json")] / conv_rows[(size, "recordingfile")]
        print(f"| converter vs the JDK's `RecordingFile` loop, continuous recording ({size}) | ≤ 1× its time | "
              f"{x:.2f}× ({'met' if x <= 1 else 'missed'}) |")


def agent_ratio(measure, config, ref):
    a, b = AGENT.get((measure, config)), AGENT.get((measure, ref))
    if a and b and float(b["median"]) > 0:
        return float(a["median"]) / float(b["median"])
    return None


if AGENT:
    row("agent loaded, no recording, trivial operation", "≤ 1.05× without the agent",
        agent_ratio("op", "agent", "no agent"), 1.05)
    row("agent + continuous settings, trivial operation", "≤ 3× without the agent",
        agent_ratio("op", "agent + reactortrack.jfc", "no agent"), 3.0)
    s0, s1 = AGENT.get(("startup", "no agent")), AGENT.get(("startup", "agent"))
    if s0 and s1:
        d = float(s1["median"]) - float(s0["median"])
        print(f"| JVM start-up with the agent (a `main` that returns) | ≤ +300 ms | {d:+.0f} ms "
              f"({'met' if d <= 300 else 'missed'}) |")
    for m in sorted({k[0] for k in AGENT if k[0].startswith("app-work")}, key=lambda m: int(m[8:])):
        row(f"`AppWorkload` (work {m[8:]}) with the agent, continuous settings, warm",
            "≤ 1.05× without the agent, same recording",
            agent_ratio(m, "agent + reactortrack.jfc", "no agent + reactortrack.jfc"), 1.05)
print()
