package io.reactortrack.jfrtojson.internal;

import java.io.DataInput;
import java.io.EOFException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.IUnit;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.internal.parser.Chunk;
import org.openjdk.jmc.flightrecorder.internal.parser.LoaderContext;
import org.openjdk.jmc.flightrecorder.internal.parser.v1.ChunkLoaderV1;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

/**
 * Runs JMC's chunk loader on one chunk already in memory and turns the events
 * it decodes into a {@link RecordBatch}.
 *
 * <p>JMC's public entry points ({@code FlightRecordingLoader.loadStream},
 * {@code JfrLoaderToolkit}) load a whole recording into item collections. We
 * use the layer under them, {@code ChunkLoaderV1}, with a fresh
 * {@code LoaderContext} per chunk (its constant maps would otherwise grow with
 * the file) and our own sinks (so no JMC item is ever built).
 */
final class JmcChunkParser {

    // Held strongly: java.util.logging forgets configured loggers that nobody references.
    private static final Logger JMC_LOGGER = Logger.getLogger("org.openjdk.jmc");

    static {
        // JMC logs damaged input at WARNING to stderr; we report it ourselves, once.
        JMC_LOGGER.setLevel(Level.OFF);
    }

    private JmcChunkParser() {
    }

    /**
     * Decodes the events of the chunk in {@code buf}, prepared by {@code scan}.
     *
     * @throws Exception whatever JMC throws on a damaged chunk
     */
    static void parse(byte[] buf, ChunkHeader header, RecordBatch batch) throws Exception {
        Sinks sinks = new Sinks(header, batch);
        IParserExtension extension = new IParserExtension() {
            @Override
            public IEventSinkFactory getEventSinkFactory(IEventSinkFactory subFactory) {
                return sinks;
            }
        };
        LoaderContext context = new LoaderContext(List.of(extension), false);
        Chunk chunk = new Chunk(new Preloaded(buf, (int) header.chunkSize), ChunkHeader.MAGIC.length, buf);
        ChunkLoaderV1.create(chunk, context).call();
        if (sinks.malformed > 0 && batch.size == 0) {
            throw new CorruptChunkException("its Reactor Track events do not have the expected fields");
        }
    }

    /**
     * JMC's {@code Chunk} copies the chunk from a {@code DataInput} into the
     * buffer it is given. We give it the buffer the chunk is already in, so
     * "reading" is a bounds check.
     */
    private static final class Preloaded implements DataInput {
        private final byte[] buf;
        private final int length;

        Preloaded(byte[] buf, int length) {
            this.buf = buf;
            this.length = length;
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws EOFException {
            if (b != buf || off < 0 || len < 0 || off + len > length) {
                throw new EOFException("chunk data ends here");
            }
        }

        @Override
        public void readFully(byte[] b) throws EOFException {
            readFully(b, 0, b.length);
        }

        @Override
        public int skipBytes(int n) {
            return n;
        }

        @Override
        public boolean readBoolean() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte readByte() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readUnsignedByte() {
            throw new UnsupportedOperationException();
        }

        @Override
        public short readShort() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readUnsignedShort() {
            throw new UnsupportedOperationException();
        }

        @Override
        public char readChar() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readInt() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long readLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public float readFloat() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double readDouble() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String readLine() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String readUTF() {
            throw new UnsupportedOperationException();
        }
    }

    /** Hands JMC a sink per event type: ours for the kinds we read, a no-op for the rest. */
    private static final class Sinks implements IEventSinkFactory {
        private static final IEventSink IGNORE = values -> { };

        final ChunkHeader header;
        final RecordBatch batch;
        final StringCache strings = new StringCache();
        int malformed;

        Sinks(ChunkHeader header, RecordBatch batch) {
            this.header = header;
            this.batch = batch;
        }

        @Override
        public IEventSink create(String identifier, String label, String[] category, String description,
                List<ValueField> fields) {
            EventKind kind = EventKind.byTypeName(identifier);
            if (kind == null) {
                return IGNORE;
            }
            Fields f = new Fields(fields);
            switch (kind) {
                case DATA_LOSS:
                    return dataLoss(f);
                case JVM_INFORMATION:
                    return jvmInformation(f);
                default:
                    return reactorTrack(kind.action, f);
            }
        }

        @Override
        public void flush() {
        }

        private IEventSink dataLoss(Fields f) {
            int amount = f.index("amount");
            return v -> {
                batch.dataLossEvents++;
                if (amount >= 0 && v[amount] instanceof IQuantity) {
                    batch.dataLossBytes += clamped((IQuantity) v[amount], UnitLookup.BYTE);
                }
            };
        }

        private IEventSink jvmInformation(Fields f) {
            int pid = f.index("pid");
            int start = f.index("jvmStartTime");
            return v -> {
                if (pid >= 0 && start >= 0 && v[pid] != null && v[start] != null) {
                    long startMillis = v[start] instanceof IQuantity
                            ? clamped((IQuantity) v[start], UnitLookup.EPOCH_MS) : Fields.asLong(v[start]);
                    batch.jvmIdentity = Fields.asLong(v[pid]) + "@" + startMillis;
                }
            };
        }

