package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.NamedCallback;
import io.reactortrack.recorder.internal.ClassFile.Site;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readable names for callbacks, as described in {@code docs/mon-out.md},
 * "Callback names": a {@link NamedCallback} is named by itself; a method
 * reference {@code package.Class::method} ({@code ::new} for a constructor);
 * a lambda after where it was written, {@code package.Class.method(File.java:line)};
 * any other callback by its class. The hidden class name of a lambda
 * ({@code Example$$Lambda$14/0x0000000800c0b000}) is never used.
 *
 * <p>A lambda class is spun by {@link java.lang.invoke.LambdaMetafactory}
 * for an {@code invokedynamic} of its <em>host class</em>, whose name its own
 * starts with. The host's class file is read (the {@code Host.class}
 * resource of the host's own loader) and each such site whose shape the
 * lambda class has (interface, interface method, captured types) is a
 * candidate. If all candidates name the same thing, that is the name.
 * Otherwise, when the <em>attach frame</em> (the first frame outside the JDK
 * and Reactor Track) is in the host, the candidate whose value provably
 * reaches the call it is making is taken. A real implementation method
 * names a method reference; a synthetic {@code lambda$enclosing$N} body a
 * lambda, after its enclosing method and first line. Failing that (twin
 * lambdas, an unreadable class file, a lambda not spun from bytecode) the
 * lambda is named after the attach frame, else after its host.
 *
 * <p>The name depends on the class only, so it is computed once per class
 * and kept in a {@link ClassValue}, which does not keep the class alive:
 * after that {@link #nameOf} is one lock-free lookup. The first time costs a
 * stack walk and, for a lambda, reading its host's class file. Strings are
 * joined with {@code concat} and {@code StringBuilder}, not {@code +}: each
 * {@code +} of a new shape is an invokedynamic bootstrapped on first use,
 * which made the first name in a JVM take twice as long. Nothing here
 * holds a class or class loader strongly or needs the context class loader or
 * {@code --add-opens}: it works from the boot class path too. {@link #nameOf}
 * never throws.
 *
 * <p>The class file reader ({@link ClassFile}) is hand-written. ASM (shaded, relocated and
 * minimized, its data flow analysis following the operand stack) gave the
 * same names with this class a quarter shorter, but made the recorder's jar
 * nearly three times as large and the first name in a JVM several times
 * slower (its classes load), was no faster afterwards, and refuses class
 * files newer than its release, where what is read here has kept its layout
 * across versions. Measurements: {@code BENCHMARKS.md}, "Naming: the class
 * file reader".
 */
public final class CallbackNames {

    private static final String LAMBDA_MARKER = "$$Lambda";

    private static final AtomicLong COMPUTED = new AtomicLong();

    /** Cached for a {@link NamedCallback} class, whose instances name themselves; compared by identity. */
    private static final String ASK_THE_CALLBACK = new String("<ask the callback>");

    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            COMPUTED.incrementAndGet();
            return NamedCallback.class.isAssignableFrom(type) ? ASK_THE_CALLBACK : compute(type);
        }
    };

    private CallbackNames() {
    }

    /**
     * The name a callback carries in events. Call it on the thread that
     * attaches the callback: the first time a lambda class is seen, the
     * attaching stack may be needed to say where the lambda was written.
     *
     * @param callback the callback, may be null
     * @return its name, never null ({@code "null"} for a null callback)
     */
    public static String nameOf(Object callback) {
        if (callback == null) {
            return "null";
        }
        Class<?> type = callback.getClass();
        String name;
        try {
            name = NAMES.get(type);
        } catch (Throwable t) {
            // computeValue catches what it expects, so this is a VM error (a StackOverflowError
            // while walking, say): answer cheaply and cache nothing, so the next attach tries again.
            return cheapName(type);
        }
        if (name != ASK_THE_CALLBACK) {
            return name;
        }
        try {
            String explicit = ((NamedCallback) callback).callbackName();
            if (explicit != null) {
                return explicit;
            }
        } catch (Throwable ignored) {
            // A broken callbackName() must not break tracking.
        }
        return cheapName(type);
    }

    /** How many names were computed rather than served from the cache. For tests. */
    static long computations() {
        return COMPUTED.get();
    }

    // ------------------------------------------------------------------ naming

    private static String compute(Class<?> type) {
        String className = type.getName();
        int marker = className.indexOf(LAMBDA_MARKER);
        if (marker <= 0) {
            return withoutHiddenSuffix(className);
        }
        String hostName = className.substring(0, marker);
        StackWalker.StackFrame frame = null;
        try {
            frame = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(frames -> frames.filter(f -> !isInfrastructure(f)).findFirst().orElse(null));
        } catch (Exception | LinkageError ignored) {
            // e.g. a SecurityException for RETAIN_CLASS_REFERENCE: carry on without a frame
        }
        try {
            String name = fromBytecode(type, hostName, frame);
            if (name != null) {
                return name;
            }
        } catch (Exception | LinkageError ignored) {
            // unreadable or unexpected class file: fall back to the attach site
        }
        if (frame != null) {
            return frame.isNativeMethod()
                    ? format(frame.getClassName(), frame.getMethodName(), "Native Method", -1)
                    : format(frame.getClassName(), frame.getMethodName(), frame.getFileName(), frame.getLineNumber());
        }
        return withoutHiddenSuffix(hostName);
    }

    private static String cheapName(Class<?> type) {
        String n = type.getName();
        int marker = n.indexOf(LAMBDA_MARKER);
        return withoutHiddenSuffix(marker > 0 ? n.substring(0, marker) : n);
    }

    /** {@code pkg.Foo/0x0000000800c0b000} (a hidden class) becomes {@code pkg.Foo}. */
    private static String withoutHiddenSuffix(String className) {
        int slash = className.indexOf('/');
        return slash < 0 ? className : className.substring(0, slash);
    }

    /** Like a stack trace element without module or loader: {@code pkg.C.m(C.java:12)}. */
    static String format(String className, String methodName, String fileName, int line) {
        StringBuilder name = new StringBuilder(className).append('.').append(methodName).append('(');
        name.append(fileName == null ? "Unknown Source" : fileName);
        return (line >= 0 && fileName != null ? name.append(':').append(line) : name).append(')').toString();
    }

    private static boolean isInfrastructure(StackWalker.StackFrame frame) {
        String n = frame.getClassName();
        if (n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")) {
            return true;
        }
        return n.startsWith("io.reactortrack.") && isReactorTrackLibrary(frame.getDeclaringClass());
    }

    /**
     * Whether a class in {@code io.reactortrack.*} comes from the same jar or
     * classes directory as this one, rather than being, say, a test that
     * attaches callbacks itself and is the attach site wanted.
     */
    private static boolean isReactorTrackLibrary(Class<?> type) {
        if (type == CallbackNames.class) {
            return true;
        }
        try {
            String own = location(CallbackNames.class);
            String theirs = location(type);
            return own == null ? theirs == null : own.equals(theirs);
        } catch (Exception e) {
            return true; // cannot tell (security manager): trust the package name
        }
    }

    /** As a string: URL.equals may resolve host names. */
    private static String location(Class<?> type) {
        ProtectionDomain pd = type.getProtectionDomain();
        CodeSource cs = pd == null ? null : pd.getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        return url == null ? null : url.toExternalForm();
    }

    /** The name from the host class file, or null when it cannot be decided. */
    private static String fromBytecode(Class<?> lambda, String hostName, StackWalker.StackFrame frame) throws IOException {
        Class<?> frameClass = frame == null ? null : frame.getDeclaringClass();
        boolean attachedInHost = frameClass != null && frameClass.getName().equals(hostName);
        ClassFile host = host(attachedInHost ? frameClass : null, hostName, lambda.getClassLoader());
        if (host == null) {
            return null;
        }
        Set<String> shapes = shapes(lambda);
        boolean markers = lambda.getInterfaces().length > 1;
        List<Site> matching = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Site site : host.sites) {
            if ((site.alt() || !markers) && shapes.contains(shape(site))) {
                matching.add(site);
                names.add(host.name(site, attachedInHost ? frame : null));
            }
        }
        if (names.size() == 1) {
            return names.iterator().next();
        }
        Site site = names.isEmpty() || !attachedInHost ? null
                : host.directSite(matching, frame.getMethodName(), frame.getDescriptor(), frame.getByteCodeIndex());
        return site == null ? null : host.name(site, frame);
    }

    /**
     * The shapes of the sites that may have spun a lambda class: interface,
     * interface method and captured types. The true site has one of them by
     * construction: InnerClassLambdaMetafactory's class implements the
     * interface (and markers), declares the method and has a field of the
     * exact type of each captured value.
     */
    private static Set<String> shapes(Class<?> lambda) {
        List<String> captured = new ArrayList<>();
        for (Field f : lambda.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                captured.add(f.getType().descriptorString());
            }
        }
        captured.sort(null);
        Set<String> shapes = new HashSet<>();
        for (Class<?> i : lambda.getInterfaces()) {
            for (Method m : lambda.getDeclaredMethods()) {
                shapes.add(i.descriptorString().concat(m.getName()).concat(captured.toString()));
            }
        }
        return shapes;
    }

    private static String shape(Site site) {
        List<String> types = ClassFile.descriptors(site.desc());
        String iface = types.remove(types.size() - 1);
        types.sort(null);
        return iface.concat(site.sam()).concat(types.toString());
    }

    /**
     * The method a lambda was written in. javac names a body
     * {@code lambda$<enclosing>$<n>}, {@code new} and {@code static} standing
     * for {@code <init>} and {@code <clinit>}; a serializable lambda has a
     * hash too, {@code lambda$<enclosing>$<hex>$<n>}. Other compilers: the
     * method holding the invokedynamic.
     */
    static String enclosingMethod(String implName, String siteMethod, boolean serializable) {
        String name = javacEnclosing(implName, serializable);
        // Else the site may be inside another lambda body, of a kind not known: try both forms.
        name = name != null ? name : javacEnclosing(siteMethod, true);
        name = name != null ? name : javacEnclosing(siteMethod, false);
        return name != null ? name : siteMethod;
    }

    private static String javacEnclosing(String body, boolean serializable) {
        int n = body.lastIndexOf('$');
        int end = serializable ? body.lastIndexOf('$', n - 1) : n; // before the hash of a serializable lambda
        if (!body.startsWith("lambda$") || end <= 7 || !digits(body, n + 1, body.length(), 10)
                || !digits(body, end + 1, n, 16) && serializable) {
            return null;
        }
        String enclosing = body.substring(7, end);
        return enclosing.equals("new") ? "<init>" : enclosing.equals("static") ? "<clinit>"
                : enclosing.equals("null") ? null : enclosing; // "null": JDK 8 javac's, for nested lambdas
    }

    private static boolean digits(String s, int from, int to, int radix) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return from < to;
    }

    /**
     * The last host read: lambdas of one class tend to be first seen close
     * together (start-up), and each would otherwise read the class again.
     * Soft, and refers to the class weakly: never keeps anything alive.
     */
    private static volatile SoftReference<ClassFile> lastHost = new SoftReference<>(null);

    /** The host's class file, or null if it cannot be found. */
    private static ClassFile host(Class<?> known, String hostName, ClassLoader loader) throws IOException {
        Class<?> type = known;
        if (type == null) {
            try {
                type = Class.forName(hostName, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                type = null;
            }
        }
        ClassFile cached = lastHost.get();
        if (type != null && cached != null && cached.type.get() == type) {
            return cached;
        }
        String resource = hostName.replace('.', '/').concat(".class");
        InputStream in = type != null ? type.getResourceAsStream("/".concat(resource))
                : loader != null ? loader.getResourceAsStream(resource) : null;
        if (in == null) {
            return null;
        }
        ClassFile host;
        try (InputStream closing = in) {
            host = new ClassFile(closing.readAllBytes());
        }
        if (!host.internalName.equals(hostName.replace('.', '/'))) {
            return null; // not the class asked for
        }
        if (type != null) {
            host.type = new WeakReference<>(type);
            lastHost = new SoftReference<>(host);
        }
        return host;
    }
}
