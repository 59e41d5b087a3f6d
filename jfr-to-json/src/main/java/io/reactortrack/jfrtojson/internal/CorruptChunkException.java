package io.reactortrack.jfrtojson.internal;

/** A chunk that cannot be read; the message completes "the chunk is unreadable: ...". */
final class CorruptChunkException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptChunkException(String reason) {
        super(reason, null, false, false);
    }
}
