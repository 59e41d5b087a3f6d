package io.reactortrack.jfrtojson.internal;

import java.util.HashMap;
import java.util.Map;

/** Numbers JVM runs 1, 2, 3... in the order they are first met. */
final class JvmNumbers {
    private final Map<String, Integer> numbers = new HashMap<>();
    private int runs;

    synchronized int number(String identity) {
        return numbers.computeIfAbsent(identity, k -> ++runs);
    }

    synchronized void alias(String identity, String numbered) {
        if (!numbers.containsKey(identity)) {
            numbers.put(identity, number(numbered));
        }
    }

    /** Distinct runs (aliases not counted twice). */
    synchronized int count() {
        return runs;
    }
}
