package io.reactortrack.recorder;

/**
 * Where a tracked future came from, kept small because every tracked future
 * holds one: the method and callback that derived it (rendered only when a
 * report needs it), or the captured stack of the code that tracked it.
 */
final class Origin {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final java.security.CodeSource OURS = Origin.class.getProtectionDomain().getCodeSource();
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
            frames.filter(f -> !isInternal(f.getDeclaringClass()))
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

    /** Reactor Track's own frames (by where the class was loaded from, not its package) and the JDK's futures. */
    private static boolean isInternal(Class<?> c) {
        if (c.getName().startsWith("java.util.concurrent.")) {
            return true;
        }
        java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
        return OURS != null && source != null && OURS.getLocation().equals(source.getLocation());
    }

    @Override
    public String toString() {
        if (stack != null) {
            return stack;
        }
        return method + "(" + (callback == null ? "" : callback) + ") on #" + parentId;
    }
}
