package io.reactortrack.recorder.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executors whose tasks run only when the test says so, each on its own named
 * thread ("exec-A", "exec-B", ...), one task at a time across all of them.
 *
 * <p>{@link #drain()} runs the queued tasks in the order they were submitted,
 * each on its executor's thread, waiting for one to finish before starting the
 * next; tasks submitted while draining are run too. Async pipelines built on
 * these executors therefore run in a single, repeatable order, on known threads.
 */
public final class ManualExecutors implements AutoCloseable {

    private static final long TASK_TIMEOUT_SECONDS = 30;

    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    public ManualExecutors(String... names) {
        for (String name : names) {
            workers.put(name, new Worker(name));
        }
    }

    /** The executor called {@code name}: {@code execute} queues the task until {@link #drain()}. */
    public Executor executor(String name) {
        Worker w = workers.get(name);
        if (w == null) {
            throw new IllegalArgumentException(name);
        }
        return w.executor;
    }

    /** Whether {@code t} is one of the executor threads. */
    public boolean owns(Thread t) {
        for (Worker w : workers.values()) {
            if (w.thread == t) {
                return true;
            }
        }
        return false;
    }

    /** Runs queued tasks until none is left; returns how many ran. */
    public int drain() {
        int n = 0;
        Task t;
        while ((t = queue.poll()) != null) {
            t.worker.runAndWait(t.runnable);
            n++;
        }
        return n;
    }

    /** Tasks waiting to run. */
    public int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        for (Worker w : workers.values()) {
            w.thread.interrupt();
        }
    }

    private static final class Task {
        final Worker worker;
        final Runnable runnable;

        Task(Worker worker, Runnable runnable) {
            this.worker = worker;
            this.runnable = runnable;
        }
    }

    private final class Worker {
        final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        final Thread thread;
        final Executor executor;

        Worker(String name) {
            this.thread = new Thread(this::loop, name);
            this.thread.setDaemon(true);
            this.thread.start();
            this.executor = new Executor() {
                @Override
                public void execute(Runnable command) {
                    if (command == null) {
                        throw new NullPointerException();
                    }
                    queue.add(new Task(Worker.this, command));
                }

                @Override
                public String toString() {
                    return name;
                }
            };
        }

        private void loop() {
            try {
                while (true) {
                    inbox.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        void runAndWait(Runnable r) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            inbox.add(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
            try {
                if (!done.await(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("a task on " + thread.getName() + " did not finish in "
                            + TASK_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running a task", e);
            }
            if (failure.get() != null) {
                // CompletableFuture's own tasks never throw; anything here is a broken task.
                throw new AssertionError("a task on " + thread.getName() + " threw", failure.get());
            }
        }
    }
}
