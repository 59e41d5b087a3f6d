package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.reactortrack.monout.ThreadNames;
import io.reactortrack.recorder.internal.JfrEvents;
import io.reactortrack.recorder.testing.MonOut;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own parser as the oracle: every Reactor Track event, read with
 * {@link RecordingFile} and turned into lines by this test's own reading of
 * docs/mon-out.md ("From events to lines"), must be what the converter wrote,
 * key for key and in the contract's key order. And every field of every
 * event type is either in a line or listed here as deliberately left out, so
 * that a field added to an event cannot go unconverted unnoticed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RoundTripTest {

    /** Fields that have no key in mon.out, and why. */
    private static final Map<String, Set<String>> NOT_IN_MON_OUT = Map.of(
            // Where a pipeline was built: for JDK Mission Control, not for mon.out.
            "*", Set.of("stackTrace"),
            // The fired line has no origin; pending and unhandled lines carry it.
            "reactortrack.FutureFailed", Set.of("origin"));

    @TempDir
    Path dir;

    @Test
    void every_field_of_every_event_of_the_golden_recording_is_what_the_jdk_reads() throws IOException {
        assertRoundTrip(Cli.golden(), 30);
    }

    @Test
    void every_field_of_every_event_of_a_fresh_profile_recording_of_this_jvm_is_what_the_jdk_reads()
            throws Exception {
        Path file = dir.resolve("fresh.jfr");
        RecordingGenerator.bulk(file, 20_000, "profile");
        assertRoundTrip(file, 29_268);
    }

    @Test
    void in_a_recording_full_of_jdk_events_only_the_reactor_track_ones_are_converted_and_all_of_them()
            throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
            for (Class<? extends jdk.jfr.Event> type : RecordingGenerator.EVENT_TYPES) {
                r.enable(type).withThreshold(java.time.Duration.ZERO);
            }
            r.enable("jdk.ObjectAllocationSample").with("throttle", "10000/s");
            r.start();
            long sink = 0;
            for (int i = 1; i <= 3000; i++) {
                RecordingGenerator.tracked(i, 0, "busy-" + i, "track");
                sink += new StringBuilder("garbage").append(i).toString().hashCode(); // allocation samples
                if (i % 1000 == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(30_000_000L); // the workload: parks and periodic events
                }
                RecordingGenerator.executed(i, 0, "work", true, null, false, 0);
            }
            r.stop();
            r.dump(file);
            assertTrue(sink != 42);
        }
        long jdkEvents = 0;
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                if (f.readEvent().getEventType().getName().startsWith("jdk.")) {
                    jdkEvents++;
                }
            }
        }
        assertTrue(jdkEvents > 1000, "not busy enough: " + jdkEvents + " JDK events");
        assertRoundTrip(file, 6000);
    }

    @Test
    void a_continuous_recording_converts_to_a_partial_mon_out_without_errors() throws Exception {
        Path file = dir.resolve("continuous.jfr");
        try (Recording r = new Recording(Configuration.create(new java.io.InputStreamReader(
                io.reactortrack.events.ReactorTrackEvents.class.getResourceAsStream("reactortrack.jfc"),
                java.nio.charset.StandardCharsets.UTF_8)))) {
            r.start();
            for (long id = 1; id <= 200; id += 2) {
                // What the continuous settings keep: failures, and callbacks slower than 10 ms.
                RecordingGenerator.tracked(id, 0, "order-" + id, "track");
                RecordingGenerator.attached(id, id + 1, 0, "com.shop.Orders::price", null, "thenApply");
                boolean slow = id % 50 == 1;
                RecordingGenerator.executed(id, id + 1, "com.shop.Orders::price", true, null, true,
                        slow ? 12_000_000 : 0);
                if (id % 20 == 1) {
                    JfrEvents.completed(null, id, "order-" + id, false, false, "java.io.IOException: reset", null,
                            "com.shop.Orders.submit(Orders.java:42)");
                }
            }
            JfrEvents.pending(999, "stuck", 5_000_000_000L, 1, "com.shop.Orders.submit(Orders.java:42)");
            r.stop();
            r.dump(file);
        }
        Cli.Result out = Cli.run(file.toString());
        assertEquals(0, out.exitCode(), out::toString);
        assertEquals("", out.err());
        Set<Object> actions = new HashSet<>();
        for (Map<String, Object> line : MonOut.parseAll(out.lines())) {
            actions.add(line.get("action"));
        }
        assertEquals(Set.of("executed", "fired", "pending"), actions, "partial: no tracked or attached lines");
        // 10 failures, 4 slow callbacks and the fired line of each stage they completed, 1 pending.
        assertRoundTrip(file, 10 + 4 + 4 + 1);
        // And it reads back, by the strict reader, as mon.out about futures never seen tracked.
        Path monOut = java.nio.file.Files.writeString(dir.resolve("partial.mon.out"), out.out());
        Cli.Result again = Cli.run(monOut.toString(), "--summary");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("10 failed"), again::toString);
    }

    @Test
    void a_thread_without_a_name_is_named_by_its_id() throws Exception {
        Path file = dir.resolve("unnamed.jfr");
        long[] id = new long[1];
        try (Recording r = RecordingGenerator.reactorTrackRecording()) {
            r.start();
            RecordingGenerator.onThread("", () -> {
                id[0] = Thread.currentThread().getId();
                RecordingGenerator.executed(1, 0, "cb", true, null, false, 0);
            });
            r.stop();
            r.dump(file);
        }
        Cli.Result out = Cli.run(file.toString());
        assertEquals(0, out.exitCode(), out::toString);
        assertEquals("thread#" + id[0], MonOut.parse(out.lines().get(0)).get("thread"));
        assertRoundTrip(file, 1);
    }

    static void assertRoundTrip(Path recording, int expectedLines) throws IOException {
        List<Map<String, Object>> expected = expected(recording);
        assertEquals(expectedLines, expected.size());
        Cli.Result r = Cli.run(recording.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<Map<String, Object>> actual = MonOut.parseAll(r.lines());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(actual.get(i).keySet()), "keys of line " + i);
            assertEquals(expected.get(i), actual.get(i), "line " + i);
        }
    }

    /** mon.out as the JDK's parser sees the recording: sorted by ts, ties in file order. */
    static List<Map<String, Object>> expected(Path recording) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.startsWith("reactortrack.")) {
                    Set<String> used = new HashSet<>(List.of("startTime", "futureId"));
                    lines.addAll(lines(e, type.substring("reactortrack.".length()), used));
                    assertEveryFieldConsidered(e.getEventType(), used);
                }
            }
        }
        lines.sort(Comparator.comparingLong(m -> (Long) m.get("ts"))); // stable
        return lines;
    }

    private static void assertEveryFieldConsidered(EventType type, Set<String> used) {
        for (ValueDescriptor field : type.getFields()) {
            String name = field.getName();
            boolean skipped = NOT_IN_MON_OUT.get("*").contains(name)
                    || NOT_IN_MON_OUT.getOrDefault(type.getName(), Set.of()).contains(name);
            assertTrue(used.contains(name) || skipped, type.getName() + "." + name
                    + " is in neither a line nor the list of fields left out");
        }
    }

    /** The lines of one event, as docs/mon-out.md says; names the fields it read in {@code used}. */
    private static List<Map<String, Object>> lines(RecordedEvent e, String type, Set<String> used) {
        List<Map<String, Object>> out = new ArrayList<>();
        long id = e.getLong("futureId");
        switch (type) {
            case "FutureTracked": {
                Map<String, Object> m = start("tracked", id, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("parent", id(e.getLong("parentId")));
                m.put("via", e.getString("via"));
                used.addAll(List.of("name", "parentId", "via", "duration", "eventThread"));
                out.add(m);
                break;
            }
            case "CallbackAttached": {
                long result = e.getLong("resultId");
                long other = e.getLong("otherId");
                for (long input : other == 0 ? List.of(id) : List.of(id, other)) {
                    Map<String, Object> m = start("attached", input, e.getStartTime());
                    m.put("callback", e.getString("callback"));
                    m.put("errback", e.getString("errback"));
                    m.put("method", e.getString("method"));
                    m.put("result", id(result));
                    out.add(m);
                }
                if (result != 0) {
                    Map<String, Object> m = start("tracked", result, e.getStartTime());
                    m.put("name", null);
                    m.put("parent", id);
                    m.put("via", "derived");
                    out.add(m);
                }
                used.addAll(List.of("resultId", "otherId", "callback", "errback", "method", "duration", "eventThread"));
                break;
            }
            case "FutureChained": {
                Map<String, Object> m = start("chained", id, e.getStartTime());
                m.put("target", id(e.getLong("targetId")));
                used.addAll(List.of("targetId", "duration", "eventThread"));
                out.add(m);
                break;
            }
            case "CallbackExecuted": {
                Map<String, Object> m = start("executed", id, e.getEndTime());
                m.put("callback", e.getString("callback"));
                m.put("callback?", e.getBoolean("callbackPath"));
                m.put("time", e.getDuration().toNanos() / 1e9);
                RecordedThread t = e.getThread();
                m.put("thread", ThreadNames.of(t.getJavaName(), t.getJavaThreadId(), isVirtual(t)));
                m.put("failed", e.getBoolean("failed"));
                if (e.getBoolean("failed")) {
                    m.put("error", e.getString("error"));
                }
                out.add(m);
                if (e.getBoolean("completesStage") && e.getLong("resultId") != 0) {
                    Map<String, Object> f = start("fired", e.getLong("resultId"), e.getEndTime());
                    f.put("success", true);
                    f.put("cancelled", false);
                    out.add(f);
                }
                used.addAll(List.of("resultId", "callback", "callbackPath", "duration", "eventThread", "failed",
                        "error", "completesStage"));
                break;
            }
            case "FutureCompleted": {
                Map<String, Object> m = start("fired", id, e.getEndTime());
                boolean success = e.getBoolean("success");
                m.put("success", success);
                if (!success) {
                    m.put("error", e.getString("error"));
                }
                m.put("cancelled", e.getBoolean("cancelled"));
                optional(m, e);
                if (!e.getDuration().isZero()) {
                    m.put("lifetime", e.getDuration().toNanos() / 1e9);
                }
                used.addAll(List.of("name", "success", "error", "cancelled", "callback", "duration",
                        "eventThread"));
                out.add(m);
                break;
            }
            case "FutureRevised": {
                Map<String, Object> m = start("fired", id, e.getStartTime());
                boolean success = e.getBoolean("success");
                m.put("success", success);
                if (!success) {
                    m.put("error", e.getString("error"));
                }
                m.put("cancelled", e.getBoolean("cancelled"));
                m.put("revised", true);
                used.addAll(List.of("success", "error", "cancelled", "duration", "eventThread"));
                out.add(m);
                break;
            }
            case "FutureFailed": {
                Map<String, Object> m = start("fired", id, e.getStartTime());
                m.put("success", false);
                m.put("error", e.getString("error"));
                m.put("cancelled", e.getBoolean("cancelled"));
                optional(m, e);
                used.addAll(List.of("name", "error", "cancelled", "callback", "duration", "eventThread"));
                out.add(m);
                break;
            }
            case "UnhandledFailure": {
                Map<String, Object> m = start("unhandled", id, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("error", e.getString("error"));
                m.put("origin", e.getString("origin"));
                used.addAll(List.of("name", "error", "origin", "duration", "eventThread"));
                out.add(m);
                break;
            }
            case "PendingFuture": {
                Map<String, Object> m = start("pending", id, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("age", e.getDuration("age").toNanos() / 1e9);
                m.put("dependents", (long) e.getInt("dependents"));
                m.put("origin", e.getString("origin"));
                used.addAll(List.of("name", "age", "dependents", "origin", "duration", "eventThread"));
                out.add(m);
                break;
            }
            default:
                throw new AssertionError("a Reactor Track event this test does not know: " + type);
        }
        return out;
    }

    /** The fired line's name and callback, written only when known. */
    private static void optional(Map<String, Object> m, RecordedEvent e) {
        if (e.getString("name") != null) {
            m.put("name", e.getString("name"));
        }
        if (e.getString("callback") != null) {
            m.put("callback", e.getString("callback"));
        }
    }

    /** RecordedThread.isVirtual() exists on JDK 21 and later, and the field in recordings of them. */
    private static boolean isVirtual(RecordedThread t) {
        return t.hasField("virtual") && t.getBoolean("virtual");
    }

    private static Map<String, Object> start(String action, long id, Instant ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("deferred", id);
        m.put("ts", Math.floorDiv(ts.getEpochSecond() * 1_000_000_000L + ts.getNano(), 1000L));
        return m;
    }

    private static Long id(long id) {
        return id == 0 ? null : id;
    }
}
