package io.reactortrack.agent.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * Which callbacks are the application's: a future becomes traced when code
 * of the application attaches a callback to it or creates it with a
 * supplier. A callback's class says whose code it is: a lambda's or a method
 * reference's class is generated in the class that wrote it, and is named
 * after it ({@code com.shop.Orders$$Lambda/0x...}). Decided once per class.
 *
 * <p>By default the application is every class not loaded by the bootstrap
 * or platform class loader (the JDK, and the agent's own classes on the
 * bootstrap class path). {@code include=} patterns replace that with the
 * classes they name, {@code exclude=} patterns take classes out, and
 * {@code all} takes every callback, the JDK's own pipelines included.
 */
public final class Filter {

    /** A callback of the application: its future is traced. */
    public static final int APP = 0;
    /** Someone else's callback: traced only on a future that is traced already. */
    public static final int OTHER = 1;
    /** The JDK's timer canceller of orTimeout/completeOnTimeout: not a dependent of the pipeline. */
    public static final int CANCELLER = 2;
    /** A callback the tracer wrapped already (a TrackedFuture's): never traced twice. */
    public static final int OURS = 3;

    private static final String CANCELLER_CLASS = "java.util.concurrent.CompletableFuture$Canceller";
    private static final String WRAPPER_CLASS = "io.reactortrack.recorder.internal.Wrapper";

    private static volatile Filter current = new Filter(false, List.of(), List.of());

    private final boolean all;
    private final List<String> include;
    private final List<String> exclude;

    private final ClassValue<Integer> kinds = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> c) {
            return compute(c);
        }
    };

    private Filter(boolean all, List<String> include, List<String> exclude) {
        this.all = all;
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * Parses the agent's options: {@code all}, {@code include=PATTERN},
     * {@code exclude=PATTERN}, separated by commas; a value may list several
     * patterns separated by {@code |} or {@code ;}. A pattern is a class name,
     * or a package prefix ending in {@code .*}.
     *
     * @throws IllegalArgumentException for an option it does not know
     */
    public static Filter parse(String options) {
        boolean all = false;
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (String option : options == null ? new String[0] : options.split(",")) {
            String o = option.trim();
            if (o.isEmpty()) {
                continue;
            }
            if (o.equals("all")) {
                all = true;
            } else if (o.startsWith("include=")) {
                patterns(o.substring("include=".length()), include);
            } else if (o.startsWith("exclude=")) {
                patterns(o.substring("exclude=".length()), exclude);
            } else {
                throw new IllegalArgumentException("unknown option '" + o + "' (known: all, include=, exclude=)");
            }
        }
        return new Filter(all, List.copyOf(include), List.copyOf(exclude));
    }

    /** Sets the agent's options, before anything is woven; see {@link #parse}. */
    public static void configure(String options) {
        current = parse(options);
    }

    /** The filter the agent's options asked for. */
    public static Filter current() {
        return current;
    }

    private static void patterns(String value, List<String> into) {
        for (String p : value.split("[|;]")) {
            if (!p.isBlank()) {
                into.add(p.trim());
            }
        }
    }

    /** What a callback of class {@code c} is: {@link #APP}, {@link #OTHER}, {@link #CANCELLER} or {@link #OURS}. */
    public int kind(Class<?> c) {
        return kinds.get(c);
    }

    private int compute(Class<?> c) {
        String name = c.getName();
        if (name.equals(CANCELLER_CLASS)) {
            return CANCELLER;
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(WRAPPER_CLASS)) {
                return OURS;
            }
        }
        if (all) {
            return APP;
        }
        String host = hostName(name);
        if (host.startsWith("io.reactortrack.agent.") && c.getClassLoader() == null) {
            return OTHER;
        }
        if (matches(exclude, host)) {
            return OTHER;
        }
        if (!include.isEmpty()) {
            return matches(include, host) ? APP : OTHER;
        }
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader() ? OTHER : APP;
    }

    /** The class that wrote a lambda or method reference: its generated class is named after it. */
    static String hostName(String name) {
        int lambda = name.indexOf("$$Lambda");
        return lambda < 0 ? name : name.substring(0, lambda);
    }

    static boolean matches(List<String> patterns, String name) {
        for (String p : patterns) {
            if (p.equals("*")) {
                return true;
            }
            if (p.endsWith(".*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)
                    || name.startsWith(p + "$")) {
                return true;
            }
        }
        return false;
    }
}
