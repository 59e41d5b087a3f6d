package io.reactortrack.viewer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reactortrack.monout.ThreadNames;
import io.reactortrack.viewer.internal.Callbacks;
import io.reactortrack.viewer.internal.IntervalRows;
import io.reactortrack.viewer.internal.MonOutReader;
import io.reactortrack.viewer.internal.Outcome;
import io.reactortrack.viewer.internal.TraceEvents;
import io.reactortrack.viewer.internal.VirtualRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code mon.out} as Chrome Trace Event Format JSON, for Perfetto UI and
 * {@code chrome://tracing}.
 *
 * <ul>
 *   <li>each executed callback is a complete event ({@code "ph":"X"}) on the lane of the thread
 *       that ran it, from {@code ts - time} to {@code ts}; its category is {@code callback} or
 *       {@code errback}, and its arguments say which future, the method, and the error if it threw;
 *   <li>each platform thread gets a lane, named by a {@code thread_name} metadata event; virtual
 *       threads, which come by the thousand and often run one callback each, share a few lanes
 *       named {@code virtual threads} that hold their runs without overlap (the thread is in the
 *       run's arguments);
 *   <li>futures completing ({@code fired}), unhandled failures and pending futures are instant
 *       events ({@code "ph":"i"}) on a lane of their own named {@code futures}, since the recording
 *       does not say which thread did them. A future's outcome is its last {@code fired} line (a
 *       {@code revised} one replaces the one before);
 *   <li>a future whose outcome has a {@code lifetime} is a complete event spanning its life, from
 *       its tracking to its completion, on lanes named {@code future lifetimes};
 *   <li>chaining is drawn as flow arrows ({@code "ph":"s"} / {@code "ph":"f"} with the same id,
 *       bound to the enclosing slices): from the callback that produced a future's value to the
 *       first callback that ran on the future it was chained or composed into (category
 *       {@code chained}), and from a callback to the callbacks run on the stage it completed
 *       (category {@code then}).
 * </ul>
 *
 * <p>Timestamps and durations are microseconds (fractions down to nanoseconds), counted from the
 * first line's {@code ts}, which is written as {@code otherData.epochMicrosAtZero} so absolute
 * times can be recovered; a double keeps nanoseconds only for such small values.
 */
public final class ChromeTrace {

    static final int PID = 1;
    static final int FUTURES_TID = 1;
    static final long NESTING_SLACK_NANOS = 10_000;
    static final String VIRTUAL_LANE = "virtual threads";
    static final String LIFETIME_LANE = "future lifetimes";
    /** Lanes sort: futures, lifetimes, platform threads, virtual threads. */
    private static final int THREAD_SORT = 1_000;
    private static final int VIRTUAL_SORT = 1_000_000;

    private ChromeTrace() {}

    /**
     * Reads {@code mon.out} lines and writes the trace as one JSON object
     * {@code {"traceEvents":[...],"displayTimeUnit":"ms",...}}. The writer is flushed, not closed.
     *
     * @param monOutLines the JSON Lines of a {@code mon.out}
     * @param out where the JSON goes
     * @throws IOException if reading or writing fails
     */
    public static void write(BufferedReader monOutLines, Writer out) throws IOException {
        new Writing(monOutLines, out).run();
    }

    private static final class Writing {
        private final MonOutReader reader;
        private final Writer out;
        private final JsonGenerator json;
        private final TraceEvents events;
        private final Map<String, Integer> tids = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        private final Callbacks callbacks = new Callbacks();
        private final Map<Long, List<Long>> chainedTo = new LinkedHashMap<>();
        private final Map<Integer, ArrayDeque<long[]>> recentSlices = new HashMap<>();
        private final Map<Long, Outcome> outcomes = new LinkedHashMap<>();
        private final VirtualRows virtualRows = new VirtualRows();
        private final Map<Integer, Integer> virtualTids = new HashMap<>();
        private int nextTid = FUTURES_TID + 1;
        private long epochMicrosAtZero = Long.MIN_VALUE;
        private long lastEndNanos;
        private long flowId;

        Writing(BufferedReader in, Writer out) throws IOException {
            this.reader = new MonOutReader(in);
            this.out = out;
            this.json = MonOutReader.mapper().getFactory().createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            this.events = new TraceEvents(json, PID);
        }

        void run() throws IOException {
            json.writeStartObject();
            json.writeArrayFieldStart("traceEvents");
            events.metadata("process_name", FUTURES_TID, "Reactor Track");
            events.metadata("thread_name", FUTURES_TID, "futures");
            events.sortIndex(FUTURES_TID, 0);
            ObjectNode line;
            while ((line = reader.next()) != null) {
                line(line);
            }
            writeOutcomes();
            flows();
            json.writeEndArray();
            json.writeStringField("displayTimeUnit", "ms");
            json.writeObjectFieldStart("otherData");
            json.writeStringField("generator", "Reactor Track");
            if (epochMicrosAtZero != Long.MIN_VALUE) {
                json.writeNumberField("epochMicrosAtZero", epochMicrosAtZero);
            }
            json.writeNumberField("skippedLines", reader.skipped());
            json.writeEndObject();
            json.writeEndObject();
            json.close();
            out.flush();
        }

        private void line(ObjectNode line) throws IOException {
            String action = text(line, "action");
            JsonNode idNode = line.get("deferred");
            JsonNode tsNode = line.get("ts");
            if (action == null || idNode == null || !idNode.canConvertToLong()) {
                return;
            }
            long id = idNode.asLong();
            long tsNanos = 0;
            if (tsNode != null && tsNode.isNumber()) {
                long ts = tsNode.asLong();
                if (epochMicrosAtZero == Long.MIN_VALUE) {
                    epochMicrosAtZero = ts;
                }
                tsNanos = Math.max(0, (ts - epochMicrosAtZero) * 1000);
            }
            lastEndNanos = Math.max(lastEndNanos, tsNanos);
            switch (action) {
                case "tracked":
                    String name = text(line, "name");
                    if (name != null) {
                        names.put(id, name);
                    }
                    break;
                case "attached":
                    callbacks.attach(
                            id, text(line, "callback"), text(line, "errback"), text(line, "method"),
                            optionalId(line, "result"));
                    break;
                case "chained":
                    Long target = optionalId(line, "target");
                    if (target != null) {
                        chainedTo.computeIfAbsent(id, k -> new ArrayList<>(1)).add(target);
                    }
                    break;
                case "executed":
                    executed(line, id, tsNanos);
                    break;
                case "fired":
                    nameFrom(line, id);
                    outcomes.put(id, new Outcome(line, id, tsNanos));
                    break;
                case "unhandled":
                case "pending":
                    nameFrom(line, id);
                    other(line, action, id, tsNanos);
                    break;
                default:
                    // Readers ignore actions they do not know.
            }
        }

        private void executed(ObjectNode line, long id, long endNanos) throws IOException {
            String callback = text(line, "callback");
            JsonNode path = line.get("callback?");
            boolean successPath = path == null || !path.isBoolean() || path.asBoolean();
            JsonNode time = line.get("time");
            long durationNanos =
                    time != null && time.isNumber() ? Math.max(0, Math.round(time.asDouble() * 1e9)) : 0;
            long startNanos = Math.max(0, endNanos - durationNanos);
            durationNanos = endNanos - startNanos;
            String thread = text(line, "thread");
            if (thread == null) {
                thread = "(unknown thread)";
            }
            boolean virtual = ThreadNames.isVirtual(thread);
            int tid = virtual ? virtualTid(thread, startNanos, endNanos) : tid(thread);
            startNanos = enclose(tid, startNanos, endNanos);
            durationNanos = endNanos - startNanos;
            Callbacks.Run run =
                    callbacks.executed(id, callback, successPath, tid, startNanos, durationNanos);
            boolean failed = line.path("failed").asBoolean(false);

            events.begin(callback == null ? "(unnamed callback)" : callback, successPath ? "callback" : "errback", "X",
                    startNanos, tid);
            events.micros("dur", durationNanos);
            json.writeObjectFieldStart("args");
            json.writeNumberField("deferred", id);
            writeName(id);
            if (run.slot.method != null) {
                json.writeStringField("method", run.slot.method);
            }
            json.writeStringField("path", successPath ? "callback" : "errback");
            if (virtual) {
                json.writeStringField("thread", thread);
            }
            json.writeBooleanField("failed", failed);
            String error = text(line, "error");
            if (error != null) {
                json.writeStringField("error", error);
            }
            if (run.slot.result != null) {
                json.writeNumberField("result", run.slot.result);
            }
            json.writeEndObject();
            json.writeEndObject();
        }

        /** The outcome of every future: an instant, and the span of its life when it has one. */
        private void writeOutcomes() throws IOException {
            List<IntervalRows.Span<Outcome>> lives = new ArrayList<>();
            for (Outcome o : outcomes.values()) {
                fired(o);
                if (o.lifetimeNanos >= 0) {
                    lives.add(new IntervalRows.Span<>(Math.max(0, o.tsNanos - o.lifetimeNanos), o.tsNanos, o));
                }
            }
            int rows = IntervalRows.pack(lives);
            int firstTid = nextTid;
            for (int row = 0; row < rows; row++) {
                int tid = nextTid++;
                events.metadata("thread_name", tid, row == 0 ? LIFETIME_LANE : LIFETIME_LANE + " (" + (row + 1) + ")");
                events.sortIndex(tid, 1 + row);
            }
            for (IntervalRows.Span<Outcome> life : lives) {
                lifetime(life, firstTid + life.row);
            }
        }

        private void fired(Outcome o) throws IOException {
            events.begin(o.what() + " " + label(o.id), "fired", "i", o.tsNanos, FUTURES_TID);
            json.writeStringField("s", "t");
            outcomeArgs(o, false);
            json.writeEndObject();
        }

        private void lifetime(IntervalRows.Span<Outcome> life, int tid) throws IOException {
            Outcome o = life.value;
            events.begin(label(o.id), "lifetime", "X", life.start, tid);
            events.micros("dur", life.end - life.start);
            outcomeArgs(o, life.end - life.start < o.lifetimeNanos);
            json.writeEndObject();
        }

        /** {@code clipped}: the life began before the trace's first line, where its slice starts. */
        private void outcomeArgs(Outcome o, boolean clipped) throws IOException {
            json.writeObjectFieldStart("args");
            json.writeNumberField("deferred", o.id);
            writeName(o.id);
            json.writeBooleanField("success", o.success);
            json.writeBooleanField("cancelled", o.cancelled);
            if (o.error != null) {
                json.writeStringField("error", o.error);
            }
            if (o.callback != null) {
                json.writeStringField("callback", o.callback);
            }
            if (o.lifetime != null) {
                json.writeFieldName("lifetime");
                json.writeTree(o.lifetime);
            }
            if (o.revised) {
                json.writeBooleanField("revised", true);
            }
            if (clipped) {
                json.writeBooleanField("clipped", true);
            }
            json.writeEndObject();
        }

        /** {@code unhandled} and {@code pending}: an instant with every key of the line as args. */
        private void other(ObjectNode line, String action, long id, long tsNanos) throws IOException {
            events.begin(("unhandled".equals(action) ? "unhandled failure " : "pending ") + label(id), action, "i",
                    tsNanos, FUTURES_TID);
            json.writeStringField("s", "t");
            json.writeObjectFieldStart("args");
            if (!line.has("name")) {
                writeName(id);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("action") && !field.getKey().equals("ts")) {
                    json.writeFieldName(field.getKey());
                    json.writeTree(field.getValue());
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        }

        /**
         * A callback that completes another future runs that future's callbacks inside itself, so its
         * slice encloses theirs, which finished (and were written) first. Its start is {@code ts - time}
         * with {@code ts} and {@code time} from different clocks, so it may come out a little after the
         * start of a slice it encloses; trace viewers drop slices that overlap without nesting, so such
         * a start is moved back to enclose the inner slice when the difference is within
         * {@link #NESTING_SLACK_NANOS}.
         */
        private long enclose(int tid, long startNanos, long endNanos) {
            ArrayDeque<long[]> lane = recentSlices.computeIfAbsent(tid, k -> new ArrayDeque<>());
            long start = startNanos;
            for (long[] inner : lane) {
                if (inner[1] > start && inner[1] <= endNanos && inner[0] < start
                        && start - inner[0] <= NESTING_SLACK_NANOS) {
                    start = inner[0];
                }
            }
            lane.addLast(new long[] {start, endNanos});
            if (lane.size() > 32) {
                lane.removeFirst();
            }
            return start;
        }

        /** Flow arrows, written once every run is known. */
        private void flows() throws IOException {
            Comparator<Callbacks.Run> byStart = Comparator.comparingLong(r -> r.startNanos);
            for (Map.Entry<Long, List<Long>> chain : chainedTo.entrySet()) {
                long source = chain.getKey();
                for (long target : chain.getValue()) {
                    Callbacks.Run to = callbacks.runsOn(target).stream().min(byStart).orElse(null);
                    if (to == null) {
                        continue;
                    }
                    Callbacks.Run from = producerOf(source, to.startNanos);
                    if (from != null) {
                        flow("chained", label(source) + " \u2192 " + label(target), from, to);
                    }
                }
            }
            for (List<Callbacks.Slot> slots : callbacks.slots()) {
                for (Callbacks.Slot slot : slots) {
                    if (slot.result == null) {
                        continue;
                    }
                    for (Callbacks.Run from : slot.runs) {
                        for (Callbacks.Run to : callbacks.runsOn(slot.result)) {
                            flow("then", label(slot.future) + " \u2192 " + label(slot.result), from, to);
                        }
                    }
                }
            }
        }

        /**
         * The run that gave {@code future} its value: the callback whose stage it is, else the last
         * callback run on it that finished by {@code beforeNanos}.
         */
        private Callbacks.Run producerOf(long future, long beforeNanos) {
            Callbacks.Slot completer = callbacks.completerOf(future);
            if (completer != null && !completer.runs.isEmpty()) {
                return completer.runs.get(completer.runs.size() - 1);
            }
            Callbacks.Run last = null;
            for (Callbacks.Run run : callbacks.runsOn(future)) {
                if (run.startNanos + run.durationNanos <= beforeNanos) {
                    last = run;
                }
            }
            return last;
        }

        private void flow(String category, String name, Callbacks.Run from, Callbacks.Run to)
                throws IOException {
            long id = ++flowId;
            flowEvent("s", category, name, id, from);
            flowEvent("f", category, name, id, to);
        }

        private void flowEvent(String ph, String category, String name, long id, Callbacks.Run run)
                throws IOException {
            events.begin(name, category, ph, run.midNanos(), run.tid);
            json.writeNumberField("id", id);
            if (ph.equals("f")) {
                json.writeStringField("bp", "e");
            }
            json.writeEndObject();
        }

        private int tid(String thread) throws IOException {
            Integer tid = tids.get(thread);
            if (tid == null) {
                tid = nextTid++;
                tids.put(thread, tid);
                events.metadata("thread_name", tid, thread);
                events.sortIndex(tid, THREAD_SORT + tid);
            }
            return tid;
        }

        private int virtualTid(String thread, long startNanos, long endNanos) throws IOException {
            int before = virtualRows.size();
            VirtualRows.Row row = virtualRows.place(thread, startNanos, endNanos);
            if (virtualRows.size() > before) {
                int tid = nextTid++;
                virtualTids.put(row.number, tid);
                events.metadata("thread_name", tid, row.number == 1 ? VIRTUAL_LANE : VIRTUAL_LANE + " (" + row.number + ")");
                events.sortIndex(tid, VIRTUAL_SORT + row.number);
            }
            return virtualTids.get(row.number);
        }

        /** Partial recordings name a future on its later lines only. */
        private void nameFrom(JsonNode line, long id) {
            String name = text(line, "name");
            if (name != null) {
                names.putIfAbsent(id, name);
            }
        }

        private void writeName(long id) throws IOException {
            String name = names.get(id);
            if (name != null) {
                json.writeStringField("name", name);
            }
        }

        private String label(long id) {
            String name = names.get(id);
            return name == null ? "#" + id : name + " #" + id;
        }

        private static String text(JsonNode line, String key) {
            JsonNode node = line.get(key);
            return node == null || node.isNull() ? null : node.asText();
        }

        private static Long optionalId(JsonNode line, String key) {
            JsonNode node = line.get(key);
            return node != null && node.canConvertToLong() && node.isIntegralNumber() ? node.asLong() : null;
        }
    }
}
