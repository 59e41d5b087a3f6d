package io.reactortrack.jfrtojson.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pass over the raw bytes of one chunk before the parser sees it.
 *
 * <p>It checks the framing: a parser that trusts the file (JMC does) goes
 * round in circles forever on a negative event size or a constant-pool chain
 * that loops back on itself, so these are checked here, where every loop is
 * bounded by the chunk's length. It counts the events of the kinds we convert
 * (a chunk without any is never parsed), reads which threads are virtual
 * (JMC drops that field of the thread type), and can hide every other event
 * from the parser ({@link #hideOtherEvents()}).
 */
final class ChunkScan {

    private static final long METADATA_TYPE = 0;
    private static final long CONSTANT_POOL_TYPE = 1;
    private static final int MAX_ELEMENT_DEPTH = 32;
    private static final String THREAD_TYPE = "java.lang.Thread";

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
    /** Java thread ids of the virtual threads in the chunk's thread pool; empty before JDK 21. */
    final Set<Long> virtualThreads = new HashSet<>();

    /** The chunk's types, for walking its constant pools: id to type. */
    private final Map<Long, Type> types = new HashMap<>();
    private Type threadType;

    private final byte[] buf;
    private final ChunkHeader header;
    private final ChunkReader in;

    private ChunkScan(byte[] buf, ChunkHeader header) {
        this.buf = buf;
        this.header = header;
        this.in = new ChunkReader(buf, (int) header.chunkSize, header.compressedInts);
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
        List<Long> pools = scan.checkConstantPoolChain();
        scan.walkEvents();
        if (scan.counts[EventKind.EXECUTED.ordinal()] > 0) {
            scan.findVirtualThreads(pools);
        }
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
        readElement(strings, string(strings, in.readInt()), 0, null);
    }

    /** A type of the chunk's metadata, with what walking its values needs. */
    private static final class Type {
        final String name;
        final List<Field> fields = new ArrayList<>();

        Type(String name) {
            this.name = name;
        }
    }

    private record Field(String name, long type, boolean constantPool, boolean array) {
    }

    /** Reads one element of the metadata tree; classes and their fields are kept. */
    private void readElement(String[] strings, String name, int depth, Type owner) throws CorruptChunkException {
        if (depth > MAX_ELEMENT_DEPTH) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        int attributes = in.readInt();
        if (attributes < 0 || attributes > in.remaining()) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        String nameAttribute = null;
        String idOrClass = null;
        boolean constantPool = false;
        boolean array = false;
        for (int i = 0; i < attributes; i++) {
            String key = string(strings, in.readInt());
            String value = string(strings, in.readInt());
            if ("name".equals(key)) {
                nameAttribute = value;
            } else if ("id".equals(key) || "class".equals(key)) {
                idOrClass = value;
            } else if ("constantPool".equals(key)) {
                constantPool = "true".equals(value);
            } else if ("dimension".equals(key)) {
                array = "1".equals(value);
            }
        }
        Type type = null;
        if ("class".equals(name) && nameAttribute != null && idOrClass != null) {
            type = declare(nameAttribute, number(idOrClass));
        } else if ("field".equals(name) && owner != null && nameAttribute != null && idOrClass != null) {
            owner.fields.add(new Field(nameAttribute, number(idOrClass), constantPool, array));
        }
        int children = in.readInt();
        if (children < 0 || children > in.remaining()) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        for (int i = 0; i < children; i++) {
            readElement(strings, string(strings, in.readInt()), depth + 1, type);
        }
    }

    private static long number(String s) throws CorruptChunkException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CorruptChunkException("its metadata is damaged");
        }
    }

    private Type declare(String className, long id) {
        if (className.startsWith(EventKind.REACTORTRACK_PREFIX)) {
            declaresReactorTrack = true;
        }
        EventKind kind = EventKind.byTypeName(className);
        if (kind != null) {
            kinds.put(id, kind);
            if (id >= 0 && id < smallKinds.length) {
                smallKinds[(int) id] = kind;
            }
        }
        Type type = new Type(className);
        types.put(id, type);
        if (THREAD_TYPE.equals(className)) {
            threadType = type;
        }
        return type;
    }

    private static String string(String[] strings, int index) throws CorruptChunkException {
        if (index < 0 || index >= strings.length) {
            throw new CorruptChunkException("its metadata is damaged");
        }
        return strings[index];
    }

    /**
     * A parser follows this chain with no bound; a loop in it would be a
     * hang. Returns where the constant-pool events are.
     */
    private List<Long> checkConstantPoolChain() throws CorruptChunkException {
        List<Long> pools = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long offset = 0;
        long delta = header.constantPoolOffset;
        while (delta != 0) {
            offset += delta;
            if (offset < ChunkHeader.SIZE || offset >= header.chunkSize || !seen.add(offset)) {
                throw new CorruptChunkException("its constant pools are damaged");
            }
            pools.add(offset);
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
        return pools;
    }

    private void walkEvents() {
        long pos = ChunkHeader.SIZE;
        long end = header.chunkSize;
        try {
            while (pos < end) {
                in.seek(pos);
                int size = in.readInt();
                long type = in.readLong();
                if (size <= 0 || size > end - pos || in.position() - pos > size) {
                    break;
                }
                if (type != METADATA_TYPE && type != CONSTANT_POOL_TYPE) {
                    EventKind kind = kind(type);
                    if (kind != null) {
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
            // A parser reads events up to the size in the header; make it
            // stop where the readable ones end.
            Bytes.putI64(buf, 8, pos);
        }
    }

    private EventKind kind(long type) {
        return type >= 0 && type < smallKinds.length ? smallKinds[(int) type] : kinds.get(type);
    }

    /**
     * Rewrites, in place and at the same length, the type of every event of a
     * kind we do not convert to that of a constant-pool event, which a JFR
     * parser skips by its size without decoding it: the thousands of JDK
     * events of a real recording then cost nearly nothing to parse. Walks the
     * events {@link #prepare} found readable.
     */
    void hideOtherEvents() {
        long pos = ChunkHeader.SIZE;
        long end = brokenAt >= 0 ? brokenAt : header.chunkSize;
        try {
            while (pos < end) {
                in.seek(pos);
                int size = in.readInt();
                int typeAt = in.position();
                long type = in.readLong();
                if (type != METADATA_TYPE && type != CONSTANT_POOL_TYPE && kind(type) == null) {
                    skipInParser(typeAt, in.position() - typeAt);
                }
                pos += size;
            }
        } catch (CorruptChunkException e) {
            throw new IllegalStateException("walked before", e);
        }
    }

    /**
     * The thread type of JDK 21 and later says whether a thread is virtual;
     * JMC's thread model has no place for it, so it is read here, from the
     * thread constant pool. Damage only means no thread counts as virtual: the
     * parser reports it.
     */
    private void findVirtualThreads(List<Long> pools) {
        if (threadType == null) {
            return;
        }
        int javaThreadId = -1;
        int virtual = -1;
        for (int f = 0; f < threadType.fields.size(); f++) {
            Field field = threadType.fields.get(f);
            if (field.name.equals("javaThreadId") && !field.array) {
                javaThreadId = f;
            } else if (field.name.equals("virtual") && !field.array) {
                virtual = f;
            }
        }
        if (javaThreadId < 0 || virtual < 0) {
            return;
        }
        try {
            for (long offset : pools) {
                in.seek(offset);
                if (header.compressedInts) {
                    in.readLong(); // size
                } else {
                    in.readInt();
                }
                in.readLong(); // type
                in.readLong(); // start
                in.readLong(); // duration
                in.readLong(); // delta
                in.readByte(); // flush
                int poolCount = in.readInt();
                for (int p = 0; p < poolCount; p++) {
                    Type type = types.get(in.readLong());
                    int count = in.readInt();
                    if (type == null || count < 0 || count > in.remaining()) {
                        return;
                    }
                    for (int c = 0; c < count; c++) {
                        in.readLong(); // the constant's index
                        if (type == threadType) {
                            readThread(javaThreadId, virtual);
                        } else {
                            skipValue(type, 0);
                        }
                    }
                }
            }
        } catch (CorruptChunkException e) {
            // see above
        }
    }

    private void readThread(int javaThreadIdField, int virtualField) throws CorruptChunkException {
        long id = 0;
        boolean isVirtual = false;
        for (int f = 0; f < threadType.fields.size(); f++) {
            if (f == javaThreadIdField) {
                id = in.readLong();
            } else if (f == virtualField) {
                isVirtual = in.readByte() != 0;
            } else {
                skipField(threadType.fields.get(f), 1);
            }
        }
        if (isVirtual) {
            virtualThreads.add(id);
        }
    }

    private void skipField(Field f, int depth) throws CorruptChunkException {
        int n = 1;
        if (f.array) {
            n = in.readInt();
            if (n < 0 || n > in.remaining()) {
                throw new CorruptChunkException("its constant pools are damaged");
            }
        }
        for (int i = 0; i < n; i++) {
            if (f.constantPool) {
                in.readLong();
            } else {
                Type t = types.get(f.type);
                if (t == null) {
                    throw new CorruptChunkException("its constant pools are damaged");
                }
                skipValue(t, depth + 1);
            }
        }
    }

    /** Moves past one value of a type, as the chunk encodes it. */
    private void skipValue(Type t, int depth) throws CorruptChunkException {
        if (depth > MAX_ELEMENT_DEPTH) {
            throw new CorruptChunkException("its constant pools are damaged");
        }
        switch (t.name) {
            case "boolean":
            case "byte":
                in.readByte();
                return;
            case "char":
            case "short":
                in.readShort();
                return;
            case "int":
                in.readInt();
                return;
            case "long":
                in.readLong();
                return;
            case "float":
                in.skip(4);
                return;
            case "double":
                in.skip(8);
                return;
            case "java.lang.String":
                in.skipString();
                return;
            default:
                for (Field f : t.fields) {
                    skipField(f, depth);
                }
        }
    }

    /** Rewrites an event's type, in place and at the same length, to "constant pool". */
    private void skipInParser(int at, int length) {
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
}
