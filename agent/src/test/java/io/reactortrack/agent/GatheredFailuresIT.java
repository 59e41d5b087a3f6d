package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.example.shop.Gathered;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.ChildJvm;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * {@code allOf} and {@code anyOf} read an input that failed already from its
 * field, with no call a tracer could see; under the agent their own entry is
 * woven, so the failure counts as handled by the stage they make.
 */
class GatheredFailuresIT {

    @Test
    void a_failure_gathered_by_all_of_or_any_of_after_it_happened_raises_no_alarm() throws Exception {
        Path dir = Files.createTempDirectory("reactortrack-gathered");
        Path jfr = dir.resolve("gathered.jfr");
        ChildJvm.Outcome run = ChildJvm.java(ChildJvm.thisJava(), List.of("-javaagent:" + AgentFiles.agentJar(),
                "-XX:StartFlightRecording:settings=" + AgentFiles.settings("reactortrack.settings") + ",filename=" + jfr,
                "-Xlog:jfr+startup=error"), Gathered.class.getName(), List.of(), 60);
        run.assertExited0("Gathered");
        List<String> unhandled = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals(ReactorTrackEvents.UNHANDLED_FAILURE))
                .map(e -> e.getString("error")).collect(Collectors.toList());
        Files.deleteIfExists(jfr);
        Files.deleteIfExists(dir);
        assertEquals(1, unhandled.size(), "only the dropped failure is unhandled: " + unhandled);
        assertTrue(unhandled.get(0).contains("dropped"), unhandled.toString());
    }
}
