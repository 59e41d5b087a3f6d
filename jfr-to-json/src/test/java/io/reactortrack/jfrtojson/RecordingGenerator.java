package io.reactortrack.jfrtojson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.FutureFailedEvent;
import io.reactortrack.events.FutureRevisedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.PendingFutureEvent;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.events.UnhandledFailureEvent;
import io.reactortrack.recorder.internal.JfrEvents;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.Recording;
import jdk.jfr.consumer.EventStream;

/**
 * Writes recordings of Reactor Track events through the recorder's one commit
 * helper, {@link JfrEvents}, without tracking real futures: the golden
 * recording of the tests, big recordings for the benchmark, and live JVMs for
 * the kill and follow tests.
 *
 * <pre>
 * java -cp TEST_CLASSES:EVENTS:MONOUT:RECORDER RecordingGenerator golden OUT.jfr
 * java -cp ... RecordingGenerator bulk OUT.jfr EVENTS [profile|continuous|nostacks]
 * java -XX:FlightRecorderOptions:repository=DIR -cp ... RecordingGenerator live MARKER EVENTS
 * java -cp ... RecordingGenerator workload    (commits until stdin closes; see workload())
 * java -cp ... RecordingGenerator virtual OUT.jfr    (JDK 21+: callbacks on virtual threads)
 * </pre>
 *
 * <p>To regenerate the committed golden pair on purpose, run {@code golden}
 * into src/test/resources/io/reactortrack/jfrtojson/golden.jfr, convert it
 * with the tool into golden.mon.out next to it, and review the diff: the
 * round-trip test checks it field by field against the JDK's own parser.
 */
public final class RecordingGenerator {

    /** Every Reactor Track event type. */
    static final List<Class<? extends Event>> EVENT_TYPES = List.of(FutureTrackedEvent.class,
            CallbackAttachedEvent.class, CallbackExecutedEvent.class, FutureChainedEvent.class,
            FutureCompletedEvent.class, FutureFailedEvent.class, FutureRevisedEvent.class,
            UnhandledFailureEvent.class, PendingFutureEvent.class);

    /** Futures of the golden recording that live at least this long are completed by FutureCompleted. */
    static final Duration GOLDEN_LIFE_THRESHOLD = Duration.ofMillis(20);

