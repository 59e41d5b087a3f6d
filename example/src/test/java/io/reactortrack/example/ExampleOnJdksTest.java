package io.reactortrack.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example as a user would, in a separate JVM started with
 * {@code -XX:StartFlightRecording:settings=reactortrack.jfc}: on the JDK that
 * runs the build, and on Temurin 25. Each run must exit by itself with status
 * 0, print FINISHED!, write a mon.out shaped like the original example's, and
 * leave a recording (read here, on the build's JDK) holding all five Reactor
 * Track event types for the same futures.
 *
 * <p>The JDK 25 run looks for the JDK in the system property or environment
 * variable {@code REACTORTRACK_JDK25} (default
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}) and is skipped when it is absent,
 * unless {@code -Dreactortrack.requireJdk25=true}.
 */
class ExampleOnJdksTest {

    private static final String DEFAULT_JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final List<String> EVENT_TYPES = List.of("reactortrack.FutureTracked",
            "reactortrack.CallbackAttached", "reactortrack.CallbackExecuted", "reactortrack.FutureChained",
            "reactortrack.FutureFired");
    private static final String PREFIX = Example.class.getName() + "::";

    @Test
    void the_example_runs_under_a_recording_on_the_jdk_of_the_build(@TempDir Path dir) throws Exception {
        runAndCheck(Path.of(System.getProperty("java.home")), dir);
    }

    @Test
    void the_example_runs_under_a_recording_on_temurin_25(@TempDir Path dir) throws Exception {
        String configured = System.getProperty("REACTORTRACK_JDK25", System.getenv("REACTORTRACK_JDK25"));
        Path jdk = Path.of(configured != null && !configured.isEmpty() ? configured : DEFAULT_JDK25);
        boolean present = Files.isExecutable(jdk.resolve("bin").resolve("java"));
        if (Boolean.getBoolean("reactortrack.requireJdk25")) {
            assertTrue(present, "no JDK 25 at " + jdk + " (set REACTORTRACK_JDK25)");
        }
        assumeTrue(present, "no JDK 25 at " + jdk + "; set REACTORTRACK_JDK25 to run this test");
        String version = runJava(jdk, dir, List.of("-version")).stderr;
        assertTrue(version.contains("\"25"), () -> jdk + " is not a JDK 25: " + version);
        runAndCheck(jdk, dir);
    }

    /** What a finished java process left behind. */
    private static final class Result {
        final int exit;
        final String stdout;
        final String stderr;

        Result(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Result runJava(Path jdk, Path dir, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin").resolve("java").toString());
        command.addAll(args);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit in 120 s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The example's class path: the test's own (target/classes and the jars) from Surefire. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isEmpty()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    private static Path settingsFile() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            Path jfc = p.resolve("reactortrack.jfc");
            if (Files.isRegularFile(jfc)) {
                return jfc;
            }
        }
        throw new AssertionError("no reactortrack.jfc above " + module);
    }

    private static void runAndCheck(Path jdk, Path dir) throws Exception {
        Path jfr = dir.resolve("example.jfr");
        Path monOut = dir.resolve("mon.out");
        Result r = runJava(jdk, dir, List.of(
                "-XX:StartFlightRecording:settings=" + settingsFile() + ",filename=" + jfr,
                "-cp", classPath(),
                Example.class.getName(), monOut.toString()));
        String where = jdk + ":\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr;
        assertEquals(0, r.exit, where);
        assertTrue(r.stdout.contains("FINISHED!"), where);
        assertTrue(Files.isRegularFile(monOut), "no mon.out; " + where);
        assertTrue(Files.isRegularFile(jfr), "no recording; " + where);

        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(monOut, StandardCharsets.UTF_8)) {
            lines.add(parse(line));
        }
        checkMonOut(lines, where);

