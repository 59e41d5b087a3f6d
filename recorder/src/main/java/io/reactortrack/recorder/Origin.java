package io.reactortrack.recorder;

/**
 * Where a tracked future came from, kept small because every tracked future
 * holds one: the method and callback that derived it (rendered only when a
 * report needs it), or the captured stack of the code that tracked it.
 */
final class Origin {

    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final int FRAMES = 8;

    private final String method;
    private final String callback;
    private final long parentId;
    private final String stack;

    private Origin(String method, String callback, long parentId, String stack) {
        this.method = method;
        this.callback = callback;
        this.parentId = parentId;
        this.stack = stack;
    }

    static Origin derived(String method, String callback, long parentId) {
        return new Origin(method, callback, parentId, null);
    }

    /** The calling code, outside Reactor Track and the JDK's concurrency classes. */
    static Origin here() {
        String stack = WALKER.walk(frames -> {
            StringBuilder b = new StringBuilder();
            frames.filter(f -> !isInternal(f.getClassName()))
                    .limit(FRAMES)
                    .forEach(f -> {
                        if (b.length() > 0) {
                            b.append('\n');
                        }
                        b.append(f.getClassName()).append('.').append(f.getMethodName())
                                .append('(').append(f.getFileName()).append(':').append(f.getLineNumber()).append(')');
                    });
            return b.toString();
        });
        return new Origin(null, null, 0, stack);
    }

    private static boolean isInternal(String className) {
        return className.startsWith("io.reactortrack.recorder.") || className.startsWith("java.util.concurrent.");
    }

    @Override
    public String toString() {
        if (stack != null) {
            return stack;
        }
        return method + "(" + (callback == null ? "" : callback) + ") on #" + parentId;
    }
}
