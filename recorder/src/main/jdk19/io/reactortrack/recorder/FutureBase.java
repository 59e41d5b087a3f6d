package io.reactortrack.recorder;

import java.util.concurrent.CompletableFuture;

/**
 * The {@code CompletableFuture} {@link TrackedFuture} extends, for JDK 19 and
 * later: reading a future's outcome through {@code resultNow()},
 * {@code exceptionNow()} or {@code state()} counts as observing it, as
 * {@code join()} does, so a failure read that way is not reported unhandled.
 *
 * <p>This is the multi-release version of the class (META-INF/versions/19);
 * the JDK 17 version has none of these methods. It is compiled with
 * {@code --release 17} against a stand-in for the JDK 19 {@code Future}
 * (src/jdk19-stubs), so that the build needs JDK 17 only.
 */
abstract class FutureBase<T> extends CompletableFuture<T> {

    /** The outcome was looked at by one of the inspection methods of this class. */
    abstract void inspected();

    @Override
    public T resultNow() {
        inspected();
        return super.resultNow();
    }

    @Override
    public Throwable exceptionNow() {
        inspected();
        return super.exceptionNow();
    }

    @Override
    public State state() {
        inspected();
        return super.state();
    }
}
