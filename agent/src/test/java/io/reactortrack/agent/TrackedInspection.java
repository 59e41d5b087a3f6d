package io.reactortrack.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.TrackedFuture;

/**
 * A {@code TrackedFuture} under the agent comes from the bootstrap class
 * path, as the JDK 17 build of the recorder: on JDK 19+ reading a failure
 * with {@code exceptionNow}, {@code resultNow} or {@code state} must still
 * count as looking at it (the woven methods tell its front end), and a
 * failure nobody reads must still be reported. A failed future passed to
 * {@code allOf} or {@code anyOf}, which read it without a call, is handled
 * where their stage is.
 */
public final class TrackedInspection {

    private TrackedInspection() {
    }

    /** The problems found, none when all is well. */
    static List<String> check() throws Exception {
        List<String> problems = new ArrayList<>();
        if (TrackedFuture.class.getClassLoader() != null) {
            problems.add("TrackedFuture was not loaded from the bootstrap class path: " + TrackedFuture.class.getClassLoader());
        }
        JsonMonitor unread = new JsonMonitor(true);
        failed(unread);
        if (unhandled(unread) != 1) {
            problems.add("a failure nobody read was not reported: " + unread.buffer());
        }
        // allOf and anyOf read an input that failed already from its field: the woven methods tell its front end.
        for (String gather : List.of("allOf", "anyOf")) {
            JsonMonitor m = new JsonMonitor(true);
            TrackedFuture<String> f = failed(m);
            CompletableFuture<?> all = gather.equals("allOf") ? CompletableFuture.allOf(f) : CompletableFuture.anyOf(f);
            all.exceptionally(e -> null).join();
            if (unhandled(m) != 0) {
                problems.add(gather + " of a failed future handled downstream raised an alarm: " + m.buffer());
            }
        }
        if (Runtime.version().feature() < 19) {
            return problems;
        }
        for (String method : List.of("exceptionNow", "resultNow", "state")) {
            JsonMonitor m = new JsonMonitor(true);
            TrackedFuture<String> f = failed(m);
            Method read = Future.class.getMethod(method);
            try {
                read.invoke((CompletableFuture<String>) f);
            } catch (InvocationTargetException e) {
                // resultNow on a failed future throws: still a read of the failure.
            }
            if (unhandled(m) != 0) {
                problems.add(method + " did not count as looking at the failure: " + m.buffer());
            }
        }
        return problems;
    }

    private static TrackedFuture<String> failed(JsonMonitor m) {
        TrackedFuture<String> f = m.newFuture("read later");
        f.completeExceptionally(new IllegalStateException("boom"));
        return f;
    }

    private static long unhandled(JsonMonitor m) {
        m.close();
        return m.buffer().stream().filter(l -> l.contains("\"action\":\"unhandled\"")).count();
    }

    /** In a child JVM: prints the problems, exits 1 when there are any. */
    public static void main(String[] args) throws Exception {
        List<String> problems = check();
        problems.forEach(System.out::println);
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
