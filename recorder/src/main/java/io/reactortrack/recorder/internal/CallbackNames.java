package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.NamedCallback;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * <p>The class file reader is hand-written. ASM (shaded, relocated and
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
    private static String format(String className, String methodName, String fileName, int line) {
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
            if ((site.alt || !markers) && shapes.contains(shape(site))) {
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
        List<String> types = descriptors(site.desc);
        String iface = types.remove(types.size() - 1);
        types.sort(null);
        return iface.concat(site.sam).concat(types.toString());
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

    // ------------------------------------------------------- class file reader

    /** A method as read from a class file; {@code code}: the offset of its Code attribute, -1 if none. */
    record MethodInfo(int access, String name, String desc, int code) {
    }

    /** A LambdaMetafactory invokedynamic at {@code pc} of {@code method}; {@code desc}: (captured) interface. */
    record Site(MethodInfo method, int pc, String sam, String desc, boolean alt, boolean serializable,
                int implKind, String implOwner, String implName, String implDesc) {
    }

    /** The parameter descriptors of a method descriptor, then the return type's. */
    static List<String> descriptors(String desc) {
        List<String> types = new ArrayList<>();
        for (int i = desc.charAt(0) == '(' ? 1 : 0, end; i < desc.length(); i = end) {
            i += desc.charAt(i) == ')' ? 1 : 0;
            end = i;
            while (desc.charAt(end) == '[') {
                end++;
            }
            end = desc.charAt(end) == 'L' ? desc.indexOf(';', end) + 1 : end + 1;
            if (end <= i) {
                throw new IllegalArgumentException("bad descriptor " + desc);
            }
            types.add(desc.substring(i, end));
        }
        return types;
    }

    /**
     * Just enough of a class file (JVMS chapter 4) to name lambdas: names,
     * LambdaMetafactory sites, line numbers, and the operand stack between a
     * site and a call. Later class file versions keep this layout, so any
     * version is read; a malformed or unknown construct throws a
     * RuntimeException, which callers turn into a fallback name.
     */
    static final class ClassFile {
        final byte[] b;
        final int[] cp;          // offset of each constant pool entry
        final String[] strings;  // Utf8 constants, decoded on demand
        final String internalName;
        String sourceFile;
        final Map<String, MethodInfo> methods = new HashMap<>(); // by name + descriptor
        final List<Site> sites = new ArrayList<>();
        WeakReference<Class<?>> type = new WeakReference<>(null);

        ClassFile(byte[] bytes) {
            b = bytes;
            if (s4(b, 0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            cp = new int[u2(b, 8)];
            strings = new String[cp.length];
            int p = 10;
            for (int i = 1; i < cp.length; i++) {
                cp[i] = p;
                int tag = u1(b, p);
                p += switch (tag) {
                    case 1 -> 3 + u2(b, p + 1);
                    case 7, 8, 16, 19, 20 -> 3;
                    case 15 -> 4;
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
                    case 5, 6 -> {
                        i++; // takes two entries
                        yield 9;
                    }
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                };
            }
            internalName = className(u2(b, p + 2));
            p = members(p + 8 + 2 * u2(b, p + 6), null); // after access, this, super, interfaces: fields
            List<MethodInfo> list = new ArrayList<>();
            p = members(p, list);
            for (MethodInfo m : list) {
                methods.putIfAbsent(m.name.concat(m.desc), m);
            }
            int[] source = attributes(p, "SourceFile");
            sourceFile = source.length > 1 ? utf8(u2(b, source[0])) : null;
            int[] table = attributes(p, "BootstrapMethods");
            int[] bootstrap = new int[table.length > 1 ? u2(b, table[0]) : 0];
            for (int e = 0, q = table[0] + 2; e < bootstrap.length; e++, q += 4 + 2 * u2(b, q + 2)) {
                bootstrap[e] = q;
            }
            for (MethodInfo m : list) {
                for (int pc : m.code < 0 ? new int[0] : instructions(b, m.code + 8, s4(b, m.code + 4), null)) {
                    Site site = u1(b, m.code + 8 + pc) == 186 ? site(m, pc, bootstrap) : null;
                    if (site != null) {
                        sites.add(site);
                    }
                }
            }
        }

        /** Reads the fields or methods counted at {@code p}, into {@code methods} if not null; returns their end. */
        private int members(int p, List<MethodInfo> methods) {
            int q = p + 2;
            for (int n = u2(b, p), k = 0; k < n; k++) {
                int[] code = attributes(q + 6, "Code");
                if (methods != null) {
                    methods.add(new MethodInfo(u2(b, q), utf8(u2(b, q + 2)), utf8(u2(b, q + 4)),
                            code.length > 1 ? code[0] : -1));
                }
                q = code[code.length - 1];
            }
            return q;
        }

        /** Of the attributes counted at {@code p}: where those named {@code name} start, then where all end. */
        private int[] attributes(int p, String name) {
            int[] found = new int[1];
            int q = p + 2;
            for (int n = u2(b, p), k = 0; k < n; k++) {
                int length = s4(b, q + 2);
                if (length < 0 || q + 6 + length > b.length) {
                    throw new IllegalArgumentException("bad attribute length");
                }
                if (utf8(u2(b, q)).equals(name)) {
                    found = Arrays.copyOf(found, found.length + 1);
                    found[found.length - 2] = q + 6;
                }
                q += 6 + length;
            }
            found[found.length - 1] = q;
            return found;
        }

        private Site site(MethodInfo m, int pc, int[] bootstrap) {
            int indy = entry(u2(b, m.code + 8 + pc + 1), 18);
            int bsm = bootstrap[u2(b, indy + 1)];
            String[] factory = member(u2(b, entry(u2(b, bsm), 15) + 2));
            if (!factory[0].equals("java/lang/invoke/LambdaMetafactory") || u2(b, bsm + 2) < 3
                    || !(factory[1].equals("metafactory") || factory[1].equals("altMetafactory"))) {
                return null;
            }
            int impl = entry(u2(b, bsm + 6), 15); // static arguments: interface method type, implementation, ...
            String[] target = member(u2(b, impl + 2));
            boolean alt = factory[1].equals("altMetafactory");
            boolean serializable = alt && u2(b, bsm + 2) > 3 && (s4(b, entry(u2(b, bsm + 10), 3) + 1) & 1) != 0;
            int nat = entry(u2(b, indy + 3), 12);
            return new Site(m, pc, utf8(u2(b, nat + 1)), utf8(u2(b, nat + 3)), alt, serializable,
                    u1(b, impl + 1), target[0], target[1], target[2]);
        }

        /** Name of what a site produces: a method reference or a lambda body. */
        String name(Site site, StackWalker.StackFrame frame) {
            String owner = site.implOwner.replace('/', '.');
            if (site.implKind == 8 || site.implName.equals("<init>")) { // REF_newInvokeSpecial
                return owner.concat("::new");
            }
            MethodInfo body = site.implOwner.equals(internalName) ? methods.get(site.implName.concat(site.implDesc)) : null;
            if (body == null || ((body.access & 0x1000) == 0 // ACC_SYNTHETIC
                    && !body.name.startsWith("lambda$") && !body.name.contains("$lambda"))) { // javac, ecj; kotlinc
                return owner.concat("::").concat(site.implName);
            }
            int line = line(body, -1);
            line = line >= 0 ? line : line(site.method, site.pc);
            String file = sourceFile;
            if (frame != null && frame.getClassName().equals(owner)) {
                file = file != null ? file : frame.getFileName();
                if (line < 0 && frame.getMethodName().equals(site.method.name)
                        && frame.getDescriptor().equals(site.method.desc)) {
                    line = frame.getLineNumber();
                }
            }
            return format(owner, enclosingMethod(site.implName, site.method.name, site.serializable), file, line);
        }

        /** Line of the instruction at {@code pc}, of the method's first if {@code pc < 0}; -1 if unknown. */
        int line(MethodInfo m, int pc) {
            int best = -1;
            int line = -1;
            int handlers = m.code < 0 ? -1 : m.code + 8 + s4(b, m.code + 4);
            int[] tables = handlers < 0 ? new int[1] : attributes(handlers + 2 + 8 * u2(b, handlers), "LineNumberTable");
            for (int t = 0; t < tables.length - 1; t++) {
                for (int e = 0, q = tables[t] + 2; e < u2(b, tables[t]); e++, q += 4) {
                    if (pc < 0 ? best < 0 || u2(b, q) < best : u2(b, q) <= pc && u2(b, q) >= best) {
                        best = u2(b, q);
                        line = u2(b, q + 2);
                    }
                }
            }
            return line;
        }

        // ------------------------------------------------------------ data flow

        /**
         * Among the matching sites, the one whose value the call at {@code bci}
         * of method {@code name}/{@code desc} takes, as the code in between
         * shows (see {@link #reaches}); nothing may jump into that code or out
         * of it, or catch there. Null if none or two fit.
         */
        Site directSite(List<Site> matching, String name, String desc, int bci) {
            MethodInfo m = methods.get(name.concat(desc));
            if (m == null || m.code < 0) {
                return null;
            }
            int start = m.code + 8;
            int end = s4(b, m.code + 4);
            List<int[]> edges = new ArrayList<>(); // {from, to}; from -1 for an exception handler
            int[] pcs = instructions(b, start, end, edges);
            for (int h = 0; h < u2(b, start + end); h++) {
                edges.add(new int[] {-1, u2(b, start + end + 2 + 8 * h + 4)});
            }
            int call = Arrays.binarySearch(pcs, bci);
            Site found = null;
            for (Site s : matching) {
                int i = Arrays.binarySearch(pcs, s.pc);
                if (s.method == m && i >= 0 && i < call && closed(edges, s.pc, bci) && reaches(start, pcs, i, call)) {
                    if (found != null) {
                        return null;
                    }
                    found = s;
                }
            }
            return found;
        }

        /** No jump from outside (lo, hi] into it, none from inside out, no handler inside. */
        private static boolean closed(List<int[]> edges, int lo, int hi) {
            for (int[] e : edges) {
                if ((lo < e[0] && e[0] < hi) != (lo < e[1] && e[1] <= hi)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the one-slot value instruction {@code i} pushes is taken by
         * the call, instruction {@code call}. It is followed on the operand
         * stack, counting the slots above it as the JVM does (nothing but
         * checkcast may touch it), and into a local variable it is stored in,
         * out of which its last load before the call is followed (nothing else
         * may be stored there). Nothing may return or throw; jumps only while
         * it is not on the stack.
         */
        private boolean reaches(int start, int[] pcs, int i, int call) {
            int above = 0;  // slots above it on the stack; -1: not on the stack
            int local = -1; // the local variable it is in; -1: none
            for (int k = i + 1; k <= call; k++) {
                int p = start + pcs[k];
                int op = u1(b, p);
                int store = slot(p, 58, 75);
                if (op >= 172 && op <= 177 || op == 191 || op == 168 || op == 169 || op == 201) {
                    return false; // returns, athrow, subroutines
                } else if (store >= 0 && above == 0) {
                    local = store;
                    above = -1;
                } else if (local >= 0 && slot(p, 25, 42) == local) {
                    above = 0;
                } else if (above < 0 || POPS.charAt(op) == '-') {
                    local = store == local ? -1 : local;
                    if (above >= 0 || k == call) {
                        return false; // a jump with it on the stack, or a call it does not reach
                    }
                } else {
                    int[] slots = POPS.charAt(op) == '?' ? slots(op, p)
                            : new int[] {POPS.charAt(op) - '0', PUSHES.charAt(op) - '0'};
                    local = store == local ? -1 : local;
                    if (k == call) {
                        return slots[0] > above;
                    } else if (slots[0] <= above) {
                        above += slots[1] - slots[0];
                    } else if (op != 192 || above != 0) { // taken by something else; checkcast only looks
                        if (local < 0) {
                            return false;
                        }
                        above = -1;
                    }
                }
            }
            return false;
        }

        /** The local variable a reference load ({@code op} 25) or store (58) at {@code p} uses; -1 if none. */
        private int slot(int p, int op, int op0) {
            int code = u1(b, p);
            return code == op ? u1(b, p + 1) : code >= op0 && code <= op0 + 3 ? code - op0
                    : code == 196 && u1(b, p + 1) == op ? u2(b, p + 2) : -1; // wide
        }

        /** Stack slots {popped, pushed} by a field access, an invoke or multianewarray at {@code p}. */
        private int[] slots(int op, int p) {
            if (op == 197) {
                return new int[] {u1(b, p + 3), 1};
            }
            String desc = op == 186 ? utf8(u2(b, entry(u2(b, entry(u2(b, p + 1), 18) + 3), 12) + 3))
                    : member(u2(b, p + 1))[2];
            List<String> types = descriptors(desc);
            int ret = size(types.remove(types.size() - 1));
            int args = 0;
            for (String type : types) {
                args += size(type);
            }
            return switch (op) {
                case 178 -> new int[] {0, ret};          // getstatic
                case 179 -> new int[] {ret, 0};          // putstatic
                case 180 -> new int[] {1, ret};          // getfield
                case 181 -> new int[] {1 + ret, 0};      // putfield
                case 184, 186 -> new int[] {args, ret};  // invokestatic, invokedynamic
                default -> new int[] {1 + args, ret};    // invokes with a receiver
            };
        }

        private static int size(String type) {
            return type.equals("V") ? 0 : type.equals("J") || type.equals("D") ? 2 : 1;
        }

        // Per opcode (JVMS chapter 6): bytes the instruction takes, 0 for a variable length; stack slots it
        // pops and pushes, '?' when a descriptor tells, '-' where not followed (jumps, switches, returns,
        // athrow, subroutines, wide).
        private static final String LENGTHS = "111111111111111123233222221111111111111111111111111111222221"
                + "111111111111111111111111111111111111111111111111111111111111111111111111311111111111111111111333"
                + "3333333333333200111111333333355323113311043355";
        private static final String POPS = "000000000000000000000000000000000000000000000022222222121211"
                + "111222211112222111134343333121232342242424242424242424241212232323242424011122211122211142244---"
                + "----------------------?????????0111-1111-?----";
        private static final String PUSHES = "011111111221112211112121211111222211112222111112121111000000"
                + "000000000000000000000000000002344562121212121212121212121212121212121212021211212212111111111---"
                + "----------------------?????????1111-1100-?----";

        /** The offsets of the instructions of the code at {@code start}; adds each jump {from, to} to {@code edges}. */
        static int[] instructions(byte[] b, int start, int length, List<int[]> edges) {
            int[] pcs = new int[16];
            int count = 0;
            int pc = 0;
            while (pc < length) {
                pcs = count < pcs.length ? pcs : Arrays.copyOf(pcs, 2 * count);
                pcs[count++] = pc;
                int op = u1(b, start + pc);
                int pad = (pc + 4 & ~3) - pc; // switch operands are aligned on the start of the code
                int targets = op == 170 ? s4(b, start + pc + pad + 8) - s4(b, start + pc + pad + 4) + 1
                        : op == 171 ? s4(b, start + pc + pad + 4) : 0;
                if (edges != null && (op >= 153 && op <= 168 || op >= 198)) {
                    edges.add(new int[] {pc, pc + (op < 200 ? (short) u2(b, start + pc + 1) : s4(b, start + pc + 1))});
                } else if (edges != null && (op == 170 || op == 171)) {
                    edges.add(new int[] {pc, pc + s4(b, start + pc + pad)}); // default
                    for (int t = 0; t < targets; t++) {
                        edges.add(new int[] {pc, pc + s4(b, start + pc + pad + 12 + (op == 170 ? 4 : 8) * t)});
                    }
                }
                int inner = op == 196 ? u1(b, start + pc + 1) : 0;
                int size = switch (op) {
                    case 170 -> pad + 12 + 4 * targets;
                    case 171 -> pad + 8 + 8 * targets;
                    case 196 -> inner == 132 ? 6 : inner >= 21 && inner <= 25 || inner >= 54 && inner <= 58 || inner == 169
                            ? 4 : 0;
                    default -> op < LENGTHS.length() ? LENGTHS.charAt(op) - '0' : 0;
                };
                if (size <= 0) {
                    throw new IllegalArgumentException("bad instruction " + op + " at " + pc);
                }
                pc += size;
            }
            if (pc != length) {
                throw new IllegalArgumentException("code overruns its length");
            }
            return Arrays.copyOf(pcs, count);
        }

        // -------------------------------------------------------------- bytes

        private static int u1(byte[] b, int i) {
            return b[i] & 0xFF;
        }

        private static int u2(byte[] b, int i) {
            return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
        }

        private static int s4(byte[] b, int i) {
            return u2(b, i) << 16 | u2(b, i + 2);
        }

        /** Offset of constant pool entry {@code index}, which must be of {@code tag}. */
        private int entry(int index, int tag) {
            if (index <= 0 || index >= cp.length || u1(b, cp[index]) != tag) {
                throw new IllegalArgumentException("constant " + index + " is not of tag " + tag);
            }
            return cp[index];
        }

        String utf8(int index) {
            int p = entry(index, 1);
            if (strings[index] == null) {
                int length = u2(b, p + 1);
                boolean ascii = true;
                for (int i = p + 3; i < p + 3 + length && ascii; i++) {
                    ascii = b[i] > 0;
                }
                try {
                    // Modified UTF-8 (JVMS 4.4.7) is what DataInput reads.
                    strings[index] = ascii ? new String(b, p + 3, length, StandardCharsets.ISO_8859_1)
                            : new DataInputStream(new ByteArrayInputStream(b, p + 1, length + 2)).readUTF();
                } catch (IOException e) {
                    throw new IllegalArgumentException("bad Utf8 constant " + index, e);
                }
            }
            return strings[index];
        }

        private String className(int index) {
            return utf8(u2(b, entry(index, 7) + 1));
        }

        /** Owner, name and descriptor of a field or method reference. */
        private String[] member(int index) {
            int tag = index > 0 && index < cp.length ? u1(b, cp[index]) : 0;
            if (tag < 9 || tag > 11) {
                throw new IllegalArgumentException("constant " + index + " is not a member reference");
            }
            int nat = entry(u2(b, cp[index] + 3), 12);
            return new String[] {className(u2(b, cp[index] + 1)), utf8(u2(b, nat + 1)), utf8(u2(b, nat + 3))};
        }
    }
}
