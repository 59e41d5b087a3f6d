package io.reactortrack.jfrtojson.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.reactortrack.monout.ThreadNames;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.IUnit;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

/**
 * Everything jfr-to-json asks of JDK Mission Control's parser, in one place:
 * the only class that imports JMC.
 *
 * <p>It parses one chunk at a time (memory is bounded by a chunk, not a
 * recording), with a parser extension whose event sinks take each event's
 * values as JMC decodes them and hand them to {@link EventLines}, so that JMC
 * builds no item of its own. Before that, {@link ChunkScan#hideOtherEvents()}
 * makes the events we do not convert look like constant-pool events, which
 * any JFR parser skips by size: JMC then decodes only ours.
 *
 * <p>Only JMC's public API: {@link JfrLoaderToolkit#loadEvents(InputStream, List)}
 * on a stream of the one chunk. Measured against the chunk loader under it
 * ({@code ChunkLoaderV1}, in a package JMC does not export, run on the chunk
 * where it already is), it converts as fast, for one more chunk of memory
 * while a chunk is parsed (its copy of the chunk): docs/jfr-to-json.md, "JMC".
 * JMC's stream opener refers to lz4-java, which the build provides.
 *
 * <p>What it relies on, beyond the signatures: that JMC hands values to a
 * sink in the order of the {@link ValueField}s it announced, times as
 * {@link IQuantity} in epoch units, durations in the chunk's ticks or in time
 * units, threads as {@link IMCThread}. {@link #check()} says, at startup and
 * in a test, when the JMC on the class path is not the one this was written
 * for.
 */
final class JmcAdapter {

    /** The JMC versions this class was written and tested for. */
    static final String WRITTEN_FOR = "9.1.";


    // Held strongly: java.util.logging forgets configured loggers that nobody references.
    private static final Logger JMC_LOGGER = Logger.getLogger("org.openjdk.jmc");

    static {
        // JMC logs damaged input at WARNING to stderr; we report it ourselves, once.
        JMC_LOGGER.setLevel(Level.OFF);
    }

    private JmcAdapter() {
    }

