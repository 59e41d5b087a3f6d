package io.reactortrack.jfrtojson.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.MonOutReader;
import io.reactortrack.monout.MonOutWriter;

/**
 * The unwritten rest of a sorted batch, moved to a temporary file and read
 * back a small batch at a time: how the merge keeps its memory bound when
 * many recordings overlap in time (a file of several JVMs' dumps put end to
 * end). The file holds mon.out lines, which keep every key of a line, with
 * the JVM run of each as its {@code jvm} key.
 */
final class SpillFile implements Closeable {

    private static final int READ_BACK_LINES = 4096;

    private final Path file;
    private final int recording;
    private final long chunkSeq;
    private final boolean monOut;
    private final MonOutReader reader;

    /** Writes the records of {@code b} from its sorted position {@code from} on. */
    SpillFile(RecordBatch b, int from) {
        this.recording = b.recording;
        this.chunkSeq = b.chunkSeq;
        this.monOut = b.monOut;
        try {
            file = Files.createTempFile("jfr-to-json-", ".spill");
            MonRecord view = new MonRecord();
            MonOutWriter w = new MonOutWriter();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (int k = from; k < b.size; k++) {
                    int i = b.order[k];
                    view.at(b, i, b.jvms != null ? b.jvms[i] : b.jvm).writeTo(w);
                    if (w.size() >= 1 << 16) {
                        w.drainTo(out);
                    }
                }
                w.drainTo(out);
            }
            reader = new MonOutReader(new BufferedInputStream(Files.newInputStream(file), 1 << 14));
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill to a temporary file", e);
        }
    }

    /** The next batch of the spilled records, in order, or null after the last. */
    RecordBatch next() {
        RecordBatch b = new RecordBatch(recording, chunkSeq, READ_BACK_LINES);
        b.monOut = monOut;
        try {
            MonOutLine l;
            while (b.size < READ_BACK_LINES && (l = reader.next()) != null) {
                MonOutSource.add(b, l);
                if (b.size == 1) {
                    b.jvm = l.jvm();
                } else if (l.jvm() != b.jvm || b.jvms != null) {
                    b.jvmOfLast(l.jvm());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back a temporary file", e);
        }
        if (b.size == 0) {
            return null;
        }
        b.order = new int[b.size];
        for (int i = 0; i < b.size; i++) {
            b.order[i] = i; // written in order
        }
        return b;
    }

    @Override
    public void close() {
        try {
            reader.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: deleted at exit at the latest
        }
    }
}
