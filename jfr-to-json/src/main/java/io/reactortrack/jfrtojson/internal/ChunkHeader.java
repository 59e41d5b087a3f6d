package io.reactortrack.jfrtojson.internal;

/**
 * The fixed 68-byte header that starts every chunk of a recording (JFR file
 * format 1.x and 2.x). We read it ourselves, before JMC sees the chunk, so that
 * a header that lies about sizes is caught before it can make anyone allocate
 * or read past the end of the file.
 */
final class ChunkHeader {

    static final int SIZE = 68;
    static final byte[] MAGIC = {'F', 'L', 'R', 0};

    final int major;
    final int minor;
    final long chunkSize;
    final long constantPoolOffset;
    final long metadataOffset;
    final long startNanos;
    final long durationNanos;
    final long startTicks;
    final long ticksPerSecond;
    final boolean compressedInts;

    private ChunkHeader(byte[] b, int at) {
        major = Bytes.u16(b, at + 4);
        minor = Bytes.u16(b, at + 6);
        chunkSize = Bytes.i64(b, at + 8);
        constantPoolOffset = Bytes.i64(b, at + 16);
        metadataOffset = Bytes.i64(b, at + 24);
        startNanos = Bytes.i64(b, at + 32);
        durationNanos = Bytes.i64(b, at + 40);
        startTicks = Bytes.i64(b, at + 48);
        ticksPerSecond = Bytes.i64(b, at + 56);
        // Only the lowest bit is a feature JMC and we need; the higher bytes
        // hold the writer's generation counter in JDK 14 and later.
        compressedInts = (Bytes.i32(b, at + 64) & 1) != 0;
    }

    static boolean hasMagic(byte[] b, int at, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a header; the caller has checked that 68 bytes and the magic are there. */
    static ChunkHeader read(byte[] b, int at) {
        return new ChunkHeader(b, at);
    }

    boolean supportedVersion() {
        return major == 1 || major == 2;
    }

    /**
     * Why this header cannot describe a complete chunk of at most
     * {@code available} bytes ("is cut short: ..."), or null when it can.
     */
    String problem(long available) {
        if (chunkSize < SIZE) {
            return "was never finished: its header has no size (the JVM stopped while writing it)";
        }
        if (chunkSize > available) {
            return "is cut short: its header says " + Bytes.size(chunkSize) + ", only "
                    + Bytes.size(available) + " are there";
        }
        if (metadataOffset < SIZE || metadataOffset >= chunkSize) {
            return "is damaged: its header points to metadata outside the chunk";
        }
        if (constantPoolOffset != 0 && (constantPoolOffset < SIZE || constantPoolOffset >= chunkSize)) {
            return "is damaged: its header points to constants outside the chunk";
        }
        if (ticksPerSecond <= 0) {
            return "is damaged: its header has no valid clock frequency";
        }
        return null;
    }

    /** Nanoseconds of a duration in ticks, computed as the JDK's own parser does. */
    long nanos(long ticks) {
        return (long) (ticks / (ticksPerSecond / 1_000_000_000.0));
    }
}
