package io.reactortrack.viewer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Interval partitioning: spans, taken by start, each go to the row that has been free the longest,
 * or to a new row. That makes as many rows as the most spans open at one time, and no two spans on
 * a row overlap.
 */
public final class IntervalRows {

    private IntervalRows() {}

    /** A span to place; {@link #row} is set by {@link #pack}, from 0. */
    public static final class Span<T> {
        public final long start;
        public final long end;
        public final T value;
        public int row = -1;

        public Span(long start, long end, T value) {
            this.start = start;
            this.end = end;
            this.value = value;
        }
    }

    /** Sets the row of every span and returns the number of rows. */
    public static <T> int pack(List<Span<T>> spans) {
        List<Span<T>> byStart = new ArrayList<>(spans);
        byStart.sort(Comparator.comparingLong((Span<T> s) -> s.start).thenComparingLong(s -> s.end));
        PriorityQueue<long[]> free = new PriorityQueue<>(Comparator.comparingLong((long[] r) -> r[0]));
        int rows = 0;
        for (Span<T> span : byStart) {
            long[] row = free.peek() != null && free.peek()[0] <= span.start ? free.poll() : new long[] {0, rows++};
            span.row = (int) row[1];
            row[0] = span.end;
            free.add(row);
        }
        return rows;
    }
}
