package io.reactortrack.recorder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads mon.out lines (flat JSON objects) into ordered maps, strictly: one
 * object per line, no nested values, no key twice, nothing after the object.
 *
 * <p>It is written apart from the project's own mon.out reader and writer
 * ({@code io.reactortrack.monout}) and shares no code with them, on purpose:
 * the tests check what those write and read against the contract through an
 * independent parser, so a bug in them cannot hide itself.
 */
public final class MonOut {

    private static final JsonFactory JSON = new JsonFactory();

    private MonOut() {
    }

    /** One line as a map in key order: strings, longs, doubles, booleans and nulls. */
    public static Map<String, Object> parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + line);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                Object value;
                switch (v) {
                    case VALUE_STRING:
                        value = p.getText();
                        break;
                    case VALUE_NUMBER_INT:
                        value = p.getLongValue();
                        break;
                    case VALUE_NUMBER_FLOAT:
                        value = p.getDoubleValue();
                        break;
                    case VALUE_TRUE:
                        value = Boolean.TRUE;
                        break;
                    case VALUE_FALSE:
                        value = Boolean.FALSE;
                        break;
                    case VALUE_NULL:
                        value = null;
                        break;
                    default:
                        throw new IllegalArgumentException("nested value for " + key + " in " + line);
                }
                if (m.containsKey(key)) {
                    throw new IllegalArgumentException("duplicate key " + key + " in " + line);
                }
                m.put(key, value);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content in " + line);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    public static List<Map<String, Object>> parseAll(List<String> lines) {
        List<Map<String, Object>> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.add(parse(line));
        }
        return out;
    }

    public static List<Map<String, Object>> withAction(List<Map<String, Object>> lines, String action) {
        return lines.stream().filter(l -> action.equals(l.get("action"))).collect(Collectors.toList());
    }

    /** The same lines, copied, without {@code keys} (the measured ones, say, that differ from run to run). */
    public static List<Map<String, Object>> withoutKeys(List<Map<String, Object>> lines, String... keys) {
        List<Map<String, Object>> out = new ArrayList<>(lines.size());
        for (Map<String, Object> line : lines) {
            Map<String, Object> m = new LinkedHashMap<>(line);
            for (String k : keys) {
                m.remove(k);
            }
            out.add(m);
        }
        return out;
    }

    /** The id in {@code key}, or 0 for JSON null. */
    public static long id(Map<String, Object> line, String key) {
        Object v = line.get(key);
        return v == null ? 0 : (Long) v;
    }
}
