package io.reactortrack.recorder.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.reactortrack.monout.ThreadNames;

/** Names the current thread for a {@code mon.out} line, virtual threads included (JDK 21+). */
final class Threads {

    /** {@code Thread.isVirtual()}, absent before JDK 21; null there. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private Threads() {
    }

    static String current() {
        Thread t = Thread.currentThread();
        return ThreadNames.of(t.getName(), id(t), isVirtual(t));
    }

    @SuppressWarnings("deprecation") // threadId() is JDK 19+; getId() is the same number on every JDK.
    private static long id(Thread t) {
        return t.getId();
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
