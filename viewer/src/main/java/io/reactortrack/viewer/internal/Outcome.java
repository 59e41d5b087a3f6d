package io.reactortrack.viewer.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@code fired} line says. The last one of a future is its outcome. */
public final class Outcome {
    public final long id;
    public final long tsNanos;
    public final boolean success;
    public final boolean cancelled;
    public final boolean revised;
    public final String error;
    public final String callback;
    /** The {@code lifetime} as written (seconds), or {@code null}. */
    public final JsonNode lifetime;
    /** The lifetime in nanoseconds, or -1. */
    public final long lifetimeNanos;

    public Outcome(JsonNode line, long id, long tsNanos) {
        this.id = id;
        this.tsNanos = tsNanos;
        this.success = line.path("success").asBoolean(true);
        this.cancelled = line.path("cancelled").asBoolean(false);
        this.revised = line.path("revised").asBoolean(false);
        this.error = text(line, "error");
        this.callback = text(line, "callback");
        JsonNode life = line.get("lifetime");
        this.lifetime = life != null && life.isNumber() && life.asDouble() >= 0 ? life : null;
        this.lifetimeNanos = lifetime == null ? -1 : Math.round(lifetime.asDouble() * 1e9);
    }

    /** {@code fired}, {@code failed} or {@code cancelled}. */
    public String what() {
        return cancelled ? "cancelled" : success ? "fired" : "failed";
    }

    private static String text(JsonNode line, String key) {
        JsonNode node = line.get(key);
        return node == null || node.isNull() ? null : node.asText();
    }
}
