package io.reactortrack.jfrtojson.internal;

import java.io.Closeable;

/**
 * One input as the {@link Merger} reads it: a sequence of batches of lines,
 * each sorted by ts, each at most one batch late with respect to the next.
 */
interface BatchSource extends Closeable {

    /** The next batch, or null after the last one. */
    RecordBatch next() throws UserException;

    @Override
    void close();
}