        private IEventSink reactorTrack(Action action, Fields f) {
            int start = f.index("startTime");
            int duration = f.index("duration");
            int thread = f.index("eventThread");
            int future = f.index("futureId");
            if (start < 0 || future < 0) {
                return values -> malformed++;
            }
            switch (action) {
                case TRACKED: {
                    int parent = f.index("parentId");
                    int name = f.index("name");
                    int via = f.index("via");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.num[i] = Fields.asLong(Fields.at(v, parent));
                        batch.s0[i] = Fields.asString(Fields.at(v, name));
                        batch.s1[i] = str(Fields.at(v, via));
                    };
                }
                case ATTACHED: {
                    int result = f.index("resultId");
                    int callback = f.index("callback");
                    int errback = f.index("errback");
                    int method = f.index("method");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.num[i] = Fields.asLong(Fields.at(v, result));
                        batch.s0[i] = str(Fields.at(v, callback));
                        batch.s1[i] = str(Fields.at(v, errback));
                        batch.s2[i] = str(Fields.at(v, method));
                    };
                }
                case CHAINED: {
                    int target = f.index("targetId");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.num[i] = Fields.asLong(Fields.at(v, target));
                    };
                }
                case EXECUTED: {
                    int callback = f.index("callback");
                    int callbackPath = f.index("callbackPath");
                    int failed = f.index("failed");
                    int error = f.index("error");
                    return v -> {
                        long startNanos = nanos(v[start]);
                        long took = duration(Fields.at(v, duration));
                        // ts of executed is when the callback finished.
                        int i = batch.add(action, Math.floorDiv(startNanos + took, 1000L), Fields.asLong(v[future]));
                        batch.num[i] = took;
                        batch.s0[i] = str(Fields.at(v, callback));
                        batch.s1[i] = strings.dedup(threadName(Fields.at(v, thread)));
                        batch.s2[i] = str(Fields.at(v, error));
                        batch.flags[i] = (byte) ((Fields.asBoolean(Fields.at(v, callbackPath)) ? RecordBatch.CALLBACK_PATH : 0)
                                | (Fields.asBoolean(Fields.at(v, failed)) ? RecordBatch.FAILED : 0));
                    };
                }
                case FIRED: {
                    int success = f.index("success");
                    int cancelled = f.index("cancelled");
                    int error = f.index("error");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.s2[i] = str(Fields.at(v, error));
                        batch.flags[i] = (byte) ((Fields.asBoolean(Fields.at(v, success)) ? RecordBatch.SUCCESS : 0)
                                | (Fields.asBoolean(Fields.at(v, cancelled)) ? RecordBatch.CANCELLED : 0));
                    };
                }
                case UNHANDLED: {
                    int name = f.index("name");
                    int error = f.index("error");
                    int origin = f.index("origin");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.s0[i] = Fields.asString(Fields.at(v, name));
                        batch.s1[i] = str(Fields.at(v, origin));
                        batch.s2[i] = str(Fields.at(v, error));
                    };
                }
                case PENDING: {
                    int name = f.index("name");
                    int age = f.index("age");
                    int dependents = f.index("dependents");
                    int origin = f.index("origin");
                    return v -> {
                        int i = batch.add(action, micros(v[start]), Fields.asLong(v[future]));
                        batch.s0[i] = Fields.asString(Fields.at(v, name));
                        batch.s1[i] = str(Fields.at(v, origin));
                        batch.num[i] = duration(Fields.at(v, age));
                        batch.dependents(i, (int) Fields.asLong(Fields.at(v, dependents)));
                    };
                }
                default:
                    throw new IllegalStateException(action.name());
            }
        }

        /** A string that repeats across events: one instance per value. */
        private String str(Object value) {
            return strings.dedup(Fields.asString(value));
        }

        private long micros(Object startTime) {
            return Math.floorDiv(nanos(startTime), 1000L);
        }

        private static long nanos(Object startTime) {
            if (startTime instanceof IQuantity) {
                IQuantity q = (IQuantity) startTime;
                return q.getUnit() == UnitLookup.EPOCH_NS ? q.longValue() : clamped(q, UnitLookup.EPOCH_NS);
            }
            return 0;
        }

        private long duration(Object value) {
            if (!(value instanceof IQuantity)) {
                return 0;
            }
            IQuantity q = (IQuantity) value;
            IUnit unit = q.getUnit();
            // Durations come in the chunk's ticks; converting them as the JDK
            // does keeps `time` identical to what RecordingFile reports.
            if ("ticks".equals(unit.getIdentifier())) {
                return header.nanos(q.longValue());
            }
            return clamped(q, UnitLookup.NANOSECOND);
        }

        private static String threadName(Object value) {
            return value instanceof IMCThread ? ((IMCThread) value).getThreadName() : null;
        }

        private static long clamped(IQuantity q, IUnit unit) {
            try {
                return q.clampedLongValueIn(unit);
            } catch (RuntimeException e) {
                return 0; // a damaged type: its unit cannot be converted
            }
        }
    }

    /** Field positions by identifier; JMC hands values over as an array in metadata order. */
    private static final class Fields {
        private final List<ValueField> fields;

        Fields(List<ValueField> fields) {
            this.fields = fields;
        }

        int index(String identifier) {
            for (int i = 0; i < fields.size(); i++) {
                if (identifier.equals(fields.get(i).getIdentifier())) {
                    return i;
                }
            }
            return -1;
        }

        static Object at(Object[] v, int index) {
            return index >= 0 && index < v.length ? v[index] : null;
        }

        static long asLong(Object v) {
            if (v instanceof Number) {
                return ((Number) v).longValue();
            }
            if (v instanceof IQuantity) {
                return ((IQuantity) v).longValue();
            }
            return 0;
        }

        static String asString(Object v) {
            return v instanceof String ? (String) v : null;
        }

        static boolean asBoolean(Object v) {
            return v instanceof Boolean && (Boolean) v;
        }
    }
}
