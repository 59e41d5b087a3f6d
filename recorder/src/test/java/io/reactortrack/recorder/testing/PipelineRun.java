package io.reactortrack.recorder.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.reactortrack.recorder.Monitor;
import io.reactortrack.recorder.NamedCallback;
import io.reactortrack.recorder.TrackedFuture;
import io.reactortrack.recorder.testing.Pipeline.Callback;
import io.reactortrack.recorder.testing.Pipeline.Exec;
import io.reactortrack.recorder.testing.Pipeline.Kind;
import io.reactortrack.recorder.testing.Pipeline.Step;
import io.reactortrack.recorder.testing.Pipeline.Zone;

/**
 * Runs a {@link Pipeline} on plain {@code CompletableFuture}s or on tracked
 * futures of a monitor, and writes down everything a user can observe: what
 * each call returned or threw, and after every step, for every future: done,
 * cancelled, exceptional, dependents, {@code toString}, and what {@code join},
 * {@code get}, {@code getNow} and a timed {@code get} return or throw; plus
 * every callback run with its thread and arguments.
 *
 * <p>Exceptions are written as their class chain (via {@code getCause}) with
 * the identity of each object: the token of an exception the user created
 * ({@code u7}, {@code x3}), {@code S5} for the exception object stored in
 * future 5 (the first future found holding it), or {@code new} for a wrapper
 * made on the spot. So equal observations mean equal classes, equal wrapping
 * and the very same exception objects in the same places.
 */
