package io.reactortrack.agent.boot;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traced futures' state when {@code CompletableFuture} was loaded before the
 * agent and has no field for it: keyed by identity (a future's
 * {@code equals} and {@code hashCode} are the application's business) and
 * held weakly, so that a future the application drops is collected as if it
 * had never been traced.
 */
final class SideTable {

    private static final ConcurrentHashMap<Object, Futures.State> TABLE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** A stored key: the future, weakly. */
    private static final class Key extends WeakReference<Object> {
        final int hash;

        Key(Object referent) {
            super(referent, COLLECTED);
            hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = get();
            return mine != null && (o instanceof Key ? ((Key) o).get() == mine : o instanceof Probe && ((Probe) o).f == mine);
        }
    }

    /** A lookup key, never stored. */
    private static final class Probe {
        final Object f;

        Probe(Object f) {
            this.f = f;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(f);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).get() == f;
        }
    }

    private SideTable() {
    }

    static Futures.State get(CompletableFuture<?> f) {
        return TABLE.get(new Probe(f));
    }

    static Futures.State putIfAbsent(CompletableFuture<?> f, Futures.State s) {
        for (Object k; (k = COLLECTED.poll()) != null; ) {
            TABLE.remove(k);
        }
        return TABLE.putIfAbsent(new Key(f), s);
    }

    /** How many futures have state here; for tests. */
    static int size() {
        return TABLE.size();
    }
}
