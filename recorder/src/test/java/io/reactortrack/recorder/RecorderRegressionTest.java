package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per recorder bug the test suite found, each failing on the code before its fix. */
class RecorderRegressionTest {

    @Test
    void write_to_writes_every_line_and_leaves_a_file_as_readable_as_any_other(@TempDir Path dir) throws Exception {
        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> f = monitor.newFuture("caf\u00e9 \"q\"");
        f.thenApply(String::length);
        f.complete("x");
        Path out = dir.resolve("mon.out");
        Files.writeString(out, "old content that must go\n");
        monitor.writeTo(out);
        assertEquals(String.join("\n", monitor.buffer()) + "\n", Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(List.of(out), Files.list(dir).collect(Collectors.toList()), "a temporary file was left behind");
        if (Files.getFileAttributeView(out, PosixFileAttributeView.class) != null) {
            Path plain = Files.createFile(dir.resolve("plain"));
            // Files.createTempFile would have made it rw------- whatever the umask.
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        }
    }

    private static List<Map<String, Object>> lines(JsonMonitor m, String action) {
        return MonOut.withAction(MonOut.parseAll(m.buffer()), action);
    }

    private static Map<String, Object> firedOf(JsonMonitor m, long id) {
        List<Map<String, Object>> fired = lines(m, "fired").stream().filter(l -> MonOut.id(l, "deferred") == id)
                .collect(Collectors.toList());
        assertEquals(1, fired.size(), () -> "fired lines of " + id + ": " + m.buffer());
        return fired.get(0);
    }

    @Test
    void complete_async_without_an_executor_records_its_supplier_once() throws Exception {
        // CompletableFuture.completeAsync(s) calls completeAsync(s, defaultExecutor()), the overridden one.
        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> f = monitor.newFuture("f");
        assertSame(f, f.completeAsync(Callbacks.supplier("make", () -> "x")));
        assertEquals("x", f.get(10, TimeUnit.SECONDS));
        List<Map<String, Object>> attached = lines(monitor, "attached");
        assertEquals(1, attached.size(), monitor.buffer()::toString);
        assertEquals("make", attached.get(0).get("callback"));
        assertEquals("completeAsync", attached.get(0).get("method"));
        List<Map<String, Object>> executed = lines(monitor, "executed");
        assertEquals(1, executed.size(), monitor.buffer()::toString);
        assertEquals("make", executed.get(0).get("callback"));
    }

    @Test
    void an_either_method_whose_other_input_completed_first_returns_a_tracked_stage_with_the_plain_outcome() {
        // orApplyStage makes the stage with the *other* input's newIncompleteFuture() in that case.
        CompletableFuture<String> other = CompletableFuture.completedFuture("o");
        CompletableFuture<String> plain = new CompletableFuture<String>().applyToEither(other, s -> s + "!");

        TrackedFuture<String> untracked = new TrackedFuture<>();
        TrackedFuture<String> u = untracked.applyToEither(other, s -> s + "!");
        assertEquals(plain.join(), u.join());

        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> tracked = monitor.newFuture("t");
        TrackedFuture<String> t = tracked.applyToEither(other, Callbacks.function("bang", s -> s + "!"));
        assertEquals("o!", t.join());
        TrackedFuture<Void> accepted = tracked.acceptEither(other, s -> { });
        TrackedFuture<Void> ran = tracked.runAfterEither(other, () -> { });
        assertTrue(accepted.isDone() && ran.isDone());

        // The other input tracked by the same monitor: no stage of its own shows up, the reserved one is used.
        TrackedFuture<String> done = monitor.newFuture("done");
        done.complete("d");
        TrackedFuture<String> pending = monitor.newFuture("pending");
        long trackedBefore = lines(monitor, "tracked").size();
        TrackedFuture<String> viaTracked = pending.applyToEither(done, Callbacks.function("viaTracked", s -> s + "?"));
        assertEquals("d?", viaTracked.join());
        assertEquals(trackedBefore + 1, lines(monitor, "tracked").size(), monitor.buffer()::toString);
        Map<String, Object> attachedViaTracked = lines(monitor, "attached").stream()
                .filter(l -> "viaTracked".equals(l.get("callback"))).findFirst().orElseThrow();
        assertEquals(viaTracked.id(), MonOut.id(attachedViaTracked, "result"));
        assertEquals(true, firedOf(monitor, viaTracked.id()).get("success"));
        pending.complete("p");

        IllegalStateException boom = new IllegalStateException("boom");
        TrackedFuture<String> failed = tracked.applyToEither(CompletableFuture.<String>failedFuture(boom), s -> s);
        assertSame(boom, assertThrows(CompletionException.class, failed::join).getCause());

        // The stage the attached event announced is the one returned, and it is tracked and fired.
        Map<String, Object> attached = lines(monitor, "attached").get(0);
        assertEquals(t.id(), MonOut.id(attached, "result"));
        assertTrue(lines(monitor, "tracked").stream().anyMatch(l -> MonOut.id(l, "deferred") == t.id()));
        assertEquals(true, firedOf(monitor, t.id()).get("success"));
        assertEquals(0, monitor.stats().tracerErrors());
        tracked.complete("done");
    }

    @Test
    void an_async_either_method_whose_other_input_completed_first_runs_on_the_executor_like_plain() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "either-exec"));
        try {
            JsonMonitor monitor = new JsonMonitor(true);
            TrackedFuture<String> pending = monitor.newFuture("p");
            AtomicReference<String> thread = new AtomicReference<>();
            TrackedFuture<String> r = pending.applyToEitherAsync(CompletableFuture.completedFuture("o"), s -> {
                thread.set(Thread.currentThread().getName());
                return s + "!";
            }, exec);
            assertEquals("o!", r.get(10, TimeUnit.SECONDS));
            assertEquals("either-exec", thread.get());
            assertEquals("either-exec", lines(monitor, "executed").get(0).get("thread"));
            pending.complete("done");
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void or_timeout_and_complete_on_timeout_record_no_callback_the_user_did_not_attach() {
        // Both add the JDK's own whenComplete(Canceller) to cancel their timer.
        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> a = monitor.<String>newFuture("a").orTimeout(1, TimeUnit.HOURS);
        TrackedFuture<String> b = monitor.<String>newFuture("b").completeOnTimeout("late", 1, TimeUnit.HOURS);
        TrackedFuture<String> c = monitor.<String>newFuture("c").orTimeout(1, TimeUnit.MILLISECONDS);
        a.complete("x");
        b.complete("y");
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, c::join).getCause());
        assertEquals(List.of(), lines(monitor, "attached"), monitor.buffer()::toString);
        assertEquals(List.of(), lines(monitor, "executed"), monitor.buffer()::toString);
        assertEquals(3, lines(monitor, "tracked").size(), "no stage of the JDK's was tracked");
        assertEquals("java.util.concurrent.TimeoutException", firedOf(monitor, c.id()).get("error"));
    }

    @Test
    void a_then_combine_stage_is_recorded_as_fired_only_once_both_inputs_completed_with_the_first_ones_failure() {
        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> x = monitor.newFuture("x");
        TrackedFuture<String> y = monitor.newFuture("y");
        TrackedFuture<String> both = x.thenCombine(y, (p, q) -> p + q);
        y.completeExceptionally(new IllegalStateException("from y"));
        assertTrue(!both.isDone());
        assertTrue(lines(monitor, "fired").stream().noneMatch(l -> MonOut.id(l, "deferred") == both.id()),
                () -> "fired while still incomplete: " + monitor.buffer());
        x.completeExceptionally(new IllegalArgumentException("from x"));
        assertInstanceOf(IllegalArgumentException.class, assertThrows(CompletionException.class, both::join).getCause());
        assertEquals("java.lang.IllegalArgumentException: from x", firedOf(monitor, both.id()).get("error"));

        // With a plain second input the tracer can only look at it: fired when the first input fails after it.
        CompletableFuture<String> plain = new CompletableFuture<>();
        TrackedFuture<String> z = monitor.newFuture("z");
        TrackedFuture<String> mixed = z.thenCombine(plain, (p, q) -> p + q);
        plain.complete("p");
        z.completeExceptionally(new IllegalStateException("from z"));
        assertEquals("java.lang.IllegalStateException: from z", firedOf(monitor, mixed.id()).get("error"));
        assertEquals(0, monitor.stats().tracerErrors());
    }

    @Test
    void obtruding_a_pending_future_records_the_stages_that_took_its_outcome() {
        JsonMonitor monitor = new JsonMonitor(true);
        TrackedFuture<String> f = monitor.newFuture("f");
        TrackedFuture<String> g = f.thenApply(s -> s);
        f.obtrudeException(new IllegalStateException("forced"));
        assertThrows(CompletionException.class, g::join);
        assertEquals("java.lang.IllegalStateException: forced", firedOf(monitor, g.id()).get("error"));
        f.obtrudeValue("again");
        assertEquals(2, lines(monitor, "fired").stream().filter(l -> MonOut.id(l, "deferred") == f.id()).count(),
                "forcing a result after a completion is recorded again");
    }
    /** The completion records and pending lines a closed monitor holds about {@code id}. */
    private static List<Map<String, Object>> linesOf(JsonMonitor m, long id, String action) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Map<String, Object> l : MonOut.withAction(MonOut.parseAll(m.buffer()), action)) {
            if (MonOut.id(l, "deferred") == id) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void failing_a_stage_from_outside_leaves_its_pending_input_pending_in_the_record() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<String> head = m.track(new CompletableFuture<String>(), "src");
        TrackedFuture<String> mid = head.thenApply(s -> s + "!");
        TrackedFuture<String> tail = mid.exceptionally(t -> "fb");
        mid.completeExceptionally(new IllegalStateException("gave up"));
        m.close();
        assertFalse(head.isDone());
        assertEquals(List.of(), linesOf(m, head.id(), "fired"), "a pending input recorded as completed");
        assertEquals(1, linesOf(m, head.id(), "pending").size(), "the hung input is not listed as pending");
        Map<String, Object> midFired = linesOf(m, mid.id(), "fired").get(0);
        assertEquals(false, midFired.get("success"));
        assertEquals(false, midFired.get("cancelled"));
        assertEquals("java.lang.IllegalStateException: gave up", midFired.get("error"));
        assertEquals(true, linesOf(m, tail.id(), "fired").get(0).get("success"));
    }

    @Test
    void cancelling_a_stage_from_outside_records_the_stage_cancelled_and_its_input_pending() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<String> head = m.track(new CompletableFuture<String>(), "src");
        TrackedFuture<String> mid = head.thenApply(s -> s + "!");
        mid.exceptionally(t -> "fb");
        assertTrue(mid.cancel(true));
        m.close();
        assertEquals(List.of(), linesOf(m, head.id(), "fired"));
        assertEquals(1, linesOf(m, head.id(), "pending").size());
        Map<String, Object> midFired = linesOf(m, mid.id(), "fired").get(0);
        assertEquals(true, midFired.get("cancelled"), midFired.toString());
    }

    @Test
    void a_timeout_on_a_later_stage_leaves_the_request_that_never_answered_pending() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<String> request = m.track(new CompletableFuture<String>(), "GET /slow");
        TrackedFuture<Integer> size = request.thenApply(String::length)
                .orTimeout(5, TimeUnit.MILLISECONDS);
        CompletionException e = assertThrows(CompletionException.class, size::join);
        assertEquals(TimeoutException.class, e.getCause().getClass());
        m.close();
        assertEquals(List.of(), linesOf(m, request.id(), "fired"), "the hang is hidden as a timeout");
        assertEquals(1, linesOf(m, request.id(), "pending").size());
        assertEquals("java.util.concurrent.TimeoutException", linesOf(m, size.id(), "fired").get(0).get("error"));
    }
}
