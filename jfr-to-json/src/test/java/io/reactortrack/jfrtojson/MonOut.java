package io.reactortrack.jfrtojson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Reads mon.out lines back, keeping the order of the keys. */
final class MonOut {

    private static final JsonFactory JSON = new JsonFactory();

    private MonOut() {
    }

    /** One line as a map in key order; numbers are Long or Double. */
    static Map<String, Object> parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object: " + line);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                Object v;
                switch (t) {
                    case VALUE_STRING:
                        v = p.getText();
                        break;
                    case VALUE_NUMBER_INT:
                        v = p.getLongValue();
                        break;
                    case VALUE_NUMBER_FLOAT:
                        v = p.getDoubleValue();
                        break;
                    case VALUE_TRUE:
                    case VALUE_FALSE:
                        v = p.getBooleanValue();
                        break;
                    case VALUE_NULL:
                        v = null;
                        break;
                    default:
                        throw new IllegalArgumentException("unexpected " + t + " in " + line);
                }
                if (m.containsKey(key)) {
                    throw new IllegalArgumentException("key twice: " + key + " in " + line);
                }
                m.put(key, v);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one value: " + line);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    static List<Map<String, Object>> parseAll(List<String> lines) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String l : lines) {
            all.add(parse(l));
        }
        return all;
    }

    /** The same lines without the keys that are measurements. */
    static List<Map<String, Object>> withoutKeys(List<Map<String, Object>> lines, String... keys) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> l : lines) {
            Map<String, Object> m = new LinkedHashMap<>(l);
            for (String k : keys) {
                m.remove(k);
            }
            all.add(m);
        }
        return all;
    }
}
