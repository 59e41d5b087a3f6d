package io.reactortrack.monout;

/**
 * How a {@code mon.out} line names the thread that ran a callback: one rule
 * for the in-process monitor and the converter, so that both name a thread
 * alike.
 *
 * <p>A platform thread is named by its name. A virtual thread usually has no
 * name, and thousands of them live for one callback each, so it is named by
 * its thread id, which JDK Flight Recorder records too: {@code virtual#42},
 * or {@code name (virtual#42)} when it has a name. A platform thread whose
 * name is empty is {@code thread#42}.
 */
public final class ThreadNames {

    /** Prefix of the name of a virtual thread; readers group threads by it. */
    public static final String VIRTUAL_PREFIX = "virtual#";

    private ThreadNames() {
    }

    /**
     * @param name    the thread's name, possibly empty or null
     * @param id      the thread's id ({@code Thread.threadId()}, JFR's Java thread id)
     * @param virtual whether it is a virtual thread
     */
    public static String of(String name, long id, boolean virtual) {
        boolean named = name != null && !name.isEmpty();
        if (!virtual) {
            return named ? name : "thread#" + id;
        }
        return named ? name + " (" + VIRTUAL_PREFIX + id + ")" : VIRTUAL_PREFIX + id;
    }

    /** Whether a {@code thread} value of {@code mon.out} names a virtual thread. */
    public static boolean isVirtual(String threadName) {
        return threadName != null && (threadName.startsWith(VIRTUAL_PREFIX)
                || threadName.endsWith(")") && threadName.contains(" (" + VIRTUAL_PREFIX));
    }
}
