package io.reactortrack.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.reactortrack.monout.Action;
import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.MonOutReader;
import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.OtherJdk;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example as a user would, in a separate JVM started with
 * {@code -XX:StartFlightRecording:settings=reactortrack-profile.jfc}: on the
 * JDK that runs the build, and on JDK 25. Each run must exit by itself with
 * status 0, print FINISHED!, write a mon.out shaped like the original
 * example's, and leave a recording (read here, on the build's JDK) that tells
 * the same story: the same futures and the same callback runs.
 *
 * <p>The JDK 25 run finds the JDK with {@link OtherJdk}: it is skipped when
 * there is none, unless {@code -Dreactortrack.requireJdk25=true} (CI).
 */
class ExampleOnJdksTest {

    private static final List<String> EVENT_TYPES = List.of("reactortrack.FutureTracked",
            "reactortrack.CallbackAttached", "reactortrack.CallbackExecuted", "reactortrack.FutureChained",
            "reactortrack.FutureCompleted");

    @Test
    void the_example_runs_under_a_recording_on_the_jdk_of_the_build(@TempDir Path dir) throws Exception {
        runAndCheck(Path.of(System.getProperty("java.home")), dir);
    }

    @Test
    void the_example_runs_under_a_recording_on_jdk_25(@TempDir Path dir) throws Exception {
        runAndCheck(OtherJdk.home(25), dir);
    }

    private static Path settingsFile() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            Path jfc = p.resolve("reactortrack-profile.jfc");
            if (Files.isRegularFile(jfc)) {
                return jfc;
            }
        }
        throw new AssertionError("no reactortrack-profile.jfc above " + module);
    }

    private static void runAndCheck(Path jdk, Path dir) throws Exception {
        Path jfr = dir.resolve("example.jfr");
        Path monOut = dir.resolve("mon.out");
        ChildJvm.Outcome r = ChildJvm.run(List.of(jdk.resolve("bin").resolve("java").toString(),
                "-XX:StartFlightRecording:settings=" + settingsFile() + ",filename=" + jfr,
                "-cp", ChildJvm.classPath(),
                Example.class.getName(), monOut.toString()), dir, 120);
        String where = jdk + ":\n--- stdout\n" + r.stdout() + "--- stderr\n" + r.stderr();
        assertEquals(0, r.exit(), where);
        assertTrue(r.stdout().contains("FINISHED!"), where);
        assertTrue(Files.isRegularFile(monOut), "no mon.out; " + where);
        assertTrue(Files.isRegularFile(jfr), "no recording; " + where);

        List<MonOutLine> lines = new ArrayList<>();
        try (MonOutReader in = new MonOutReader(Files.newInputStream(monOut))) {
            for (MonOutLine l; (l = in.next()) != null; ) {
                lines.add(l);
            }
            assertEquals(0, in.badLines(), where);
        }
        ExampleShapeTest.assertShape(MonOut.parseAll(Files.readAllLines(monOut)), where);

        Map<String, Integer> counts = new TreeMap<>();
        // A stage's tracking is its attach event; a callback run whose value completed its stage says so.
        Set<Long> trackedInRecording = new TreeSet<>();
        Set<Long> firedInRecording = new TreeSet<>();
        List<String> executedInRecording = new ArrayList<>();
        try (RecordingFile in = new RecordingFile(jfr)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String type = e.getEventType().getName();
                if (!type.startsWith("reactortrack.")) {
                    continue;
                }
                counts.merge(type, 1, Integer::sum);
                switch (type) {
                    case "reactortrack.FutureTracked":
                        trackedInRecording.add(e.getLong("futureId"));
                        break;
                    case "reactortrack.CallbackAttached":
                        trackedInRecording.add(e.getLong("resultId"));
                        break;
                    case "reactortrack.CallbackExecuted":
                        executedInRecording.add(e.getString("callback") + " on " + e.getThread().getJavaName());
                        if (e.getBoolean("completesStage")) {
                            firedInRecording.add(e.getLong("resultId"));
                        }
                        break;
                    case "reactortrack.FutureCompleted":
                    case "reactortrack.FutureFailed":
                        firedInRecording.add(e.getLong("futureId"));
                        break;
                    default:
                        break;
                }
            }
        }
        for (String type : EVENT_TYPES) {
            assertTrue(counts.getOrDefault(type, 0) > 0, "no " + type + " in the recording: " + counts + "; " + where);
        }
        Set<Long> trackedInMonOut = lines.stream().filter(l -> l.action() == Action.TRACKED)
                .map(MonOutLine::deferred).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(trackedInMonOut, trackedInRecording, where);
        assertEquals(trackedInMonOut, firedInRecording, "every future's completion is in the recording; " + where);
        List<String> executedInMonOut = lines.stream().filter(l -> l.action() == Action.EXECUTED)
                .map(l -> l.callback() + " on " + l.thread()).sorted().collect(Collectors.toList());
        executedInRecording.sort(null);
        assertEquals(executedInMonOut, executedInRecording, where);
    }
}