        Map<String, Integer> counts = new TreeMap<>();
        Set<Long> trackedInRecording = new TreeSet<>();
        List<String> executedInRecording = new ArrayList<>();
        try (RecordingFile in = new RecordingFile(jfr)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String type = e.getEventType().getName();
                if (!type.startsWith("reactortrack.")) {
                    continue;
                }
                counts.merge(type, 1, Integer::sum);
                if (type.equals("reactortrack.FutureTracked")) {
                    trackedInRecording.add(e.getLong("futureId"));
                } else if (type.equals("reactortrack.CallbackExecuted")) {
                    executedInRecording.add(e.getString("callback") + " on " + e.getThread().getJavaName());
                }
            }
        }
        for (String type : EVENT_TYPES) {
            assertTrue(counts.getOrDefault(type, 0) > 0, "no " + type + " in the recording: " + counts + "; " + where);
        }
        // The recording and mon.out describe the same futures and the same callback runs.
        Set<Long> trackedInMonOut = lines.stream().filter(l -> "tracked".equals(l.get("action")))
                .map(l -> (Long) l.get("deferred")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(trackedInMonOut, trackedInRecording, where);
        List<String> executedInMonOut = lines.stream().filter(l -> "executed".equals(l.get("action")))
                .map(l -> l.get("callback") + " on " + l.get("thread")).sorted().collect(Collectors.toList());
        executedInRecording.sort(null);
        assertEquals(executedInMonOut, executedInRecording, where);
    }

    private static void checkMonOut(List<Map<String, Object>> lines, String where) {
        List<Map<String, Object>> tracked = action(lines, "tracked");
        Map<String, Object> d = tracked.get(0);
        assertEquals("d", d.get("name"), where);
        assertEquals("track", d.get("via"), where);
        List<Map<String, Object>> chained = action(lines, "chained");
        assertEquals(1, chained.size(), where);
        Object d2 = chained.get(0).get("target");
        Map<String, Object> d2Tracked = tracked.stream().filter(l -> l.get("deferred").equals(d2)).findFirst()
                .orElseThrow(() -> new AssertionError("d2 is not tracked; " + where));
        assertEquals("chained", d2Tracked.get("via"), where);

        List<String> attached = action(lines, "attached").stream()
                .map(l -> l.get("method") + " " + name(l.get("callback")) + "/" + name(l.get("errback")))
                .collect(Collectors.toList());
        assertEquals(List.of("thenApply simpleCallback/null", "thenApply followup/null", "thenApply problem/null",
                "exceptionally null/simpleErrback", "thenApply simpleCallback/null", "thenApply finished/null"),
                attached, where);
        Map<String, Object> onD2 = action(lines, "attached").get(4);
        assertEquals(d2, onD2.get("deferred"), "d2 gets simpleCallback; " + where);

        List<Map<String, Object>> executed = action(lines, "executed");
        List<String> runs = executed.stream()
                .map(l -> name(l.get("callback")) + " " + l.get("callback?") + " " + l.get("failed"))
                .collect(Collectors.toList());
        assertEquals(List.of("simpleCallback true false", "followup true false", "problem true true",
                "simpleErrback false false"), runs.subList(0, 4), where);
        assertTrue(runs.containsAll(List.of("simpleCallback true false", "finished true false")), where);
        assertEquals(6, runs.size(), where);
        assertEquals("java.lang.IllegalStateException: oh no", executed.get(2).get("error"), where);
        for (Map<String, Object> l : executed) {
            assertEquals("scheduler-1", l.get("thread"), where);
        }
        List<Map<String, Object>> fired = action(lines, "fired");
        assertEquals(tracked.size(), fired.size(), "every tracked future fired; " + where);
    }

    private static List<Map<String, Object>> action(List<Map<String, Object>> lines, String action) {
        return lines.stream().filter(l -> action.equals(l.get("action"))).collect(Collectors.toList());
    }

    private static String name(Object callback) {
        if (callback == null) {
            return "null";
        }
        String s = callback.toString();
        assertTrue(s.startsWith(PREFIX), () -> "a method reference is named Class::method: " + s);
        return s.substring(PREFIX.length());
    }

    private static final JsonFactory JSON = new JsonFactory();

    private static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                m.put(key, v == JsonToken.VALUE_NULL ? null : v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue()
                        : v == JsonToken.VALUE_NUMBER_FLOAT ? (Object) p.getDoubleValue()
                        : v == JsonToken.VALUE_TRUE ? Boolean.TRUE : v == JsonToken.VALUE_FALSE ? Boolean.FALSE
                        : p.getText());
            }
        }
        List<String> keys = new ArrayList<>(m.keySet());
        assertEquals(List.of("action", "deferred", "ts"), keys.subList(0, 3), line);
        return m;
    }
}
