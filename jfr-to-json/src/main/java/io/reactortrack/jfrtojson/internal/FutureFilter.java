package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.reactortrack.monout.Action;

/**
 * {@code --future}: keeps the chosen futures and every future tracked from
 * them (derived stages, chain targets, composed futures), transitively.
 *
 * <p>Two passes over the recordings: the first follows {@code parent} and
 * {@code target} links in time order to find the whole family, the second
 * writes it. One pass would lose the early lines of a future that was
 * tracked on its own before being chained to a chosen one.
 */
final class FutureFilter {

    /** A --future value: an id, in every JVM run (jvm 0) or in one. */
    private record Selector(int jvm, long id, String text) {
    }

    private record Key(int jvm, long id) {
    }

    private final List<Selector> selectors;
    private final boolean[] matched;
    private final Set<Key> family = new HashSet<>();

    private FutureFilter(List<Selector> selectors) {
        this.selectors = selectors;
        this.matched = new boolean[selectors.size()];
    }

    /** Parses "ID" or "JVM:ID" values. */
    static FutureFilter parse(List<String> values, boolean jvmKey) throws UserException {
        List<Selector> selectors = new ArrayList<>();
        for (String v : values) {
            String s = v.trim();
            int colon = s.indexOf(':');
            try {
                if (colon < 0) {
                    selectors.add(new Selector(0, positive(s), v));
                } else {
                    int jvm = (int) positive(s.substring(0, colon));
                    if (!jvmKey) {
                        throw new UserException(ExitCodes.USAGE, "--future " + v
                                + ": there is only one recording, so lines carry no jvm; use --future "
                                + s.substring(colon + 1));
                    }
                    selectors.add(new Selector(jvm, positive(s.substring(colon + 1)), v));
                }
            } catch (NumberFormatException e) {
                throw new UserException(ExitCodes.USAGE, "--future " + v
                        + ": expected a future id (the 'deferred' of a line), or JVM:ID with several recordings");
            }
        }
        return new FutureFilter(selectors);
    }

    private static long positive(String s) {
        long v = Long.parseLong(s.trim());
        if (v <= 0) {
            throw new NumberFormatException(s);
        }
        return v;
    }

    /** The first pass: sees every record, writes nothing. */
    OutputFormat collector() {
        return new OutputFormat() {
            @Override
            public void write(MonRecord r) {
                int jvm = r.jvm();
                long id = r.deferred();
                for (int i = 0; i < selectors.size(); i++) {
                    Selector s = selectors.get(i);
                    if (s.id == id && (s.jvm == 0 || s.jvm == jvm)) {
                        matched[i] = true;
                        family.add(new Key(jvm, id));
                    }
                }
                Action a = r.action();
                if (a == Action.TRACKED && r.parent() != 0 && family.contains(new Key(jvm, r.parent()))) {
                    family.add(new Key(jvm, id));
                } else if (a == Action.CHAINED && r.target() != 0 && family.contains(new Key(jvm, id))) {
                    family.add(new Key(jvm, r.target()));
                }
            }

            @Override
            public void finish() {
            }
        };
    }

    /** The ids nobody recorded, as the user wrote them. */
    List<String> unmatched() {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < selectors.size(); i++) {
            if (!matched[i]) {
                missing.add(selectors.get(i).text);
            }
        }
        return missing;
    }

    /** The second pass: passes on the records of the family only. */
    OutputFormat filter(OutputFormat out) {
        return new OutputFormat() {
            @Override
            public void write(MonRecord r) throws IOException {
                if (family.contains(new Key(r.jvm(), r.deferred()))) {
                    out.write(r);
                }
            }

            @Override
            public void finish() throws IOException {
                out.finish();
            }
        };
    }
}
