package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.internal.Registry;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnhandledAndPendingTest {

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static List<String> lines(JsonMonitor m, String action) {
        return m.buffer().stream().filter(l -> l.startsWith("{\"action\":\"" + action + "\""))
                .collect(Collectors.toList());
    }

    private static Object boom(Object ignored) {
        throw new IllegalStateException("boom");
    }

    @Test
    void a_failure_nobody_handles_is_reported_once_at_the_end_of_its_chain() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> root = m.newFuture("root");
        TrackedFuture<Object> last = root.thenApply(x -> x).thenApply(UnhandledAndPendingTest::boom).thenApply(x -> x);
        root.complete("v");
        m.close();
        List<String> unhandled = lines(m, "unhandled");
        assertEquals(1, unhandled.size(), unhandled::toString);
        assertTrue(unhandled.get(0).contains("\"deferred\":" + last.id() + ","), unhandled::toString);
        assertTrue(unhandled.get(0).contains("\"error\":\"java.lang.IllegalStateException: boom\""));
        assertTrue(unhandled.get(0).contains("\"origin\":\"thenApply("), "origin names the deriving method");
    }

    @Test
    void an_async_failure_nobody_handles_is_reported_too() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> root = m.newFuture("root");
        CountDownLatch ran = new CountDownLatch(1);
        TrackedFuture<Object> last = root.thenApplyAsync(x -> {
            ran.countDown();
            throw new IllegalStateException("async boom");
        }, pool);
        root.complete("v");
        // Waits without observing the failing stage: isDone does not count as looking.
        while (!last.isDone()) {
            Thread.onSpinWait();
        }
        m.close();
        List<String> unhandled = lines(m, "unhandled");
        assertEquals(1, unhandled.size(), unhandled::toString);
        assertTrue(unhandled.get(0).contains("async boom"));
    }

    @Test
    void a_failure_handled_downstream_is_never_reported_sync_or_async() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> a = m.newFuture("a");
        a.thenApply(UnhandledAndPendingTest::boom).thenApply(x -> x).exceptionally(e -> "recovered");
        TrackedFuture<Object> b = m.newFuture("b");
        TrackedFuture<Object> handled = b.thenApplyAsync(UnhandledAndPendingTest::boom, pool)
                .handleAsync((v, e) -> "recovered", pool);
        TrackedFuture<Object> c = m.newFuture("c");
        c.whenComplete((v, e) -> { });
        a.complete("v");
        b.complete("v");
        c.completeExceptionally(new IllegalStateException("seen by whenComplete"));
        assertEquals("recovered", handled.join());
        m.close();
        // whenComplete's action saw the failure: its stage passing it on is not reported either.
        assertEquals(List.of(), lines(m, "unhandled"));
    }

    @Test
    void a_whenComplete_action_that_throws_on_success_is_a_new_failure_and_is_reported() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> c = m.newFuture("c");
        TrackedFuture<Object> stage = c.whenComplete((v, e) -> {
            throw new IllegalStateException("thrown by the action");
        });
        c.complete("ok");
        m.close();
        List<String> unhandled = lines(m, "unhandled");
        assertEquals(1, unhandled.size(), unhandled::toString);
        assertTrue(unhandled.get(0).contains("\"deferred\":" + stage.id() + ","), unhandled::toString);
        assertTrue(unhandled.get(0).contains("thrown by the action"));
    }

    @Test
    void a_failure_consumed_by_join_get_or_getNow_is_never_reported() throws Exception {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> joined = m.newFuture("joined");
        TrackedFuture<Object> late = m.newFuture("late");
        TrackedFuture<Object> polled = m.newFuture("polled");
        joined.completeExceptionally(new IllegalStateException("x"));
        late.completeExceptionally(new IllegalStateException("y"));
        polled.completeExceptionally(new IllegalStateException("z"));
        assertThrows(CompletionException.class, joined::join);
        assertThrows(java.util.concurrent.ExecutionException.class, late::get);
        assertTrue(polled.isCompletedExceptionally());
        m.close();
        assertEquals(List.of(), lines(m, "unhandled"));
    }

    @Test
    void a_failure_passed_to_allOf_or_cancelled_is_never_reported() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> a = m.newFuture("a");
        CompletableFuture<Object> stage = a.thenApply(x -> x);
        CompletableFuture<Void> all = CompletableFuture.allOf(stage);
        TrackedFuture<Object> cancelled = m.newFuture("cancelled");
        cancelled.thenApply(x -> x);
        a.completeExceptionally(new IllegalStateException("seen through allOf"));
        cancelled.cancel(false);
        assertThrows(CompletionException.class, all::join);
        m.close();
        assertEquals(List.of(), lines(m, "unhandled"));
    }

    @Test
    void the_examples_chain_into_d2_reports_nothing() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> d = m.newFuture("d");
        TrackedFuture<Object> d2 = new TrackedFuture<>();
        TrackedFuture<Object> recovered = d.thenApply(x -> 1).thenApply(x -> 2)
                .thenApply(UnhandledAndPendingTest::boom).exceptionally(e -> null).chain(d2);
        CompletableFuture<Object> d2Done = d2.thenApply(x -> 1);
        CompletableFuture<Object> done = recovered.thenApply(x -> null);
        d.complete(null);
        CompletableFuture.allOf(done, d2Done).join();
        m.close();
        assertEquals(List.of(), lines(m, "unhandled"));
        assertEquals(List.of(), lines(m, "pending"));
    }

    @Test
    void a_failure_chained_into_d2_is_reported_at_the_end_of_d2s_chain_only() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> d = m.newFuture("d");
        TrackedFuture<Object> d2 = new TrackedFuture<>();
        d.thenApply(UnhandledAndPendingTest::boom).chain(d2);
        TrackedFuture<Object> end = d2.thenApply(x -> x);
        d.complete(null);
        m.close();
        List<String> unhandled = lines(m, "unhandled");
        assertEquals(1, unhandled.size(), unhandled::toString);
        assertTrue(unhandled.get(0).contains("\"deferred\":" + end.id() + ","), unhandled::toString);
    }

    @Test
    void a_dropped_failure_is_reported_when_the_future_is_collected() throws Exception {
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable("reactortrack.UnhandledFailure");
            rs.enable("reactortrack.FutureCompleted");
            CountDownLatch reported = new CountDownLatch(1);
            List<RecordedEvent> seen = new ArrayList<>();
            rs.onEvent("reactortrack.UnhandledFailure", e -> {
                if ("dropped".equals(e.getString("name"))) {
                    seen.add(e);
                    reported.countDown();
                }
            });
            rs.startAsync();
            JfrMonitor m = new JfrMonitor(true);
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> ref = dropFailed(m, queue);
            while (queue.remove(100) == null) {
                System.gc();
            }
            assertNull(ref.get());
            assertTrue(reported.await(30, TimeUnit.SECONDS), "no UnhandledFailure event after the future was collected");
            assertEquals("java.lang.IllegalStateException: dropped on the floor", seen.get(0).getString("error"));
        }
    }

    private static WeakReference<Object> dropFailed(JfrMonitor m, ReferenceQueue<Object> queue) {
        TrackedFuture<Object> f = m.newFuture("dropped");
        f.completeExceptionally(new IllegalStateException("dropped on the floor"));
        return new WeakReference<>(f, queue);
    }

    @Test
    void pending_lists_incomplete_futures_and_forgets_them_once_completed() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> stuck = m.newFuture("stuck");
        TrackedFuture<Object> waiting = stuck.thenApply(x -> x);
        TrackedFuture<Object> later = m.newFuture("later");
        List<PendingFuture> first = m.pending();
        assertEquals(List.of(stuck.id(), waiting.id(), later.id()),
                first.stream().map(PendingFuture::id).collect(Collectors.toList()));
        assertEquals("stuck", first.get(0).name());
        assertEquals(1, first.get(0).dependents());
        assertTrue(first.get(0).origin().contains("UnhandledAndPendingTest"), first.get(0).origin());
        assertTrue(first.get(1).origin().startsWith("thenApply("), first.get(1).origin());
        assertTrue(first.get(0).age().compareTo(Duration.ZERO) >= 0);

        later.complete("done after the first snapshot");
        List<Long> second = m.pending().stream().map(PendingFuture::id).collect(Collectors.toList());
        assertEquals(List.of(stuck.id(), waiting.id()), second);

        m.close();
        List<String> pending = lines(m, "pending");
        assertEquals(2, pending.size(), pending::toString);
        assertTrue(pending.get(0).contains("\"name\":\"stuck\""));
        assertTrue(pending.get(0).contains("\"dependents\":1"));
    }

    @Test
    void a_recording_dump_lists_the_pending_futures_at_the_end_of_the_chunk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pending.jfr");
        TrackedFuture<Object> stuck;
        TrackedFuture<Object> done;
        try (Recording r = new Recording()) {
            r.enable("reactortrack.PendingFuture");
            r.enable("reactortrack.FutureTracked");
            r.start();
            JfrMonitor m = new JfrMonitor(true);
            stuck = m.newFuture("stuck in a dump");
            done = m.newFuture("completed before the dump");
            done.complete("x");
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("reactortrack.PendingFuture"))
                .collect(Collectors.toList());
        List<String> names = events.stream().map(e -> e.getString("name")).collect(Collectors.toList());
        assertTrue(names.contains("stuck in a dump"), names::toString);
        assertTrue(!names.contains("completed before the dump"), names::toString);
        RecordedEvent e = events.get(names.indexOf("stuck in a dump"));
        assertEquals(stuck.id(), e.getLong("futureId"));
        assertTrue(Files.size(file) > 0);
        assertTrue(done.isDone());
    }

    @Test
    void a_million_completed_futures_leave_nothing_behind() throws Exception {
        try (Recording recording = new Recording()) {
            // Only the pending list on: every tracked future is registered, nothing else is written.
            recording.enable(ReactorTrackEvents.PENDING_FUTURE);
            recording.start();
            JfrMonitor m = new JfrMonitor(true);
            int before = Registry.size();
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sample = null;
            for (int i = 0; i < 1_000_000; i++) {
                TrackedFuture<Integer> f = m.newFuture(null);
                CompletableFuture<Integer> g = f.thenApply(x -> x + 1);
                f.complete(i);
                g.join();
                if (i == 500_000) {
                    sample = new WeakReference<>(g, queue);
                    assertTrue(((TrackedFuture<?>) g).id() != 0, "nothing was recorded: the test proves nothing");
                }
            }
            // At most as many as before: weakly held entries left by earlier tests may be swept meanwhile.
            assertTrue(Registry.size() <= before, "completed futures stay registered");
            assertEquals(0, m.stats().tracerErrors());
            WeakReference<Object> ref = sample;
            while (ref.get() != null) {
                System.gc();
            }
            assertNull(ref.get());
        }
    }

    @Test
    void the_management_bean_lists_pending_futures_without_a_recording() throws Exception {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<Object> stuck = m.newFuture("visible over jmx");
        ReactorTrack.registerMXBean();
        ReactorTrack.registerMXBean();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        String[] pending = (String[]) server.getAttribute(
                new javax.management.ObjectName(ReactorTrack.MXBEAN_NAME), "PendingFutures");
        assertTrue(java.util.Arrays.stream(pending).anyMatch(p -> p.startsWith("#" + stuck.id() + " visible over jmx")),
                java.util.Arrays.toString(pending));
        stuck.complete("done");
        pending = (String[]) server.getAttribute(
                new javax.management.ObjectName(ReactorTrack.MXBEAN_NAME), "PendingFutures");
        assertTrue(java.util.Arrays.stream(pending).noneMatch(p -> p.startsWith("#" + stuck.id() + " ")));
    }
    @Test
    void with_nothing_recording_the_jvm_wide_monitor_lists_what_a_hung_pipeline_waits_for() throws Exception {
        TrackedFuture<String> request = ReactorTrack.newFuture("request nobody answers");
        TrackedFuture<Integer> parsed = request.thenApply(String::length);
        TrackedFuture<String> answered = ReactorTrack.newFuture("request answered");
        answered.thenApply(String::length);
        answered.complete("ok");
        List<PendingFuture> pending = ReactorTrack.monitor().pending();
        List<String> names = pending.stream().map(PendingFuture::name).collect(Collectors.toList());
        assertTrue(names.contains("request nobody answers"), names::toString);
        assertTrue(!names.contains("request answered"), names::toString);
        PendingFuture p = pending.get(names.indexOf("request nobody answers"));
        assertTrue(p.id() != 0);
        assertEquals(1, p.dependents(), p::toString);
        // Over JMX too, the same list.
        ReactorTrack.registerMXBean();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        String[] listed = (String[]) server.getAttribute(
                new javax.management.ObjectName(ReactorTrack.MXBEAN_NAME), "PendingFutures");
        assertTrue(java.util.Arrays.stream(listed).anyMatch(l -> l.startsWith("#" + p.id() + " request nobody answers")),
                java.util.Arrays.toString(listed));
        request.complete("late");
        assertEquals(4, parsed.join());
        assertTrue(ReactorTrack.monitor().pending().stream().noneMatch(x -> x.id() == p.id()));
    }

    @Test
    void a_future_that_hung_before_the_recording_started_is_in_the_dump(@TempDir Path dir) throws Exception {
        // The application hangs first: nothing records while the pipeline is built.
        JfrMonitor m = new JfrMonitor(true);
        TrackedFuture<String> hung = m.newFuture("hung before the recording");
        hung.thenApply(String::trim);
        TrackedFuture<String> blockedOn = m.newFuture("a thread waits on it");
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            blockedOn.join();
        });
        waiter.start();
        waiting.await();
        // Then it is recorded: jcmd <pid> JFR.start, then JFR.dump.
        Path file = dir.resolve("hung.jfr");
        try (Recording r = new Recording()) {
            r.enable("reactortrack.PendingFuture");
            r.start();
            while (!blockedOn.toString().contains("dependents") && waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("reactortrack.PendingFuture"))
                .collect(Collectors.toList());
        List<String> names = events.stream().map(e -> e.getString("name")).collect(Collectors.toList());
        assertTrue(names.contains("hung before the recording"), names::toString);
        assertTrue(names.contains("a thread waits on it"), names::toString);
        blockedOn.complete("released");
        waiter.join();
    }
}
