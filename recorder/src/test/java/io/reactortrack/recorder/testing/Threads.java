package io.reactortrack.recorder.testing;

import java.util.regex.Pattern;

/**
 * Thread names made comparable between runs: the driving thread is "caller",
 * threads of {@link ManualExecutors} keep their name, the JDK's default async
 * threads (common pool workers, or one new thread per task when the common pool
 * has a parallelism of 1) are "defaultAsync", and the JDK's timeout thread is
 * "delayer".
 */
public final class Threads {

    private static final Pattern THREAD_PER_TASK = Pattern.compile("Thread-\\d+");

    private Threads() {
    }

    public static String category(Thread t, Thread caller, ManualExecutors executors) {
        if (t == caller) {
            return "caller";
        }
        String name = t.getName();
        if (executors != null && executors.owns(t)) {
            return name;
        }
        if (name.startsWith("ForkJoinPool.commonPool-worker") || THREAD_PER_TASK.matcher(name).matches()) {
            return "defaultAsync";
        }
        if (name.toLowerCase(java.util.Locale.ROOT).contains("delay")) {
            return "delayer";
        }
        return "other:" + name;
    }
}
