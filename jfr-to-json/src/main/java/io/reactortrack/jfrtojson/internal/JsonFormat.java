package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.OutputStream;

import io.reactortrack.monout.MonOutWriter;

/**
 * mon.out: JSON Lines written by {@link MonOutWriter}, the writer the
 * in-process {@code JsonMonitor} uses too, so that both write the same bytes
 * for the same line.
 */
final class JsonFormat implements OutputFormat {

    /** Lines are handed to the stream in blocks of about this many bytes. */
    private static final int BLOCK = 1 << 16;

    private final OutputStream out;
    private final MonOutWriter writer = new MonOutWriter();

    JsonFormat(OutputStream out, Conversion conversion) {
        this.out = out;
    }

    @Override
    public void write(MonRecord r) throws IOException {
        r.writeTo(writer);
        if (writer.size() >= BLOCK) {
            writer.drainTo(out);
        }
    }

    @Override
    public void flush() throws IOException {
        writer.drainTo(out);
        out.flush();
    }

    @Override
    public void finish() throws IOException {
        writer.drainTo(out);
        out.flush();
    }
}
