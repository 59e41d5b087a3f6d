package io.reactortrack.monout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MonOutWriterTest {

    @Test
    void every_action_is_written_with_its_keys_in_the_contract_order() {
        MonOutWriter w = new MonOutWriter();
        w.tracked(1, 10, "d", 0, "track");
        assertEquals("{\"action\":\"tracked\",\"deferred\":1,\"ts\":10,\"name\":\"d\",\"parent\":null,\"via\":\"track\"}",
                w.takeLine());
        w.attached(1, 11, "a.B::c", null, "thenApply", 2);
        assertEquals("{\"action\":\"attached\",\"deferred\":1,\"ts\":11,\"callback\":\"a.B::c\",\"errback\":null,"
                + "\"method\":\"thenApply\",\"result\":2}", w.takeLine());
        w.chained(1, 12, 0);
        assertEquals("{\"action\":\"chained\",\"deferred\":1,\"ts\":12,\"target\":null}", w.takeLine());
        w.executed(1, 13, "cb", true, 1_500_000, "main", null);
        assertEquals("{\"action\":\"executed\",\"deferred\":1,\"ts\":13,\"callback\":\"cb\",\"callback?\":true,"
                + "\"time\":0.0015,\"thread\":\"main\",\"failed\":false}", w.takeLine());
        w.executed(1, 14, "cb", false, 0, "main", "java.lang.IllegalStateException: no");
        assertEquals("{\"action\":\"executed\",\"deferred\":1,\"ts\":14,\"callback\":\"cb\",\"callback?\":false,"
                + "\"time\":0.0,\"thread\":\"main\",\"failed\":true,\"error\":\"java.lang.IllegalStateException: no\"}",
                w.takeLine());
        w.unhandled(3, 15, null, "E", "here");
        assertEquals("{\"action\":\"unhandled\",\"deferred\":3,\"ts\":15,\"name\":null,\"error\":\"E\",\"origin\":\"here\"}",
                w.takeLine());
        w.pending(4, 16, "p", 2_000_000_000L, 1, null);
        assertEquals("{\"action\":\"pending\",\"deferred\":4,\"ts\":16,\"name\":\"p\",\"age\":2.0,\"dependents\":1,"
                + "\"origin\":null}", w.takeLine());
    }

    @Test
    void a_fired_line_carries_its_optional_keys_only_when_known() {
        MonOutWriter w = new MonOutWriter();
        w.fired(2, 20, true, false, null, null, null, MonOutWriter.UNKNOWN, false);
        assertEquals("{\"action\":\"fired\",\"deferred\":2,\"ts\":20,\"success\":true,\"cancelled\":false}",
                w.takeLine());
        w.fired(2, 21, false, true, "java.util.concurrent.CancellationException", "req", "cb", 250_000_000L, true);
        assertEquals("{\"action\":\"fired\",\"deferred\":2,\"ts\":21,\"success\":false,"
                + "\"error\":\"java.util.concurrent.CancellationException\",\"cancelled\":true,\"name\":\"req\","
                + "\"callback\":\"cb\",\"lifetime\":0.25,\"revised\":true}", w.takeLine());
    }

    @Test
    void the_jvm_key_comes_last_and_only_when_set() throws Exception {
        MonOutWriter w = new MonOutWriter();
        w.jvm(2);
        w.chained(1, 1, 2);
        w.jvm(0);
        w.chained(1, 2, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.drainTo(out);
        assertEquals("{\"action\":\"chained\",\"deferred\":1,\"ts\":1,\"target\":2,\"jvm\":2}\n"
                + "{\"action\":\"chained\",\"deferred\":1,\"ts\":2,\"target\":2}\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, w.size());
    }

    @Test
    void strings_are_escaped_as_json_and_written_as_utf8() throws Exception {
        MonOutWriter w = new MonOutWriter();
        String nasty = "q\"b\\s/\n\r\t\b\f\u0001 é € 😀 </script>";
        w.chained(1, 1, 1);
        w.takeLine();
        w.tracked(1, 1, nasty, 0, "track");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.drainTo(out);
        String line = out.toString(StandardCharsets.UTF_8);
        assertEquals("{\"action\":\"tracked\",\"deferred\":1,\"ts\":1,\"name\":"
                + "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001 é € 😀 </script>\",\"parent\":null,\"via\":\"track\"}\n", line);
    }

    @Test
    void a_lone_surrogate_is_kept_as_an_escape_not_lost() {
        MonOutWriter w = new MonOutWriter();
        w.tracked(1, 1, "a\ud800b", 0, "track");
        assertEquals("{\"action\":\"tracked\",\"deferred\":1,\"ts\":1,\"name\":\"a\\ud800b\",\"parent\":null,"
                + "\"via\":\"track\"}", w.takeLine());
    }

    @Test
    void long_strings_grow_the_buffer() {
        MonOutWriter w = new MonOutWriter();
        String big = "x".repeat(100_000);
        w.unhandled(1, 1, big, "é".repeat(50_000), null);
        String line = w.takeLine();
        assertEquals(true, line.contains(big));
        assertEquals(true, line.contains("é".repeat(50_000)));
    }

    @Test
    void threads_are_named_alike_by_every_writer() {
        assertEquals("main", ThreadNames.of("main", 1, false));
        assertEquals("thread#7", ThreadNames.of("", 7, false));
        assertEquals("virtual#42", ThreadNames.of("", 42, true));
        assertEquals("worker (virtual#42)", ThreadNames.of("worker", 42, true));
        assertEquals(true, ThreadNames.isVirtual("virtual#42"));
        assertEquals(true, ThreadNames.isVirtual("worker (virtual#42)"));
        assertEquals(false, ThreadNames.isVirtual("main"));
        assertEquals(false, ThreadNames.isVirtual("thread#7"));
    }

    @Test
    void seconds_are_written_as_double_to_string_writes_them_on_every_jdk() {
        java.util.Random random = new java.util.Random(42);
        long[] fixed = {0, 1, 9, 42, 999, 1_000, 501_493, 999_999, 1_000_000, 1_500_000, 2_006_224, 100_000_001,
            999_999_999, 1_000_000_000, 2_000_000_000L, 1_234_567_891_234L, 999_999_999_999_999L,
            10_000_000_000_000_000L, 86_400_000_000_000L * 99};
        MonOutWriter w = new MonOutWriter();
        for (int i = 0; i < fixed.length + 200_000; i++) {
            long nanos = i < fixed.length ? fixed[i]
                    : (long) Math.pow(10, random.nextInt(15)) + random.nextInt(1_000_000_000) % ((long) Math.pow(10, random.nextInt(10)) + 1);
            w.pending(1, 1, null, nanos, 0, null);
            String line = w.takeLine();
            String age = line.substring(line.indexOf("\"age\":") + 6, line.indexOf(",\"dependents\""));
            // Below 10^15 ns the exact decimal is the shortest text, which the JDK writes too.
            assertEquals(Double.toString(nanos / 1e9), age, "nanos " + nanos);
        }
    }
}
