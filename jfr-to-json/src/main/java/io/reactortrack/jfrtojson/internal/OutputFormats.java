package io.reactortrack.jfrtojson.internal;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of {@code --format}. Adding a format is a class implementing
 * {@link OutputFormat} with a constructor {@code (OutputStream, Conversion)},
 * and a line here.
 */
public final class OutputFormats {

    /** Makes a format that writes to the given stream. */
    @FunctionalInterface
    public interface Factory {
        OutputFormat open(OutputStream out, Conversion conversion);
    }

    public static final String DEFAULT = "json";

    private static final Map<String, Factory> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("json", JsonFormat::new);
        FORMATS.put("html", (out, conversion) -> new ViewerFormat(out, conversion, ViewerFormat.HTML));
        FORMATS.put("chrome", (out, conversion) -> new ViewerFormat(out, conversion, ViewerFormat.CHROME));
    }

    private OutputFormats() {
    }

    public static Set<String> names() {
        return FORMATS.keySet();
    }

    /** The factory for a name, or null when there is no such format. */
    public static Factory get(String name) {
        return FORMATS.get(name);
    }

    /** What --summary writes in place of the records: text, or JSON for {@code --format json}. */
    public static Factory summary(boolean json) {
        return json ? SummaryJson::new : SummaryText::new;
    }
}
