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
