package io.reactortrack.jfrtojson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureFiredEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.PendingFutureEvent;
import io.reactortrack.events.UnhandledFailureEvent;
import jdk.jfr.Event;
import jdk.jfr.Recording;

/**
 * Writes recordings of Reactor Track events by committing the event classes
 * directly, without the recorder: the golden recording of the tests, big
 * recordings for the benchmark, and a live one for the kill test.
 *
 * <pre>
 * java -cp TEST_CLASSES:EVENTS_JAR io.reactortrack.jfrtojson.RecordingGenerator golden OUT.jfr
 * java -cp ... RecordingGenerator bulk OUT.jfr EVENTS [PAD [nostacks]]
 * java -XX:FlightRecorderOptions:repository=DIR -cp ... RecordingGenerator live MARKER EVENTS
 * </pre>
 *
 * <p>To regenerate the committed golden pair, run {@code golden} into
 * src/test/resources/io/reactortrack/jfrtojson/golden.jfr, convert it with
 * the tool into golden.mon.out next to it, and review the diff: the round-trip
 * test checks it field by field against the JDK's own parser.
 */
public final class RecordingGenerator {

    private RecordingGenerator() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "golden":
                golden(Path.of(args[1]));
                break;
            case "bulk":
                bulk(Path.of(args[1]), Long.parseLong(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0,
                        args.length > 4 && "nostacks".equals(args[4]));
                break;
            case "live":
                live(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            default:
                throw new IllegalArgumentException("golden, bulk or live");
        }
    }

    /** A recording with only the Reactor Track events switched on. */
    static Recording reactorTrackRecording() {
        Recording r = new Recording();
        r.setName("reactortrack-test");
        r.setToDisk(true);
        for (Class<? extends Event> c : List.of(FutureTrackedEvent.class, CallbackAttachedEvent.class,
                CallbackExecutedEvent.class, FutureChainedEvent.class, FutureFiredEvent.class,
                UnhandledFailureEvent.class, PendingFutureEvent.class)) {
            r.enable(c).withThreshold(java.time.Duration.ZERO);
        }
        return r;
    }

    /**
     * Every action, every key, both paths, nulls, escapes and non-ASCII
     * names, on three named threads, across three chunks.
     */
    static void golden(Path out) throws Exception {
        try (Recording r = reactorTrackRecording()) {
            r.start();
            onThread("main-like", () -> {
                tracked(1, 0, "d", "track");
                attached(1, 2, "example.Example::simpleCallback", null, "thenApply");
                tracked(2, 1, null, "derived");
                attached(2, 3, null, "example.Example.recover(Example.java:42)", "exceptionally");
                tracked(3, 2, null, "derived");
            });
            // A second recording starting and stopping makes JFR rotate the
            // chunk twice: the golden file has three chunks.
            try (Recording rotate = new Recording()) {
                rotate.start();
                onThread("scheduler-1", () -> {
                    fired(1, true, false, null);
                    executed(1, "example.Example::simpleCallback", true, null, 2_000_000);
                    fired(2, false, false, "java.lang.IllegalStateException: boom \"quoted\" ünïcödé ✓ 🚀");
                    executed(2, "example.Example.recover(Example.java:42)", false,
                            "java.lang.RuntimeException: again\nsecond line", 500_000);
                    attached(3, 4, "handler \"quoted\" \\ back\tslash", "handler \"quoted\" \\ back\tslash",
                            "handle");
                    tracked(4, 3, null, "derived");
                    fired(3, false, false, "java.lang.RuntimeException: again\nsecond line");
                    executed(3, "handler \"quoted\" \\ back\tslash", false, null, 0);
                    unhandled(3, null, "java.lang.RuntimeException: again\nsecond line",
                            "handle(handler \"quoted\" \\ back\tslash) on #2");
                });
                onThread("worker-2", () -> {
                    tracked(5, 0, "composed-target ✓", "track");
                    chained(4, 5);
                    tracked(6, 4, null, "composed");
                    chained(6, 0);
                    attached(5, 7, "a.very.long.package.name.that.goes.on.and.on.and.on.and.on.and.on.and.on"
                            + ".and.on.and.on.and.on.and.on.and.on.Clazz::withAVeryLongMethodNameIndeed", null,
                            "thenAccept");
                    tracked(7, 5, null, "derived");
                });
                rotate.stop();
            }
            // Strings stay within a chunk or the next: JDK 17.0.15 drops some
            // pooled strings reused across chunks (its own jfr print shows N/A
            // where JDK 25 shows the string), which would hide a converter bug.
            onThread("worker-2", () -> {
                fired(4, true, false, null);
                fired(5, false, true, "java.util.concurrent.CancellationException");
                pending(7, null, 1_500_000_000L, 2, "thenAccept(a.very.long.Clazz::m) on #5");
                pending(8, "slow", 42, 0, "example.Example.main(Example.java:31)\nexample.Other.run(Other.java:7)");
            });
            r.stop();
            r.dump(out);
        }
    }

