package io.reactortrack.viewer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.reactortrack.viewer.internal.MonOutReader;
import io.reactortrack.viewer.internal.ScriptSafeEscapes;
import io.reactortrack.viewer.internal.Template;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a self-contained HTML viewer for a {@code mon.out}: one file with its script and styles
 * inline, that works offline when opened from disk.
 *
 * <p>The page shows a squaremap of the tracked futures and their callbacks, steps through the log
 * line by line (the callback executing at the current step drawn red), draws a timeline with one
 * lane per thread and a details panel for the selected future or callback.
 *
 * <p>The recording is embedded as JSON in a non-executable {@code <script type="application/json">}
 * element, with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, and the page puts every
 * recorded string into the document as text: a callback name or error message containing markup is
 * shown literally, never interpreted.
 */
public final class HtmlViewer {

    private HtmlViewer() {}

    /**
     * Reads {@code mon.out} lines and writes the viewer page.
     *
     * <p>Blank lines are ignored; lines that are not JSON objects are skipped and counted, and the
     * page says how many. The writer is flushed, not closed.
     *
     * @param monOutLines the JSON Lines of a {@code mon.out}
     * @param out where the HTML goes
     * @throws IOException if reading or writing fails
     */
    public static void write(BufferedReader monOutLines, Writer out) throws IOException {
        Template template = Template.get();
        out.write(template.beforeData());
        MonOutReader reader = new MonOutReader(monOutLines);
        try (JsonGenerator json = MonOutReader.mapper().getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setCharacterEscapes(new ScriptSafeEscapes());
            writeData(reader, json);
        }
        out.write(template.afterData());
        out.flush();
    }

    private static void writeData(MonOutReader reader, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("format", "reactortrack-viewer/1");
        json.writeArrayFieldStart("events");
        TokenBuffer line;
        long count = 0;
        while ((line = reader.nextTokens()) != null) {
            line.serialize(json);
            count++;
        }
        json.writeEndArray();
        json.writeNumberField("eventCount", count);
        json.writeNumberField("skippedLines", reader.skipped());
        json.writeNumberField("firstSkippedLine", reader.firstSkippedLine());
        json.writeEndObject();
    }
}
