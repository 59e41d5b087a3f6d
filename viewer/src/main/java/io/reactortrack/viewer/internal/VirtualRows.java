package io.reactortrack.viewer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the runs of virtual threads on a few shared rows as they stream by, instead of a lane per
 * thread: thousands of virtual threads that each run one callback would otherwise make thousands
 * of lanes.
 *
 * <p>Runs arrive in the order they finished, so an enclosing run comes after the runs inside it.
 * A row is given to a thread while that thread is the last to have used it, and its runs stay there
 * as long as they start after what other threads left on the row; so the runs of one thread nest
 * on its row as they would on a lane of its own, and the runs of different threads never overlap.
 */
public final class VirtualRows {

    /** One shared row. */
    public static final class Row {
        /** 1-based, in the order the rows were opened. */
        public final int number;
        String owner;
        long ownerFrom;
        long busyUntil;

        Row(int number) {
            this.number = number;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Row> lastRowOf = new HashMap<>();

    /**
     * The row for a run of {@code thread} from {@code start} to {@code end}: a new one when
     * {@link #size()} grew.
     */
    public Row place(String thread, long start, long end) {
        Row row = lastRowOf.get(thread);
        if (row == null || !thread.equals(row.owner) || start < row.ownerFrom) {
            row = freeAt(start);
            if (row == null) {
                row = new Row(rows.size() + 1);
                rows.add(row);
            }
            row.ownerFrom = row.busyUntil;
            row.owner = thread;
            lastRowOf.put(thread, row);
        }
        row.busyUntil = Math.max(row.busyUntil, end);
        return row;
    }

    private Row freeAt(long start) {
        for (Row row : rows) {
            if (row.busyUntil <= start) {
                return row;
            }
        }
        return null;
    }

    /** How many rows were opened. */
    public int size() {
        return rows.size();
    }
}
