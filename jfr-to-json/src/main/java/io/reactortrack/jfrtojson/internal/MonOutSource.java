package io.reactortrack.jfrtojson.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import io.reactortrack.monout.MonOutFormatException;
import io.reactortrack.monout.MonOutLine;
import io.reactortrack.monout.MonOutReader;

/**
 * A mon.out file given as an input, read with the strict reader and handed to
 * the merge in sorted batches, as a recording's chunks are: it can then be
 * merged with recordings, filtered, summarised and rendered like one.
 *
 * <p>mon.out is in the order things happened, which is almost the order of
 * ts (threads take their timestamps a little apart): sorting each batch, and
 * the merge's one batch of lookahead, put it in ts order without holding the
 * file. Its lines are one JVM run, or, when they carry {@code jvm} keys (a
 * conversion of several recordings), the runs they say.
 */
final class MonOutSource implements BatchSource {

    /** Lines per batch: the memory of two batches is that of a small chunk. */
    static final int BATCH_LINES = 1 << 16;

    private final RecordingSource source;
    private final Diagnostics diagnostics;
    private final JvmNumbers jvmNumbers;
    private final Conversion conversion;
    private MonOutReader reader;
    private long seq;
    private boolean done;
    private long lines;

    MonOutSource(RecordingSource source, Diagnostics diagnostics, JvmNumbers jvmNumbers, Conversion conversion) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.jvmNumbers = jvmNumbers;
        this.conversion = conversion;
    }

    @Override
    public RecordBatch next() throws UserException {
        if (done) {
            return null;
        }
        try {
            if (reader == null) {
                InputStream in = new BufferedInputStream(Files.newInputStream(source.files.get(0)), 1 << 16);
                reader = new MonOutReader(in, (line, problem) ->
                        diagnostics.dataSkipped(source.name, "line " + line + " is not a mon.out line: " + problem
                                + "; skipped"));
                synchronized (conversion) {
                    conversion.chunks++;
                }
            }
            RecordBatch batch = new RecordBatch(source.index, ++seq, BATCH_LINES);
            batch.monOut = true;
            MonOutLine l;
            while (batch.size < BATCH_LINES && (l = reader.next()) != null) {
                add(batch, l);
                // Runs are numbered as they are met, across all inputs.
                int run = jvmNumbers.number("mon.out#" + source.index + (l.jvm() != 0 ? "/jvm#" + l.jvm() : ""));
                if (batch.size == 1) {
                    batch.jvm = run;
                } else if (run != batch.jvm || batch.jvms != null) {
                    batch.jvmOfLast(run);
                }
            }
            synchronized (conversion) {
                conversion.jvms = jvmNumbers.count();
            }
            if (batch.size < BATCH_LINES) {
                done = true;
                finish();
            }
            if (batch.size == 0) {
                return null;
            }
            lines += batch.size;
            batch.sort();
            return batch;
        } catch (MonOutFormatException e) {
            throw new UserException(ExitCodes.NOT_A_RECORDING, source.name + ": not mon.out (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UserException(ExitCodes.INPUT_MISSING, source.name + ": cannot read (" + Inputs.reason(e) + ")");
        }
    }

    private void finish() {
        if (lines == 0 && reader.lines() == 0) {
            diagnostics.hint(source.name + ": no mon.out lines in it");
        }
    }

    static void add(RecordBatch b, MonOutLine l) {
        switch (l.action()) {
            case TRACKED:
                b.tracked(l.ts(), l.deferred(), l.name(), l.parent(), l.via());
                break;
            case ATTACHED:
                b.attached(l.ts(), l.deferred(), l.callback(), l.errback(), l.method(), l.result());
                break;
            case CHAINED:
                b.chained(l.ts(), l.deferred(), l.target());
                break;
            case EXECUTED:
                b.executed(l.ts(), l.deferred(), l.callback(), l.callbackPath(), l.timeNanos(), l.thread(),
                        l.failed(), l.error());
                break;
            case FIRED:
                b.fired(l.ts(), l.deferred(), l.success(), l.cancelled(), l.error(), l.name(), l.callback(),
                        l.lifetimeNanos(), l.revised());
                break;
            case UNHANDLED:
                b.unhandled(l.ts(), l.deferred(), l.name(), l.error(), l.origin());
                break;
            case PENDING:
                b.pending(l.ts(), l.deferred(), l.name(), l.ageNanos(), l.dependents(), l.origin());
                break;
            default:
                throw new IllegalStateException(String.valueOf(l.action()));
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }
}
