package io.reactortrack.jfrtojson.internal;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code --summary}: lines per action and per future, as a table for people.
 *
 * <p>Per-future counts live in open-addressed primitive arrays (about 30
 * bytes a future) and stop growing at {@link #MAX_FUTURES}, so that the
 * summary of a huge recording stays inside the converter's memory bound.
 */
final class SummaryFormat implements OutputFormat {

    static final int MAX_FUTURES = 250_000;
    private static final int SHOWN = 20;
    private static final int ACTIONS = Action.VALUES.length;
    private static final long ID_BITS = 48;

    private final PrintWriter out;
    private final Conversion conversion;
    private final long[] byAction = new long[ACTIONS];
    private long lines;

    // The per-future table. A key packs the jvm above a 48-bit id: ids are
    // counters, and 2^48 of them is more than any JVM run makes.
    private int capacity = 1 << 10;
    private long[] keys = new long[capacity];
    private char[] counts = new char[capacity * ACTIONS]; // saturating at 65535
    private String[] names = new String[capacity];
    private byte[] state = new byte[capacity];
    private int futures;
    private boolean overflow;

    private static final byte USED = 1;
    private static final byte FAILED = 2;

    SummaryFormat(OutputStream out, Conversion conversion) {
        this.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.conversion = conversion;
    }

    @Override
    public void write(MonRecord r) {
        int a = r.rawAction();
        byAction[a]++;
        lines++;
        int slot = slot(((long) r.jvm() << ID_BITS) | (r.deferred() & ((1L << ID_BITS) - 1)));
        if (slot < 0) {
            return;
        }
        int c = slot * ACTIONS + a;
        if (counts[c] != Character.MAX_VALUE) {
            counts[c]++;
        }
        if (a == Action.TRACKED.ordinal() && names[slot] == null) {
            names[slot] = r.name();
        }
        if (a == Action.FIRED.ordinal() && !r.success()) {
            state[slot] |= FAILED;
        }
    }

    private int slot(long key) {
        int mask = capacity - 1;
        int h = (int) mix(key) & mask;
        while (state[h] != 0) {
            if (keys[h] == key) {
                return h;
            }
            h = (h + 1) & mask;
        }
        if (futures >= MAX_FUTURES) {
            overflow = true;
            return -1;
        }
        if ((futures + 1) * 2 > capacity) {
            grow();
            return slot(key);
        }
        state[h] = USED;
        keys[h] = key;
        futures++;
        return h;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    private void grow() {
        long[] oldKeys = keys;
        char[] oldCounts = counts;
        String[] oldNames = names;
        byte[] oldState = state;
        capacity *= 2;
        keys = new long[capacity];
        counts = new char[capacity * ACTIONS];
        names = new String[capacity];
        state = new byte[capacity];
        futures = 0;
        for (int i = 0; i < oldState.length; i++) {
            if (oldState[i] != 0) {
                int s = slot(oldKeys[i]);
                System.arraycopy(oldCounts, i * ACTIONS, counts, s * ACTIONS, ACTIONS);
                names[s] = oldNames[i];
                state[s] = oldState[i];
            }
        }
    }

    private int total(int slot) {
        int t = 0;
        for (int a = 0; a < ACTIONS; a++) {
            t += counts[slot * ACTIONS + a];
        }
        return t;
    }

    /** Orders the top of the table: more lines first, then jvm and id. */
    private boolean busier(int a, int b) {
        int ta = total(a);
        int tb = total(b);
        return ta != tb ? ta > tb : keys[a] < keys[b];
    }

    @Override
    public void finish() {
        boolean jvm = conversion.jvmKey();
        out.printf("%d lines from %d recording%s, %d chunk%s%s%n", lines, conversion.recordings().size(),
                plural(conversion.recordings().size()), conversion.chunks(), plural(conversion.chunks()),
                jvm ? ", " + conversion.jvms() + " JVM run" + plural(conversion.jvms()) : "");
        out.println();
        out.println("lines by action");
        for (Action a : Action.VALUES) {
            out.printf("  %-9s %12d%n", a.jsonName(), byAction[a.ordinal()]);
        }
        out.println();

        int tracked = 0;
        int fired = 0;
        int failures = 0;
        int[] top = new int[Math.min(SHOWN, futures)];
        int shown = 0;
        for (int s = 0; s < capacity; s++) {
            if (state[s] == 0) {
                continue;
            }
            tracked += counts[s * ACTIONS + Action.TRACKED.ordinal()] > 0 ? 1 : 0;
            fired += counts[s * ACTIONS + Action.FIRED.ordinal()] > 0 ? 1 : 0;
            failures += (state[s] & FAILED) != 0 ? 1 : 0;
            // Insertion into the short list of the busiest.
            int at = shown < top.length ? shown++ : top.length;
            while (at > 0 && busier(s, top[at - 1])) {
                if (at < top.length) {
                    top[at] = top[at - 1];
                }
                at--;
            }
            if (at < top.length) {
                top[at] = s;
            }
        }
        out.printf("futures: %d seen, %d tracked, %d fired (%d failed or cancelled), %d never fired%n", futures,
                tracked, fired, failures, futures - fired);
        if (overflow) {
            out.printf("  (counted per future for the first %d futures only; narrow with --future)%n", MAX_FUTURES);
        }
        if (shown > 0) {
            out.println();
            out.printf("busiest futures%s%n", futures > SHOWN ? " (" + SHOWN + " of " + futures + ")" : "");
            StringBuilder head = new StringBuilder("  ");
            if (jvm) {
                head.append(String.format("%4s ", "jvm"));
            }
            head.append(String.format("%10s %7s", "deferred", "lines"));
            for (Action a : Action.VALUES) {
                head.append(String.format(" %9s", a.jsonName()));
            }
            out.println(head.append("  name"));
            for (int i = 0; i < shown; i++) {
                int s = top[i];
                StringBuilder row = new StringBuilder("  ");
                if (jvm) {
                    row.append(String.format("%4d ", keys[s] >>> ID_BITS));
                }
                row.append(String.format("%10d %7d", keys[s] & ((1L << ID_BITS) - 1), total(s)));
                for (int a = 0; a < ACTIONS; a++) {
                    row.append(String.format(" %9d", (int) counts[s * ACTIONS + a]));
                }
                out.println(row.append("  ").append(names[s] == null ? "-" : names[s]));
            }
        }
        out.flush();
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
