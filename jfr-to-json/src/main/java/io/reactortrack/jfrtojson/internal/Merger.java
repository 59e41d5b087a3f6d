package io.reactortrack.jfrtojson.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Merges the sorted chunks of all recordings into one stream sorted by ts,
 * holding only a few chunks at a time.
 *
 * <p>Chunks of a recording follow each other in time, but not strictly: an
 * event committed while the JVM rotated chunks can land in the next chunk
 * with a slightly earlier timestamp. So each recording keeps one chunk loaded
 * beyond the one being written (its "frontier"), and a record is written only
 * once the frontier's earliest record is known. The result is exact as long
 * as an event is at most one chunk late, which is how JFR writes.
 *
 * <p>Chunks are read and parsed on one background thread while this thread
 * writes. With a single recording whose chunks are small enough, the chunk
 * after the frontier is parsed ahead, while the current one is written.
 */
final class Merger implements Closeable {

    private final List<BatchSource> readers;
    private final boolean jvmKey;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jfr-to-json-reader");
        t.setDaemon(true);
        return t;
    });
    /**
     * Reading ahead keeps a third chunk in memory: only with one recording,
     * and only while three of its densest chunks so far fit the heap easily.
     */
    private final boolean prefetch;
    private long densestEvents;
    private long biggestChunk;
    private final Future<?>[] pending;
    private final boolean[] exhausted;
    private final Run[] frontier;
    /** Lines held in memory by runs not spilled; see {@link #spillOver()}. */
    private long inMemory;
    private final long budget = Runtime.getRuntime().maxMemory() / 4 / RecordingReader.BYTES_PER_EVENT;
    private boolean spilled;

    private Run[] heap;
    private int heapSize;

    Merger(List<BatchSource> readers, boolean jvmKey) {
        this.readers = readers;
        this.jvmKey = jvmKey;
        this.prefetch = readers.size() == 1;
        this.pending = new Future<?>[readers.size()];
        this.exhausted = new boolean[readers.size()];
        this.frontier = new Run[readers.size()];
        this.heap = new Run[Math.max(4, readers.size() * 3)];
    }

    void run(OutputFormat out) throws UserException, IOException {
        for (int r = 0; r < readers.size(); r++) {
            advanceFrontier(r);
        }
        MonRecord view = new MonRecord();
        while (heapSize > 0) {
            Run top = heap[0];
            int r = top.batch.recording;
            if (top == frontier[r] && !exhausted[r]) {
                // Nothing of this recording can be written before its next
                // chunk's earliest record is known.
                advanceFrontier(r);
                continue;
            }
            RecordBatch b = top.batch;
            int i = b.order[top.pos];
            out.write(view.at(b, i, !jvmKey ? 0 : b.jvms != null ? b.jvms[i] : b.jvm));
            if (++top.pos == b.size) {
                if (top.spill == null) {
                    inMemory -= b.size;
                }
                RecordBatch more = top.spill != null ? top.spill.next() : null;
                if (more != null) {
                    top.batch = more;
                    top.pos = 0;
                    top.head = more.ts[more.order[0]];
                    siftDown(0);
                    continue;
                }
                if (top.spill != null) {
                    top.spill.close();
                }
                if (top == frontier[r]) {
                    frontier[r] = null;
                }
                removeTop();
            } else {
                top.head = b.ts[b.order[top.pos]];
                siftDown(0);
            }
        }
    }

    private void advanceFrontier(int r) throws UserException {
        RecordBatch b = take(r);
        if (b == null) {
            exhausted[r] = true;
            return;
        }
        Run run = new Run(b);
        frontier[r] = run;
        push(run);
        inMemory += b.size;
        spillOver();
    }

    private RecordBatch take(int r) throws UserException {
        Future<?> f = pending[r];
        pending[r] = null;
        if (f == null) {
            f = submit(r);
        }
        RecordBatch b = get(f);
        if (b != null) {
            densestEvents = Math.max(densestEvents, b.size);
            biggestChunk = Math.max(biggestChunk, b.chunkBytes);
            // Three batches, the chunk buffer, JMC's copy of the chunk and what
            // it builds while parsing, with room to spare for the collector.
            long three = 3 * densestEvents * RecordingReader.BYTES_PER_EVENT + 3 * biggestChunk;
            // Not once lines had to go to disk: a third chunk would not fit either.
            if (prefetch && !spilled && three < Runtime.getRuntime().maxMemory() * 2 / 5) {
                pending[r] = submit(r);
            }
        }
        return b;
    }

    private Future<?> submit(int r) {
        BatchSource reader = readers.get(r);
        return loader.submit(reader::next);
    }

    private static RecordBatch get(Future<?> f) throws UserException {
        try {
            return (RecordBatch) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UserException) {
                throw (UserException) c;
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * With several inputs, keeps the lines held in memory within a quarter
     * of the heap: past it, the runs that hold the most go to disk, to be
     * read back a little at a time. Without it, each input would keep a chunk
     * in memory until the merge passed it, and many inputs that overlap in
     * time (a file of several JVMs' dumps) would not fit. One recording's
     * chunks follow each other, and the chunk checks keep them within the heap.
     */
    private void spillOver() {
        if (readers.size() == 1) {
            return; // one recording's chunks, two or three at a time: what the chunk checks allow for
        }
        while (inMemory > budget) {
            Run biggest = null;
            for (int k = 0; k < heapSize; k++) {
                Run run = heap[k];
                if (run.spill == null
                        && (biggest == null || run.batch.size - run.pos > biggest.batch.size - biggest.pos)) {
                    biggest = run;
                }
            }
            if (biggest == null || biggest.batch.size - biggest.pos < 4096) {
                return;
            }
            inMemory -= biggest.batch.size;
            spilled = true;
            biggest.spill = new SpillFile(biggest.batch, biggest.pos);
            biggest.batch = biggest.spill.next();
            biggest.pos = 0;
        }
    }

    // A binary heap ordered by (ts, recording, chunk, position in chunk):
    // equal timestamps keep the order of the recordings and of each recording.

    private void push(Run run) {
        if (heapSize == heap.length) {
            heap = java.util.Arrays.copyOf(heap, heapSize * 2);
        }
        heap[heapSize] = run;
        siftUp(heapSize++);
    }

    private void removeTop() {
        heap[0] = heap[--heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            siftDown(0);
        }
    }

    private void siftUp(int k) {
        Run x = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!before(x, heap[parent])) {
                break;
            }
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = x;
    }

    private void siftDown(int k) {
        Run x = heap[k];
        int half = heapSize >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < heapSize && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], x)) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = x;
    }

    private static boolean before(Run a, Run b) {
        if (a.head != b.head) {
            return a.head < b.head;
        }
        if (a.batch.recording != b.batch.recording) {
            return a.batch.recording < b.batch.recording;
        }
        if (a.batch.chunkSeq != b.batch.chunkSeq) {
            return a.batch.chunkSeq < b.batch.chunkSeq;
        }
        return a.batch.order[a.pos] < b.batch.order[b.pos];
    }

    @Override
    public void close() {
        loader.shutdownNow();
        try {
            loader.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BatchSource r : readers) {
            r.close();
        }
        for (int k = 0; k < heapSize; k++) {
            if (heap[k].spill != null) {
                heap[k].spill.close();
            }
        }
    }

    private static final class Run {
        RecordBatch batch;
        int pos;
        long head;
        /** Where the rest of the batch is, once spilled. */
        SpillFile spill;

        Run(RecordBatch batch) {
            this.batch = batch;
            this.head = batch.ts[batch.order[0]];
        }
    }
}
