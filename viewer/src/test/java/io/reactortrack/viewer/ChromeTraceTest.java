package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChromeTraceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The example's first line, where the trace's clock starts. */
    private static final long ZERO = 1795624112205819L;

    @Test
    void the_trace_is_an_object_with_trace_events_and_a_display_unit() throws IOException {
        JsonNode trace = trace(Fixtures.example());

        assertTrue(trace.get("traceEvents").isArray());
        assertEquals("ms", trace.get("displayTimeUnit").asText());
        assertEquals(ZERO, trace.get("otherData").get("epochMicrosAtZero").asLong());
    }

    @Test
    void every_event_has_the_keys_its_phase_requires() throws IOException {
        for (JsonNode e : events(trace(Fixtures.example()))) {
            for (String key : new String[] {"name", "ph", "pid", "tid"}) {
                assertTrue(e.has(key), key + " in " + e);
            }
            String ph = e.get("ph").asText();
            assertTrue(Set.of("M", "X", "i", "s", "f").contains(ph), "phase " + ph);
            if (!ph.equals("M")) {
                assertTrue(e.get("ts").isNumber(), "ts in " + e);
                assertTrue(e.get("ts").asDouble() >= 0, "ts in " + e);
            }
            if (ph.equals("X")) {
                assertTrue(e.get("dur").isNumber() && e.get("dur").asDouble() >= 0, "dur in " + e);
                assertTrue(e.has("cat") && e.has("args"), "cat and args in " + e);
            }
            if (ph.equals("i")) {
                assertTrue(Set.of("t", "p", "g").contains(e.get("s").asText()), "scope in " + e);
            }
            if (ph.equals("s") || ph.equals("f")) {
                assertTrue(e.has("id") && e.has("cat"), "id and cat in " + e);
            }
        }
    }

    @Test
    void executed_callbacks_are_complete_events_in_microseconds_ending_at_ts() throws IOException {
        List<JsonNode> slices = phase(trace(Fixtures.example()), "X");

        assertEquals(6, slices.size());
        JsonNode first = slices.get(0);
        assertEquals("example.Example::simpleCallback", first.get("name").asText());
        assertEquals("callback", first.get("cat").asText());
        // time 1.001 s = 1,001,000 µs; it finished at ts 1795624113307118, so it began 1,001,000 µs earlier.
        assertEquals(1_001_000, first.get("dur").asDouble(), 0.0005);
        assertEquals(1795624113307118L - ZERO - 1_001_000, first.get("ts").asDouble(), 0.0005);
        assertEquals("thenApply", first.get("args").get("method").asText());
        assertEquals(1, first.get("args").get("deferred").asInt());

        JsonNode followup = slices.get(1);
        assertEquals(21, followup.get("dur").asDouble(), 0.0005, "0.000021 s is 21 µs");

        JsonNode problem = byName(slices, "example.Example::problem");
        assertTrue(problem.get("args").get("failed").asBoolean());
        assertEquals("java.lang.IllegalStateException: oh no", problem.get("args").get("error").asText());
        JsonNode errback = byName(slices, "example.Example::simpleErrback");
        assertEquals("errback", errback.get("cat").asText());
        assertEquals("errback", errback.get("args").get("path").asText());
    }

    @Test
    void each_thread_gets_a_lane_named_by_metadata() throws IOException {
        JsonNode trace = trace(Fixtures.example().replace(
                "\"thread\":\"scheduler-1\",\"failed\":false}\n{\"action\":\"fired\",\"deferred\":7",
                "\"thread\":\"ForkJoinPool.commonPool-worker-1\",\"failed\":false}\n{\"action\":\"fired\",\"deferred\":7"));
        Map<Integer, String> names = new HashMap<>();
        for (JsonNode m : phase(trace, "M")) {
            if (m.get("name").asText().equals("thread_name")) {
                names.put(m.get("tid").asInt(), m.get("args").get("name").asText());
            }
        }
        Set<Integer> used = new HashSet<>();
        for (JsonNode e : events(trace)) {
            if (!e.get("ph").asText().equals("M")) {
                used.add(e.get("tid").asInt());
            }
        }
        assertTrue(names.keySet().containsAll(used), "every lane used is named: " + names);
        assertTrue(names.containsValue("scheduler-1"));
        assertTrue(names.containsValue("ForkJoinPool.commonPool-worker-1"));
        assertTrue(names.containsValue("futures"));
        assertEquals(names.size(), new HashSet<>(names.values()).size(), "one tid per thread name");
    }

    @Test
    void futures_completing_are_thread_scoped_instant_events() throws IOException {
        List<JsonNode> instants = phase(trace(Fixtures.example()), "i");

        assertEquals(8, instants.stream().filter(e -> e.get("cat").asText().equals("fired")).count());
        JsonNode failed = instants.stream()
                .filter(e -> e.get("args").get("deferred").asInt() == 4).findFirst().orElseThrow();
        assertEquals("failed #4", failed.get("name").asText());
        assertFalse(failed.get("args").get("success").asBoolean());
        assertEquals("t", failed.get("s").asText());
        assertEquals(1795624113307420L - ZERO, failed.get("ts").asDouble(), 0.0005);
    }

    @Test
    void flows_have_one_start_and_one_end_per_id_each_inside_a_slice_of_its_lane() throws IOException {
        JsonNode trace = trace(Fixtures.example());
        checkFlows(trace);
        List<JsonNode> starts = phase(trace, "s");
        assertFalse(starts.isEmpty());

        // chain(d2): from simpleErrback, which completed #5, to simpleCallback, the first callback on d2.
        JsonNode chained = starts.stream().filter(e -> e.get("cat").asText().equals("chained"))
                .findFirst().orElseThrow(() -> new AssertionError("no chained flow"));
        long id = chained.get("id").asLong();
        JsonNode end = phase(trace, "f").stream().filter(e -> e.get("id").asLong() == id).findFirst().orElseThrow();
        assertEquals("example.Example::simpleErrback", enclosing(trace, chained).get("name").asText());
        JsonNode target = enclosing(trace, end);
        assertEquals("example.Example::simpleCallback", target.get("name").asText());
        assertEquals(6, target.get("args").get("deferred").asInt());
        assertEquals("e", end.get("bp").asText());
    }

    @Test
    void unhandled_failures_and_pending_futures_become_instants_with_all_their_keys() throws IOException {
        String monOut = Fixtures.example()
                + "{\"action\":\"unhandled\",\"deferred\":4,\"ts\":1795624115000000,\"name\":null,\"error\":\"java.lang.IllegalStateException: oh no\",\"origin\":\"thenApply(example.Example::problem) on #3\"}\n"
                + "{\"action\":\"pending\",\"deferred\":6,\"ts\":1795624115000001,\"name\":\"d2\",\"age\":2.5,\"dependents\":1}\n"
                + "{\"action\":\"something-new\",\"deferred\":6,\"ts\":1795624115000002}\n";
        List<JsonNode> instants = phase(trace(monOut), "i");

        JsonNode unhandled = instants.stream().filter(e -> e.get("cat").asText().equals("unhandled")).findFirst().orElseThrow();
        assertEquals("thenApply(example.Example::problem) on #3", unhandled.get("args").get("origin").asText());
        assertEquals("java.lang.IllegalStateException: oh no", unhandled.get("args").get("error").asText());
        JsonNode pending = instants.stream().filter(e -> e.get("cat").asText().equals("pending")).findFirst().orElseThrow();
        assertEquals("pending d2 #6", pending.get("name").asText());
        assertEquals(2.5, pending.get("args").get("age").asDouble());
        assertEquals(1, pending.get("args").get("dependents").asInt());
        assertEquals(10, instants.size(), "8 fired, 1 unhandled, 1 pending; unknown actions are ignored");
    }

    @Test
    void a_callback_that_ran_others_inside_it_encloses_their_slices() throws IOException {
        // Times from the first line: outer ran 997 µs and finished at 2000, so it seems to start at
        // 1003; inner, which ran inside it, finished first, at 1500, after 498.5 µs: it started at
        // 1001.5, 1.5 µs before outer. Clock skew between ts and time.
        String monOut = String.join("\n",
                "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1000,\"name\":\"a\",\"parent\":null,\"via\":\"track\"}",
                "{\"action\":\"tracked\",\"deferred\":2,\"ts\":1001,\"name\":\"b\",\"parent\":null,\"via\":\"track\"}",
                "{\"action\":\"executed\",\"deferred\":2,\"ts\":2500,\"callback\":\"inner\",\"callback?\":true,\"time\":0.0004985,\"thread\":\"main\",\"failed\":false}",
                "{\"action\":\"executed\",\"deferred\":1,\"ts\":3000,\"callback\":\"outer\",\"callback?\":true,\"time\":0.000997,\"thread\":\"main\",\"failed\":false}",
                "");
        List<JsonNode> slices = phase(trace(monOut), "X");

        JsonNode inner = byName(slices, "inner");
        JsonNode outer = byName(slices, "outer");
        assertEquals(1001.5, inner.get("ts").asDouble(), 1e-9);
        assertEquals(inner.get("ts").asDouble(), outer.get("ts").asDouble(), 1e-9, "outer starts with inner");
        assertEquals(2000 - 1001.5, outer.get("dur").asDouble(), 1e-9, "and still ends at its ts");
    }

    @Test
    void a_large_recording_streams_into_a_valid_trace(@TempDir Path dir) throws IOException {
        Path monOut = LargeMonOut.write(dir.resolve("mon.out"), 20_000);
        Path out = dir.resolve("trace.json");
        try (var in = Files.newBufferedReader(monOut); var w = Files.newBufferedWriter(out)) {
            ChromeTrace.write(in, w);
        }
        JsonNode trace = JSON.readTree(out.toFile());

        checkFlows(trace);
        long executed = Files.lines(monOut).filter(l -> l.contains("\"action\":\"executed\"")).count();
        assertEquals(executed, phase(trace, "X").size());
    }

    @Test
    void a_future_with_a_lifetime_is_a_slice_spanning_its_life() throws IOException {
        String monOut = Fixtures.example().replace(
                "{\"action\":\"fired\",\"deferred\":1,\"ts\":1795624112306012,\"success\":true,\"cancelled\":false}",
                "{\"action\":\"fired\",\"deferred\":1,\"ts\":1795624112306012,\"success\":true,\"cancelled\":false,\"name\":\"d\",\"lifetime\":0.100193}")
            + "{\"action\":\"tracked\",\"deferred\":9,\"ts\":1795624112300000,\"name\":\"slow\",\"parent\":null,\"via\":\"track\"}\n"
            + "{\"action\":\"fired\",\"deferred\":9,\"ts\":1795624114400000,\"success\":false,\"error\":\"java.util.concurrent.TimeoutException\",\"cancelled\":false,\"lifetime\":2.1}\n";
        JsonNode trace = trace(monOut);
        List<JsonNode> lives = phase(trace, "X").stream().filter(e -> e.get("cat").asText().equals("lifetime")).toList();

        assertEquals(2, lives.size());
        JsonNode d = lives.stream().filter(e -> e.get("args").get("deferred").asInt() == 1).findFirst().orElseThrow();
        assertEquals("d #1", d.get("name").asText());
        assertEquals(100_193, d.get("dur").asDouble(), 0.0005, "0.100193 s");
        assertEquals(1795624112306012L - ZERO - 100_193, d.get("ts").asDouble(), 0.0005, "from tracking");
        JsonNode slow = lives.stream().filter(e -> e.get("args").get("deferred").asInt() == 9).findFirst().orElseThrow();
        assertEquals(2_100_000, slow.get("dur").asDouble(), 0.0005, "a slow request is a long bar");
        assertEquals("java.util.concurrent.TimeoutException", slow.get("args").get("error").asText());
        assertEquals(2.1, slow.get("args").get("lifetime").asDouble());
        // The two lives overlap: each on a lane of its own, named.
        assertTrue(d.get("tid").asInt() != slow.get("tid").asInt());
        Map<Integer, String> lanes = laneNames(trace);
        assertEquals("future lifetimes", lanes.get(d.get("tid").asInt()));
        assertEquals("future lifetimes (2)", lanes.get(slow.get("tid").asInt()));
        noOverlapsWithinLanes(trace);
    }

    @Test
    void the_last_fired_line_of_a_future_is_its_outcome() throws IOException {
        String monOut = "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1000,\"name\":\"job\",\"parent\":null,\"via\":\"track\"}\n"
            + "{\"action\":\"fired\",\"deferred\":1,\"ts\":2000,\"success\":true,\"cancelled\":false,\"lifetime\":0.001}\n"
            + "{\"action\":\"fired\",\"deferred\":1,\"ts\":2500,\"success\":false,\"error\":\"java.lang.IllegalStateException: obtruded\",\"cancelled\":false,\"lifetime\":0.0015,\"revised\":true}\n";
        JsonNode trace = trace(monOut);

        List<JsonNode> instants = phase(trace, "i");
        assertEquals(1, instants.size(), "one outcome: " + instants);
        assertEquals("failed job #1", instants.get(0).get("name").asText());
        assertEquals(1500, instants.get(0).get("ts").asDouble(), 0.0005);
        assertTrue(instants.get(0).get("args").get("revised").asBoolean());
        List<JsonNode> lives = phase(trace, "X");
        assertEquals(1, lives.size());
        assertEquals(1500, lives.get(0).get("dur").asDouble(), 0.0005);
        assertEquals(0, lives.get(0).get("ts").asDouble(), 0.0005);
    }

    @Test
    void a_partial_recording_makes_a_trace_of_what_it_has() throws IOException {
        JsonNode trace = trace(Fixtures.resource("partial-mon.out"));
        String text = trace.toString();

        assertFalse(text.contains("undefined") || text.contains("\"null"), text);
        assertEquals(2, phase(trace, "X").stream().filter(e -> e.get("cat").asText().equals("callback")).count());
        List<String> instants = phase(trace, "i").stream().map(e -> e.get("name").asText()).sorted().toList();
        assertEquals(List.of("cancelled slow-report #40", "failed #31", "failed checkout-7 #21", "fired #18",
            "pending never-answered #50", "unhandled failure #31"), instants);
        JsonNode failed31 = phase(trace, "i").stream().filter(e -> e.get("name").asText().equals("failed #31")).findFirst().orElseThrow();
        assertEquals("com.shop.payments.PaymentClient::authorize", failed31.get("args").get("callback").asText());
        JsonNode checkout = phase(trace, "X").stream().filter(e -> e.get("cat").asText().equals("lifetime")
            && e.get("args").get("deferred").asInt() == 21).findFirst().orElseThrow();
        assertEquals("checkout-7 #21", checkout.get("name").asText());
        // It lived 2.5 s but the recording starts 0.2 s before it completed: the bar starts with the trace.
        assertEquals(0, checkout.get("ts").asDouble(), 0.0005);
        assertEquals(200_000, checkout.get("dur").asDouble(), 0.0005);
        assertEquals(2.5, checkout.get("args").get("lifetime").asDouble());
        assertTrue(checkout.get("args").get("clipped").asBoolean());
        checkFlows(trace);
    }

    @Test
    void virtual_threads_share_a_few_lanes_without_overlap() throws IOException {
        String monOut = VirtualThreadsMonOut.make(1000);
        JsonNode trace = trace(monOut);
        Map<Integer, String> lanes = laneNames(trace);

        List<JsonNode> runs = phase(trace, "X").stream().filter(e -> !e.get("cat").asText().equals("lifetime")).toList();
        assertEquals(monOut.lines().filter(l -> l.contains("\"action\":\"executed\"")).count(), runs.size());
        Set<String> virtualLanes = runs.stream().filter(e -> e.get("args").has("thread"))
            .map(e -> lanes.get(e.get("tid").asInt())).collect(Collectors.toSet());
        assertTrue(virtualLanes.size() <= 16, "a few lanes for 1,000 virtual threads: " + virtualLanes);
        assertTrue(virtualLanes.stream().allMatch(n -> n.startsWith("virtual threads")), virtualLanes.toString());
        assertFalse(lanes.values().stream().anyMatch(n -> n.contains("virtual#")), "no lane per virtual thread");
        assertTrue(lanes.containsValue("main"), "platform threads keep their lanes");
        Set<String> threads = runs.stream().filter(e -> e.get("args").has("thread"))
            .map(e -> e.get("args").get("thread").asText()).collect(Collectors.toSet());
        assertEquals(1000, threads.size(), "every run says its virtual thread");
        assertTrue(threads.contains("fetcher (virtual#5000)"));
        noOverlapsWithinLanes(trace);
        checkFlows(trace);
    }

    /** On every lane, two slices either nest or do not overlap: trace viewers drop the rest. */
    private static void noOverlapsWithinLanes(JsonNode trace) {
        Map<Integer, List<JsonNode>> byTid = phase(trace, "X").stream()
            .collect(Collectors.groupingBy(e -> e.get("tid").asInt()));
        for (List<JsonNode> lane : byTid.values()) {
            List<double[]> spans = lane.stream()
                .map(e -> new double[] {e.get("ts").asDouble(), e.get("ts").asDouble() + e.get("dur").asDouble()})
                .sorted((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]))
                .toList();
            List<double[]> open = new ArrayList<>();
            for (double[] s : spans) {
                open.removeIf(o -> o[1] <= s[0]);
                for (double[] o : open) {
                    assertTrue(s[1] <= o[1] + 1e-9, "overlap without nesting: " + java.util.Arrays.toString(o)
                        + " and " + java.util.Arrays.toString(s));
                }
                open.add(s);
            }
        }
    }

    private static Map<Integer, String> laneNames(JsonNode trace) {
        Map<Integer, String> names = new HashMap<>();
        for (JsonNode m : phase(trace, "M")) {
            if (m.get("name").asText().equals("thread_name")) {
                names.put(m.get("tid").asInt(), m.get("args").get("name").asText());
            }
        }
        return names;
    }

    /** Every flow id has one start and one end, each at a time inside a slice on its own lane. */
    private static void checkFlows(JsonNode trace) {
        Map<Long, List<JsonNode>> byId = new HashMap<>();
        for (JsonNode e : events(trace)) {
            String ph = e.get("ph").asText();
            if (ph.equals("s") || ph.equals("f")) {
                byId.computeIfAbsent(e.get("id").asLong(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Integer, List<JsonNode>> slicesByTid = phase(trace, "X").stream()
                .collect(Collectors.groupingBy(e -> e.get("tid").asInt()));
        for (Map.Entry<Long, List<JsonNode>> flow : byId.entrySet()) {
            List<String> phases = flow.getValue().stream().map(e -> e.get("ph").asText()).sorted().toList();
            assertEquals(List.of("f", "s"), phases, "flow " + flow.getKey());
            for (JsonNode e : flow.getValue()) {
                assertNotNull(enclosing(slicesByTid.getOrDefault(e.get("tid").asInt(), List.of()), e),
                        "flow event inside a slice: " + e);
            }
        }
    }

    private static JsonNode enclosing(JsonNode trace, JsonNode flowEvent) {
        List<JsonNode> lane = phase(trace, "X").stream()
                .filter(x -> x.get("tid").asInt() == flowEvent.get("tid").asInt()).toList();
        JsonNode slice = enclosing(lane, flowEvent);
        if (slice == null) {
            fail("no slice encloses " + flowEvent);
        }
        return slice;
    }

    /** The innermost slice of the lane that contains the flow event's time. */
    private static JsonNode enclosing(List<JsonNode> lane, JsonNode flowEvent) {
        double ts = flowEvent.get("ts").asDouble();
        JsonNode best = null;
        for (JsonNode x : lane) {
            double start = x.get("ts").asDouble();
            double dur = x.get("dur").asDouble();
            if (start <= ts && ts <= start + dur && (best == null || dur < best.get("dur").asDouble())) {
                best = x;
            }
        }
        return best;
    }

    private static JsonNode byName(List<JsonNode> events, String name) {
        return events.stream().filter(e -> e.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<JsonNode> phase(JsonNode trace, String ph) {
        return events(trace).stream().filter(e -> e.get("ph").asText().equals(ph)).toList();
    }

    private static List<JsonNode> events(JsonNode trace) {
        return StreamSupport.stream(trace.get("traceEvents").spliterator(), false).toList();
    }

    private static JsonNode trace(String monOut) throws IOException {
        return JSON.readTree(Fixtures.chrome(monOut));
    }
}
