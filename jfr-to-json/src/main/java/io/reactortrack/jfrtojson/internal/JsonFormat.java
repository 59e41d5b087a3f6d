package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * mon.out: JSON Lines, keys in the order of docs/mon-out.md, written with
 * Jackson's streaming generator.
 */
final class JsonFormat implements OutputFormat {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            // Characters outside the BMP as four UTF-8 bytes, not as two
            // escaped surrogates: the same bytes JsonMonitor writes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .rootValueSeparator((SerializableString) null)
            .build();

    // Pre-encoded once: field names are most of the bytes of a line.
    private static final SerializableString ACTION = key("action");
    private static final SerializableString DEFERRED = key("deferred");
    private static final SerializableString TS = key("ts");
    private static final SerializableString NAME = key("name");
    private static final SerializableString PARENT = key("parent");
    private static final SerializableString VIA = key("via");
    private static final SerializableString CALLBACK = key("callback");
    private static final SerializableString ERRBACK = key("errback");
    private static final SerializableString METHOD = key("method");
    private static final SerializableString RESULT = key("result");
    private static final SerializableString TARGET = key("target");
    private static final SerializableString CALLBACK_PATH = key("callback?");
    private static final SerializableString TIME = key("time");
    private static final SerializableString THREAD = key("thread");
    private static final SerializableString FAILED = key("failed");
    private static final SerializableString ERROR = key("error");
    private static final SerializableString SUCCESS = key("success");
    private static final SerializableString CANCELLED = key("cancelled");
    private static final SerializableString ORIGIN = key("origin");
    private static final SerializableString AGE = key("age");
    private static final SerializableString DEPENDENTS = key("dependents");
    private static final SerializableString JVM = key("jvm");
    private static final SerializableString[] ACTIONS = new SerializableString[Action.VALUES.length];

    static {
        for (Action a : Action.VALUES) {
            ACTIONS[a.ordinal()] = key(a.jsonName());
        }
    }

    private final JsonGenerator g;
    private final boolean jvmKey;

    JsonFormat(OutputStream out, Conversion conversion) {
        try {
            this.g = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.jvmKey = conversion.jvmKey();
    }

    private static SerializableString key(String s) {
        return new SerializedString(s);
    }

    @Override
    public void write(MonRecord r) throws IOException {
        JsonGenerator g = this.g;
        int action = r.rawAction();
        g.writeStartObject();
        g.writeFieldName(ACTION);
        g.writeString(ACTIONS[action]);
        g.writeFieldName(DEFERRED);
        g.writeNumber(r.deferred());
        g.writeFieldName(TS);
        g.writeNumber(r.ts());
        byte flags = r.rawFlags();
        switch (Action.VALUES[action]) {
            case TRACKED:
                g.writeFieldName(NAME);
                g.writeString(r.rawS0());
                g.writeFieldName(PARENT);
                id(r.rawNum());
                g.writeFieldName(VIA);
                g.writeString(r.rawS1());
                break;
            case ATTACHED:
                g.writeFieldName(CALLBACK);
                g.writeString(r.rawS0());
                g.writeFieldName(ERRBACK);
                g.writeString(r.rawS1());
                g.writeFieldName(METHOD);
                g.writeString(r.rawS2());
                g.writeFieldName(RESULT);
                id(r.rawNum());
                break;
            case CHAINED:
                g.writeFieldName(TARGET);
                id(r.rawNum());
                break;
            case EXECUTED: {
                boolean failed = (flags & RecordBatch.FAILED) != 0;
                g.writeFieldName(CALLBACK);
                g.writeString(r.rawS0());
                g.writeFieldName(CALLBACK_PATH);
                g.writeBoolean((flags & RecordBatch.CALLBACK_PATH) != 0);
                g.writeFieldName(TIME);
                g.writeNumber(r.rawNum() / 1e9);
                g.writeFieldName(THREAD);
                g.writeString(r.rawS1());
                g.writeFieldName(FAILED);
                g.writeBoolean(failed);
                if (failed) {
                    g.writeFieldName(ERROR);
                    g.writeString(r.rawS2());
                }
                break;
            }
            case FIRED: {
                boolean success = (flags & RecordBatch.SUCCESS) != 0;
                g.writeFieldName(SUCCESS);
                g.writeBoolean(success);
                if (!success) {
                    g.writeFieldName(ERROR);
                    g.writeString(r.rawS2());
                }
                g.writeFieldName(CANCELLED);
                g.writeBoolean((flags & RecordBatch.CANCELLED) != 0);
                break;
            }
            case UNHANDLED:
                g.writeFieldName(NAME);
                g.writeString(r.rawS0());
                g.writeFieldName(ERROR);
                g.writeString(r.rawS2());
                g.writeFieldName(ORIGIN);
                g.writeString(r.rawS1());
                break;
            case PENDING:
                g.writeFieldName(NAME);
                g.writeString(r.rawS0());
                g.writeFieldName(AGE);
                g.writeNumber(r.rawNum() / 1e9);
                g.writeFieldName(DEPENDENTS);
                g.writeNumber(r.dependents());
                g.writeFieldName(ORIGIN);
                g.writeString(r.rawS1());
                break;
            default:
                throw new IllegalStateException();
        }
        if (jvmKey) {
            g.writeFieldName(JVM);
            g.writeNumber(r.jvm());
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private void id(long id) throws IOException {
        if (id == 0) {
            g.writeNull();
        } else {
            g.writeNumber(id);
        }
    }

    @Override
    public void finish() throws IOException {
        g.flush();
    }
}
