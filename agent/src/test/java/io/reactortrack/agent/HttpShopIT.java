package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.example.shop.HttpShop;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.jfrtojson.JfrToJson;
import io.reactortrack.recorder.testing.ChildJvm;
import io.reactortrack.recorder.testing.MonOut;
import io.reactortrack.recorder.testing.OtherJdk;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A real client, no code change: {@link HttpShop} runs in a child JVM with
 * the agent and a recording with the profile settings, and the recording
 * must tell its story: every request's pipeline, the failures, the slow
 * request by its lifetime, the hung one pending, in the events and in the
 * {@code mon.out} that {@code jfr-to-json} makes of them. The JDK's own
 * pipelines inside {@code HttpClient} are not traced.
 */
class HttpShopIT {

    private static final String SHOP = "com.example.shop.HttpShop";

    @Test
    void the_recording_of_an_unmodified_http_client_tells_its_story() throws Exception {
        check(ChildJvm.thisJava());
    }

    @Test
    void the_same_on_jdk_25() throws Exception {
        check(OtherJdk.java(25));
    }

    private static void check(Path java) throws Exception {
        Path dir = Files.createTempDirectory("reactortrack-http");
        Path jfr = dir.resolve("shop.jfr");
        ChildJvm.Outcome run = ChildJvm.java(java, List.of("-javaagent:" + AgentFiles.agentJar(),
                "-XX:StartFlightRecording:settings=" + AgentFiles.settings("reactortrack.profile") + ",filename=" + jfr,
                "-Xlog:jfr+startup=error"), HttpShop.class.getName(), List.of(), 90);
        run.assertExited0("HttpShop");
        assertTrue(run.output().contains("price 42, ordered, stock 7, report, fallback, timed out; still waiting: true"),
                run.output());
        assertFalse(run.output().contains("reactortrack-agent"), run.output());
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().startsWith(ReactorTrackEvents.PREFIX))
                .collect(Collectors.toList());
        Path monOut = dir.resolve("mon.out");
        assertEquals(0, new CommandLine(new JfrToJson()).execute(jfr.toString(), "-o", monOut.toString()),
                "jfr-to-json converts the agent's recording");
        List<Map<String, Object>> lines = MonOut.parseAll(Files.readAllLines(monOut));
        Files.deleteIfExists(monOut);
        Files.deleteIfExists(jfr);
        Files.deleteIfExists(dir);

        List<RecordedEvent> attached = of(events, ReactorTrackEvents.CALLBACK_ATTACHED);
        // Every request's pipeline, as the application wrote it.
        assertEquals(3, callbacks(attached, SHOP + "::body").size(), "body: price, order, timed-out");
        assertEquals(1, callbacks(attached, "java.lang.Integer::parseInt").size());
        assertEquals(1, callbacks(attached, SHOP + "::reportBody").size());
        assertEquals(1, callbacks(attached, SHOP + "::checked").size());
        assertEquals(1, callbacks(attached, SHOP + "::hungBody").size());
        RecordedEvent compose = attached.stream().filter(e -> "thenCompose".equals(e.getString("method")))
                .findFirst().orElseThrow(() -> new AssertionError("no thenCompose: " + attached));
        assertTrue(compose.getString("callback").startsWith(SHOP + ".run(HttpShop.java:"), compose.toString());
        assertEquals(1, errbacks(attached, SHOP + "::fallback").size());
        assertEquals(1, errbacks(attached, SHOP + "::timeout").size());
        // Nothing of the JDK's own pipelines inside HttpClient.
        for (RecordedEvent e : attached) {
            String cb = e.getString("callback") != null ? e.getString("callback") : e.getString("errback");
            assertTrue(cb.startsWith(SHOP) || cb.equals("java.lang.Integer::parseInt"), "not the application's: " + e);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            assertEquals("java.util.concurrent.CompletableFuture", frames.get(0).getMethod().getType().getName(),
                    "the stack starts in the method the application called: " + e);
            assertEquals(SHOP, frames.get(1).getMethod().getType().getName(), e.toString());
        }

