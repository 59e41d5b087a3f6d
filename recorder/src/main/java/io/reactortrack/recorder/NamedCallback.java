package io.reactortrack.recorder;

/**
 * A callback that says its own name.
 *
 * <p>Reactor Track names every callback attached to a tracked future. A callback
 * implementing this interface is named by {@link #callbackName()}, which wins
 * over every derived name (method reference, lambda position, class name).
 * The usual way to get one is {@link Callbacks}:
 *
 * <pre>{@code
 * future.thenApply(Callbacks.function("parse", this::parse));
 * }</pre>
 *
 * <p>{@code callbackName()} is called on the thread that attaches the callback,
 * each time it is attached; keep it cheap and side-effect free. Returning
 * {@code null} means "no explicit name": the callback is then named as if it
 * did not implement this interface.
 */
public interface NamedCallback {

    /**
     * The name this callback carries in events and {@code mon.out} lines.
     *
     * @return the name, or {@code null} to let Reactor Track derive one
     */
    String callbackName();
}