    /**
     * {@code count} events of a plausible mix (per future: tracked, attached,
     * tracked derived, fired, executed), on one thread, with the stack traces
     * the event types ask for unless {@code noStacks}. {@code pad} characters
     * added to each future's name make the recording bigger per event.
     */
    static void bulk(Path out, long count, int pad) throws Exception {
        bulk(out, count, pad, false);
    }

    static void bulk(Path out, long count, int pad, boolean noStacks) throws Exception {
        String padding = "x".repeat(Math.max(0, pad));
        try (Recording r = reactorTrackRecording()) {
            if (noStacks) {
                for (Class<? extends Event> c : List.of(FutureTrackedEvent.class, CallbackAttachedEvent.class,
                        FutureChainedEvent.class)) {
                    r.enable(c).withoutStackTrace();
                }
            }
            r.start();
            long id = 1;
            for (long written = 0; written < count; id += 2) {
                long future = id;
                long stage = id + 1;
                boolean fails = future % 10 == 1;
                for (int step = 0; step < 5 && written < count; step++, written++) {
                    switch (step) {
                        case 0:
                            tracked(future, 0, pad > 0 ? "order-" + future + padding : "order-" + future, "track");
                            break;
                        case 1:
                            attached(future, stage, "com.shop.Orders::price", null, "thenApply");
                            break;
                        case 2:
                            tracked(stage, future, null, "derived");
                            break;
                        case 3:
                            fired(future, !fails, false, fails ? "java.io.IOException: connection reset " + future : null);
                            break;
                        default:
                            executed(future, "com.shop.Orders::price", !fails, null, 0);
                            break;
                    }
                }
            }
            r.stop();
            r.dump(out);
        }
    }

    /**
     * For the kill test: commits events in a recording on disk, writes the
     * marker file once {@code count} events are flushed to the repository,
     * and goes on committing until killed.
     */
    static void live(Path marker, int count) throws Exception {
        Recording r = reactorTrackRecording();
        r.start();
        for (int i = 1; i <= count; i++) {
            tracked(i, 0, "before-kill-" + i, "track");
        }
        // JFR flushes a disk recording to its repository about once a second.
        Thread.sleep(2500);
        Files.writeString(marker, "flushed");
        for (long i = count + 1; ; i++) {
            tracked(i, 0, "after-flush-" + i, "track");
            if (i == count + 1000) {
                // Tells the test it is now in the middle of writing more: the moment to kill it.
                System.out.println("writing");
                System.out.flush();
            }
            LockSupport.parkNanos(100_000);
        }
    }

    static void onThread(String name, Runnable work) throws InterruptedException {
        List<Throwable> failure = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.add(e);
            }
        }, name);
        t.start();
        t.join();
        if (!failure.isEmpty()) {
            throw new IllegalStateException(failure.get(0));
        }
    }

    static void tracked(long id, long parent, String name, String via) {
        FutureTrackedEvent e = new FutureTrackedEvent();
        e.futureId = id;
        e.parentId = parent;
        e.name = name;
        e.via = via;
        e.commit();
    }

    static void attached(long id, long result, String callback, String errback, String method) {
        CallbackAttachedEvent e = new CallbackAttachedEvent();
        e.futureId = id;
        e.resultId = result;
        e.callback = callback;
        e.errback = errback;
        e.method = method;
        e.commit();
    }

    static void chained(long id, long target) {
        FutureChainedEvent e = new FutureChainedEvent();
        e.futureId = id;
        e.targetId = target;
        e.commit();
    }

    static void executed(long id, String callback, boolean callbackPath, String error, long busyNanos) {
        CallbackExecutedEvent e = new CallbackExecutedEvent();
        e.begin();
        long until = System.nanoTime() + busyNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        e.futureId = id;
        e.callback = callback;
        e.callbackPath = callbackPath;
        e.failed = error != null;
        e.error = error;
        e.commit();
    }

    static void fired(long id, boolean success, boolean cancelled, String error) {
        FutureFiredEvent e = new FutureFiredEvent();
        e.futureId = id;
        e.success = success;
        e.cancelled = cancelled;
        e.error = error;
        e.commit();
    }

    static void unhandled(long id, String name, String error, String origin) {
        UnhandledFailureEvent e = new UnhandledFailureEvent();
        e.futureId = id;
        e.name = name;
        e.error = error;
        e.origin = origin;
        e.commit();
    }

    static void pending(long id, String name, long ageNanos, int dependents, String origin) {
        PendingFutureEvent e = new PendingFutureEvent();
        e.futureId = id;
        e.name = name;
        e.age = ageNanos;
        e.dependents = dependents;
        e.origin = origin;
        e.commit();
    }

    /** Where the classes of this generator and of the events are, for a child JVM. */
    static String classPath() throws IOException {
        try {
            return Path.of(RecordingGenerator.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + java.io.File.pathSeparator
                    + Path.of(FutureTrackedEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
