package io.reactortrack.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reactortrack.viewer.internal.Callbacks;
import org.junit.jupiter.api.Test;

/**
 * Which attachment an {@code executed} line ran is decided twice: by
 * {@link Callbacks} for the Chrome trace, and by the page's model
 * ({@code model.js}, whose test reads the same two files). Both must give the
 * answers in {@code matching-expected.txt}: executed line → the attached line
 * it ran, or the executed line that made an attachment of its own when none
 * was recorded.
 */
class CallbackMatchingTest {

    @Test
    void the_chrome_trace_matches_runs_to_attachments_as_the_page_does() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Callbacks callbacks = new Callbacks();
        Map<Callbacks.Slot, Integer> lineOf = new IdentityHashMap<>();
        StringBuilder got = new StringBuilder();
        String[] lines = Fixtures.resource("matching-mon.out").split("\n");
        for (int i = 0; i < lines.length; i++) {
            JsonNode l = json.readTree(lines[i]);
            long future = l.get("deferred").asLong();
            switch (l.get("action").asText()) {
                case "attached":
                    lineOf.put(callbacks.attach(future, text(l, "callback"), text(l, "errback"), text(l, "method"),
                            l.get("result").isNull() ? null : l.get("result").asLong()), i);
                    break;
                case "executed":
                    Callbacks.Run run = callbacks.executed(future, text(l, "callback"),
                            l.get("callback?").asBoolean(), 0, 0, 0);
                    lineOf.putIfAbsent(run.slot, i);
                    got.append(i).append(' ').append(lineOf.get(run.slot)).append('\n');
                    break;
                default:
                    break;
            }
        }
        assertEquals(Fixtures.resource("matching-expected.txt"), got.toString());
    }

    private static String text(JsonNode line, String key) {
        JsonNode v = line.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
