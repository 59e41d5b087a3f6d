package io.reactortrack.recorder.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A randomly generated {@code CompletableFuture} program: sources, stages built
 * on them with every {@code CompletionStage}/{@code CompletableFuture} method,
 * and completions, cancellations, timeouts and chains, in one order. The same
 * program runs on plain futures and on tracked futures ({@link PipelineRun}),
 * and the two runs must be indistinguishable.
 *
 * <h2>Determinism</h2>
 * Everything the runs are compared on must not depend on thread scheduling.
 * Synchronous callbacks and the {@link ManualExecutors} are deterministic by
 * construction. Work the test does not control (the JDK's default async
 * executor, the JDK's timeout thread) is confined to <em>zones</em>:
 * <ul>
 * <li>a stage attached with a default {@code *Async} method takes only
 *     sources (whose completion the program knows) as inputs, and is the root
 *     of a zone that is <em>open</em> until its inputs are known complete;</li>
 * <li>while a zone is open, the stages attached to its members are synchronous
 *     one-input stages that complete as soon as their input does (no inner
 *     future still to come), so they join the zone;</li>
 * <li>a short timeout or a default {@code completeAsync} completes a stage from
 *     a JDK thread: it is allowed only when every stage depending on it is
 *     such a stage, and they form a zone that closes at once;</li>
 * <li>the runner waits for every member of a zone in the step that closes it,
 *     before it looks at anything else.</li>
 * </ul>
 * Nothing in an open zone is completed, cancelled or used as another stage's
 * second input, so nothing the driver does races with a JDK thread. Callbacks
 * that run in a zone are compared per zone; all other callbacks are compared
 * in one global order.
 */
public final class Pipeline {

    public enum Exec {
        SYNC, DEFAULT, EXEC_A, EXEC_B, DIRECT;

        /** Runs on the thread that completes the input, like a synchronous callback. */
        boolean inline() {
            return this == SYNC || this == DIRECT;
        }
    }

    /** Shape of the function a method takes. */
    public enum Shape { FN, CONSUMER, RUNNABLE, BIFN, BICONSUMER, COMPOSE }

    /** Which outcome of the input runs the function. */
    public enum Path { SUCCESS, FAILURE, BOTH }

    public enum Method {
        THEN_APPLY("thenApply", 1, false, Shape.FN, Path.SUCCESS),
        THEN_ACCEPT("thenAccept", 1, false, Shape.CONSUMER, Path.SUCCESS),
        THEN_RUN("thenRun", 1, false, Shape.RUNNABLE, Path.SUCCESS),
        THEN_COMPOSE("thenCompose", 1, false, Shape.COMPOSE, Path.SUCCESS),
        THEN_COMBINE("thenCombine", 2, false, Shape.BIFN, Path.SUCCESS),
        THEN_ACCEPT_BOTH("thenAcceptBoth", 2, false, Shape.BICONSUMER, Path.SUCCESS),
        RUN_AFTER_BOTH("runAfterBoth", 2, false, Shape.RUNNABLE, Path.SUCCESS),
        APPLY_TO_EITHER("applyToEither", 2, true, Shape.FN, Path.SUCCESS),
        ACCEPT_EITHER("acceptEither", 2, true, Shape.CONSUMER, Path.SUCCESS),
        RUN_AFTER_EITHER("runAfterEither", 2, true, Shape.RUNNABLE, Path.SUCCESS),
        HANDLE("handle", 1, false, Shape.BIFN, Path.BOTH),
        WHEN_COMPLETE("whenComplete", 1, false, Shape.BICONSUMER, Path.BOTH),
        EXCEPTIONALLY("exceptionally", 1, false, Shape.FN, Path.FAILURE),
        EXCEPTIONALLY_COMPOSE("exceptionallyCompose", 1, false, Shape.COMPOSE, Path.FAILURE);

        public final String jdkName;
        public final int inputs;
        public final boolean either;
        public final Shape shape;
        public final Path path;

        Method(String jdkName, int inputs, boolean either, Shape shape, Path path) {
            this.jdkName = jdkName;
            this.inputs = inputs;
            this.either = either;
            this.shape = shape;
            this.path = path;
        }

        /** The row label of a form in the coverage matrix. */
        public String form(Exec exec) {
            switch (exec) {
                case SYNC:
                    return jdkName;
                case DEFAULT:
                    return jdkName + "Async";
                default:
                    return jdkName + "Async(exec)";
            }
        }

        /** The method name the JDK (and the mon.out "method" key) uses. */
        public String methodName(Exec exec) {
            return exec == Exec.SYNC ? jdkName : jdkName + "Async";
        }
    }

    /** What a callback does when it runs. */
    public enum Behaviour {
        RETURN, RETURN_NULL, THROW_ISE, THROW_ERROR, THROW_CE, THROW_CE_BARE, THROW_CANCEL,
        /** Compose functions: return a completed stage, a failed one, an inner source, a minimal stage, or null. */
        RET_DONE, RET_FAILED, RET_INNER, RET_MINIMAL, RET_NULL;

        public boolean throwsSomething() {
            return this == THROW_ISE || this == THROW_ERROR || this == THROW_CE || this == THROW_CE_BARE
                    || this == THROW_CANCEL;
        }

        public boolean throwsCompletionException() {
            return this == THROW_CE || this == THROW_CE_BARE;
        }
    }

    public enum Op {
        NEW_SOURCE, NEW_INNER, ATTACH, COMPLETE, COMPLETE_EXCEPTIONALLY, CANCEL, OBTRUDE_VALUE, OBTRUDE_EXCEPTION,
        COMPLETE_ASYNC, OR_TIMEOUT, COMPLETE_ON_TIMEOUT, COPY, CHAIN, FINISH
    }

    /** Initial state of a source or inner future. */
    public enum Init { PENDING, DONE, FAILED, CANCELLED }

    /** The exception a completeExceptionally-like step uses. */
    public enum ExKind { ISE, CANCEL, CE }

    /** Node kinds. */
    public enum Kind { SOURCE, INNER, STAGE, TARGET }

    public static final class Callback {
        public final int id;
        public final Behaviour behaviour;
        /** The inner node returned by {@link Behaviour#RET_INNER}. */
        public final int inner;
        /** Which kind of completed stage a compose function returns on tracked runs (0..2). */
        public final int variant;
        /** Whether the callback says its own name (NamedCallback "cb{id}"). */
        public final boolean named;
        /** Zone the callback runs in, or -1. */
        public int zone = -1;

        Callback(int id, Behaviour behaviour, int inner, int variant, boolean named) {
            this.id = id;
            this.behaviour = behaviour;
            this.inner = inner;
            this.variant = variant;
            this.named = named;
        }

        public String name() {
            return "cb" + id;
        }

        @Override
        public String toString() {
            return name() + ":" + behaviour + (behaviour == Behaviour.RET_INNER ? "(n" + inner + ")" : "")
                    + (zone >= 0 ? "@z" + zone : "");
        }
    }

    public static final class Zone {
        public final int id;
        public final boolean temporary;
        public final boolean any;
        public final List<Integer> inputs = new ArrayList<>();
        public final List<Integer> members = new ArrayList<>();
        boolean open;

        Zone(int id, boolean temporary, boolean any) {
            this.id = id;
            this.temporary = temporary;
            this.any = any;
        }

        @Override
        public String toString() {
            return "z" + id + members;
        }
    }

    public static final class Step {
        public final int index;
        public final Op op;
        public Method method;
        public Exec exec = Exec.SYNC;
        public int in = -1;
        public int other = -1;
        public int out = -1;
        public boolean otherMinimal;
        /** 0 none; 1 the function is null; 2 the executor is null; 3 the other stage is null. */
        public int nullArg;
        public Callback callback;
        public Init init = Init.PENDING;
        /** Which flavour of tracked future a source, inner or target is on tracked runs. */
        public int variant;
        public ExKind exKind = ExKind.ISE;
        public boolean flag;
        public final List<Zone> closes = new ArrayList<>();

        Step(int index, Op op) {
            this.index = index;
            this.op = op;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder().append('#').append(index).append(' ').append(op);
            if (method != null) {
                b.append(' ').append(method.form(exec)).append(exec == Exec.EXEC_A ? "[A]"
                        : exec == Exec.EXEC_B ? "[B]" : exec == Exec.DIRECT ? "[direct]" : "");
            } else if (op == Op.COMPLETE_ASYNC) {
                b.append(' ').append(exec);
            }
            if (in >= 0) {
                b.append(" in=n").append(in);
            }
            if (other >= 0) {
                b.append(" other=n").append(other).append(otherMinimal ? "(minimal)" : "");
            }
            if (out >= 0) {
                b.append(" out=n").append(out);
            }
            if (callback != null) {
                b.append(' ').append(callback);
            }
            if (nullArg != 0) {
                b.append(" nullArg=").append(nullArg);
            }
            if (op == Op.NEW_SOURCE || op == Op.NEW_INNER) {
                b.append(' ').append(init).append(" v").append(variant);
            }
            if (op == Op.CHAIN) {
                b.append(" target-variant=").append(variant);
            }
            if (op == Op.COMPLETE_EXCEPTIONALLY || op == Op.OBTRUDE_EXCEPTION
                    || (op == Op.NEW_SOURCE && init == Init.FAILED)) {
                b.append(' ').append(exKind);
            }
            if (op == Op.OR_TIMEOUT || op == Op.COMPLETE_ON_TIMEOUT) {
                b.append(flag ? " short" : " long");
            }
            if (op == Op.CANCEL) {
                b.append(" mayInterrupt=").append(flag);
            }
            if (!closes.isEmpty()) {
                b.append(" closes=").append(closes);
            }
            return b.toString();
        }
    }

    public final long seed;
    public final boolean trackChained;
    public final List<Step> steps = new ArrayList<>();
    public final List<Kind> kinds = new ArrayList<>();
    /** Nodes that were ever in a zone: their dependents are not compared once they are done. */
    public final List<Boolean> everZone = new ArrayList<>();
    /**
     * Inputs of default async either-stages: when the stage's task finishes,
     * {@code CompletableFuture} cleans the dead completion off the other input
     * from the pool thread, so their dependents count is not compared.
     */
    public final List<Boolean> unstableDependents = new ArrayList<>();
    public final List<Zone> zones = new ArrayList<>();
    /** Sources and inner futures the program never completes: what they hold up stays pending. */
    public final Set<Integer> neverCompleted = new java.util.TreeSet<>();

    private Pipeline(long seed, boolean trackChained) {
        this.seed = seed;
        this.trackChained = trackChained;
    }

    public int nodeCount() {
        return kinds.size();
    }

    public String listing() {
        StringBuilder b = new StringBuilder("pipeline seed=").append(seed).append(" trackChained=")
                .append(trackChained).append('\n');
        for (Step s : steps) {
            b.append("  ").append(s).append('\n');
        }
        return b.toString();
    }

    // ====================================================================== generation

    /**
     * Generates a pipeline from {@code seed}. {@code wanted} names coverage rows
     * (see {@link Coverage}) not exercised yet; the generator leans towards them.
     */
    public static Pipeline generate(long seed, Set<String> wanted) {
        return new Generator(seed, wanted == null ? Collections.emptySet() : wanted, false).run();
    }

    /**
     * Generates a pipeline in which, at the end, some sources and inner futures
     * are never completed (those no zone waits for), so that some stages stay
     * pending for good, as in an application that hangs.
     */
    public static Pipeline generateWithHangs(long seed) {
        return new Generator(seed, Collections.emptySet(), true).run();
    }

    private static final class Node {
        final int idx;
        final Kind kind;
        Zone zone;
        boolean knownDone;
        /** Completes as soon as its input does, on the same thread (may join a zone). */
        boolean inline;
        boolean defaultRoot;
        Callback callback;
        final List<Node> dependents = new ArrayList<>();

        Node(int idx, Kind kind) {
            this.idx = idx;
            this.kind = kind;
        }

        boolean inOpenZone() {
            return zone != null && zone.open;
        }

        boolean isSourceLike() {
            return kind == Kind.SOURCE || kind == Kind.INNER;
        }

        /**
         * A pending source with default async stages on it: when such a stage's
         * task finishes it drains the rest of its source's dependents too
         * ({@code postFire}), racing the thread that completed the source, so
         * until it completes such a source takes default async stages only.
         */
        boolean reservedForDefault() {
            if (knownDone) {
                return false;
            }
            for (Node d : dependents) {
                if (d.defaultRoot) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether a default async stage may be attached to it: to a complete
         * source, any number; to a pending one, only as its single dependent.
         * (A second one could be completed without a task, on the failure path
         * of a success-only method, by whichever thread drains the source: the
         * one completing it or the first stage's pool thread helping.)
         */
        boolean defaultInputOk() {
            if (!isSourceLike() || inOpenZone()) {
                return false;
            }
            return knownDone || dependents.isEmpty();
        }
    }

    private static final class Generator {
        final Random r;
        final Pipeline p;
        final Set<String> wanted;
        final List<Node> nodes = new ArrayList<>();
        int callbacks;

        final boolean hangs;

        Generator(long seed, Set<String> wanted, boolean hangs) {
            this.r = new Random(seed);
            this.p = new Pipeline(seed, r.nextInt(4) != 0);
            this.wanted = wanted;
            this.hangs = hangs;
        }

        Pipeline run() {
            int sources = 1 + r.nextInt(3);
            int inners = r.nextInt(3);
            for (int i = 0; i < sources; i++) {
                newSourceLike(Op.NEW_SOURCE, Kind.SOURCE);
            }
            for (int i = 0; i < inners; i++) {
                newSourceLike(Op.NEW_INNER, Kind.INNER);
            }
            int steps = 10 + r.nextInt(18);
            int made = 0;
            for (int attempts = 0; made < steps && attempts < steps * 4; attempts++) {
                if (randomStep()) {
                    made++;
                }
            }
            Step finish = step(Op.FINISH);
            Set<Integer> zoneInputs = new java.util.HashSet<>();
            for (Zone z : p.zones) {
                if (z.open && !z.temporary) {
                    zoneInputs.addAll(z.inputs);
                }
            }
            for (Node n : nodes) {
                if (n.isSourceLike()) {
                    if (hangs && !n.knownDone && !zoneInputs.contains(n.idx) && r.nextInt(10) < 4) {
                        p.neverCompleted.add(n.idx);
                    } else {
                        n.knownDone = true;
                    }
                }
            }
            closeTriggered(finish);
            return p;
        }

        Step step(Op op) {
            Step s = new Step(p.steps.size(), op);
            p.steps.add(s);
            return s;
        }

        Node node(Kind kind) {
            Node n = new Node(nodes.size(), kind);
            nodes.add(n);
            p.kinds.add(kind);
            p.everZone.add(false);
            p.unstableDependents.add(false);
            return n;
        }

        void joinZone(Node n, Zone z) {
            n.zone = z;
            z.members.add(n.idx);
            p.everZone.set(n.idx, true);
        }

        void newSourceLike(Op op, Kind kind) {
            Step s = step(op);
            Node n = node(kind);
            s.out = n.idx;
            int x = r.nextInt(10);
            s.init = x < 6 ? Init.PENDING : x < 8 ? Init.DONE : x < 9 ? Init.FAILED : Init.CANCELLED;
            s.exKind = exKind();
            s.variant = r.nextInt(4);
            n.knownDone = s.init != Init.PENDING;
        }

        ExKind exKind() {
            int x = r.nextInt(10);
            return x < 6 ? ExKind.ISE : x < 8 ? ExKind.CE : ExKind.CANCEL;
        }

        boolean randomStep() {
            double x = r.nextDouble();
            Step s;
            if (x < 0.56) {
                s = attach();
            } else if (x < 0.68) {
                s = manipulate(true);
            } else if (x < 0.77) {
                s = manipulate(false);
            } else if (x < 0.85) {
                s = timeout();
            } else if (x < 0.90) {
                s = completeAsync();
            } else if (x < 0.95) {
                s = copy();
            } else {
                s = chain();
            }
            if (s == null) {
                return false;
            }
            closeTriggered(s);
            return true;
        }

        /** Closes the open zones whose inputs are now known to be complete. */
        void closeTriggered(Step s) {
            for (Zone z : p.zones) {
                if (!z.open || z.temporary) {
                    continue;
                }
                boolean any = false;
                boolean all = true;
                for (int i : z.inputs) {
                    boolean done = nodes.get(i).knownDone;
                    any |= done;
                    all &= done;
                }
                if (z.any ? any : all) {
                    z.open = false;
                    s.closes.add(z);
                }
            }
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        /** Prefers recent nodes, so that chains grow deep. */
        Node pickRecent(List<Node> cands) {
            if (cands.size() > 3 && r.nextInt(10) < 6) {
                return cands.get(cands.size() - 1 - r.nextInt(3));
            }
            return pick(cands);
        }

        List<Node> candidates(java.util.function.Predicate<Node> ok) {
            List<Node> c = new ArrayList<>();
            for (Node n : nodes) {
                if (ok.test(n)) {
                    c.add(n);
                }
            }
            return c;
        }

        Exec exec() {
            int x = r.nextInt(100);
            return x < 34 ? Exec.SYNC : x < 54 ? Exec.DEFAULT : x < 72 ? Exec.EXEC_A : x < 84 ? Exec.EXEC_B
                    : Exec.DIRECT;
        }

        Step attach() {
            Method m = null;
            Exec e = null;
            if (!wanted.isEmpty() && r.nextBoolean()) {
                // Lean towards forms not covered yet.
                List<Object[]> forms = new ArrayList<>();
                for (Method mm : Method.values()) {
                    for (Exec ee : Exec.values()) {
                        if (wanted.contains(mm.form(ee))) {
                            forms.add(new Object[] {mm, ee});
                        }
                    }
                }
                if (!forms.isEmpty()) {
                    Object[] f = pick(forms);
                    m = (Method) f[0];
                    e = (Exec) f[1];
                }
            }
            if (m == null) {
                m = pick(List.of(Method.values()));
                e = exec();
            }
            final Method fm = m;
            final Exec fe = e;
            List<Node> cands = fe == Exec.DEFAULT
                    ? candidates(Node::defaultInputOk)
                    : candidates(n -> !n.reservedForDefault() && (!n.inOpenZone() || (fm.inputs == 1 && fe.inline())));
            if (cands.isEmpty()) {
                return null;
            }
            Node in = pickRecent(cands);
            Node other = null;
            if (m.inputs == 2) {
                List<Node> oc = fe == Exec.DEFAULT
                        ? candidates(Node::defaultInputOk)
                        : candidates(n -> !n.inOpenZone() && !n.reservedForDefault());
                other = r.nextInt(10) == 0 || oc.isEmpty() ? in : pickRecent(oc);
            }
            if (e == Exec.DEFAULT && m.either && !in.knownDone && !other.knownDone) {
                // Its task would read whichever input is complete when it runs: a race. With an input
                // complete already, CompletableFuture picks it when the stage is made.
                return null;
            }
            boolean innerAllowed = !in.inOpenZone() && e != Exec.DEFAULT;
            Step s = step(Op.ATTACH);
            s.method = m;
            s.exec = e;
            s.in = in.idx;
            if (other != null) {
                s.other = other.idx;
                s.otherMinimal = r.nextInt(10) == 0;
            }
            s.callback = callback(m.shape, innerAllowed);
            if (r.nextInt(50) == 0) {
                s.nullArg = 1 + r.nextInt(3);
                if (s.nullArg == 2 && (e == Exec.SYNC || e == Exec.DEFAULT)) {
                    s.nullArg = 1;
                }
                if (s.nullArg == 3 && m.inputs == 1) {
                    s.nullArg = 1;
                }
                return s; // the call throws; no stage
            }
            Node out = node(Kind.STAGE);
            s.out = out.idx;
            out.callback = s.callback;
            out.inline = m.inputs == 1 && e.inline() && s.callback.behaviour != Behaviour.RET_INNER;
            in.dependents.add(out);
            if (other != null && other != in) {
                other.dependents.add(out);
            }
            if (s.callback.behaviour == Behaviour.RET_INNER) {
                nodes.get(s.callback.inner).dependents.add(out);
            }
            if (in.inOpenZone()) {
                joinZone(out, in.zone);
                s.callback.zone = in.zone.id;
            } else if (e == Exec.DEFAULT) {
                Zone z = new Zone(p.zones.size(), false, m.either);
                z.open = true;
                z.inputs.add(in.idx);
                if (other != null && other != in) {
                    z.inputs.add(other.idx);
                }
                p.zones.add(z);
                joinZone(out, z);
                out.defaultRoot = true;
                s.callback.zone = z.id;
                if (m.either) {
                    p.unstableDependents.set(in.idx, true);
                    p.unstableDependents.set(other.idx, true);
                }
            }
            return s;
        }

        Callback callback(Shape shape, boolean innerAllowed) {
            int id = callbacks++;
            Behaviour b;
            int inner = -1;
            int x = r.nextInt(100);
            if (shape == Shape.COMPOSE) {
                List<Node> inners = candidates(n -> n.kind == Kind.INNER && !n.reservedForDefault());
                if (x < 24) {
                    b = Behaviour.RET_DONE;
                } else if (x < 36) {
                    b = Behaviour.RET_FAILED;
                } else if (x < 58 && innerAllowed && !inners.isEmpty()) {
                    b = Behaviour.RET_INNER;
                    inner = pick(inners).idx;
                } else if (x < 66) {
                    b = Behaviour.RET_MINIMAL;
                } else if (x < 71) {
                    b = Behaviour.RET_NULL;
                } else if (x < 84) {
                    b = Behaviour.THROW_ISE;
                } else if (x < 92) {
                    b = Behaviour.THROW_CE;
                } else if (x < 96) {
                    b = Behaviour.THROW_CE_BARE;
                } else {
                    b = Behaviour.THROW_CANCEL;
                }
                if (b == Behaviour.RET_INNER && inner < 0) {
                    b = Behaviour.RET_DONE;
                }
            } else if (x < 50) {
                b = Behaviour.RETURN;
            } else if (x < 56) {
                b = Behaviour.RETURN_NULL;
            } else if (x < 72) {
                b = Behaviour.THROW_ISE;
            } else if (x < 77) {
                b = Behaviour.THROW_ERROR;
            } else if (x < 87) {
                b = Behaviour.THROW_CE;
            } else if (x < 92) {
                b = Behaviour.THROW_CE_BARE;
            } else {
                b = Behaviour.THROW_CANCEL;
            }
            return new Callback(id, b, inner, r.nextInt(3), r.nextInt(10) < 7);
        }

        Step manipulate(boolean sourcesOnly) {
            List<Node> cands = candidates(n -> !n.inOpenZone() && (!sourcesOnly || n.isSourceLike()));
            if (cands.isEmpty()) {
                return null;
            }
            Node n = pickRecent(cands);
            Op op;
            String want = firstWanted("complete", "completeExceptionally", "cancel", "obtrudeValue",
                    "obtrudeException");
            if (want != null && r.nextBoolean()) {
                op = opOf(want);
            } else {
                int x = r.nextInt(100);
                op = x < 32 ? Op.COMPLETE : x < 56 ? Op.COMPLETE_EXCEPTIONALLY : x < 76 ? Op.CANCEL
                        : x < 90 ? Op.OBTRUDE_VALUE : Op.OBTRUDE_EXCEPTION;
            }
            Step s = step(op);
            s.in = n.idx;
            s.exKind = exKind();
            s.flag = r.nextBoolean();
            if (n.isSourceLike()) {
                n.knownDone = true;
            }
            return s;
        }

        String firstWanted(String... rows) {
            for (String row : rows) {
                if (wanted.contains(row)) {
                    return row;
                }
            }
            return null;
        }

        Op opOf(String row) {
            switch (row) {
                case "complete":
                    return Op.COMPLETE;
                case "completeExceptionally":
                    return Op.COMPLETE_EXCEPTIONALLY;
                case "cancel":
                    return Op.CANCEL;
                case "obtrudeValue":
                    return Op.OBTRUDE_VALUE;
                default:
                    return Op.OBTRUDE_EXCEPTION;
            }
        }

        /**
         * The stages that complete on the thread that completes {@code n}, if
         * all of them complete as soon as {@code n} does; null otherwise.
         * Default async stages start zones of their own and are not followed.
         */
        List<Node> inlineSubtree(Node n) {
            List<Node> members = new ArrayList<>();
            members.add(n);
            for (int i = 0; i < members.size(); i++) {
                for (Node d : members.get(i).dependents) {
                    if (d.defaultRoot) {
                        continue;
                    }
                    if (!d.inline || d.inOpenZone()) {
                        return null;
                    }
                    if (!members.contains(d)) {
                        members.add(d);
                    }
                }
            }
            return members;
        }

        /** A zone that closes in the step that opens it: {@code members} complete on a JDK thread. */
        void temporaryZone(Step s, List<Node> members, Callback extra) {
            Zone z = new Zone(p.zones.size(), true, false);
            p.zones.add(z);
            for (Node m : members) {
                joinZone(m, z);
                if (m.callback != null) {
                    m.callback.zone = z.id;
                }
            }
            if (extra != null) {
                extra.zone = z.id;
            }
            s.closes.add(z);
        }

        Step timeout() {
            List<Node> cands = candidates(n -> !n.inOpenZone());
            if (cands.isEmpty()) {
                return null;
            }
            Node n = pickRecent(cands);
            Op op = r.nextBoolean() ? Op.OR_TIMEOUT : Op.COMPLETE_ON_TIMEOUT;
            Step s = step(op);
            s.in = n.idx;
            List<Node> subtree = inlineSubtree(n);
            s.flag = subtree != null && r.nextInt(10) < 6;
            if (s.flag) {
                temporaryZone(s, subtree, null);
                if (n.isSourceLike()) {
                    n.knownDone = true;
                }
            }
            return s;
        }

        Step completeAsync() {
            List<Node> cands = candidates(n -> !n.inOpenZone());
            if (cands.isEmpty()) {
                return null;
            }
            Node n = pickRecent(cands);
            Step s = step(Op.COMPLETE_ASYNC);
            s.in = n.idx;
            int x = r.nextInt(100);
            s.exec = x < 40 ? Exec.DEFAULT : x < 70 ? Exec.EXEC_A : x < 85 ? Exec.EXEC_B : Exec.DIRECT;
            List<Node> subtree = s.exec == Exec.DEFAULT ? inlineSubtree(n) : null;
            if (s.exec == Exec.DEFAULT && subtree == null) {
                s.exec = Exec.EXEC_A;
            }
            int y = r.nextInt(100);
            Behaviour b = y < 55 ? Behaviour.RETURN : y < 62 ? Behaviour.RETURN_NULL : y < 78 ? Behaviour.THROW_ISE
                    : y < 90 ? Behaviour.THROW_CE : Behaviour.THROW_CANCEL;
            s.callback = new Callback(callbacks++, b, -1, 0, r.nextInt(10) < 7);
            if (s.exec == Exec.DEFAULT) {
                temporaryZone(s, subtree, s.callback);
            }
            if (n.isSourceLike()) {
                n.knownDone = true;
            }
            return s;
        }

        Step copy() {
            List<Node> cands = candidates(n -> !n.reservedForDefault());
            if (cands.isEmpty()) {
                return null;
            }
            Node n = pickRecent(cands);
            Step s = step(Op.COPY);
            s.in = n.idx;
            Node out = node(Kind.STAGE);
            s.out = out.idx;
            out.inline = true;
            n.dependents.add(out);
            if (n.inOpenZone()) {
                joinZone(out, n.zone);
            }
            return s;
        }

        Step chain() {
            List<Node> cands = candidates(n -> !n.reservedForDefault());
            if (cands.isEmpty()) {
                return null;
            }
            Node n = pickRecent(cands);
            Step s = step(Op.CHAIN);
            s.in = n.idx;
            s.variant = r.nextInt(4);
            Node out = node(Kind.TARGET);
            s.out = out.idx;
            out.inline = true;
            n.dependents.add(out);
            if (n.inOpenZone()) {
                joinZone(out, n.zone);
            }
            return s;
        }
    }
}
