package io.reactortrack.monout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MonOutReaderTest {

    /** What a reader found: good lines, and bad ones as "line N: problem". */
    private record Read(List<MonOutLine> lines, List<String> problems) {
    }

    private static Read read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Read read(byte[] bytes) throws IOException {
        List<String> problems = new ArrayList<>();
        List<MonOutLine> lines = new ArrayList<>();
        try (MonOutReader r = new MonOutReader(new ByteArrayInputStream(bytes),
                (n, problem) -> problems.add("line " + n + ": " + problem))) {
            for (MonOutLine l; (l = r.next()) != null; ) {
                lines.add(l);
            }
        }
        return new Read(lines, problems);
    }

    private static final String GOOD = "{\"action\":\"chained\",\"deferred\":1,\"ts\":5,\"target\":2}";

    /** Every action and key the writer knows, with strings that need escaping. */
    private static byte[] everything() throws IOException {
        MonOutWriter w = new MonOutWriter();
        w.tracked(1, 10, "d \"quoted\" ünï ✓ 🚀", 0, "track");
        w.attached(1, 11, "a.B::c", null, "thenApply", 2);
        w.tracked(2, 11, null, 1, "derived");
        w.chained(2, 12, 0);
        w.executed(1, 13, "cb\n\ttab", true, 1_500_000, "main", null);
        w.executed(1, 14, "cb", false, 3, "virtual#42", "java.lang.IllegalStateException: no \u0001");
        w.executed(1, 14, "cb", false, 3, "pool-1", null, true);
        w.fired(2, 15, true, false, null, null, null, MonOutWriter.UNKNOWN, false);
        w.fired(3, 16, false, true, "java.util.concurrent.CancellationException", "req", "cb", 250_000_000L, true);
        w.jvm(2);
        w.unhandled(3, 17, null, "E", "here\nthere");
        w.pending(4, 18, "p", 2_000_000_000L, 7, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.drainTo(out);
        return out.toByteArray();
    }

    @Test
    void every_line_the_writer_writes_reads_back_and_writes_again_to_the_same_bytes() throws IOException {
        byte[] written = everything();
        Read r = read(written);
        assertEquals(List.of(), r.problems);
        assertEquals(11, r.lines.size());
        MonOutWriter again = new MonOutWriter();
        for (MonOutLine l : r.lines) {
            l.writeTo(again);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        again.drainTo(out);
        assertEquals(new String(written, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));

        MonOutLine fired = r.lines.get(8);
        assertEquals(Action.FIRED, fired.action());
        assertEquals(250_000_000L, fired.lifetimeNanos());
        assertTrue(fired.revised() && fired.cancelled() && !fired.success());
        assertEquals("req", fired.name());
        assertEquals(MonOutLine.UNKNOWN, r.lines.get(7).lifetimeNanos());
        MonOutLine failedWithoutError = r.lines.get(6);
        assertTrue(failedWithoutError.failed());
        assertNull(failedWithoutError.error());
        assertEquals(2, r.lines.get(10).jvm());
        assertEquals(0, r.lines.get(0).jvm());
        assertEquals("d \"quoted\" ünï ✓ 🚀", r.lines.get(0).name());
    }

    @Test
    void keys_and_actions_this_reader_does_not_know_are_ignored() throws IOException {
        String text = "{\"action\":\"chained\",\"deferred\":1,\"ts\":5,\"target\":2,\"later\":{\"x\":[1,{\"y\":null}]}}\n"
                + "{\"action\":\"merged\",\"deferred\":1,\"ts\":6,\"what\":\"new\"}\n"
                + "{\"ts\":7,\"success\":\"not a bool, but tracked lines have no success\",\"deferred\":3,"
                + "\"action\":\"tracked\",\"via\":\"track\"}\n";
        Read r = read(text);
        assertEquals(List.of(), r.problems);
        assertEquals(2, r.lines.size(), "the unknown action is skipped");
        assertEquals(2, r.lines.get(0).target());
        assertEquals(Action.TRACKED, r.lines.get(1).action());
        assertNull(r.lines.get(1).name(), "a name that may be null may be missing");

        try (MonOutReader all = new MonOutReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            all.nextAny();
            MonOutLine unknown = all.nextAny();
            assertNull(unknown.action());
            assertEquals(6, unknown.ts());
            assertEquals("{\"action\":\"merged\",\"deferred\":1,\"ts\":6,\"what\":\"new\"}", all.text());
            all.nextAny();
            assertNull(all.nextAny());
            assertEquals(1, all.unknownActions());
            assertEquals(3, all.lines());
        }
    }

    @Test
    void each_bad_line_is_skipped_and_reported_with_its_number_and_what_is_wrong() throws IOException {
        byte[] badUtf8 = "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1,\"via\":\"\u00ff\"}".getBytes(
                StandardCharsets.ISO_8859_1);
        String text = GOOD + "\n"
                + "\n"
                + "[1,2]\n"
                + "{\"foo\":1}\n"
                + "{\"action\":\"fired\",\"deferred\":1,\"ts\":1,\"success\":\"yes\",\"cancelled\":false}\n"
                + "{\"action\":\"fired\",\"deferred\":1,\"ts\":1,\"success\":true}\n"
                + "{\"action\":\"tracked\",\"deferred\":-1,\"ts\":1,\"via\":\"track\"}\n"
                + "{\"action\":\"tracked\",\"deferred\":1,\"ts\":1.5,\"via\":\"track\"}\n"
                + "{\"action\":\"chained\",\"deferred\":1,\"ts\":1,\"ts\":2}\n"
                + "{\"action\":\"executed\",\"deferred\":1,\"ts\":1,\"callback?\":true,\"time\":-1,\"failed\":false}\n"
                + "{\"action\":\"chained\",\"deferred\":1,\"ts\":99999999999999999999}\n"
                + GOOD + " {}\n"
                + GOOD + "\n";
        byte[] bytes = concat(text.getBytes(StandardCharsets.UTF_8), badUtf8,
                ("\n" + GOOD + "\n{\"action\":\"chai").getBytes(StandardCharsets.UTF_8));
        Read r = read(bytes);
        assertEquals(List.of(
                "line 3: not a JSON object",
                "line 4: no \"action\" key",
                "line 5: \"success\" must be true or false",
                "line 6: no \"cancelled\" key (fired lines have one)",
                "line 7: \"deferred\" must be an integer of at least 0",
                "line 8: \"ts\" must be an integer",
                "line 9: not valid JSON (duplicate field 'ts')",
                "line 10: \"time\" must be a number of seconds, at least 0",
                "line 11: \"ts\" is out of range",
                "line 12: more than one JSON value",
                "line 14: not valid JSON (invalid UTF-8 start byte 0xff)",
                "line 16: cut short (the file ends in the middle of it)"), r.problems);
        assertEquals(3, r.lines.size());
    }

    @Test
    void a_first_line_that_is_not_mon_out_means_the_input_is_not_mon_out() {
        MonOutFormatException e = assertThrows(MonOutFormatException.class, () -> read("\n  \n{\"foo\":1}\n" + GOOD));
        assertEquals(3, e.lineNumber());
        assertEquals("no \"action\" key", e.problem());
        assertEquals("line 3: no \"action\" key", e.getMessage());
        assertThrows(MonOutFormatException.class, () -> read("{\"traceEvents\":[\n"));
        assertThrows(MonOutFormatException.class, () -> read("hello\n"));
    }

    @Test
    void blank_lines_a_byte_order_mark_carriage_returns_and_a_last_line_without_newline_are_fine()
            throws IOException {
        Read r = read("\uFEFF" + GOOD + "\r\n\r\n   \n" + GOOD);
        assertEquals(List.of(), r.problems);
        assertEquals(2, r.lines.size());
        assertEquals(0, read("").lines.size());
    }

    @Test
    void problems_that_throw_make_a_bad_line_an_error() {
        String text = GOOD + "\n[]\n" + GOOD + "\n";
        MonOutReader r = new MonOutReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                (n, problem) -> {
                    throw new MonOutFormatException(n, problem);
                });
        MonOutFormatException e = assertThrows(MonOutFormatException.class, () -> {
            while (r.next() != null) {
                // reads until the bad line
            }
        });
        assertEquals(2, e.lineNumber());
    }

    @Test
    void a_line_too_long_to_hold_is_skipped_without_holding_it() throws IOException {
        int size = MonOutReader.MAX_LINE_BYTES + 10;
        InputStream in = new InputStream() {
            private final byte[] head = (GOOD + "\n{\"action\":\"tracked\",\"deferred\":1,\"ts\":1,\"name\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            private final byte[] tail = ("\",\"via\":\"track\"}\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8);
            private long at;

            @Override
            public int read() {
                long i = at++;
                if (i < head.length) {
                    return head[(int) i];
                }
                i -= head.length;
                if (i < size) {
                    return 'x';
                }
                i -= size;
                return i < tail.length ? tail[(int) i] : -1;
            }
        };
        List<String> problems = new ArrayList<>();
        int lines = 0;
        try (MonOutReader r = new MonOutReader(in, (n, p) -> problems.add("line " + n + ": " + p))) {
            while (r.next() != null) {
                lines++;
            }
        }
        assertEquals(List.of("line 2: longer than 16 MB"), problems);
        assertEquals(2, lines);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
