package io.reactortrack.recorder.internal;

/**
 * Where a tracked future came from, kept small because every tracked future
 * holds one: the method and callback that derived it (rendered only when a
 * report needs it), or the captured stack of the code that tracked it.
 */
public final class Origin {

    /** Where Reactor Track's classes were loaded from, as text: URL.equals would resolve host names. */
    private static final String OURS = location(Origin.class);
    private static final String OUR_PACKAGE = "io.reactortrack.recorder.";
    /** The agent's classes, which run inside {@code CompletableFuture}'s own methods. */
    private static final String AGENT_PACKAGE = "io.reactortrack.agent.";
    private static final int FRAMES = 8;

    /**
     * The stack where a future was tracked, captured cheaply: the JVM records
     * its frames, and they become text only if a report ever needs them.
     */
    private static final class Capture extends Throwable {
        private static final long serialVersionUID = 1L;

        Capture() {
            super(null, null, false, true);
        }
    }

    private final String method;
    private final String callback;
    private final long parentId;
    private Throwable capture;
    private String stack;

    private Origin(String method, String callback, long parentId, Throwable capture) {
        this.method = method;
        this.callback = callback;
        this.parentId = parentId;
        this.capture = capture;
    }

    public static Origin derived(String method, String callback, long parentId) {
        return new Origin(method, callback, parentId, null);
    }

    /**
     * A future first seen when {@code callback} was attached to it with
     * {@code method} (or supplied its value): what the agent records of a
     * future it did not see made, without capturing a stack, which would
     * cost more than the rest of recording a short-lived future.
     */
    public static Origin attached(String method, String callback) {
        return new Origin(method, callback, -1, null);
    }

    /** The calling code, outside Reactor Track and the JDK's concurrency classes. */
    public static Origin here() {
        return new Origin(null, null, 0, new Capture());
    }

    private synchronized String stack() {
        if (stack == null && capture != null) {
            StringBuilder b = new StringBuilder();
            int n = 0;
            for (StackTraceElement f : capture.getStackTrace()) {
                if (n == FRAMES) {
                    break;
                }
                if (isInternal(f.getClassName())) {
                    continue;
                }
                if (n++ > 0) {
                    b.append('\n');
                }
                b.append(f.getClassName()).append('.').append(f.getMethodName())
                        .append('(').append(f.getFileName()).append(':').append(f.getLineNumber()).append(')');
            }
            stack = b.toString();
            capture = null;
        }
        return stack;
    }

    private static boolean isInternal(String className) {
        if (className.startsWith("java.util.concurrent.")) {
            return true;
        }
        if (!className.startsWith(OUR_PACKAGE) && !className.startsWith(AGENT_PACKAGE)) {
            return false;
        }
        try {
            return INTERNAL.get(Class.forName(className, false, Origin.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Per class, computed once: the walk above asks for every frame of every tracked future. */
    private static final ClassValue<Boolean> INTERNAL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return computeInternal(c);
        }
    };

    /**
     * Reactor Track's own classes are those of its packages loaded from where
     * this class was: the package alone would take the tests in it for ours,
     * and where they were loaded from alone would take the whole application
     * for ours when it is one jar with Reactor Track (a shaded uber jar), which
     * left every origin empty after walking the whole stack.
     */
    private static boolean computeInternal(Class<?> c) {
        String name = c.getName();
        if (name.startsWith("java.util.concurrent.")) {
            return true;
        }
        if (!name.startsWith(OUR_PACKAGE) && !name.startsWith(AGENT_PACKAGE)) {
            return false;
        }
        String where = location(c);
        return OURS != null && OURS.equals(where);
    }

    private static String location(Class<?> c) {
        java.security.ProtectionDomain pd = c.getProtectionDomain();
        java.security.CodeSource source = pd == null ? null : pd.getCodeSource();
        // Classes on the bootstrap class path (the agent) have no code source: they are all ours or the JDK's.
        return source == null || source.getLocation() == null ? "bootstrap" : source.getLocation().toExternalForm();
    }

    @Override
    public String toString() {
        if (method == null) {
            return stack();
        }
        return method + "(" + (callback == null ? "" : callback) + ")" + (parentId < 0 ? "" : " on #" + parentId);
    }
}
