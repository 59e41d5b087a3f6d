package io.reactortrack.recorder;

import java.util.concurrent.CompletableFuture;

/**
 * The {@code CompletableFuture} {@link TrackedFuture} extends, with the
 * inspection methods of later JDKs. This is the version for JDK 17, which has
 * none; the multi-release jar carries, for JDK 19 and later, a version that
 * overrides {@code resultNow()}, {@code exceptionNow()} and {@code state()} so
 * that reading a failure through them counts as observing it. It lives apart
 * from {@code TrackedFuture} because {@code state()} returns a type JDK 17
 * does not have.
 */
abstract class FutureBase<T> extends CompletableFuture<T> {

    /** The outcome was looked at by one of the inspection methods of this class. */
    abstract void inspected();
}
