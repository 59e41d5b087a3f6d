package java.util.concurrent;

/*
 * A compile-time stand-in for the JDK 19+ java.util.concurrent.Future, patched
 * into java.base only while compiling src/main/jdk19 (see the recorder's pom):
 * it declares what that code calls. It is never packaged or run; at run time
 * the JDK's own Future is used.
 */
public interface Future<V> {

    boolean cancel(boolean mayInterruptIfRunning);

    boolean isCancelled();

    boolean isDone();

    V get() throws InterruptedException, ExecutionException;

    V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException;

    default V resultNow() {
        throw new UnsupportedOperationException();
    }

    default Throwable exceptionNow() {
        throw new UnsupportedOperationException();
    }

    default State state() {
        throw new UnsupportedOperationException();
    }

    enum State { RUNNING, SUCCESS, FAILED, CANCELLED }
}