public final class PipelineRun {

    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };
    private static final long AWAIT_SECONDS = 20;

    /** A callback run. */
    public static final class Run {
        public final Callback callback;
        public final Thread thread;
        public final String threadCategory;
        public final Object[] args;
        public final Throwable thrown;

        Run(Callback callback, Thread thread, String threadCategory, Object[] args, Throwable thrown) {
            this.callback = callback;
            this.thread = thread;
            this.threadCategory = threadCategory;
            this.args = args;
            this.thrown = thrown;
        }
    }

    /** Where the futures come from: plain futures, or tracked futures of one monitor. */
    public abstract static class World {
        final String name;

        World(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public static World plain() {
            return new PlainWorld();
        }

        public static World tracked(String name, Monitor monitor) {
            return new TrackedWorld(name, monitor);
        }

        abstract CompletableFuture<Object> source(Step s, PipelineRun run, Object value, Throwable error);

        abstract CompletableFuture<Object> target(Step s, Object value);

        abstract CompletableFuture<Object> completedStage(int variant, Object value, Throwable error);

        abstract void chain(CompletableFuture<Object> source, CompletableFuture<Object> target, PipelineRun run);

        Monitor monitor() {
            return null;
        }
    }

    private static final class PlainWorld extends World {
        PlainWorld() {
            super("plain");
        }

        @Override
        CompletableFuture<Object> source(Step s, PipelineRun run, Object value, Throwable error) {
            switch (s.init) {
                case DONE:
                    return CompletableFuture.completedFuture(value);
                case FAILED:
                    return CompletableFuture.failedFuture(error);
                case CANCELLED: {
                    CompletableFuture<Object> f = new CompletableFuture<>();
                    f.cancel(false);
                    return f;
                }
                default:
                    return new CompletableFuture<>();
            }
        }

        @Override
        CompletableFuture<Object> target(Step s, Object value) {
            return s.variant == 3 ? CompletableFuture.completedFuture(value) : new CompletableFuture<>();
        }

        @Override
        CompletableFuture<Object> completedStage(int variant, Object value, Throwable error) {
            return error == null ? CompletableFuture.completedFuture(value) : CompletableFuture.failedFuture(error);
        }

        @Override
        void chain(CompletableFuture<Object> source, CompletableFuture<Object> target, PipelineRun run) {
            // What TrackedFuture.chain is specified to do, written by hand.
            source.whenComplete((v, e) -> {
                if (e == null) {
                    target.complete(v);
                } else {
                    target.completeExceptionally(e);
                }
            });
            run.observe("chain returned this");
        }
    }

    private static final class TrackedWorld extends World {
        final Monitor monitor;

        TrackedWorld(String name, Monitor monitor) {
            super(name);
            this.monitor = monitor;
        }

        @Override
        Monitor monitor() {
            return monitor;
        }

        @Override
        CompletableFuture<Object> source(Step s, PipelineRun run, Object value, Throwable error) {
            String name = "n" + s.out;
            switch (s.variant) {
                case 0: { // track() a plain future: the tracked future mirrors it
                    CompletableFuture<Object> plain = new PlainWorld().source(s, run, value, error);
                    TrackedFuture<Object> t = monitor.track(plain, name);
                    run.underlying.put(s.out, plain);
                    return t;
                }
                case 1: { // newFuture(), completed afterwards
                    TrackedFuture<Object> t = monitor.newFuture(name);
                    settleInitial(t, s, value, error);
                    return t;
                }
                case 2: { // a TrackedFuture completed before a monitor adopts it
                    TrackedFuture<Object> t = new TrackedFuture<>();
                    settleInitial(t, s, value, error);
                    TrackedFuture<Object> adopted = monitor.track(t, name);
                    if (adopted != t) {
                        run.violation("track(TrackedFuture) did not adopt it in place");
                    }
                    return adopted;
                }
                default: { // never tracked: must still behave like a plain future
                    TrackedFuture<Object> t = new TrackedFuture<>();
                    settleInitial(t, s, value, error);
                    return t;
                }
            }
        }

        private static void settleInitial(CompletableFuture<Object> t, Step s, Object value, Throwable error) {
            switch (s.init) {
                case DONE:
                    t.complete(value);
                    break;
                case FAILED:
                    t.completeExceptionally(error);
                    break;
                case CANCELLED:
                    t.cancel(false);
                    break;
                default:
                    break;
            }
        }

        @Override
        CompletableFuture<Object> target(Step s, Object value) {
            switch (s.variant) {
                case 0:
                    return new TrackedFuture<>();
                case 1:
                    return new CompletableFuture<>();
                case 2:
                    return monitor.newFuture("t" + s.out);
                default:
                    return CompletableFuture.completedFuture(value);
            }
        }

        @Override
        CompletableFuture<Object> completedStage(int variant, Object value, Throwable error) {
            CompletableFuture<Object> f;
            switch (variant) {
                case 1:
                    f = new TrackedFuture<>();
                    break;
                case 2:
                    f = monitor.newFuture(null);
                    break;
                default:
                    return error == null ? CompletableFuture.completedFuture(value)
                            : CompletableFuture.failedFuture(error);
            }
            if (error == null) {
                f.complete(value);
            } else {
                f.completeExceptionally(error);
            }
            return f;
        }

        @Override
        void chain(CompletableFuture<Object> source, CompletableFuture<Object> target, PipelineRun run) {
            if (!(source instanceof TrackedFuture)) {
                // A plain future the user made (a chain target): chained by hand, as on plain runs.
                new PlainWorld().chain(source, target, run);
                return;
            }
            Object r = ((TrackedFuture<Object>) source).chain(target);
            run.observe(r == source ? "chain returned this" : "chain returned something else");
        }
    }

    // ====================================================================== state

    public final Pipeline pipeline;
    public final World world;
    private final ManualExecutors executors;
    private final Thread caller = Thread.currentThread();
    private final CompletableFuture<Object>[] nodes;
    final Map<Integer, CompletableFuture<Object>> underlying = new LinkedHashMap<>();
    private final Map<Throwable, String> identity = new IdentityHashMap<>();
    /** User-visible observations, in order. */
    public final List<String> observations = new ArrayList<>();
    /** Callback runs, in the order they started. */
    public final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    /** Things only a tracked world can get wrong (e.g. a stage that is not a TrackedFuture). */
    public final List<String> violations = new ArrayList<>();
    /** Per step: whether every input was complete when the step's call was made. */
    public final boolean[] inputsDoneAtCall;
    /** Per callback id: whether it was attached to a tracked future (so it is recorded). */
    public final Map<Integer, Boolean> recorded = new TreeMap<>();
    /** Per callback id: the tracked id of the future it was attached to, and of the other input. */
    public final Map<Integer, long[]> attachedIds = new TreeMap<>();
    private final Executor direct = new Executor() {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public String toString() {
            return "direct";
        }
    };

    @SuppressWarnings("unchecked")
    private PipelineRun(Pipeline pipeline, World world, ManualExecutors executors) {
        this.pipeline = pipeline;
        this.world = world;
        this.executors = executors;
        this.nodes = new CompletableFuture[pipeline.nodeCount()];
        this.inputsDoneAtCall = new boolean[pipeline.steps.size()];
    }

    public static PipelineRun run(Pipeline p, World world, ManualExecutors executors) {
        return run(p, world, executors, i -> { });
    }

    /** {@link #run(Pipeline, World, ManualExecutors)}, calling {@code beforeStep} with each step's index first. */
    public static PipelineRun run(Pipeline p, World world, ManualExecutors executors,
                                  java.util.function.IntConsumer beforeStep) {
        PipelineRun run = new PipelineRun(p, world, executors);
        for (Step s : p.steps) {
            beforeStep.accept(s.index);
            run.execute(s);
            run.settle(s);
            run.snapshot(s);
            if (!run.violations.isEmpty()) {
                // Later steps may build on what went wrong; the violation is the finding.
                executors.drain();
                return run;
            }
        }
        if (executors.pending() != 0) {
            run.violation("tasks left on the manual executors: " + executors.pending());
            executors.drain();
        }
        return run;
    }

    public CompletableFuture<Object> node(int i) {
        return nodes[i];
    }

    void observe(String s) {
        observations.add(s);
    }

    void violation(String s) {
        violations.add(s);
    }

    // ====================================================================== steps

    private void execute(Step s) {
        observe(s.toString());
        switch (s.op) {
            case NEW_SOURCE:
            case NEW_INNER: {
                Throwable error = s.init == Pipeline.Init.FAILED ? exception(s.exKind, "x" + s.index) : null;
                nodes[s.out] = world.source(s, this, "v" + s.index, error);
                break;
            }
            case ATTACH:
                attach(s);
                break;
            case COMPLETE: {
                CompletableFuture<Object> f = driven(s.in);
                inputsDoneAtCall[s.index] = nodes[s.in].isDone();
                observe("complete -> " + f.complete("v" + s.index));
                break;
            }
            case COMPLETE_EXCEPTIONALLY: {
                CompletableFuture<Object> f = driven(s.in);
                inputsDoneAtCall[s.index] = nodes[s.in].isDone();
                observe("completeExceptionally -> " + f.completeExceptionally(exception(s.exKind, "x" + s.index)));
                break;
            }
            case CANCEL: {
                CompletableFuture<Object> f = driven(s.in);
                inputsDoneAtCall[s.index] = nodes[s.in].isDone();
                observe("cancel -> " + f.cancel(s.flag));
                break;
            }
            case OBTRUDE_VALUE:
                inputsDoneAtCall[s.index] = nodes[s.in].isDone();
                nodes[s.in].obtrudeValue("v" + s.index);
                break;
            case OBTRUDE_EXCEPTION:
                inputsDoneAtCall[s.index] = nodes[s.in].isDone();
                nodes[s.in].obtrudeException(exception(s.exKind, "x" + s.index));
                break;
            case COMPLETE_ASYNC: {
                CompletableFuture<Object> f = nodes[s.in];
                inputsDoneAtCall[s.index] = f.isDone();
                recordTarget(s.callback, f, null);
                Supplier<Object> supplier = supplier(s.callback);
                Object r = s.exec == Exec.DEFAULT ? f.completeAsync(supplier)
                        : f.completeAsync(supplier, executor(s.exec));
                observe("completeAsync returned " + (r == f ? "this" : "something else"));
                break;
            }
            case OR_TIMEOUT: {
                CompletableFuture<Object> f = nodes[s.in];
                inputsDoneAtCall[s.index] = f.isDone();
                Object r = s.flag ? f.orTimeout(1, TimeUnit.MILLISECONDS) : f.orTimeout(1, TimeUnit.HOURS);
                observe("orTimeout returned " + (r == f ? "this" : "something else"));
                break;
            }
            case COMPLETE_ON_TIMEOUT: {
                CompletableFuture<Object> f = nodes[s.in];
                inputsDoneAtCall[s.index] = f.isDone();
                Object r = s.flag ? f.completeOnTimeout("t" + s.index, 1, TimeUnit.MILLISECONDS)
                        : f.completeOnTimeout("t" + s.index, 1, TimeUnit.HOURS);
                observe("completeOnTimeout returned " + (r == f ? "this" : "something else"));
                break;
            }
            case COPY: {
                CompletableFuture<Object> f = nodes[s.in];
                inputsDoneAtCall[s.index] = f.isDone();
                CompletableFuture<Object> c = f.copy();
                checkStage(s, f, c);
                nodes[s.out] = c;
                observe("copy returned " + (c == f ? "this" : "a new stage"));
                break;
            }
            case CHAIN: {
                CompletableFuture<Object> f = nodes[s.in];
                inputsDoneAtCall[s.index] = f.isDone();
                CompletableFuture<Object> target = world.target(s, "t" + s.index);
                nodes[s.out] = target;
                world.chain(f, target, this);
                break;
            }
            case FINISH:
                for (int i = 0; i < nodes.length; i++) {
                    Kind k = pipeline.kinds.get(i);
                    if ((k == Kind.SOURCE || k == Kind.INNER) && !pipeline.neverCompleted.contains(i)) {
                        observe("finish n" + i + " -> " + driven(i).complete("f" + i));
                    }
                }
                break;
            default:
                throw new AssertionError(s.op);
        }
    }

    /**
     * The future a step completes: the tracked future itself, except that a
     * tracked future that mirrors a plain one is completed through the plain
     * one while both are pending (as an application that tracks a future it
     * does not own would see it).
     */
    private CompletableFuture<Object> driven(int i) {
        CompletableFuture<Object> u = underlying.get(i);
        if (u != null && !u.isDone() && !nodes[i].isDone()) {
            return u;
        }
        return nodes[i];
    }

    private Executor executor(Exec e) {
        switch (e) {
            case EXEC_A:
                return executors.executor("exec-A");
            case EXEC_B:
                return executors.executor("exec-B");
            case DIRECT:
                return direct;
            default:
                throw new AssertionError(e);
        }
    }

    /** A stage derived from a TrackedFuture must be a TrackedFuture. */
    private void checkStage(Step s, Object input, Object stage) {
        if (input instanceof TrackedFuture && !(stage instanceof TrackedFuture)) {
            violation(s + ": returned a " + (stage == null ? "null" : stage.getClass().getName())
                    + ", not a TrackedFuture");
        }
    }

    private void recordTarget(Callback c, CompletableFuture<Object> in, CompletableFuture<Object> other) {
        if (world.monitor() == null) {
            return;
        }
        boolean tracked = in instanceof TrackedFuture && ((TrackedFuture<?>) in).monitor() != null;
        recorded.put(c.id, tracked);
        long otherId = other instanceof TrackedFuture && other != in ? ((TrackedFuture<?>) other).id() : 0;
        attachedIds.put(c.id, new long[] {tracked ? ((TrackedFuture<?>) in).id() : 0, otherId});
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void attach(Step s) {
        CompletableFuture in = nodes[s.in];
        CompletableFuture otherFuture = s.other >= 0 ? nodes[s.other] : null;
        inputsDoneAtCall[s.index] = in.isDone() && (otherFuture == null || otherFuture.isDone());
        CompletionStage other = otherFuture == null ? null
                : s.otherMinimal ? otherFuture.minimalCompletionStage() : otherFuture;
        Object fn = s.nullArg == 1 ? null : function(s);
        Executor ex = s.exec == Exec.SYNC || s.exec == Exec.DEFAULT ? null
                : s.nullArg == 2 ? null : executor(s.exec);
        if (s.nullArg == 3) {
            other = null;
        }
        if (s.nullArg == 0) {
            recordTarget(s.callback, in, other instanceof CompletableFuture ? (CompletableFuture) other : null);
        }
        Object r;
        try {
            r = invoke(s, in, other, fn, ex);
        } catch (Throwable t) {
            observe("threw " + t.getClass().getName());
            if (s.out >= 0) {
                violation(s + ": threw " + t);
            }
            return;
        }
        if (s.out < 0) {
            observe("returned instead of throwing");
            violation(s + ": a call with a null argument returned");
            return;
        }
        checkStage(s, in, r);
        nodes[s.out] = (CompletableFuture<Object>) r;
        observe("returned " + (r == in ? "its input" : r == otherFuture ? "the other input" : "a new stage"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object invoke(Step s, CompletableFuture in, CompletionStage o, Object fn, Executor ex) {
        Exec e = s.exec;
        boolean sync = e == Exec.SYNC;
        boolean dflt = e == Exec.DEFAULT;
        switch (s.method) {
            case THEN_APPLY:
                return sync ? in.thenApply((Function) fn) : dflt ? in.thenApplyAsync((Function) fn)
                        : in.thenApplyAsync((Function) fn, ex);
            case THEN_ACCEPT:
                return sync ? in.thenAccept((Consumer) fn) : dflt ? in.thenAcceptAsync((Consumer) fn)
                        : in.thenAcceptAsync((Consumer) fn, ex);
            case THEN_RUN:
                return sync ? in.thenRun((Runnable) fn) : dflt ? in.thenRunAsync((Runnable) fn)
                        : in.thenRunAsync((Runnable) fn, ex);
            case THEN_COMPOSE:
                return sync ? in.thenCompose((Function) fn) : dflt ? in.thenComposeAsync((Function) fn)
                        : in.thenComposeAsync((Function) fn, ex);
            case THEN_COMBINE:
                return sync ? in.thenCombine(o, (BiFunction) fn) : dflt ? in.thenCombineAsync(o, (BiFunction) fn)
                        : in.thenCombineAsync(o, (BiFunction) fn, ex);
            case THEN_ACCEPT_BOTH:
                return sync ? in.thenAcceptBoth(o, (BiConsumer) fn)
                        : dflt ? in.thenAcceptBothAsync(o, (BiConsumer) fn)
                        : in.thenAcceptBothAsync(o, (BiConsumer) fn, ex);
            case RUN_AFTER_BOTH:
                return sync ? in.runAfterBoth(o, (Runnable) fn) : dflt ? in.runAfterBothAsync(o, (Runnable) fn)
                        : in.runAfterBothAsync(o, (Runnable) fn, ex);
            case APPLY_TO_EITHER:
                return sync ? in.applyToEither(o, (Function) fn) : dflt ? in.applyToEitherAsync(o, (Function) fn)
                        : in.applyToEitherAsync(o, (Function) fn, ex);
            case ACCEPT_EITHER:
                return sync ? in.acceptEither(o, (Consumer) fn) : dflt ? in.acceptEitherAsync(o, (Consumer) fn)
                        : in.acceptEitherAsync(o, (Consumer) fn, ex);
            case RUN_AFTER_EITHER:
                return sync ? in.runAfterEither(o, (Runnable) fn) : dflt ? in.runAfterEitherAsync(o, (Runnable) fn)
                        : in.runAfterEitherAsync(o, (Runnable) fn, ex);
            case HANDLE:
                return sync ? in.handle((BiFunction) fn) : dflt ? in.handleAsync((BiFunction) fn)
                        : in.handleAsync((BiFunction) fn, ex);
            case WHEN_COMPLETE:
                return sync ? in.whenComplete((BiConsumer) fn) : dflt ? in.whenCompleteAsync((BiConsumer) fn)
                        : in.whenCompleteAsync((BiConsumer) fn, ex);
            case EXCEPTIONALLY:
                return sync ? in.exceptionally((Function) fn) : dflt ? in.exceptionallyAsync((Function) fn)
                        : in.exceptionallyAsync((Function) fn, ex);
            case EXCEPTIONALLY_COMPOSE:
                return sync ? in.exceptionallyCompose((Function) fn)
                        : dflt ? in.exceptionallyComposeAsync((Function) fn)
                        : in.exceptionallyComposeAsync((Function) fn, ex);
            default:
                throw new AssertionError(s.method);
        }
    }

    // ====================================================================== callbacks

    private Object function(Step s) {
        Callback c = s.callback;
        switch (s.method.shape) {
            case FN:
            case COMPOSE: {
                Function<Object, Object> f = x -> behave(c, x);
                return c.named ? new NamedFunction(c.name(), f) : f;
            }
            case CONSUMER: {
                Consumer<Object> f = x -> behave(c, x);
                return c.named ? new NamedConsumer(c.name(), f) : f;
            }
            case RUNNABLE: {
                Runnable f = () -> behave(c);
                return c.named ? new NamedRunnable(c.name(), f) : f;
            }
            case BIFN: {
                BiFunction<Object, Object, Object> f = (a, b) -> behave(c, a, b);
                return c.named ? new NamedBiFunction(c.name(), f) : f;
            }
            case BICONSUMER: {
                BiConsumer<Object, Object> f = (a, b) -> behave(c, a, b);
                return c.named ? new NamedBiConsumer(c.name(), f) : f;
            }
            default:
                throw new AssertionError(s.method.shape);
        }
    }

    private Supplier<Object> supplier(Callback c) {
        Supplier<Object> f = () -> behave(c);
        return c.named ? new NamedSupplier(c.name(), f) : f;
    }

    private Object behave(Callback c, Object... args) {
        Thread t = Thread.currentThread();
        String category = Threads.category(t, caller, executors);
        String id = "u" + c.id;
        Throwable thrown = null;
        Object result = null;
        switch (c.behaviour) {
            case RETURN:
                result = value(c, args);
                break;
            case RETURN_NULL:
            case RET_NULL:
                result = null;
                break;
            case THROW_ISE:
                thrown = register(new IllegalStateException(id), id);
                break;
            case THROW_ERROR:
                thrown = register(new PipelineError(id), id);
                break;
            case THROW_CE:
                thrown = register(new CompletionException(register(new IllegalArgumentException(id + "c"),
                        id + "c")), id);
                break;
            case THROW_CE_BARE:
                thrown = register(new CompletionException(id, null), id);
                break;
            case THROW_CANCEL:
                thrown = register(new CancellationException(id), id);
                break;
            case RET_DONE:
                result = world.completedStage(c.variant, value(c, args), null);
                break;
            case RET_FAILED:
                result = world.completedStage(c.variant, null, register(new IllegalStateException(id), id));
                break;
            case RET_INNER:
                result = nodes[c.inner];
                break;
            case RET_MINIMAL:
                result = CompletableFuture.completedStage(value(c, args));
                break;
            default:
                throw new AssertionError(c.behaviour);
        }
        runs.add(new Run(c, t, category, args, thrown));
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        }
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        return result;
    }

    private static String value(Callback c, Object... args) {
        StringBuilder b = new StringBuilder("c").append(c.id).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(args[i] instanceof Throwable ? "!" : String.valueOf(args[i]));
        }
        String s = b.append(')').toString();
        return s.length() > 60 ? "c" + c.id + "(#" + Integer.toHexString(s.hashCode()) + ")" : s;
    }

    private Throwable exception(Pipeline.ExKind kind, String token) {
        switch (kind) {
            case CANCEL:
                return register(new CancellationException(token), token);
            case CE:
                return register(new CompletionException(register(new IllegalStateException(token + "c"),
                        token + "c")), token);
            default:
                return register(new IllegalStateException(token), token);
        }
    }

    private <T extends Throwable> T register(T t, String token) {
        synchronized (identity) {
            identity.putIfAbsent(t, token);
        }
        return t;
    }

    /** An Error a callback throws (not an AssertionError, so that it is never mistaken for a test failure). */
    static final class PipelineError extends Error {
        private static final long serialVersionUID = 1L;

        PipelineError(String message) {
            super(message);
        }
    }

    // ====================================================================== settling and observing

    private void settle(Step s) {
        executors.drain();
        for (Zone z : s.closes) {
            for (int i : z.members) {
                await(s, i);
            }
        }
        executors.drain();
    }

    /**
     * Waits until a zone member is complete, without taking part in its
     * completion. Not with {@code get()} or {@code join()}: a thread that waits
     * in those runs the future's pending dependents itself once it completes
     * ({@code postComplete}), racing the JDK thread that completed it, which
     * would change the threads this test compares. A zone's JDK thread is busy
     * for microseconds (a callback) to a millisecond (a timeout), so the test
     * thread yields until then.
     */
    private void await(Step s, int i) {
        CompletableFuture<Object> f = nodes[i];
        if (f == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!f.isDone()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(world.name + ": n" + i + " did not complete in " + AWAIT_SECONDS
                        + " s after " + s + "\n" + pipeline.listing());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private void snapshot(Step s) {
        // First name every exception object now stored in a future, then describe.
        for (int i = 0; i < nodes.length; i++) {
            CompletableFuture<Object> f = nodes[i];
            if (f != null && f.isCompletedExceptionally()) {
                register(stored(f), "S" + i);
            }
        }
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                observe(describeNode(i));
            }
        }
    }

    /** The exception object stored in a future that completed exceptionally. */
    private static Throwable stored(CompletableFuture<Object> f) {
        Throwable a = joinThrown(f);
        Throwable b = joinThrown(f);
        // join() throws a stored CompletionException or CancellationException itself, and wraps anything else anew.
        return a == b ? a : a.getCause();
    }

    private static Throwable joinThrown(CompletableFuture<Object> f) {
        try {
            f.join();
            throw new AssertionError("join() returned on a future completed exceptionally");
        } catch (CompletionException | CancellationException e) {
            return e;
        }
    }

    private String describeNode(int i) {
        CompletableFuture<Object> f = nodes[i];
        boolean done = f.isDone();
        boolean zoned = pipeline.everZone.get(i);
        boolean stable = !(zoned && done) && !pipeline.unstableDependents.get(i);
        StringBuilder b = new StringBuilder("  n").append(i).append(done ? " done" : " pending")
                .append(" cancelled=").append(f.isCancelled())
                .append(" exceptionally=").append(f.isCompletedExceptionally());
        if (stable) {
            b.append(" dependents=").append(f.getNumberOfDependents());
        }
        String str = f.toString();
        str = str.substring(str.indexOf('['));
        b.append(" toString=").append(stable ? str : str.replaceAll("\\d+ dependents", "N dependents"));
        if (done) {
            b.append(" join=").append(call(f::join));
            b.append(" get=").append(call(f::get));
            b.append(" getNow=").append(call(() -> f.getNow(ABSENT)));
            b.append(" timedGet=").append(call(() -> f.get(1, TimeUnit.SECONDS)));
        } else {
            b.append(" getNow=").append(call(() -> f.getNow(ABSENT)));
            b.append(" timedGet=").append(call(() -> f.get(0, TimeUnit.NANOSECONDS)));
        }
        return b.toString();
    }

    private interface Call {
        Object call() throws Exception;
    }

    private String call(Call c) {
        try {
            Object v = c.call();
            return "returned " + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
        } catch (Throwable t) {
            return "threw " + describe(t);
        }
    }

    /** Class chain with object identities, suppressed exceptions included. */
    public String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        while (t != null && depth < 8 && seen.add(t)) {
            if (depth > 0) {
                b.append(" <- ");
            }
            String label;
            synchronized (identity) {
                label = identity.get(t);
            }
            b.append(t.getClass().getSimpleName()).append('[').append(label == null ? "new" : label).append(']');
            if (label == null && t.getMessage() != null) {
                b.append("(\"").append(t.getMessage()).append("\")");
            }
            Throwable[] suppressed = t.getSuppressed();
            if (suppressed.length > 0) {
                b.append("{suppressed:");
                for (Throwable s : suppressed) {
                    String l;
                    synchronized (identity) {
                        l = identity.get(s);
                    }
                    b.append(' ').append(s.getClass().getSimpleName()).append('[').append(l).append(']');
                }
                b.append('}');
            }
            t = t.getCause();
            depth++;
        }
        return b.toString();
    }

    private String describeArg(Object a) {
        if (a instanceof Throwable) {
            return describe((Throwable) a);
        }
        return a instanceof String ? "\"" + a + "\"" : String.valueOf(a);
    }

    /**
     * The callback runs: outside zones in the order they ran, and per zone in the
     * order they ran there, each with its thread and arguments.
     */
    public List<String> callbackRuns() {
        List<String> global = new ArrayList<>();
        Map<Integer, List<String>> zones = new TreeMap<>();
        List<Run> copy;
        synchronized (runs) {
            copy = new ArrayList<>(runs);
        }
        for (Run r : copy) {
            StringBuilder b = new StringBuilder(r.callback.name()).append(" on ").append(r.threadCategory)
                    .append(" with (");
            for (int i = 0; i < r.args.length; i++) {
                b.append(i > 0 ? ", " : "").append(describeArg(r.args[i]));
            }
            b.append(')');
            if (r.thrown != null) {
                b.append(" threw ").append(describe(r.thrown));
            }
            if (r.callback.zone < 0) {
                global.add(b.toString());
            } else {
                zones.computeIfAbsent(r.callback.zone, z -> new ArrayList<>()).add(b.toString());
            }
        }
        List<String> out = new ArrayList<>();
        out.add("callbacks outside zones:");
        for (String s : global) {
            out.add("  " + s);
        }
        for (Map.Entry<Integer, List<String>> e : zones.entrySet()) {
            out.add("callbacks in zone z" + e.getKey() + ":");
            for (String s : e.getValue()) {
                out.add("  " + s);
            }
        }
        return out;
    }

    /** Everything observed: the step observations, then the callback runs. */
    public List<String> everything() {
        List<String> all = new ArrayList<>(observations);
        all.addAll(callbackRuns());
        return all;
    }

    // ====================================================================== named callbacks

    /*
     * These look like io.reactortrack.recorder.Callbacks' wrappers but must stay
     * classes of the test, as an application's callbacks are: the agent puts the
     * recorder, Callbacks included, on the bootstrap class path, and its filter
     * (agent.boot.Filter) takes a callback of a bootstrap class for the JDK's own.
     * With Callbacks' wrappers a plain future is not traced under the agent, and
     * the agent's fidelity proof (every named callback run recorded) fails.
     */

    private abstract static class Named implements NamedCallback {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String callbackName() {
            return name;
        }
    }

    private static final class NamedFunction extends Named implements Function<Object, Object> {
        private final Function<Object, Object> f;

        NamedFunction(String name, Function<Object, Object> f) {
            super(name);
            this.f = f;
        }

        @Override
        public Object apply(Object o) {
            return f.apply(o);
        }
    }

    private static final class NamedBiFunction extends Named implements BiFunction<Object, Object, Object> {
        private final BiFunction<Object, Object, Object> f;

        NamedBiFunction(String name, BiFunction<Object, Object, Object> f) {
            super(name);
            this.f = f;
        }

        @Override
        public Object apply(Object a, Object b) {
            return f.apply(a, b);
        }
    }

    private static final class NamedConsumer extends Named implements Consumer<Object> {
        private final Consumer<Object> f;

        NamedConsumer(String name, Consumer<Object> f) {
            super(name);
            this.f = f;
        }

        @Override
        public void accept(Object o) {
            f.accept(o);
        }
    }

    private static final class NamedBiConsumer extends Named implements BiConsumer<Object, Object> {
        private final BiConsumer<Object, Object> f;

        NamedBiConsumer(String name, BiConsumer<Object, Object> f) {
            super(name);
            this.f = f;
        }

        @Override
        public void accept(Object a, Object b) {
            f.accept(a, b);
        }
    }

    private static final class NamedRunnable extends Named implements Runnable {
        private final Runnable f;

        NamedRunnable(String name, Runnable f) {
            super(name);
            this.f = f;
        }

        @Override
        public void run() {
            f.run();
        }
    }

    private static final class NamedSupplier extends Named implements Supplier<Object> {
        private final Supplier<Object> f;

        NamedSupplier(String name, Supplier<Object> f) {
            super(name);
            this.f = f;
        }

        @Override
        public Object get() {
            return f.get();
        }
    }
}
