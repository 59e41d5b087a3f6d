package io.reactortrack.jfrtojson.internal;

/**
 * Gives equal strings one instance. JMC makes a new String for every string
 * written inline in an event ("derived", "thenApply", the thread's name...),
 * and a chunk holds hundreds of thousands of them until it is written.
 *
 * <p>Direct-mapped: a string replaces whatever was in its slot, so the cache
 * never grows and unique strings (ids in error messages) cost one compare.
 */
final class StringCache {
    private final String[] slots = new String[1 << 12];

    String dedup(String s) {
        if (s == null) {
            return null;
        }
        int i = (s.hashCode() * 0x9E3779B9) >>> 20;
        String cached = slots[i];
        if (s.equals(cached)) {
            return cached;
        }
        slots[i] = s;
        return s;
    }
}