    private RecordingGenerator() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "golden":
                golden(Path.of(args[1]));
                break;
            case "bulk":
                bulk(Path.of(args[1]), Long.parseLong(args[2]), args.length > 3 ? args[3] : "profile");
                break;
            case "live":
                live(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            case "workload":
                workload();
                break;
            case "virtual":
                virtual(Path.of(args[1]));
                break;
            default:
                throw new IllegalArgumentException("golden, bulk, live, workload or virtual");
        }
    }

    /** A recording with only the Reactor Track events switched on, every one of them. */
    static Recording reactorTrackRecording() {
        Recording r = new Recording();
        r.setName("reactortrack-test");
        r.setToDisk(true);
        for (Class<? extends Event> c : EVENT_TYPES) {
            r.enable(c).withThreshold(Duration.ZERO);
        }
        return r;
    }

    /** The settings of one of the shipped files: reactortrack.jfc or reactortrack-profile.jfc. */
    static Map<String, String> shippedSettings(String file) throws IOException, ParseException {
        try (InputStream in = FutureTrackedEvent.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException(file + " is not next to the event classes");
            }
            return Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)).getSettings();
        }
    }

    /**
     * Every action, every key (optional ones with and without), both paths,
     * a two-input method, a stage completed by its callback's value, failures
     * as FutureCompleted and as FutureFailed, a revised completion, nulls,
     * escapes and non-ASCII, on three named threads and one with an empty
     * name, across three chunks.
     */
    static void golden(Path out) throws Exception {
        try (Recording r = reactorTrackRecording()) {
            // As the continuous settings do: only long lives are
            // FutureCompleted, failures of short ones are FutureFailed.
            r.enable(FutureCompletedEvent.class).withThreshold(GOLDEN_LIFE_THRESHOLD);
            r.start();
            FutureCompletedEvent[] lives = new FutureCompletedEvent[2];
            onThread("main-like", () -> {
                tracked(1, 0, "d", "track");
                lives[0] = JfrEvents.beginLife();
                attached(1, 2, 0, "example.Example::simpleCallback", null, "thenApply");
                attached(2, 3, 0, null, "example.Example.recover(Example.java:42)", "exceptionally");
                tracked(9, 0, null, "track");
                attached(1, 10, 9, "example.Example::combine", null, "thenCombine");
            });
            // A second recording starting and stopping makes JFR rotate the
            // chunk twice: the golden file has three chunks.
            try (Recording rotate = new Recording()) {
                rotate.start();
                onThread("scheduler-1", () -> {
                    waitOut(lives[0]);
                    JfrEvents.completed(lives[0], 1, "d", true, false, null, null, null);
                    executed(1, 2, "example.Example::simpleCallback", true,
                            "java.lang.IllegalStateException: boom \"quoted\" ünïcödé ✓ 🚀", false, 2_000_000);
                    JfrEvents.completed(null, 2, null, false, false,
                            "java.lang.IllegalStateException: boom \"quoted\" ünïcödé ✓ 🚀",
                            "example.Example::simpleCallback", "thenApply(example.Example::simpleCallback) on #1");
                    executed(2, 3, "example.Example.recover(Example.java:42)", false, null, true, 500_000);
                    attached(3, 4, 0, "handler \"quoted\" \\ back\tslash",
                            "handler \"quoted\" \\ back\tslash", "handle");
                    executed(3, 4, "handler \"quoted\" \\ back\tslash", true,
                            "java.lang.RuntimeException: again\nsecond line", false, 0);
                    JfrEvents.completed(null, 4, null, false, false, "java.lang.RuntimeException: again\nsecond line",
                            "handler \"quoted\" \\ back\tslash", "handle(handler) on #3");
                    JfrEvents.unhandled(4, null, "java.lang.RuntimeException: again\nsecond line",
                            "handle(handler \"quoted\" \\ back\tslash) on #3");
                });
                onThread("worker-2", () -> {
                    tracked(5, 0, "composed-target ✓", "track");
                    lives[1] = JfrEvents.beginLife();
                    chained(4, 5);
                    tracked(6, 4, null, "composed");
                    chained(6, 0);
                    attached(5, 7, 0, "a.very.long.package.name.that.goes.on.and.on.and.on.and.on.and.on"
                            + ".and.on.and.on.and.on.and.on.and.on.and.on.Clazz::withAVeryLongMethodNameIndeed", null,
                            "thenAccept");
                });
                rotate.stop();
            }
            // Strings stay within a chunk or the next: JDK 17.0.15 drops some
            // pooled strings reused across chunks (its own jfr print shows N/A
            // where JDK 25 shows the string), which would hide a converter bug.
            onThread("worker-2", () -> {
                JfrEvents.completed(null, 5, "composed-target ✓", false, true,
                        "java.util.concurrent.CancellationException", null, "composed-target ✓");
                waitOut(lives[1]);
                // obtrudeValue: the life goes on to the forced completion.
                JfrEvents.revised(5, true, false, null);
                JfrEvents.pending(7, null, 1_500_000_000L, 2, "thenAccept(a.very.long.Clazz::m) on #5");
                JfrEvents.pending(8, "slow", 42, 0, "example.Example.main(Example.java:31)\nexample.Other.run(Other.java:7)");
            });
            onThread("", () -> executed(9, 0, "example.Example::combine", true, null, false, 0));
            r.stop();
            r.dump(out);
        }
    }

    /**
     * A life must pass the golden recording's threshold to be written as
     * FutureCompleted: the workload waits it out, the point of its timing.
     */
    private static void waitOut(FutureCompletedEvent life) {
        long until = System.nanoTime() + GOLDEN_LIFE_THRESHOLD.toNanos() + 5_000_000;
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    /**
     * {@code count} events of a plausible mix, on one thread: per future,
     * tracked (with its life begun), attached (a thenApply stage), executed
     * (completing the stage), completed; one future in ten fails in its
     * callback. {@code settings}: {@code profile} (reactortrack-profile.jfc:
     * the JDK's profile settings and every Reactor Track event, with stack
     * traces where pipelines are built), {@code continuous} (reactortrack.jfc),
     * or {@code nostacks} (every Reactor Track event, no stack traces, no JDK
     * events).
     */
    static void bulk(Path out, long count, String settings) throws Exception {
        try (Recording r = bulkRecording(settings)) {
            r.start();
            long written = 0;
            for (long id = 1; written < count; id += 2) {
                long future = id;
                long stage = id + 1;
                boolean fails = future % 20 == 1;
                tracked(future, 0, "order-" + future, "track");
                FutureCompletedEvent life = JfrEvents.beginLife();
                attached(future, stage, 0, "com.shop.Orders::price", null, "thenApply");
                JfrEvents.completed(life, future, "order-" + future, true, false, null, null, null);
                if (fails) {
                    executed(future, stage, "com.shop.Orders::price", true, "java.io.IOException: connection reset "
                            + future, false, 0);
                    JfrEvents.completed(null, stage, null, false, false, "java.io.IOException: connection reset "
                            + future, "com.shop.Orders::price", "thenApply(com.shop.Orders::price) on #" + future);
                } else {
                    executed(future, stage, "com.shop.Orders::price", true, null, true, 0);
                }
                written += fails ? 5 : 4;
            }
            r.stop();
            r.dump(out);
        }
    }

    private static Recording bulkRecording(String settings) throws IOException, ParseException {
        switch (settings) {
            case "profile":
                return new Recording(Configuration.create(new InputStreamReader(
                        FutureTrackedEvent.class.getResourceAsStream("reactortrack-profile.jfc"),
                        StandardCharsets.UTF_8)));
            case "continuous":
                return new Recording(Configuration.create(new InputStreamReader(
                        FutureTrackedEvent.class.getResourceAsStream("reactortrack.jfc"), StandardCharsets.UTF_8)));
            case "nostacks": {
                Recording r = reactorTrackRecording();
                for (Class<? extends Event> c : EVENT_TYPES) {
                    r.enable(c).withoutStackTrace();
                }
                return r;
            }
            default:
                throw new IllegalArgumentException("profile, continuous or nostacks, not " + settings);
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
        // JFR flushes a disk recording to its repository about once a second: a
        // stream over this JVM's repository, read from its start, sees the last
        // event once it is there.
        String last = "before-kill-" + count;
        CountDownLatch flushed = new CountDownLatch(1);
        try (EventStream repository = EventStream.openRepository()) {
            repository.setStartTime(Instant.EPOCH);
            repository.onEvent(ReactorTrackEvents.FUTURE_TRACKED, e -> {
                if (last.equals(e.getString("name"))) {
                    flushed.countDown();
                }
            });
            repository.startAsync();
            for (int i = 1; i <= count; i++) {
                tracked(i, 0, "before-kill-" + i, "track");
            }
            flushed.await();
        }
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

    /**
     * For the follow tests: an application that tracks a future, runs its
     * callback and completes it, over and over, committing only what a
     * recording asks for. Prints {@code ready} once running; each line read
     * from stdin (a name) makes one future of that name, committed at once,
     * and prints {@code done NAME}; a name that starts with {@code fail-}
     * makes one that fails, which the continuous settings record too. It
     * exits when stdin closes.
     */
    static void workload() throws Exception {
        // Loads, and so registers, every event class before saying ready.
        oneFuture(999_999, "warm-up");
        Thread background = new Thread(() -> {
            for (long id = 1_000_000; !Thread.currentThread().isInterrupted(); id += 2) {
                oneFuture(id, "background");
                LockSupport.parkNanos(2_000_000);
            }
        }, "background-worker");
        background.setDaemon(true);
        background.start();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long id = 1;
        for (String name; (name = in.readLine()) != null; id += 2) {
            oneFuture(id, name.trim());
            System.out.println("done " + name.trim());
            System.out.flush();
        }
        background.interrupt();
    }

    private static void oneFuture(long id, String name) {
        tracked(id, 0, name, "track");
        FutureCompletedEvent life = JfrEvents.beginLife();
        attached(id, id + 1, 0, "app.Work::step", null, "thenApply");
        if (name.startsWith("fail-")) {
            JfrEvents.completed(life, id, name, false, false, "java.lang.IllegalStateException: " + name, null,
                    "app.Work.main(Work.java:1)");
            return;
        }
        JfrEvents.completed(life, id, name, true, false, null, null, null);
        executed(id, id + 1, "app.Work::step", true, null, true, 0);
    }

    /** JDK 21 and later: callbacks run on a virtual thread without a name and on one with a name. */
    static void virtual(Path out) throws Exception {
        try (Recording r = reactorTrackRecording()) {
            r.start();
            Thread unnamed = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null,
                    (Runnable) () -> executed(1, 0, "app.V::unnamed", true, null, false, 0));
            unnamed.join();
            // Through the interfaces: the builder classes themselves are not accessible.
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = Class.forName("java.lang.Thread$Builder$OfVirtual").getMethod("name", String.class)
                    .invoke(builder, "fetcher");
            Thread named = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, (Runnable) () -> executed(2, 0, "app.V::named", true, null, false, 0));
            named.join();
            r.stop();
            r.dump(out);
            long unnamedId = (long) Thread.class.getMethod("threadId").invoke(unnamed);
            long namedId = (long) Thread.class.getMethod("threadId").invoke(named);
            System.out.println(unnamedId + " " + namedId);
        }
    }

    /** One callback run: begun, busy for {@code busyNanos}, ended. */
    static void executed(long id, long result, String callback, boolean callbackPath, String error,
            boolean completesStage, long busyNanos) {
        CallbackExecutedEvent e = JfrEvents.beginExecuted();
        if (e == null) {
            return;
        }
        long until = System.nanoTime() + busyNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        JfrEvents.endExecuted(e, id, result, callback, callbackPath, error, completesStage);
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

    /** Where the classes of this generator, the events, mon.out and the recorder are, for a child JVM. */
    static String classPath() throws IOException {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : List.of(RecordingGenerator.class, FutureTrackedEvent.class,
                io.reactortrack.monout.MonOutWriter.class, JfrEvents.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /*
     * JfrEvents hands back the events with a stack trace filled in, for the
     * method the application called to commit; here the generator commits them.
     */

    static void tracked(long id, long parent, String name, String via) {
        commit(JfrEvents.tracked(id, parent, name, via));
    }

    static void attached(long id, long result, long other, String callback, String errback, String method) {
        commit(JfrEvents.attached(id, result, other, callback, errback, method));
    }

    static void chained(long id, long target) {
        commit(JfrEvents.chained(id, target));
    }

    private static void commit(jdk.jfr.Event e) {
        if (e != null) {
            e.commit();
        }
    }
}
