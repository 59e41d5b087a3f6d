package io.reactortrack.jfrtojson.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A pass over the raw bytes of one chunk before JMC parses it.
 *
 * <p>It exists for two reasons. JMC trusts the file: a negative event size or
 * a constant-pool chain that loops back on itself sends its loader round in
 * circles forever, so the framing is checked here first, where every loop is
 * bounded by the chunk's length. And JMC decodes every field of every event
 * before anyone can say "not interested"; rewriting the type of each event we
 * do not convert to the type of a constant-pool event, which JMC skips by its
 * size alone, makes the thousands of JDK events in a real recording nearly
 * free. A chunk without any event we want is not handed to JMC at all.
 */
final class ChunkScan {

    private static final long METADATA_TYPE = 0;
    private static final long CONSTANT_POOL_TYPE = 1;
    private static final int MAX_ELEMENT_DEPTH = 32;

    /** Event types by id, only those we convert or report on. */
    final Map<Long, EventKind> kinds = new HashMap<>();
    /** The same for small ids, which is all of them in practice: no boxing per event. */
    private final EventKind[] smallKinds = new EventKind[4096];
    /** True when the chunk's metadata declares any reactortrack.* type. */
    boolean declaresReactorTrack;
    /** Events of the kinds we convert, by {@link EventKind#ordinal()}. */
    final int[] counts = new int[EventKind.values().length];
    /** Where the events stop being readable, or -1 when they all are. */
    long brokenAt = -1;
    /** Bytes of events after {@link #brokenAt} that cannot be read. */
    long unreadableBytes;

    private final byte[] buf;
    private final ChunkHeader header;
    private final Reader in;

    private ChunkScan(byte[] buf, ChunkHeader header) {
        this.buf = buf;
        this.header = header;
        this.in = new Reader(buf, (int) header.chunkSize, header.compressedInts);
    }

    /**
     * Checks and prepares the chunk held in {@code buf[0, header.chunkSize)}.
     * On return, JMC can be run on the buffer without hanging, and it will
     * only decode the events {@link #kinds} names.
     *
     * @throws CorruptChunkException when the metadata or the constants cannot be read
     */
    static ChunkScan prepare(byte[] buf, ChunkHeader header) throws CorruptChunkException {
        ChunkScan scan = new ChunkScan(buf, header);
        scan.readMetadata();
        scan.checkConstantPoolChain();
        scan.walkEvents();
        return scan;
    }

    int interestingEvents() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    private void readMetadata() throws CorruptChunkException {
        in.seek(header.metadataOffset);
        int size = in.readInt();
        if (size <= 0 || size > header.chunkSize - header.metadataOffset) {
            throw new CorruptChunkException("its metadata has an impossible size");
        }
        if (in.readLong() != METADATA_TYPE) {
            throw new CorruptChunkException("its header does not point to its metadata");
        }
        in.readLong(); // start
        in.readLong(); // duration
        in.readLong(); // metadata id
        int stringCount = in.readInt();
        if (stringCount < 0 || stringCount > in.remaining()) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        String[] strings = new String[stringCount];
        for (int i = 0; i < stringCount; i++) {
            strings[i] = in.readString();
        }
        readElement(strings, string(strings, in.readInt()), 0);
    }

    private void readElement(String[] strings, String name, int depth) throws CorruptChunkException {
        if (depth > MAX_ELEMENT_DEPTH) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        int attributes = in.readInt();
        if (attributes < 0 || attributes > in.remaining()) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        String className = null;
        String classId = null;
        for (int i = 0; i < attributes; i++) {
            String key = string(strings, in.readInt());
            String value = string(strings, in.readInt());
            if ("name".equals(key)) {
                className = value;
            } else if ("id".equals(key)) {
                classId = value;
            }
        }
        if ("class".equals(name) && className != null && classId != null) {
            declare(className, classId);
        }
        int children = in.readInt();
        if (children < 0 || children > in.remaining()) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        for (int i = 0; i < children; i++) {
            readElement(strings, string(strings, in.readInt()), depth + 1);
        }
    }

    private void declare(String className, String classId) throws CorruptChunkException {
        if (className.startsWith(EventKind.REACTORTRACK_PREFIX)) {
            declaresReactorTrack = true;
        }
        EventKind kind = EventKind.byTypeName(className);
        if (kind != null) {
            try {
                long id = Long.parseLong(classId);
                kinds.put(id, kind);
                if (id >= 0 && id < smallKinds.length) {
                    smallKinds[(int) id] = kind;
                }
            } catch (NumberFormatException e) {
                throw new CorruptChunkException("its metadata is damaged");
            }
        }
    }

    private static String string(String[] strings, int index) throws CorruptChunkException {
        if (index < 0 || index >= strings.length) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        return strings[index];
    }

