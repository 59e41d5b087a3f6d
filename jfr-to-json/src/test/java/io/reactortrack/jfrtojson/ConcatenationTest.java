package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps of several JVMs that ran at the same time, put end to end in one file
 * (which JFR allows): their chunks overlap in time. The merge must not keep
 * the last chunk of each in memory until it passes it; the conversion runs in
 * a heap that could not hold them all.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConcatenationTest {

    private static final int JVMS = 8;
    private static final int EVENTS = 150_000;

    @TempDir
    Path dir;

    @Test
    void a_file_of_overlapping_recordings_of_several_jvms_converts_in_a_small_heap() throws Exception {
        // Started together, so that their recordings overlap in time.
        List<Process> generators = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            Path part = dir.resolve("jvm" + i + ".jfr");
            parts.add(part);
            generators.add(new ProcessBuilder(java(), "-cp", RecordingGenerator.classPath(),
                    RecordingGenerator.class.getName(), "bulk", part.toString(), Integer.toString(EVENTS), "profile")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gen" + i + ".log").toFile()).start());
        }
        for (Process p : generators) {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "a generator hangs");
            assertEquals(0, p.exitValue());
        }
        Path all = dir.resolve("all.jfr");
        try (OutputStream out = Files.newOutputStream(all)) {
            for (Path p : parts) {
                Files.copy(p, out); // cat
            }
        }

        Path converted = dir.resolve("all.mon.out");
        // Eight chunks of 220,000 lines each take over 100 MB as columns: more than this heap.
        Process p = new ProcessBuilder(java(), "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                JfrToJson.class.getName(), all.toString(), "-o", converted.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the conversion hangs");
        assertEquals(0, p.exitValue(), log);
        assertEquals("", log);

        long expected = 0;
        long lines = 0;
        Set<Object> jvms = new HashSet<>();
        long lastTs = Long.MIN_VALUE;
        // Read as it streams: this test's own heap would not hold the lines.
        try (var in = Files.newBufferedReader(converted, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; lines++) {
                Map<String, Object> m = MonOut.parse(line);
                long ts = (Long) m.get("ts");
                assertTrue(ts >= lastTs, "out of order: " + line);
                lastTs = ts;
                jvms.add(m.get("jvm"));
            }
        }
        for (Path part : parts) {
            // In a JVM of its own: this one's heap would not hold the output.
            Path out = dir.resolve(part.getFileName() + ".mon.out");
            Process one = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                    JfrToJson.class.getName(), part.toString(), "-o", out.toString()).inheritIO().start();
            assertTrue(one.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, one.exitValue());
            try (var l = Files.lines(out)) {
                expected += l.count();
            }
        }
        assertEquals(expected, lines);
        assertEquals(JVMS, jvms.size(), "each JVM's dump is a run of its own: " + jvms);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
