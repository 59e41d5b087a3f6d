package io.reactortrack.bench;

import io.reactortrack.recorder.internal.CallbackNames;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What naming a callback costs: {@code CallbackNames.nameOf}, which every
 * tracked callback goes through when it is attached.
 *
 * <p>{@code firstCall}: the first time a lambda class is named, when the class
 * file it was written in is read (from this jar) and scanned. Every
 * measurement gets a lambda class never named before, from a fresh copy of
 * {@link NamingHost} in its own class loader, so nothing is cached; the
 * lambda class itself is spun in the setup, outside the measurement, as it
 * has been by the time an application attaches it. The warm-up iterations
 * warm the JIT on the naming code: the figure is that of a running
 * application meeting a new lambda class. With {@code -wi 0 -i 1 -f 20} it is
 * instead the first call in a JVM, loading of the naming code included.
 *
 * <p>{@code cachedCall}: any later call for the same class.
 *
 * <p>{@code callback}: a method reference; a lambda of a shape no other
 * lambda of its class has; a lambda of the commonest shape,
 * {@code Function<String, String>}, which has to be told from the others of
 * its class by where it is attached.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NamingBench {

    private static final String[] CALLBACKS = {"methodRef", "lambda", "sameShape"};

    private static volatile boolean naming;

    /**
     * Stands for the attach path: part of the library as far as naming is
     * concerned (same jar as the recorder), so the attach site is the
     * {@link NamingHost} method calling it.
     */
    public static Object attach(Object callback) {
        return naming ? CallbackNames.nameOf(callback) : callback;
    }

    /** Where the calling lambda was written, in the form its name ends with. */
    public static String where() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return "(" + caller.getFileName() + ":" + caller.getLineNumber() + ")";
    }

    /** A lambda of a fresh copy of {@link NamingHost}, spun but not named yet. */
    @State(Scope.Thread)
    public static class Fresh {
        @Param({"methodRef", "lambda", "sameShape"})
        public String callback;

        private static byte[] hostBytes;
        IntFunction<Object> host;
        int which;
        Object lambda;
        Object name;

        @Setup(Level.Trial)
        public void readHost() throws IOException {
            which = List.of(CALLBACKS).indexOf(callback);
            try (InputStream in = NamingHost.class.getResourceAsStream("NamingHost.class")) {
                hostBytes = in.readAllBytes();
            }
        }

        @Setup(Level.Iteration)
        public void freshHost() throws ReflectiveOperationException {
            host = load();
            naming = false;
            lambda = host.apply(which);
            naming = true;
        }

        @TearDown(Level.Iteration)
        public void check() {
            checkName(which, lambda, name);
        }

        @SuppressWarnings("unchecked")
        static IntFunction<Object> load() throws ReflectiveOperationException {
            ClassLoader loader = new ClassLoader("naming-bench", NamingBench.class.getClassLoader()) {
                @Override
                protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                    if (!n.equals(NamingHost.class.getName())) {
                        return super.loadClass(n, resolve);
                    }
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, hostBytes, 0, hostBytes.length);
                    }
                }
            };
            Class<?> type = loader.loadClass(NamingHost.class.getName());
            if (type == NamingHost.class) {
                throw new IllegalStateException("not a fresh copy of " + type);
            }
            return (IntFunction<Object>) type.getConstructor().newInstance();
        }
    }

    /** A lambda of {@link NamingHost} named once already. */
    @State(Scope.Thread)
    public static class Named {
        @Param({"methodRef", "lambda", "sameShape"})
        public String callback;

        Object lambda;

        @Setup(Level.Trial)
        public void nameOnce() throws Exception {
            Fresh fresh = new Fresh();
            fresh.callback = callback;
            fresh.readHost();
            fresh.freshHost();
            checkName(fresh.which, fresh.lambda, fresh.host.apply(fresh.which));
            lambda = fresh.lambda;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 300)
    @Measurement(iterations = 1000)
    public Object firstCall(Fresh fresh) {
        return fresh.name = fresh.host.apply(fresh.which);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public String cachedCall(Named named) {
        return CallbackNames.nameOf(named.lambda);
    }

    /** A benchmark of a wrong name measures nothing useful: fails it. */
    @SuppressWarnings("unchecked")
    static void checkName(int which, Object lambda, Object name) {
        String expected;
        switch (which) {
            case NamingHost.METHOD_REF:
                expected = "java.lang.Integer::parseInt";
                break;
            case NamingHost.LAMBDA:
                expected = NamingHost.class.getName() + ".lambda" + ((Supplier<String>) lambda).get();
                break;
            default:
                expected = NamingHost.class.getName() + ".sameShape" + ((Function<String, String>) lambda).apply("");
        }
        if (!expected.equals(name)) {
            throw new IllegalStateException("named " + name + ", expected " + expected);
        }
    }
}
