package io.reactortrack.jfrtojson.internal;

import java.io.IOException;

/**
 * What the converter writes: one implementation per {@code --format} (and one
 * for {@code --summary}), registered in {@link OutputFormats}.
 *
 * <p>A format sees the mon.out records once each, sorted by {@code ts} across
 * every chunk and recording, and never the whole recording at once: it must
 * not keep more than it needs (the converter promises memory bounded by a
 * chunk, not by the file).
 */
public interface OutputFormat {

    /**
     * One record. The instance is reused for the next record, so copy what
     * you keep.
     */
    void write(MonRecord record) throws IOException;

    /**
     * After the last record: complete and flush the output. Do not close the
     * stream; the converter does, once it knows the conversion succeeded.
     */
    void finish() throws IOException;

    /** For live output: hands what is written so far to the stream. */
    default void flush() throws IOException {
    }
}
