package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.reactortrack.monout.Action;

/**
 * {@code --summary --format json}: the {@link Summary} as one JSON object for
 * scripts. Times are seconds, as in mon.out; {@code ts} microseconds since the
 * epoch; lists are in the text's order, at most {@link #MAX_LISTED} long.
 */
final class SummaryJson implements OutputFormat {

    static final int MAX_LISTED = 1000;
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final OutputStream out;
    private final Conversion conversion;
    private final Summary summary = new Summary();

    SummaryJson(OutputStream out, Conversion conversion) {
        this.out = out;
        this.conversion = conversion;
    }

    @Override
    public void write(MonRecord record) {
        summary.add(record);
    }

    @Override
    public void finish() throws IOException {
        Summary s = summary;
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("lines", s.lines);
            g.writeArrayFieldStart("inputs");
            for (String name : conversion.recordings()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeNumberField("chunks", conversion.chunks());
            g.writeNumberField("jvms", conversion.jvmKey() ? conversion.jvms() : 1);
            if (s.lines > 0) {
                g.writeNumberField("firstTs", s.firstTs);
                g.writeStringField("firstTime", SummaryText.instant(s.firstTs).toString());
                g.writeNumberField("lastTs", s.lastTs);
                g.writeStringField("lastTime", SummaryText.instant(s.lastTs).toString());
            }
            g.writeObjectFieldStart("linesByAction");
            for (Action a : Action.values()) {
                g.writeNumberField(a.jsonName(), s.byAction[a.ordinal()]);
            }
            g.writeEndObject();
            List<Summary.Pending> pending = s.pending();
            g.writeObjectFieldStart("futures");
            g.writeNumberField("tracked", s.byAction[Action.TRACKED.ordinal()]);
            g.writeNumberField("completed", s.completed);
            g.writeNumberField("failed", s.failed);
            g.writeNumberField("cancelled", s.cancelled);
            g.writeNumberField("pending", pending.size());
            g.writeNumberField("unhandled", s.unhandled);
            g.writeEndObject();
            g.writeBooleanField("capped", s.capped);

            g.writeArrayFieldStart("failures");
            for (Summary.Failure f : first(s.failures())) {
                g.writeStartObject();
                g.writeStringField("what", f.what);
                g.writeStringField("errorClass", f.errorClass);
                g.writeNumberField("futures", f.count);
                if (f.exampleError != null) {
                    g.writeObjectFieldStart("first");
                    future(g, f.exampleJvm, f.exampleId);
                    g.writeNumberField("ts", f.exampleTs);
                    g.writeStringField("error", f.exampleError);
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeArrayFieldStart("pending");
            for (Summary.Pending p : first(pending)) {
                g.writeStartObject();
                future(g, p.jvm(), p.id());
                g.writeStringField("name", p.name());
                g.writeNumberField("age", p.ageNanos() / 1e9);
                g.writeNumberField("dependents", p.dependents());
                g.writeStringField("origin", p.origin());
                g.writeNumberField("ts", p.ts());
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeArrayFieldStart("slowest");
            for (Summary.Slow f : s.slowest()) {
                g.writeStartObject();
                future(g, f.jvm(), f.id());
                g.writeStringField("name", f.name());
                g.writeNumberField("lifetime", f.lifetimeNanos() / 1e9);
                g.writeNumberField("ts", f.ts());
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeArrayFieldStart("callbacks");
            for (Summary.Callback c : first(s.callbacks())) {
                g.writeStartObject();
                g.writeStringField("callback", c.name);
                g.writeNumberField("runs", c.runs);
                g.writeNumberField("total", c.totalNanos / 1e9);
                g.writeObjectFieldStart("worst");
                g.writeNumberField("time", c.worstNanos / 1e9);
                future(g, c.worstJvm, c.worstId);
                g.writeStringField("thread", c.worstThread);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeObjectFieldStart("threads");
            kind(g, "platform", s.distinctPlatformThreads(), s.platform);
            g.writeArrayFieldStart("busiest");
            for (Summary.ThreadTime t : first(s.platformThreads())) {
                g.writeStartObject();
                g.writeStringField("thread", t.name);
                g.writeNumberField("runs", t.runs);
                g.writeNumberField("total", t.totalNanos / 1e9);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            kind(g, "virtual", s.distinctVirtualThreads(), s.virtual);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        out.flush();
    }

    /** Opens the kind's object; the caller closes it ("platform" gets its busiest threads first). */
    private static void kind(JsonGenerator g, String name, int threads, Summary.ThreadTime t) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("threads", threads);
        g.writeNumberField("runs", t.runs);
        g.writeNumberField("total", t.totalNanos / 1e9);
    }

    private static void future(JsonGenerator g, int jvm, long id) throws IOException {
        if (jvm > 0) {
            g.writeNumberField("jvm", jvm);
        }
        g.writeNumberField("deferred", id);
    }

    private static <T> List<T> first(List<T> list) {
        return list.subList(0, Math.min(MAX_LISTED, list.size()));
    }
}
