package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.example.shop.Waiter;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.OtherJdk;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Loading the agent into a running JVM started without it:
 * {@code java -jar reactortrack-agent.jar <pid>}, then {@code jcmd <pid> JFR.start}
 * and {@code JFR.dump}. What happens after the attach is traced; a callback
 * attached before it is not.
 */
class AttachIT {

    private static final String WAITER = "com.example.shop.Waiter";

    @Test
    void an_agent_loaded_into_a_running_jvm_traces_what_happens_from_then_on() throws Exception {
        check(ChildJvm.thisJava(), List.of());
    }

    @Test
    void the_same_on_jdk_25() throws Exception {
        check(OtherJdk.java(25), List.of("-XX:+EnableDynamicAgentLoading"));
    }

    private static void check(Path java, List<String> jvmArgs) throws Exception {
        Path bin = java.getParent();
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", ChildJvm.classPath(), Waiter.class.getName()));
        Process app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Path jfr = Files.createTempFile("reactortrack-attach", ".jfr");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8);
            String pid = line(out, "pid ").substring("pid ".length());

            String attachOutput = ChildJvm.run(List.of(java.toString(), "-jar", AgentFiles.agentJar().toString(), pid),
                    null, 60).assertExited0("the attach").output();
            assertTrue(attachOutput.contains("loaded into " + pid), attachOutput);

            jcmd(bin, pid, "JFR.start", "name=rt", "settings=" + AgentFiles.settings("reactortrack.profile"));
            in.write("work\n");
            in.flush();
            assertEquals("worked 40 + tax", line(out, "worked"));
            jcmd(bin, pid, "JFR.dump", "name=rt", "filename=" + jfr);
            in.write("exit\n");
            in.flush();
            assertTrue(app.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue());

            List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
                    .filter(e -> e.getEventType().getName().startsWith(ReactorTrackEvents.PREFIX))
                    .collect(Collectors.toList());
            List<RecordedEvent> attached = of(events, ReactorTrackEvents.CALLBACK_ATTACHED);
            assertEquals(List.of("supplyAsync", "thenApply", "thenApply"),
                    attached.stream().map(e -> e.getString("method")).collect(Collectors.toList()), attached::toString);
            assertEquals(WAITER + "::tax", attached.get(1).getString("callback"));
            long stuck = attached.get(2).getLong("futureId");
            assertTrue(of(events, ReactorTrackEvents.PENDING_FUTURE).stream().anyMatch(e -> e.getLong("futureId") == stuck),
                    "the future left pending after the attach is listed: " + events);
            // tax ran twice: once attached after the agent was loaded, once before it was, unwrapped and unseen.
            assertEquals(1, of(events, ReactorTrackEvents.CALLBACK_EXECUTED).stream()
                    .filter(e -> (WAITER + "::tax").equals(e.getString("callback"))).count());
            assertEquals(1, of(events, ReactorTrackEvents.CALLBACK_EXECUTED).stream()
                    .filter(e -> (WAITER + "::price").equals(e.getString("callback"))).count());
        } finally {
            app.destroyForcibly().waitFor();
            Files.deleteIfExists(jfr);
        }
    }

    private static String line(BufferedReader out, String prefix) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                return "<end of output>";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    private static void jcmd(Path bin, String pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("jcmd").toString(), pid));
        cmd.addAll(List.of(command));
        ChildJvm.run(cmd, null, 60).assertExited0("jcmd");
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }
}
