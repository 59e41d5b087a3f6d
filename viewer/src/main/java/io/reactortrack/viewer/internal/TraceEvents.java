package io.reactortrack.viewer.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;

/** The parts every Chrome trace event shares, written to a generator. Times are nanoseconds. */
public final class TraceEvents {

    private final JsonGenerator json;
    private final int pid;

    public TraceEvents(JsonGenerator json, int pid) {
        this.json = json;
        this.pid = pid;
    }

    /**
     * Starts an event object with its name, category, phase, time, pid and tid; the caller adds
     * the rest and ends the object.
     */
    public void begin(String name, String category, String phase, long tsNanos, int tid) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("cat", category);
        json.writeStringField("ph", phase);
        micros("ts", tsNanos);
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
    }

    /** A metadata event ({@code "ph":"M"}) such as {@code thread_name}. */
    public void metadata(String kind, int tid, String name) throws IOException {
        startMetadata(kind, tid);
        json.writeStringField("name", name);
        endMetadata();
    }

    /** Where a lane sorts among the others: lowest first. */
    public void sortIndex(int tid, int index) throws IOException {
        startMetadata("thread_sort_index", tid);
        json.writeNumberField("sort_index", index);
        endMetadata();
    }

    /** A metadata event up to its {@code args}, which the caller writes. */
    private void startMetadata(String kind, int tid) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", kind);
        json.writeStringField("ph", "M");
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
        json.writeObjectFieldStart("args");
    }

    private void endMetadata() throws IOException {
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Microseconds, with the fraction only when there is one (down to nanoseconds). */
    public void micros(String field, long nanos) throws IOException {
        json.writeFieldName(field);
        if (nanos % 1000 == 0) {
            json.writeNumber(nanos / 1000);
        } else {
            json.writeNumber(BigDecimal.valueOf(nanos, 3).stripTrailingZeros());
        }
    }
}
