package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.reactortrack.monout.ThreadNames;
import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.OtherJdk;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks run on virtual threads are named by a stable identity, never by
 * the empty name a virtual thread has: recorded by both monitors on JDK 25.
 */
class VirtualThreadsTest {

    private static final int PIPELINES = 200;

    @Test
    void every_record_of_a_callback_run_on_a_virtual_thread_names_that_thread(@TempDir Path dir) throws Exception {
        Path monOut = dir.resolve("mon.out");
        Path recording = dir.resolve("virtual.jfr");
        ChildJvm.java(OtherJdk.java(25), List.of(), VirtualThreadsProgram.class.getName(),
                List.of(monOut.toString(), recording.toString(), String.valueOf(PIPELINES)), 120)
                .assertExited0(VirtualThreadsProgram.class.getSimpleName());

        List<Map<String, Object>> executed = MonOut.withAction(
                MonOut.parseAll(java.nio.file.Files.readAllLines(monOut)), "executed");
        assertEquals(2 * PIPELINES, executed.size());
        Set<String> threads = executed.stream().map(l -> (String) l.get("thread")).collect(Collectors.toSet());
        assertTrue(threads.stream().allMatch(t -> t.matches("virtual#\\d+")), () -> "thread names: " + threads);
        assertTrue(threads.stream().allMatch(ThreadNames::isVirtual));
        assertTrue(threads.size() > 1, "every run on one virtual thread: " + threads);

        List<RecordedEvent> runs = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("reactortrack.CallbackExecuted"))
                .collect(Collectors.toList());
        assertEquals(2 * PIPELINES, runs.size());
        for (RecordedEvent e : runs) {
            // JFR names the thread by its id too: that is the identity mon.out uses.
            assertTrue(e.getThread() != null && e.getThread().getJavaThreadId() > 0, e::toString);
        }
    }
}
