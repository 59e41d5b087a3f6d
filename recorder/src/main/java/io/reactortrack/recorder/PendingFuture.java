package io.reactortrack.recorder;

import java.time.Duration;

/**
 * A tracked future that had not completed when a snapshot was taken: what
 * {@link Monitor#pending()} returns and what the {@code reactortrack.PendingFuture}
 * event records.
 *
 * @param id         the future's id ({@code deferred} in mon.out)
 * @param name       the name it was tracked under, or null
 * @param age        how long it has been known pending: since it was tracked while
 *                   recording, else since something first waited on it
 * @param dependents how many stages wait on it
 * @param origin     where it came from: the stack of the code that tracked it, or the
 *                   method and callback that derived it; null when not known
 */
public record PendingFuture(long id, String name, Duration age, int dependents, String origin) {

    @Override
    public String toString() {
        String from = origin == null ? "?" : origin.lines().findFirst().orElse("?");
        return "#" + id + (name != null ? " " + name : "") + " pending for " + age.toMillis() + " ms, "
                + dependents + (dependents == 1 ? " dependent" : " dependents") + ", from " + from;
    }
}
