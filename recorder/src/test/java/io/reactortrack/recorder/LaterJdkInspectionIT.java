package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;

/**
 * JDK 19 added {@code resultNow()}, {@code exceptionNow()} and {@code state()}
 * to {@code Future}: reading a failure through them is looking at it, so it
 * is no unhandled failure. Runs against the jar as users get it, whose
 * multi-release part carries the overrides for JDK 19 and later; CI runs it on
 * JDK 17 and on JDK 25.
 */
class LaterJdkInspectionIT {

    private static final boolean JDK19 = Runtime.version().feature() >= 19;

    /** The unhandled lines of a monitor once closed. */
    private static List<Map<String, Object>> unhandled(JsonMonitor m) {
        m.close();
        return MonOut.withAction(MonOut.parseAll(m.buffer()), "unhandled");
    }

    private static TrackedFuture<String> failed(JsonMonitor m) {
        TrackedFuture<String> f = m.newFuture("read later");
        f.completeExceptionally(new IllegalStateException("boom"));
        return f;
    }

    @Test
    void a_failure_nobody_reads_is_reported_on_every_jdk() {
        JsonMonitor m = new JsonMonitor(true);
        TrackedFuture<String> f = failed(m);
        List<Map<String, Object>> lines = unhandled(m);
        assertEquals(1, lines.size(), lines::toString);
        assertEquals(f.id(), MonOut.id(lines.get(0), "deferred"));
    }

    @Test
    void reading_a_failure_with_exception_now_result_now_or_state_is_looking_at_it() throws Exception {
        if (!JDK19) {
            // JDK 17 loads the base class from the jar: none of these methods, nothing to override.
            List<String> declared = Arrays.stream(FutureBase.class.getDeclaredMethods()).map(Method::getName)
                    .toList();
            assertFalse(declared.contains("state"), declared::toString);
            assertFalse(declared.contains("exceptionNow"), declared::toString);
            return;
        }
        for (String method : List.of("exceptionNow", "resultNow", "state")) {
            JsonMonitor m = new JsonMonitor(true);
            TrackedFuture<String> f = failed(m);
            Method read = Future.class.getMethod(method);
            try {
                Object result = read.invoke((CompletableFuture<String>) f);
                assertTrue(method.equals("exceptionNow") || method.equals("state"), method + " returned " + result);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // resultNow on a failed future throws IllegalStateException: still a read of the failure.
                assertEquals(IllegalStateException.class, e.getCause().getClass());
            }
            assertEquals(List.of(), unhandled(m), method + " did not count as looking at the failure");
        }
    }
}