        Map<Long, RecordedEvent> completed = of(events, ReactorTrackEvents.FUTURE_COMPLETED).stream()
                .collect(Collectors.toMap(e -> e.getLong("futureId"), e -> e, (a, b) -> b));
        // The failure: the stage whose callback threw.
        long checkedStage = callbacks(attached, SHOP + "::checked").get(0).getLong("resultId");
        RecordedEvent failed = completed.get(checkedStage);
        assertTrue(failed != null && !failed.getBoolean("success")
                && failed.getString("error").equals("java.lang.IllegalStateException: HTTP 500 from /broken"),
                "checked failed the stage: " + failed);
        assertEquals(SHOP + "::checked", failed.getString("callback"));
        // The timeout: the response future orTimeout failed, the root of the pipeline whose errback is timeout.
        long timeoutInput = errbacks(attached, SHOP + "::timeout").get(0).getLong("futureId");
        long timedOutRoot = attached.stream().filter(e -> e.getLong("resultId") == timeoutInput).findFirst()
                .orElseThrow().getLong("futureId");
        RecordedEvent timedOut = completed.get(timedOutRoot);
        assertTrue(timedOut != null && "java.util.concurrent.TimeoutException".equals(timedOut.getString("error")),
                "orTimeout failed the response future: " + timedOut);
        // The slow request, by its lifetime.
        long slow = callbacks(attached, SHOP + "::reportBody").get(0).getLong("futureId");
        RecordedEvent slowDone = completed.get(slow);
        assertTrue(slowDone != null && slowDone.getDuration().compareTo(Duration.ofMillis(1_000)) >= 0,
                "the slow response lived past a second: " + slowDone);
        // The fast request: its response future completed, and each callback's value completed its stage.
        long fastBody = callbacks(attached, "java.lang.Integer::parseInt").get(0).getLong("futureId");
        long fastRoot = attached.stream().filter(e -> e.getLong("resultId") == fastBody).findFirst().orElseThrow()
                .getLong("futureId");
        assertTrue(completed.containsKey(fastRoot) && completed.get(fastRoot).getBoolean("success"),
                "the fast response completed: " + completed.get(fastRoot));
        assertTrue(of(events, ReactorTrackEvents.CALLBACK_EXECUTED).stream()
                .anyMatch(e -> "java.lang.Integer::parseInt".equals(e.getString("callback"))
                        && e.getBoolean("completesStage")), "parseInt completed the last stage");
        // The hung request: pending when the recording ended, with the stage that waits on it.
        long hung = callbacks(attached, SHOP + "::hungBody").get(0).getLong("futureId");
        List<RecordedEvent> pending = of(events, ReactorTrackEvents.PENDING_FUTURE);
        RecordedEvent hungPending = pending.stream().filter(e -> e.getLong("futureId") == hung).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the hung request is not pending: " + pending));
        assertEquals(1, hungPending.getInt("dependents"), hungPending.toString());
        assertFalse(completed.containsKey(hung), "the hung request never completed");
        assertTrue(of(events, ReactorTrackEvents.CALLBACK_EXECUTED).stream()
                .anyMatch(e -> (SHOP + "::checked").equals(e.getString("callback")) && e.getBoolean("failed")));

        // The same story from the converted mon.out, as the viewer and --summary read it.
        Map<Long, Map<String, Object>> fired = MonOut.withAction(lines, "fired").stream()
                .collect(Collectors.toMap(l -> MonOut.id(l, "deferred"), l -> l, (a, b) -> b));
        assertEquals(Boolean.FALSE, fired.get(checkedStage).get("success"), "mon.out: " + fired.get(checkedStage));
        assertEquals("java.lang.IllegalStateException: HTTP 500 from /broken", fired.get(checkedStage).get("error"));
        assertEquals(SHOP + "::checked", fired.get(checkedStage).get("callback"));
        assertEquals("java.util.concurrent.TimeoutException", fired.get(timedOutRoot).get("error"),
                "mon.out: " + fired.get(timedOutRoot));
        assertTrue(((Number) fired.get(slow).get("lifetime")).doubleValue() >= 1.0,
                "mon.out: the slow response's lifetime: " + fired.get(slow));
        assertEquals(Boolean.TRUE, fired.get(fastRoot).get("success"));
        assertFalse(fired.containsKey(hung), "mon.out: the hung request never fired");
        assertTrue(MonOut.withAction(lines, "pending").stream().anyMatch(l -> MonOut.id(l, "deferred") == hung
                && ((Number) l.get("dependents")).longValue() == 1), "mon.out: the hung request is pending");
        assertTrue(MonOut.withAction(lines, "unhandled").isEmpty(),
                "every failure was handled by fallback or timeout: " + MonOut.withAction(lines, "unhandled"));
        assertTrue(MonOut.withAction(lines, "attached").stream()
                .anyMatch(l -> (SHOP + "::hungBody").equals(l.get("callback"))
                        && MonOut.id(l, "deferred") == hung), "mon.out: hungBody waits on the hung request");
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    private static List<RecordedEvent> callbacks(List<RecordedEvent> attached, String name) {
        return attached.stream().filter(e -> name.equals(e.getString("callback"))).collect(Collectors.toList());
    }

    private static List<RecordedEvent> errbacks(List<RecordedEvent> attached, String name) {
        return attached.stream().filter(e -> name.equals(e.getString("errback"))).collect(Collectors.toList());
    }
}
