package io.reactortrack.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The class whose lambdas {@link NamingBench} names, loaded afresh for every
 * first call measured. Besides the three callbacks measured it holds pipelines
 * as an application writes them, never run: they give it the size and the
 * lambdas of a real class, among them many of the shape {@link #sameShape()}
 * has, so that naming that one has to tell it from them; the other two have
 * shapes of their own.
 *
 * <p>Each measured lambda reports where it was written ({@link NamingBench#where}),
 * so that the benchmark can check the name it measured.
 */
public final class NamingHost implements IntFunction<Object> {

    static final int METHOD_REF = 0;
    static final int LAMBDA = 1;
    static final int SAME_SHAPE = 2;

    @Override
    public Object apply(int which) {
        switch (which) {
            case METHOD_REF:
                return methodRef();
            case LAMBDA:
                return lambda();
            case SAME_SHAPE:
                return sameShape();
            default:
                throw new IllegalArgumentException("no callback " + which);
        }
    }

    static Object methodRef() {
        return NamingBench.attach((ToIntFunction<String>) Integer::parseInt);
    }

    static Object lambda() {
        return NamingBench.attach((Supplier<String>) () ->
                NamingBench.where());
    }

    static Object sameShape() {
        // Written on the line after the attach call, so that its name cannot be the attach site's.
        return NamingBench.attach(
                (Function<String, String>) s -> NamingBench.where());
    }

    // ------------------------------------------------------------ never run

    private final Executor executor;
    private final Map<String, String> cache;

    public NamingHost() {
        this(Runnable::run, Map.of());
    }

    NamingHost(Executor executor, Map<String, String> cache) {
        this.executor = executor;
        this.cache = cache;
    }

    CompletableFuture<String> user(CompletableFuture<String> id) {
        return id.thenApply(s -> s.trim())
                .thenApply(String::toLowerCase)
                .thenCompose(s -> CompletableFuture.supplyAsync(() -> "user:" + s, executor))
                .exceptionally(t -> "anonymous")
                .whenComplete((s, t) -> log("user", s, t));
    }

    CompletableFuture<String> cached(CompletableFuture<String> key) {
        return key.thenApply(k -> cache.getOrDefault(k, k))
                .thenApply(s -> s.isEmpty() ? "?" : s)
                .thenApplyAsync(s -> s.replace(' ', '_'), executor);
    }

    CompletableFuture<Integer> total(CompletableFuture<List<String>> lines) {
        return lines.thenApply(l -> l.stream().mapToInt(String::length).sum())
                .thenCombine(CompletableFuture.completedFuture(1), Integer::sum)
                .handle((n, t) -> t == null ? n : -1);
    }

    CompletableFuture<String> report(CompletableFuture<Map<String, Integer>> counts) {
        return counts.thenApply(m -> m.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")))
                .thenApply(s -> "[" + s + "]")
                .thenApply(s -> s.length() > 80 ? s.substring(0, 80) : s);
    }

    CompletableFuture<Void> audit(CompletableFuture<String> event, String who) {
        return event.thenApply(e -> who + ": " + e)
                .thenApply(String::strip)
                .thenAccept(e -> log("audit", e, null))
                .thenRun(() -> log("audit", "done", null));
    }

    CompletableFuture<String> retry(CompletableFuture<String> first, Function<String, CompletableFuture<String>> again) {
        return first.handle((s, t) -> t == null ? CompletableFuture.completedFuture(s) : again.apply("retry"))
                .thenCompose(Function.identity())
                .thenApply(s -> s.toUpperCase())
                .exceptionallyCompose(t -> CompletableFuture.completedFuture("failed: " + t.getMessage()));
    }

    CompletableFuture<String> either(CompletableFuture<String> a, CompletableFuture<String> b) {
        return a.applyToEither(b, s -> s + "!")
                .thenApply(s -> s.intern())
                .thenApplyAsync(s -> s.concat("."), executor);
    }

    private static void log(String what, Object value, Throwable failure) {
        if (failure != null) {
            System.err.println(what + " failed: " + failure);
        } else if (value == null) {
            System.err.println(what);
        }
    }
}
