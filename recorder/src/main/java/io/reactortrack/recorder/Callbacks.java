package io.reactortrack.recorder;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gives callbacks explicit names.
 *
 * <p>Reactor Track names callbacks by itself: a method reference after its
 * method ({@code example.Example::parse}), a lambda after where it was written
 * ({@code example.Example.main(Example.java:31)}). When that is not what you
 * want to read, wrap the callback:
 *
 * <pre>{@code
 * future.thenApply(Callbacks.function("parse", this::parse))
 *       .thenAccept(Callbacks.consumer("store", repository::store))
 *       .whenComplete(Callbacks.biConsumer("log outcome", (v, e) -> log(v, e)));
 * }</pre>
 *
 * <p>There is one method per functional shape, each with its own name, so that
 * a lambda argument never makes an overload ambiguous. Every wrapper implements
 * the functional interface and {@link NamedCallback}; it only delegates: same
 * result, same exceptions (unwrapped), same thread, nothing recorded by itself.
 * Its {@code toString()} is the name. Wrapping an already named callback
 * renames it.
 */
public final class Callbacks {

    private Callbacks() {
    }

    /**
     * Names a {@link Function}, e.g. for {@code thenApply}, {@code thenCompose}
     * or {@code exceptionally}.
     *
     * @param name the name to show, not null
     * @param fn   the function to call, not null
     * @return a function that calls {@code fn} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code fn} is null
     */
    public static <T, R> Function<T, R> function(String name, Function<T, R> fn) {
        return new NamedFunction<>(checkName(name), Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Names a {@link BiFunction}, e.g. for {@code handle} or {@code thenCombine}.
     *
     * @param name the name to show, not null
     * @param fn   the function to call, not null
     * @return a function that calls {@code fn} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code fn} is null
     */
    public static <T, U, R> BiFunction<T, U, R> biFunction(String name, BiFunction<T, U, R> fn) {
        return new NamedBiFunction<>(checkName(name), Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Names a {@link Consumer}, e.g. for {@code thenAccept}.
     *
     * @param name     the name to show, not null
     * @param consumer the consumer to call, not null
     * @return a consumer that calls {@code consumer} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code consumer} is null
     */
    public static <T> Consumer<T> consumer(String name, Consumer<T> consumer) {
        return new NamedConsumer<>(checkName(name), Objects.requireNonNull(consumer, "consumer"));
    }

    /**
     * Names a {@link BiConsumer}, e.g. for {@code whenComplete} or
     * {@code thenAcceptBoth}.
     *
     * @param name     the name to show, not null
     * @param consumer the consumer to call, not null
     * @return a consumer that calls {@code consumer} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code consumer} is null
     */
    public static <T, U> BiConsumer<T, U> biConsumer(String name, BiConsumer<T, U> consumer) {
        return new NamedBiConsumer<>(checkName(name), Objects.requireNonNull(consumer, "consumer"));
    }

    /**
     * Names a {@link Runnable}, e.g. for {@code thenRun} or {@code runAsync}.
     *
     * @param name     the name to show, not null
     * @param runnable the runnable to call, not null
     * @return a runnable that calls {@code runnable} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code runnable} is null
     */
    public static Runnable runnable(String name, Runnable runnable) {
        return new NamedRunnable(checkName(name), Objects.requireNonNull(runnable, "runnable"));
    }

    /**
     * Names a {@link Supplier}, e.g. for {@code supplyAsync}.
     *
     * @param name     the name to show, not null
     * @param supplier the supplier to call, not null
     * @return a supplier that calls {@code supplier} and is named {@code name}
     * @throws NullPointerException if {@code name} or {@code supplier} is null
     */
    public static <T> Supplier<T> supplier(String name, Supplier<T> supplier) {
        return new NamedSupplier<>(checkName(name), Objects.requireNonNull(supplier, "supplier"));
    }

    private static String checkName(String name) {
        return Objects.requireNonNull(name, "name");
    }

    /** Common part of the wrappers: the name, shown by callbackName() and toString(). */
    private abstract static class Named implements NamedCallback {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public final String callbackName() {
            return name;
        }

        @Override
        public final String toString() {
            return name;
        }
    }

    private static final class NamedFunction<T, R> extends Named implements Function<T, R> {
        private final Function<T, R> delegate;

        NamedFunction(String name, Function<T, R> delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public R apply(T t) {
            return delegate.apply(t);
        }
    }

    private static final class NamedBiFunction<T, U, R> extends Named implements BiFunction<T, U, R> {
        private final BiFunction<T, U, R> delegate;

        NamedBiFunction(String name, BiFunction<T, U, R> delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public R apply(T t, U u) {
            return delegate.apply(t, u);
        }
    }

    private static final class NamedConsumer<T> extends Named implements Consumer<T> {
        private final Consumer<T> delegate;

        NamedConsumer(String name, Consumer<T> delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public void accept(T t) {
            delegate.accept(t);
        }
    }

    private static final class NamedBiConsumer<T, U> extends Named implements BiConsumer<T, U> {
        private final BiConsumer<T, U> delegate;

        NamedBiConsumer(String name, BiConsumer<T, U> delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public void accept(T t, U u) {
            delegate.accept(t, u);
        }
    }

    private static final class NamedRunnable extends Named implements Runnable {
        private final Runnable delegate;

        NamedRunnable(String name, Runnable delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public void run() {
            delegate.run();
        }
    }

    private static final class NamedSupplier<T> extends Named implements Supplier<T> {
        private final Supplier<T> delegate;

        NamedSupplier(String name, Supplier<T> delegate) {
            super(name);
            this.delegate = delegate;
        }

        @Override
        public T get() {
            return delegate.get();
        }
    }
}
