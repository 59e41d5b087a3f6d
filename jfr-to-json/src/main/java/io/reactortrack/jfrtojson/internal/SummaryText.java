package io.reactortrack.jfrtojson.internal;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.reactortrack.monout.Action;

/** {@code --summary}: the {@link Summary} as text for a terminal, in 80 columns. */
final class SummaryText implements OutputFormat {

    static final int WIDTH = 80;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final Conversion conversion;
    final Summary summary = new Summary();

    SummaryText(OutputStream out, Conversion conversion) {
        this.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.conversion = conversion;
    }

    @Override
    public void write(MonRecord record) {
        summary.add(record);
    }

    @Override
    public void finish() {
        print(summary, conversion, out);
        out.flush();
    }

    static void print(Summary s, Conversion c, PrintWriter out) {
        int inputs = c.recordings().size();
        out.println(plural(s.lines, "line") + " from " + plural(inputs, "input") + " (" + plural(c.chunks(), "chunk")
                + (c.jvmKey() ? ", " + plural(c.jvms(), "JVM run") : "") + ")"
                + (s.lines > 0 ? ", " + seconds(s.lastTs - s.firstTs) + " from " + WHEN.format(instant(s.firstTs))
                        : ""));
        StringBuilder actions = new StringBuilder("lines:");
        for (Action a : Action.values()) {
            actions.append(' ').append(a.jsonName()).append(' ').append(s.byAction[a.ordinal()]);
        }
        out.println(fit(actions.toString()));
        List<Summary.Pending> pending = s.pending();
        out.println(fit("futures: " + s.byAction[Action.TRACKED.ordinal()] + " tracked, " + s.completed
                + " completed, " + s.failed + " failed (" + s.cancelled + " cancelled),"));
        out.println(fit("         " + pending.size() + " still pending, " + plural(s.unhandled, "unhandled failure")));
        if (s.capped) {
            out.println("(some tables stopped growing at their cap: counts are lower bounds; narrow with --future)");
        }
        failures(s, out);
        pending(s, pending, out);
        slowest(s, out);
        callbacks(s, out);
        threads(s, out);
    }

    private static void failures(Summary s, PrintWriter out) {
        List<Summary.Failure> groups = s.failures();
        if (groups.isEmpty()) {
            return;
        }
        out.println();
        out.println("Failed futures, by what failed: " + plural(s.failed, "future") + " in "
                + plural(groups.size(), "group") + shown(groups.size()));
        out.println("  futures  what failed / error class / first one");
        for (Summary.Failure f : top(groups)) {
            out.println(fit(String.format(Locale.ROOT, "  %7d  %s", f.count, f.what)));
            out.println(fit("           " + f.errorClass));
            if (f.exampleError != null) {
                out.println(fit("           first: " + ref(f.exampleJvm, f.exampleId) + " at +"
                        + seconds(f.exampleTs - s.firstTs) + ": " + oneLine(f.exampleError)));
            }
        }
    }

    private static void pending(Summary s, List<Summary.Pending> pending, PrintWriter out) {
        if (pending.isEmpty()) {
            return;
        }
        out.println();
        out.println("Still pending, oldest first: " + plural(pending.size(), "future") + shown(pending.size()));
        out.println("     future         age  waiting  name / origin");
        for (Summary.Pending p : top(pending)) {
            out.println(fit(String.format(Locale.ROOT, "  %9s  %10s  %7d  %s", ref(p.jvm(), p.id()),
                    duration(p.ageNanos()), p.dependents(), p.name() == null ? "-" : p.name())));
            if (p.origin() != null) {
                out.println(fit("                                  " + oneLine(p.origin())));
            }
        }
    }

    private static void slowest(Summary s, PrintWriter out) {
        List<Summary.Slow> slow = s.slowest();
        if (slow.isEmpty()) {
            return;
        }
        out.println();
        out.println("Slowest futures, by lifetime (tracked to fired)");
        out.println("     future    lifetime  name");
        for (Summary.Slow f : slow) {
            out.println(fit(String.format(Locale.ROOT, "  %9s  %10s  %s", ref(f.jvm(), f.id()),
                    duration(f.lifetimeNanos()), f.name() == null ? "-" : f.name())));
        }
    }

    private static void callbacks(Summary s, PrintWriter out) {
        List<Summary.Callback> list = s.callbacks();
        if (list.isEmpty()) {
            return;
        }
        out.println();
        out.println("Callbacks, by total time: " + plural(list.size(), "callback") + shown(list.size()));
        out.println("     runs       total       worst  callback / worst run");
        for (Summary.Callback c : top(list)) {
            out.println(fit(String.format(Locale.ROOT, "  %7d  %10s  %10s  %s", c.runs, duration(c.totalNanos),
                    duration(c.worstNanos), c.name)));
            out.println(fit("                                   worst: " + ref(c.worstJvm, c.worstId) + " on "
                    + c.worstThread));
        }
    }

    private static void threads(Summary s, PrintWriter out) {
        if (s.platform.runs + s.virtual.runs == 0) {
            return;
        }
        out.println();
        out.println("Time in callbacks, by thread");
        out.println("  kind        threads     runs       total");
        out.println(String.format(Locale.ROOT, "  %-8s  %9d  %7d  %10s", "platform", s.distinctPlatformThreads(),
                s.platform.runs, duration(s.platform.totalNanos)));
        out.println(String.format(Locale.ROOT, "  %-8s  %9s  %7d  %10s", "virtual", s.distinctVirtualThreads()
                + (s.virtualThreadsCapped ? "+" : ""), s.virtual.runs, duration(s.virtual.totalNanos)));
        List<Summary.ThreadTime> threads = s.platformThreads();
        if (!threads.isEmpty()) {
            out.println("  platform threads" + shown(threads.size()) + ":");
            for (Summary.ThreadTime t : top(threads)) {
                out.println(fit(String.format(Locale.ROOT, "    %7d  %10s  %s", t.runs, duration(t.totalNanos),
                        t.name)));
            }
        }
    }

    private static <T> List<T> top(List<T> list) {
        return list.subList(0, Math.min(Summary.SHOWN, list.size()));
    }

    private static String shown(int n) {
        return n > Summary.SHOWN ? " (the first " + Summary.SHOWN + " shown)" : "";
    }

    static String ref(int jvm, long id) {
        return jvm > 0 ? jvm + ":#" + id : "#" + id;
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A duration, readably: 42 ns, 1.5 µs, 2.0 ms, 1.25 s. */
    static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                b.append(c == '\t' ? "\\t" : c == '\n' ? "\\n" : "?");
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** The first line of a text that may have several (a stack, a message). */
    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    /** Cuts a line to the terminal's 80 columns, control characters shown as escapes. */
    static String fit(String text) {
        String line = printable(text);
        if (line.codePointCount(0, line.length()) <= WIDTH) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, WIDTH - 3)) + "...";
    }
}