    /** The version of JMC's flightrecorder library on the class path, or null when it does not say. */
    static String jmcVersion() {
        try (InputStream in = JfrLoaderToolkit.class.getResourceAsStream(
                "/META-INF/maven/org.openjdk.jmc/flightrecorder/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** Null when the JMC on the class path is one this class was written for; else what is wrong. */
    static String check() {
        return check(jmcVersion());
    }

    static String check(String version) {
        if (version == null) {
            return "cannot tell which JMC flightrecorder library is on the class path (its pom.properties is"
                    + " missing); jfr-to-json was written for JMC " + WRITTEN_FOR + "x";
        }
        if (!version.startsWith(WRITTEN_FOR)) {
            return "JMC flightrecorder " + version + " is on the class path, but jfr-to-json was written for JMC "
                    + WRITTEN_FOR + "x: check what JmcAdapter relies on (see its comment) against that version,"
                    + " then change JmcAdapter.WRITTEN_FOR";
        }
        try {
            JfrLoaderToolkit.class.getMethod("loadEvents", InputStream.class, List.class);
            Class.forName("net.jpountz.lz4.LZ4FrameInputStream", false, JmcAdapter.class.getClassLoader());
            IEventSinkFactory.class.getMethod("create", String.class, String.class, String[].class, String.class,
                    List.class);
            IMCThread.class.getMethod("getThreadId");
        } catch (NoSuchMethodException | LinkageError e) {
            return "JMC flightrecorder " + version + " lacks " + e.getMessage() + ", which JmcAdapter uses";
        } catch (ClassNotFoundException e) {
            return "lz4-java is not on the class path, and JMC's loader needs it";
        }
        return null;
    }

    /**
     * Decodes the Reactor Track events of the chunk in {@code buf}, prepared
     * by {@code scan}, into {@code batch}.
     *
     * @throws Exception whatever JMC throws on a damaged chunk; the events
     *                   before the damage are in the batch
     */
    static void parse(byte[] buf, ChunkHeader header, ChunkScan scan, RecordBatch batch) throws Exception {
        scan.hideOtherEvents();
        Sinks sinks = new Sinks(header, batch, scan.virtualThreads);
        IParserExtension extension = new IParserExtension() {
            @Override
            public IEventSinkFactory getEventSinkFactory(IEventSinkFactory subFactory) {
                return sinks;
            }
        };
        // One chunk per call: a fresh loader context each time, whose constant
        // maps would otherwise grow with the file.
        JfrLoaderToolkit.loadEvents(new ByteArrayInputStream(buf, 0, (int) header.chunkSize), List.of(extension));
        if (sinks.malformed > 0 && batch.size == 0) {
            throw new CorruptChunkException("its Reactor Track events do not have the expected fields");
        }
    }

    /** Hands JMC a sink per event type: ours for the kinds we read, a no-op for the rest. */
    private static final class Sinks implements IEventSinkFactory {
        private static final IEventSink IGNORE = values -> { };

        final ChunkHeader header;
        final RecordBatch batch;
        final Set<Long> virtualThreads;
        final StringCache strings = new StringCache();
        int malformed;
        private IMCThread lastThread;
        private String lastThreadName;

        Sinks(ChunkHeader header, RecordBatch batch, Set<Long> virtualThreads) {
            this.header = header;
            this.batch = batch;
            this.virtualThreads = virtualThreads;
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
                    return reactorTrack(kind, f);
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

        private IEventSink reactorTrack(EventKind kind, Fields f) {
            int start = f.index("startTime");
            int duration = f.index("duration");
            int future = f.index("futureId");
            if (start < 0 || future < 0) {
                return values -> malformed++;
            }
            Lines out = batch;
            switch (kind) {
                case TRACKED: {
                    int parent = f.index("parentId");
                    int name = f.index("name");
                    int via = f.index("via");
                    return v -> EventLines.tracked(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asLong(Fields.at(v, parent)), Fields.asString(Fields.at(v, name)),
                            str(Fields.at(v, via)));
                }
                case ATTACHED: {
                    int result = f.index("resultId");
                    int other = f.index("otherId");
                    int callback = f.index("callback");
                    int errback = f.index("errback");
                    int method = f.index("method");
                    return v -> EventLines.attached(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asLong(Fields.at(v, result)), Fields.asLong(Fields.at(v, other)),
                            str(Fields.at(v, callback)), str(Fields.at(v, errback)), str(Fields.at(v, method)));
                }
                case CHAINED: {
                    int target = f.index("targetId");
                    return v -> EventLines.chained(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asLong(Fields.at(v, target)));
                }
                case EXECUTED: {
                    int result = f.index("resultId");
                    int callback = f.index("callback");
                    int callbackPath = f.index("callbackPath");
                    int failed = f.index("failed");
                    int error = f.index("error");
                    int completesStage = f.index("completesStage");
                    int thread = f.index("eventThread");
                    return v -> EventLines.executed(out, nanos(v[start]), duration(Fields.at(v, duration)),
                            Fields.asLong(v[future]), Fields.asLong(Fields.at(v, result)),
                            str(Fields.at(v, callback)), Fields.asBoolean(Fields.at(v, callbackPath)),
                            Fields.asBoolean(Fields.at(v, failed)), str(Fields.at(v, error)),
                            Fields.asBoolean(Fields.at(v, completesStage)), threadName(Fields.at(v, thread)));
                }
                case COMPLETED: {
                    int name = f.index("name");
                    int success = f.index("success");
                    int cancelled = f.index("cancelled");
                    int error = f.index("error");
                    int callback = f.index("callback");
                    return v -> EventLines.completed(out, nanos(v[start]), duration(Fields.at(v, duration)),
                            Fields.asLong(v[future]), Fields.asString(Fields.at(v, name)),
                            Fields.asBoolean(Fields.at(v, success)), Fields.asBoolean(Fields.at(v, cancelled)),
                            str(Fields.at(v, error)), str(Fields.at(v, callback)));
                }
                case FAILED: {
                    int name = f.index("name");
                    int cancelled = f.index("cancelled");
                    int error = f.index("error");
                    int callback = f.index("callback");
                    return v -> EventLines.failed(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asString(Fields.at(v, name)), Fields.asBoolean(Fields.at(v, cancelled)),
                            str(Fields.at(v, error)), str(Fields.at(v, callback)));
                }
                case REVISED: {
                    int success = f.index("success");
                    int cancelled = f.index("cancelled");
                    int error = f.index("error");
                    return v -> EventLines.revised(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asBoolean(Fields.at(v, success)), Fields.asBoolean(Fields.at(v, cancelled)),
                            str(Fields.at(v, error)));
                }
                case UNHANDLED: {
                    int name = f.index("name");
                    int error = f.index("error");
                    int origin = f.index("origin");
                    return v -> EventLines.unhandled(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asString(Fields.at(v, name)), str(Fields.at(v, error)),
                            str(Fields.at(v, origin)));
                }
                case PENDING: {
                    int name = f.index("name");
                    int age = f.index("age");
                    int dependents = f.index("dependents");
                    int origin = f.index("origin");
                    return v -> EventLines.pending(out, nanos(v[start]), Fields.asLong(v[future]),
                            Fields.asString(Fields.at(v, name)), duration(Fields.at(v, age)),
                            (int) Fields.asLong(Fields.at(v, dependents)), str(Fields.at(v, origin)));
                }
                default:
                    throw new IllegalStateException(kind.name());
            }
        }

        /** A string that repeats across events: one instance per value. */
        private String str(Object value) {
            return strings.dedup(Fields.asString(value));
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

        /** The thread as docs/mon-out.md names it; JMC gives the same object for the same thread. */
        private String threadName(Object value) {
            if (value == lastThread && lastThreadName != null) {
                return lastThreadName;
            }
            String name;
            if (value instanceof IMCThread) {
                IMCThread t = (IMCThread) value;
                Long id = t.getThreadId();
                long javaId = id == null ? 0 : id;
                name = strings.dedup(ThreadNames.of(t.getThreadName(), javaId, virtualThreads.contains(javaId)));
            } else {
                name = ThreadNames.of(null, 0, false);
            }
            lastThread = value instanceof IMCThread ? (IMCThread) value : null;
            lastThreadName = name;
            return name;
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
