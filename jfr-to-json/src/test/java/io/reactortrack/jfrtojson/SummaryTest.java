package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reactortrack.monout.MonOutWriter;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --summary answers questions, for a recording and for a mon.out, as text and as JSON. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SummaryTest {

    @TempDir
    Path dir;

    private static String text(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        for (String line : r.lines()) {
            assertTrue(line.codePointCount(0, line.length()) <= 80, "wider than 80 columns: " + line);
        }
        return r.out();
    }

    private static JsonNode json(String... args) throws IOException {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.out());
    }

    private Path monOut(MonOutWriter w) throws IOException {
        Path p = dir.resolve("made.mon.out");
        try (var out = Files.newOutputStream(p)) {
            w.drainTo(out);
        }
        return p;
    }

    @Test
    void the_golden_recording_summarised_as_text() {
        String s = text(Cli.golden().toString(), "--summary");
        assertTrue(s.startsWith("30 lines from 1 input (3 chunks), 0.224 s from 2026-11-29 23:48:58.699 UTC\n"), s);
        assertTrue(s.contains("futures: 9 tracked, 5 completed, 2 failed (0 cancelled),\n"
                + "         2 still pending, 1 unhandled failure\n"), s);
        // The cancellation of #5 was revised into a success: not a failure.
        assertTrue(s.contains("Failed futures, by what failed: 2 futures in 2 groups\n"), s);
        assertTrue(s.contains("        1  example.Example::simpleCallback\n"
                + "           java.lang.IllegalStateException\n"
                + "           first: #2 at +0.120 s: java.lang.IllegalStateException: boom \"quot...\n"), s);
        assertTrue(s.contains("        1  handler \"quoted\" \\ back\\tslash\n"), "a tab shown as \\t: " + s);
        assertTrue(s.contains("Still pending, oldest first: 2 futures\n"), s);
        assertTrue(s.contains("         #7      1.50 s        2  -\n"
                + "                                  thenAccept(a.very.long.Clazz::m) on #5\n"
                + "         #8       42 ns        0  slow\n"), s);
        // #5 was revised: the revision carries no life of its own, so only #1's counts.
        assertTrue(s.contains("Slowest futures, by lifetime (tracked to fired)\n"
                + "     future    lifetime  name\n"
                + "         #1     73.5 ms  d\n\n"), s);
        assertTrue(s.contains("        1      2.0 ms      2.0 ms  example.Example::simpleCallback\n"
                + "                                   worst: #1 on scheduler-1\n"), s);
        assertTrue(s.contains("  platform          2        4      2.5 ms\n"
                + "  virtual           0        0        0 ns\n"), s);
        assertTrue(s.contains("          1      3.0 µs  thread#19\n"), s);
    }

    @Test
    void a_mon_out_summarises_as_the_recording_it_came_from() throws IOException {
        Path monOut = Files.copy(Cli.resource("golden.mon.out"), dir.resolve("golden.mon.out"));
        String fromJfr = text(Cli.golden().toString(), "--summary");
        String fromMonOut = text(monOut.toString(), "--summary");
        assertTrue(fromMonOut.startsWith("30 lines from 1 input (1 chunk), "), fromMonOut);
        assertEquals(fromJfr.substring(fromJfr.indexOf('\n')), fromMonOut.substring(fromMonOut.indexOf('\n')));
        assertEquals(json(Cli.golden().toString(), "--summary", "--format", "json").get("futures"),
                json(monOut.toString(), "--summary", "--format", "json").get("futures"));
    }

    @Test
    void the_golden_recording_summarised_as_json() throws IOException {
        JsonNode s = json(Cli.golden().toString(), "--summary", "--format", "json");
        assertEquals(30, s.get("lines").asInt());
        assertEquals("{\"tracked\":9,\"completed\":5,\"failed\":2,\"cancelled\":0,\"pending\":2,\"unhandled\":1}",
                s.get("futures").toString());
        JsonNode first = s.get("failures").get(0);
        assertEquals("example.Example::simpleCallback", first.get("what").asText());
        assertEquals("java.lang.IllegalStateException", first.get("errorClass").asText());
        assertEquals(2, first.get("first").get("deferred").asInt());
        assertEquals(7, s.get("pending").get(0).get("deferred").asInt());
        assertEquals(1.5, s.get("pending").get(0).get("age").asDouble());
        assertEquals(1, s.get("slowest").get(0).get("deferred").asInt());
        assertEquals("scheduler-1", s.get("callbacks").get(0).get("worst").get("thread").asText());
        assertEquals(2, s.get("threads").get("platform").get("threads").asInt());
    }

    @Test
    void a_revised_fired_line_replaces_the_outcome_before_it() throws IOException {
        MonOutWriter w = new MonOutWriter();
        w.tracked(1, 10, "req", 0, "track");
        w.fired(1, 20, false, false, "java.io.IOException: reset", "req", null, 10_000, false);
        w.tracked(2, 21, "other", 0, "track");
        w.fired(2, 22, false, false, "java.io.IOException: reset", "other", null, 1_000, false);
        w.fired(1, 30, true, false, null, "req", null, 20_000, true);
        JsonNode s = json(monOut(w).toString(), "--summary", "--format", "json");
        assertEquals(1, s.get("futures").get("failed").asInt(), s::toString);
        assertEquals(2, s.get("futures").get("completed").asInt(), s::toString);
        assertEquals("other", s.get("failures").get(0).get("what").asText());
        assertEquals(1, s.get("failures").size());
        assertEquals(0.00002, s.get("slowest").get(0).get("lifetime").asDouble());
    }

    @Test
    void still_pending_means_in_the_last_snapshot_and_not_fired_since() throws IOException {
        MonOutWriter w = new MonOutWriter();
        // Two snapshots, seconds apart: 1 and 2 pending, then only 2 and 3.
        w.pending(1, 1_000_000, "gone", 5_000_000_000L, 0, null);
        w.pending(2, 1_000_001, "old", 6_000_000_000L, 1, "a.B.c(B.java:1)\na.B.main(B.java:9)");
        w.pending(2, 9_000_000, "old", 14_000_000_000L, 1, "a.B.c(B.java:1)\na.B.main(B.java:9)");
        w.pending(3, 9_000_001, "young", 1_000_000_000L, 0, null);
        w.pending(4, 9_000_002, "done", 2_000_000_000L, 0, null);
        w.fired(4, 9_500_000, true, false, null, "done", null, MonOutWriter.UNKNOWN, false);
        String s = text(monOut(w).toString(), "--summary");
        assertTrue(s.contains("Still pending, oldest first: 2 futures\n"
                + "     future         age  waiting  name / origin\n"
                + "         #2     14.00 s        1  old\n"
                + "                                  a.B.c(B.java:1) ...\n"
                + "         #3      1.00 s        0  young\n"), s);
    }

    @Test
    void virtual_threads_are_counted_as_a_kind_not_listed_one_by_one() throws IOException {
        MonOutWriter w = new MonOutWriter();
        for (int i = 0; i < 30; i++) {
            w.executed(i, 100 + i, "app.A::run", true, 1_000_000, "virtual#" + (100 + i), null);
        }
        w.executed(1, 200, "app.A::run", true, 2_000_000, "fetcher (virtual#7)", null);
        w.executed(1, 201, "app.A::run", true, 5_000_000, "pool-1-thread-1", null);
        String s = text(monOut(w).toString(), "--summary");
        assertTrue(s.contains("  platform          1        1      5.0 ms\n"
                + "  virtual          31       31     32.0 ms\n"), s);
        assertFalse(s.contains("virtual#"), "no virtual thread listed: " + s);
        assertTrue(s.contains("          1      5.0 ms  pool-1-thread-1\n"), s);
        assertTrue(s.contains("Callbacks, by total time: 1 callback\n"), "singular: " + s);
    }

    @Test
    void summary_refuses_the_viewer_formats() {
        Cli.Result r = Cli.run(Cli.golden().toString(), "--summary", "--format", "html");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("jfr-to-json: --summary writes text, or JSON with --format json, not --format html;"
                + " use one or the other\n", r.err());
    }

    @Test
    void an_empty_mon_out_still_gets_a_summary() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank.mon.out"), "\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(blank.toString(), "--summary");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("0 lines from 1 input"), r::toString);
        assertEquals("jfr-to-json: hint: " + blank + ": no mon.out lines in it\n", r.err());
    }
}