    /** JMC follows this chain with no bound; a loop in it would be a hang. */
    private void checkConstantPoolChain() throws CorruptChunkException {
        Set<Long> seen = new HashSet<>();
        long offset = 0;
        long delta = header.constantPoolOffset;
        while (delta != 0) {
            offset += delta;
            if (offset < ChunkHeader.SIZE || offset >= header.chunkSize || !seen.add(offset)) {
                throw new CorruptChunkException("its constant pools are damaged");
            }
            in.seek(offset);
            if (header.compressedInts) {
                in.readLong(); // size, see JMC-7993
            } else {
                in.readInt();
            }
            if (in.readLong() != CONSTANT_POOL_TYPE) {
                throw new CorruptChunkException("its constant pools are damaged");
            }
            in.readLong(); // start
            in.readLong(); // duration
            delta = in.readLong();
        }
    }

    private void walkEvents() {
        long pos = ChunkHeader.SIZE;
        long end = header.chunkSize;
        try {
            while (pos < end) {
                in.seek(pos);
                int size = in.readInt();
                int typeAt = in.position();
                long type = in.readLong();
                int typeLength = in.position() - typeAt;
                if (size <= 0 || size > end - pos || in.position() - pos > size) {
                    break;
                }
                if (type != METADATA_TYPE && type != CONSTANT_POOL_TYPE) {
                    EventKind kind = type >= 0 && type < smallKinds.length ? smallKinds[(int) type] : kinds.get(type);
                    if (kind == null) {
                        skipInJmc(typeAt, typeLength);
                    } else {
                        counts[kind.ordinal()]++;
                    }
                }
                pos += size;
            }
        } catch (CorruptChunkException e) {
            // the event header runs past the end: same as a bad size
        }
        if (pos < end) {
            brokenAt = pos;
            unreadableBytes = end - pos;
            // JMC reads events up to the size in the header; make it stop
            // where the readable ones end.
            Bytes.putI64(buf, 8, pos);
        }
    }

    /** Rewrites an event's type, in place and at the same length, to "constant pool". */
    private void skipInJmc(int at, int length) {
        if (!header.compressedInts) {
            Bytes.putI64(buf, at, CONSTANT_POOL_TYPE);
            return;
        }
        if (length == 1) {
            buf[at] = (byte) CONSTANT_POOL_TYPE;
            return;
        }
        // A padded varint: 1 with continuation bits, then zero groups.
        buf[at] = (byte) 0x81;
        for (int i = 1; i < length - 1; i++) {
            buf[at + i] = (byte) 0x80;
        }
        buf[at + length - 1] = 0;
    }

    /** Bounds-checked reads in the chunk's integer encoding, as JMC reads them. */
    private static final class Reader {
        private final byte[] b;
        private final int limit;
        private final boolean compressed;
        private int pos;

        Reader(byte[] b, int limit, boolean compressed) {
            this.b = b;
            this.limit = limit;
            this.compressed = compressed;
        }

        void seek(long to) {
            pos = (int) to;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return limit - pos;
        }

        byte readByte() throws CorruptChunkException {
            if (pos >= limit) {
                throw new CorruptChunkException("it ends in the middle of its data");
            }
            return b[pos++];
        }

        int readInt() throws CorruptChunkException {
            if (compressed) {
                return (int) readVarLong();
            }
            need(4);
            int v = Bytes.i32(b, pos);
            pos += 4;
            return v;
        }

        long readLong() throws CorruptChunkException {
            if (compressed) {
                return readVarLong();
            }
            need(8);
            long v = Bytes.i64(b, pos);
            pos += 8;
            return v;
        }

        private char readChar() throws CorruptChunkException {
            if (compressed) {
                return (char) readVarLong();
            }
            need(2);
            char c = (char) Bytes.u16(b, pos);
            pos += 2;
            return c;
        }

        private long readVarLong() throws CorruptChunkException {
            long ret = 0;
            for (int i = 0; i < 8; i++) {
                byte x = readByte();
                ret += (x & 0x7FL) << (7 * i);
                if (x >= 0) {
                    return ret;
                }
            }
            return ret + ((readByte() & 0xFFL) << 56);
        }

        String readString() throws CorruptChunkException {
            byte encoding = readByte();
            switch (encoding) {
                case 0:
                    return null;
                case 1:
                    return "";
                case 3:
                case 5: {
                    int n = readInt();
                    if (n < 0 || n > remaining()) {
                        throw new CorruptChunkException("its metadata is damaged");
                    }
                    String s = new String(b, pos, n,
                            encoding == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                    pos += n;
                    return s;
                }
                case 4: {
                    int n = readInt();
                    if (n < 0 || n > remaining()) {
                        throw new CorruptChunkException("its metadata is damaged");
                    }
                    char[] c = new char[n];
                    for (int i = 0; i < n; i++) {
                        c[i] = readChar();
                    }
                    return new String(c);
                }
                default:
                    throw new CorruptChunkException("its metadata is damaged");
            }
        }

        private void need(int n) throws CorruptChunkException {
            if (pos < 0 || n > limit - pos) {
                throw new CorruptChunkException("it ends in the middle of its data");
            }
        }
    }
}
