package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one recording chunk by chunk and converts each chunk's Reactor Track
 * events into a sorted {@link RecordBatch}. Only one chunk is in memory at a
 * time, and no damage to the file makes it read, allocate or loop more than
 * the file's size allows.
 *
 * <p>Not thread-safe: the {@link Merger} drives all readers from one loader
 * thread, which also lets them share one chunk buffer.
 */
final class RecordingReader implements BatchSource {

    /** Memory one converted line takes in a {@link RecordBatch}, with its share of strings that are not shared (names of futures, messages). */
    static final int BYTES_PER_EVENT = 64;
    private static final int SCAN_BLOCK = 1 << 20;

    final RecordingSource source;
    private final Diagnostics diagnostics;
    private final ChunkBuffer buffer;
    private final JvmNumbers jvmNumbers;
    private final Conversion conversion;

    private int fileIndex;
    private FileChannel channel;
    private Path file;
    private long fileSize;
    private long pos;
    private int chunkNumber;
    private long chunkSeq;
    private String lastIdentity;

    // For the messages at the end.
    long events;
    private boolean declaresReactorTrack;
    private long dataLossBytes;
    private long dataLossEvents;
    private boolean finished;
    private boolean damaged;

    RecordingReader(RecordingSource source, Diagnostics diagnostics, ChunkBuffer buffer, JvmNumbers jvmNumbers,
            Conversion conversion) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.buffer = buffer;
        this.jvmNumbers = jvmNumbers;
        this.conversion = conversion;
    }

    /** The next chunk that holds Reactor Track events, or null after the last one. */
    @Override
    public RecordBatch next() throws UserException {
        while (true) {
            if (channel == null && !openNextFile()) {
                finish();
                return null;
            }
            if (pos >= fileSize) {
                closeFile();
                continue;
            }
            ChunkHeader header = nextHeader();
            if (header == null) {
                continue;
            }
            RecordBatch batch = load(header);
            if (batch != null) {
                return batch;
            }
        }
    }

    private boolean openNextFile() throws UserException {
        while (fileIndex < source.files.size()) {
            file = source.files.get(fileIndex++);
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                fileSize = source.to >= 0 ? Math.min(source.to, channel.size()) : channel.size();
                pos = source.from;
                chunkNumber = 0;
                if (fileSize == 0) {
                    // Only a live repository gets here: its newest chunk file.
                    damaged("empty chunk file (still being written?); skipped");
                    closeFile();
                    continue;
                }
                return true;
            } catch (IOException e) {
                if (!source.repository) {
                    throw new UserException(ExitCodes.INPUT_MISSING, name() + ": cannot read (" + Inputs.reason(e) + ")");
                }
                // A live repository deletes old chunks while we read it.
                damaged("cannot read (" + Inputs.reason(e) + "); skipped");
            }
        }
        return false;
    }

    private void closeFile() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // read-only: nothing was lost
        }
        channel = null;
    }

    private String name() {
        return source.nameOf(file);
    }

    /** The header of a complete chunk at {@link #pos}, moving past anything unreadable first. */
    private ChunkHeader nextHeader() throws UserException {
        byte[] b = new byte[ChunkHeader.SIZE];
        int n = read(pos, b, b.length);
        long remaining = fileSize - pos;
        String where = "chunk " + (chunkNumber + 1) + " (at byte " + pos + ")";
        if (!ChunkHeader.hasMagic(b, 0, n)) {
            long next = findChunk(pos + 1);
            skip(next, "found " + Bytes.size((next < 0 ? fileSize : next) - pos) + " of data that is not a chunk at byte "
                    + pos);
            return null;
        }
        if (n < ChunkHeader.SIZE) {
            skip(-1, where + " is cut short inside its header");
            return null;
        }
        ChunkHeader h = ChunkHeader.read(b, 0);
        String problem = h.supportedVersion() ? h.problem(remaining)
                : "cannot be read: " + Inputs.versionProblem(h.major, h.minor);
        if (problem != null) {
            long next = findChunk(pos + 1);
            String hint = h.chunkSize > remaining && next < 0 ? " (was the JVM killed while writing it?)" : "";
            skip(next, where + " " + problem + hint);
            return null;
        }
        if (h.chunkSize > maxChunkBytes()) {
            throw new UserException(ExitCodes.NOT_A_RECORDING, tooBig(name(), chunkNumber + 1, pos, h.chunkSize));
        }
        return h;
    }

    /** Skips to {@code next} (or to the end of the file when negative), saying how much was lost. */
    private void skip(long next, String what) {
        long to = next < 0 ? fileSize : next;
        long skipped = to - pos;
        String share = fileSize > 0 ? String.format(java.util.Locale.ROOT, " (%.0f%% of the file)",
                100.0 * skipped / fileSize) : "";
        damaged(what + "; skipped " + Bytes.size(skipped) + share
                + (next < 0 ? "" : ", reading on at byte " + next));
        pos = to;
    }

    /**
     * A recording's chunks follow each other in time, each starting when the
     * last ended; one that starts earlier than that by more than this belongs
     * to another recording (dumps of several JVMs put in one file): see
     * {@link Inputs}.
     */
    static final long OVERLAP_NANOS = 1_000_000L;

    private RecordBatch load(ChunkHeader h) throws UserException {
        long at = pos;

        int size = (int) h.chunkSize;
        chunkNumber++;
        chunkSeq++;
        pos += size;
        String where = "chunk " + chunkNumber + " (at byte " + at + ")";
        byte[] buf = buffer.ensure(size);
        if (read(at, buf, size) < size) {
            damaged(where + " is shorter than the file said; skipped");
            pos = fileSize;
            return null;
        }
        synchronized (conversion) {
            conversion.chunks++;
        }
        ChunkScan scan;
        try {
            scan = ChunkScan.prepare(buf, h);
        } catch (CorruptChunkException e) {
            damaged(where + " is unreadable: " + e.getMessage() + "; skipped "
                    + Bytes.size(size));
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            damaged(where + " is unreadable; skipped " + Bytes.size(size));
            return null;
        }
        declaresReactorTrack |= scan.declaresReactorTrack;
        if (scan.brokenAt >= 0) {
            damaged(where + ": its events from byte " + (at + scan.brokenAt)
                    + " on are unreadable; skipped " + Bytes.size(scan.unreadableBytes));
        }
        int inChunk = 0;
        int expected = 0;
        for (EventKind k : EventKind.values()) {
            inChunk += k.maxLines > 0 ? scan.counts[k.ordinal()] : 0;
            expected += k.maxLines * scan.counts[k.ordinal()];
        }
        if (expected == 0 && scan.counts[EventKind.DATA_LOSS.ordinal()] == 0) {
            return null; // nothing we convert: the parser never sees this chunk
        }
        // Two chunks' lines must fit at once (the one written, the next),
        // with the chunk buffer, the parser's copy of it and what it needs
        // while it parses.
        long need = 2L * expected * BYTES_PER_EVENT + 2L * size + size / 4;
        if (need > Runtime.getRuntime().maxMemory() * 4 / 5) {
            throw new UserException(ExitCodes.NOT_A_RECORDING, name() + ": " + where + " holds " + inChunk
                    + " events, more than fit in this JVM's heap; run with a larger heap, e.g. JAVA_OPTS=-Xmx"
                    + suggestedHeapMb(need) + "m");
        }
        RecordBatch batch = new RecordBatch(source.index, chunkSeq, expected);
        batch.chunkBytes = size;
        try {
            JmcAdapter.parse(buf, h, scan, batch);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // OutOfMemoryError too: damaged sizes make the parser ask for one
            // huge array, which fails at once and leaves the heap as it was.
            String reason = ": " + describe(e);
            damaged(where + " is damaged" + reason + "; "
                    + (batch.size > 0 ? "kept its first " + batch.size + " of " + expected + " lines"
                            : "skipped its " + inChunk + " events"));
        }
        dataLossEvents += batch.dataLossEvents;
        dataLossBytes += batch.dataLossBytes;
        if (batch.size == 0) {
            return null;
        }
        identify(batch);
        batch.sort();
        events += batch.size;
        return batch;
    }

    /** Numbers the JVM run a chunk comes from; see docs/mon-out.md, "More than one JVM". */
    private void identify(RecordBatch batch) {
        String identity = batch.jvmIdentity;
        if (identity == null) {
            identity = lastIdentity != null ? lastIdentity : "recording#" + source.index;
        } else if (lastIdentity != null && lastIdentity.startsWith("recording#")) {
            // Same stream, now with a name: keep its number.
            jvmNumbers.alias(identity, lastIdentity);
        }
        lastIdentity = identity;
        batch.jvm = jvmNumbers.number(identity);
        synchronized (conversion) {
            conversion.jvms = jvmNumbers.count();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (dataLossEvents > 0) {
            diagnostics.dataSkipped(source.name, "JFR dropped " + Bytes.size(dataLossBytes)
                    + " of event data while recording (" + dataLossEvents
                    + " jdk.DataLoss events): the output is missing events");
        }
        if (events == 0 && !damaged) {
            // With damage, the events may well have been in what was lost.
            String why = declaresReactorTrack
                    ? "the Reactor Track event types are there but no event was recorded (were they enabled?)"
                    : "the application did not use Reactor Track while recording";
            diagnostics.hint(source.name + ": no Reactor Track events: " + why
                    + "; record with -XX:StartFlightRecording:settings=reactortrack.jfc"
                    + " (the file is also in the reactortrack-events jar, io/reactortrack/events/reactortrack.jfc)");
        }
    }

    /** Offset of the next plausible chunk at or after {@code from}, or -1. */
    private long findChunk(long from) {
        byte[] block = new byte[SCAN_BLOCK];
        byte[] h = new byte[ChunkHeader.SIZE];
        long at = from;
        while (at < fileSize) {
            int n = read(at, block, block.length);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i + 3 < n; i++) {
                if (block[i] == 'F' && block[i + 1] == 'L' && block[i + 2] == 'R' && block[i + 3] == 0) {
                    long candidate = at + i;
                    if (read(candidate, h, h.length) == h.length) {
                        ChunkHeader c = ChunkHeader.read(h, 0);
                        if (c.supportedVersion() && c.problem(fileSize - candidate) == null) {
                            return candidate;
                        }
                    }
                }
            }
            // Overlap by three bytes so a magic split between blocks is found.
            at += Math.max(1, n - 3);
        }
        return -1;
    }

    private int read(long at, byte[] b, int length) {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, length);
        try {
            long p = at;
            while (bb.hasRemaining()) {
                int n = channel.read(bb, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
        } catch (IOException e) {
            damaged("read error at byte " + at + " (" + Inputs.reason(e) + ")");
        }
        return bb.position();
    }

    /** What JMC said, short: its messages are for developers, but better than nothing. */
    private static String describe(Throwable e) {
        if (e instanceof CorruptChunkException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "it needs more memory than this JVM has left (a damaged size, or too little heap: run with"
                    + " a larger one, e.g. JAVA_OPTS=-Xmx" + suggestedHeapMb(Runtime.getRuntime().maxMemory()) + "m)";
        }
        if (e instanceof StackOverflowError) {
            return "its types nest without end";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.length() > 120 || m.contains("\n")) {
            return "its data does not parse";
        }
        return "the parser stopped: " + Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** A problem with this recording's data, as opposed to JFR's own data loss. */
    private void damaged(String message) {
        damaged = true;
        diagnostics.dataSkipped(name(), message);
    }

    static String tooBig(String file, int number, long at, long chunkSize) {
        return file + ": chunk " + number + " (at byte " + at + ") is " + Bytes.size(chunkSize)
                + ", more than fits in this JVM's heap (" + Bytes.size(maxChunkBytes())
                + " per chunk); run with a larger heap, e.g. JAVA_OPTS=-Xmx" + suggestedHeapMb(needFor(chunkSize)) + "m";
    }

    static long maxChunkBytes() {
        return Math.min(Integer.MAX_VALUE - 64, Runtime.getRuntime().maxMemory() / 4);
    }

    /** What a chunk of this size needs at the densest events JFR writes (about 20 bytes each). */
    private static long needFor(long chunkSize) {
        return 2 * (chunkSize / 20) * BYTES_PER_EVENT + 2 * chunkSize + chunkSize / 4;
    }

    /** A heap, in MB rounded up to 256, of which {@code need} is the four fifths the checks allow. */
    private static long suggestedHeapMb(long need) {
        return Math.max(512, (need * 5 / 4 / (1 << 20) + 255) / 256 * 256);
    }

    @Override
    public void close() {
        closeFile();
    }
}
