package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own parser as the oracle: every field of every Reactor Track
 * event, read with {@link RecordingFile}, must be what the converter wrote,
 * key for key and in the contract's key order.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RoundTripTest {

    @TempDir
    Path dir;

    @Test
    void every_field_of_every_event_of_the_golden_recording_is_what_the_jdk_reads() throws IOException {
        assertRoundTrip(Cli.golden(), 24);
    }

    @Test
    void every_field_of_every_event_of_a_fresh_recording_of_this_jvm_is_what_the_jdk_reads() throws Exception {
        Path file = dir.resolve("fresh.jfr");
        RecordingGenerator.bulk(file, 20_000, 0);
        assertRoundTrip(file, 20_000);
    }

    @Test
    void in_a_recording_full_of_jdk_events_only_the_reactor_track_ones_are_converted_and_all_of_them()
            throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
            for (String type : List.of("reactortrack.FutureTracked", "reactortrack.CallbackAttached",
                    "reactortrack.CallbackExecuted", "reactortrack.FutureChained", "reactortrack.FutureFired")) {
                r.enable(type).withThreshold(java.time.Duration.ZERO);
            }
            r.enable("jdk.ObjectAllocationSample").with("throttle", "10000/s");
            r.start();
            long sink = 0;
            for (int i = 1; i <= 3000; i++) {
                RecordingGenerator.tracked(i, 0, "busy-" + i, "track");
                sink += new StringBuilder("garbage").append(i).toString().hashCode(); // allocation samples
                if (i % 1000 == 0) {
                    Thread.sleep(30); // thread sleep and periodic events
                }
                RecordingGenerator.executed(i, "work", true, null, 0);
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

    static void assertRoundTrip(Path recording, int expectedEvents) throws IOException {
        List<Map<String, Object>> expected = expected(recording);
        assertEquals(expectedEvents, expected.size());
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
                    lines.add(line(e, type.substring("reactortrack.".length())));
                }
            }
        }
        lines.sort(Comparator.comparingLong(m -> (Long) m.get("ts"))); // stable
        return lines;
    }

    private static Map<String, Object> line(RecordedEvent e, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (type) {
            case "FutureTracked":
                start(m, "tracked", e, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("parent", id(e.getLong("parentId")));
                m.put("via", e.getString("via"));
                break;
            case "CallbackAttached":
                start(m, "attached", e, e.getStartTime());
                m.put("callback", e.getString("callback"));
                m.put("errback", e.getString("errback"));
                m.put("method", e.getString("method"));
                m.put("result", id(e.getLong("resultId")));
                break;
            case "FutureChained":
                start(m, "chained", e, e.getStartTime());
                m.put("target", id(e.getLong("targetId")));
                break;
            case "CallbackExecuted":
                start(m, "executed", e, e.getEndTime());
                m.put("callback", e.getString("callback"));
                m.put("callback?", e.getBoolean("callbackPath"));
                m.put("time", e.getDuration().toNanos() / 1e9);
                m.put("thread", e.getThread().getJavaName());
                m.put("failed", e.getBoolean("failed"));
                if (e.getBoolean("failed")) {
                    m.put("error", e.getString("error"));
                }
                break;
            case "FutureFired":
                start(m, "fired", e, e.getStartTime());
                m.put("success", e.getBoolean("success"));
                if (!e.getBoolean("success")) {
                    m.put("error", e.getString("error"));
                }
                m.put("cancelled", e.getBoolean("cancelled"));
                break;
            case "UnhandledFailure":
                start(m, "unhandled", e, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("error", e.getString("error"));
                m.put("origin", e.getString("origin"));
                break;
            case "PendingFuture":
                start(m, "pending", e, e.getStartTime());
                m.put("name", e.getString("name"));
                m.put("age", e.getDuration("age").toNanos() / 1e9);
                m.put("dependents", (long) e.getInt("dependents"));
                m.put("origin", e.getString("origin"));
                break;
            default:
                throw new AssertionError("a Reactor Track event this test does not know: " + type);
        }
        assertTrue(m.containsKey("ts"));
        return m;
    }

    private static void start(Map<String, Object> m, String action, RecordedEvent e, Instant ts) {
        m.put("action", action);
        m.put("deferred", e.getLong("futureId"));
        m.put("ts", Math.floorDiv(ts.getEpochSecond() * 1_000_000_000L + ts.getNano(), 1000L));
    }

    private static Long id(long id) {
        return id == 0 ? null : id;
    }
}
