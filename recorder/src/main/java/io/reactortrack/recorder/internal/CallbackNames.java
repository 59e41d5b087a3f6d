package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.NamedCallback;

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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readable names for callbacks, as described in {@code docs/mon-out.md},
 * "Callback names":
 *
 * <ol>
 *   <li>a callback implementing {@link NamedCallback} is named by it (explicit
 *       names win);</li>
 *   <li>a method reference is named {@code package.Class::method}
 *       ({@code package.Class::new} for a constructor);</li>
 *   <li>a lambda is named after where it was written,
 *       {@code package.Class.method(File.java:line)}, in the form of a stack
 *       trace element;</li>
 *   <li>any other callback is named by its class ({@code pkg.Outer$Inner},
 *       {@code pkg.Outer$1} for an anonymous class).</li>
 * </ol>
 *
 * The hidden class name of a lambda ({@code Example$$Lambda$14/0x0000000800c0b000})
 * is never used: it changes from run to run and tells nobody anything.
 *
 * <h2>How a lambda is named</h2>
 *
 * A lambda or method reference is an instance of a hidden class spun by
 * {@link java.lang.invoke.LambdaMetafactory} when an {@code invokedynamic}
 * instruction in the <em>host class</em> is first run. Its name is
 * {@code <host binary name>$$Lambda...}, so the host is known. The host's class
 * file is read ({@code Host.class} resource) and every {@code invokedynamic}
 * bootstrapped by {@code LambdaMetafactory.metafactory}/{@code altMetafactory}
 * is listed. A site can have produced the lambda class only if its shape
 * matches: same functional interface, same interface method, same captured
 * types (the lambda class has one field per captured value, with the exact
 * static type of the {@code invokedynamic} argument). If every matching site
 * names the same thing, that is the name. Otherwise the site is picked by where
 * the callback is being attached: the first stack frame outside the JDK and
 * outside Reactor Track (the <em>attach frame</em>) usually is in the host, and
 * the lambda was usually written right there: a matching site in the frame's
 * method is taken if its value provably reaches the call at the frame's
 * bytecode index, followed on the operand stack through straight-line code
 * (directly as an argument, or through a local variable that nothing else
 * writes, with no jumps into or out of the code in between). Once a site is known, its
 * implementation method handle gives the name: a real method is a method
 * reference, a synthetic {@code lambda$enclosing$N} body is a lambda, named
 * after the enclosing method and the first line of the body.
 *
 * <p>When that cannot be decided (ambiguous sites, class file not readable, a
 * lambda spun by a framework rather than by {@code invokedynamic}), the lambda
 * is named after the attach frame, {@code pkg.Class.method(File.java:line)},
 * and failing that after its host class.
 *
 * <h2>Cost</h2>
 *
 * The name depends only on the class (a lambda class comes from one
 * {@code invokedynamic} site), so it is computed once per class and kept in a
 * {@link ClassValue}: after the first time, {@code nameOf} is one lock-free
 * {@code ClassValue.get} (whether a class is a {@link NamedCallback} is
 * cached there too, so no interface {@code instanceof} is needed). The first
 * time costs a stack walk and, for a lambda, reading and scanning one class
 * file (tens to hundreds of microseconds). Should the attach-frame fallback be
 * used, the first attach site seen is the one kept for the class.
 *
 * <p>{@link #nameOf} never throws.
 */
public final class CallbackNames {

    /** What LambdaMetafactory puts between the host class name and the rest. */
    private static final String LAMBDA_MARKER = "$$Lambda";

    /** How many names were computed (not served from the cache); for tests. */
    private static final AtomicLong COMPUTED = new AtomicLong();

    /**
     * Cached for classes implementing {@link NamedCallback}: the name must be
     * asked of each instance. Compared by identity, so no class name can clash.
     */
    private static final String ASK_THE_CALLBACK = new String("<ask the callback>");

    /**
     * Names per callback class (or {@link #ASK_THE_CALLBACK}). Reads are lock
     * free; values do not refer to classes, so nothing is kept alive.
     */
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
     * The name a callback carries in events. Call it on the thread that attaches
     * the callback: the first time a lambda class is seen, the attaching stack
     * may be needed to say where the lambda was written.
     *
     * <p>After the first time for a class this is one {@code ClassValue} lookup
     * (plus the {@code callbackName()} call for a {@link NamedCallback}).
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
            // computeValue catches what it expects, so this is a VM error (say a
            // StackOverflowError while walking): answer cheaply, do not cache, so
            // that the next attach tries again.
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
            // A broken callbackName() must not break tracking: name it like any other callback.
        }
        return cheapName(type);
    }

    /** How many times a name was computed rather than served from the cache. For tests. */
    static long computations() {
        return COMPUTED.get();
    }

    // ------------------------------------------------------------------ naming

    /** Computes the name of a callback class; called once per class by {@link #NAMES}. */
    static String compute(Class<?> type) {
        String className = type.getName();
        int marker = className.indexOf(LAMBDA_MARKER);
        if (marker <= 0) {
            return withoutHiddenSuffix(className);
        }
        String hostName = className.substring(0, marker);

        StackWalker.StackFrame frame = null;
        try {
            frame = attachFrame();
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
            try {
                return frameName(frame);
            } catch (Exception | LinkageError ignored) {
                // fall through
            }
        }
        return withoutHiddenSuffix(hostName);
    }

    /** Cheapest readable name; used only when computing failed badly. */
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

    /** Formats like a stack trace element, without module or loader: {@code pkg.C.m(C.java:12)}. */
    static String format(String className, String methodName, String fileName, int line) {
        StringBuilder sb = new StringBuilder(className.length() + methodName.length() + 24);
        sb.append(className).append('.').append(methodName).append('(');
        if (fileName == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(fileName);
            if (line >= 0) {
                sb.append(':').append(line);
            }
        }
        return sb.append(')').toString();
    }

    private static String frameName(StackWalker.StackFrame frame) {
        if (frame.isNativeMethod()) {
            return frame.getClassName() + "." + frame.getMethodName() + "(Native Method)";
        }
        return format(frame.getClassName(), frame.getMethodName(), frame.getFileName(), frame.getLineNumber());
    }

    // ------------------------------------------------------------ attach frame

    /**
     * The frame that attaches the callback: the first one that is neither JDK
     * code nor Reactor Track's own code. Null if there is none.
     */
    private static StackWalker.StackFrame attachFrame() {
        StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
        return walker.walk(frames -> frames.filter(f -> !isInfrastructure(f)).findFirst().orElse(null));
    }

    private static boolean isInfrastructure(StackWalker.StackFrame frame) {
        String n = frame.getClassName();
        if (n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")) {
            return true;
        }
        return n.startsWith("io.reactortrack.") && isReactorTrackLibrary(frame.getDeclaringClass());
    }

    /**
     * Whether a class in {@code io.reactortrack.*} is part of the library (same
     * jar or classes directory as this class) rather than, say, a test of it
     * that attaches callbacks itself and is the attach site we want.
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

    /** Code source location as a string (never URL.equals, which may resolve host names). */
    private static String location(Class<?> type) {
        ProtectionDomain pd = type.getProtectionDomain();
        CodeSource cs = pd == null ? null : pd.getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        return url == null ? null : url.toExternalForm();
    }

    // ---------------------------------------------------------------- bytecode

    /** The name from the host class file, or null when it cannot be decided. */
    private static String fromBytecode(Class<?> lambda, String hostName, StackWalker.StackFrame frame) throws Exception {
        Class<?> frameClass = frame == null ? null : frame.getDeclaringClass();
        boolean attachedInHost = frameClass != null && frameClass.getName().equals(hostName);
        Host host = host(attachedInHost ? frameClass : null, hostName, lambda.getClassLoader());
        if (host == null) {
            return null;
        }
        ClassFile cf = host.classFile;
        LambdaShape shape = LambdaShape.of(lambda);
        List<Site> matching = new ArrayList<>();
        for (Site site : host.sites) {
            if (shape.matches(site)) {
                matching.add(site);
            }
        }
        if (matching.isEmpty()) {
            return null; // not spun from an invokedynamic of this class as far as we can see
        }
        Set<String> names = new LinkedHashSet<>();
        for (Site site : matching) {
            names.add(siteName(cf, site, attachedInHost ? frame : null));
        }
        if (names.size() == 1) {
            return names.iterator().next();
        }
        if (attachedInHost) {
            Site site = directSite(cf, matching, frame.getMethodName(), frame.getDescriptor(), frame.getByteCodeIndex());
            if (site != null) {
                return siteName(cf, site, frame);
            }
        }
        return null;
    }

    /** Name of what an invokedynamic site produces: a method reference or a lambda body. */
    static String siteName(ClassFile cf, Site site, StackWalker.StackFrame frame) {
        String owner = binaryName(site.implOwner);
        if (site.implKind == REF_NEW_INVOKE_SPECIAL || "<init>".equals(site.implName)) {
            return owner + "::new";
        }
        ClassFile.MethodInfo impl = site.implOwner.equals(cf.internalName) ? cf.method(site.implName, site.implDesc) : null;
        if (impl == null || !isLambdaBody(impl)) {
            return owner + "::" + site.implName;
        }
        String enclosing = enclosingMethod(site.implName, site.method.name, site.serializable);
        int line = impl.firstLine();
        if (line < 0) {
            line = site.method.lineAt(site.offset);
        }
        String file = cf.sourceFile;
        if (frame != null && frame.getClassName().equals(owner)) {
            if (file == null) {
                file = frame.getFileName();
            }
            if (line < 0 && frame.getMethodName().equals(site.method.name)
                    && frame.getDescriptor().equals(site.method.descriptor)) {
                line = frame.getLineNumber();
            }
        }
        return format(owner, enclosing, file, line);
    }

    /** Whether an implementation method is a compiler-made lambda body rather than a real method. */
    private static boolean isLambdaBody(ClassFile.MethodInfo m) {
        return (m.access & ACC_SYNTHETIC) != 0
                || m.name.startsWith("lambda$")   // javac, ecj
                || m.name.contains("$lambda");    // kotlinc (-Xlambdas=indy)
    }

    /**
     * The method a lambda was written in. javac names a body
     * {@code lambda$<enclosing>$<n>} ({@code new} for constructors and
     * instance initializers, {@code static} for static initializers; shown
     * as {@code <init>} and {@code <clinit>} like in stack traces); a
     * serializable lambda (altMetafactory, FLAG_SERIALIZABLE) has a hash too,
     * {@code lambda$<enclosing>$<hex>$<n>}. Other compilers: the method
     * holding the invokedynamic.
     */
    static String enclosingMethod(String implName, String siteMethod, boolean serializable) {
        String fromBody = javacEnclosing(implName, serializable);
        if (fromBody != null) {
            return fromBody;
        }
        // The site is inside another lambda body (whose kind we do not know): try both forms.
        String fromSite = javacEnclosing(siteMethod, true);
        if (fromSite == null) {
            fromSite = javacEnclosing(siteMethod, false);
        }
        return fromSite != null ? fromSite : siteMethod;
    }

    private static String javacEnclosing(String name, boolean serializable) {
        if (!name.startsWith("lambda$")) {
            return null;
        }
        String rest = name.substring("lambda$".length());
        int last = rest.lastIndexOf('$');
        if (last <= 0 || last == rest.length() - 1) {
            return null;
        }
        for (int i = last + 1; i < rest.length(); i++) {
            if (!Character.isDigit(rest.charAt(i))) {
                return null;
            }
        }
        String enclosing = rest.substring(0, last);
        if (serializable) {
            int hash = enclosing.lastIndexOf('$');
            if (hash <= 0 || hash == enclosing.length() - 1
                    || !enclosing.substring(hash + 1).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            enclosing = enclosing.substring(0, hash);
        }
        switch (enclosing) {
            case "new":
                return "<init>";
            case "static":
                return "<clinit>";
            case "null": // JDK 8 javac, nested lambdas: not informative
                return null;
            default:
                return enclosing;
        }
    }

    /**
     * Among the matching sites, the one whose lambda is being attached by the
     * frame at {@code bci} of method {@code name}/{@code desc}, if the code
     * between them shows it; null otherwise. Two ways are recognised:
     *
     * <ol>
     *   <li>written as an argument of the call: the value the invokedynamic
     *       pushes stays on the operand stack and the call at {@code bci} is
     *       the instruction that pops it (straight-line code in between, see
     *       {@link #consumedBy});</li>
     *   <li>kept in a local variable: the invokedynamic is followed by an
     *       {@code astore n}, nothing in between stores to {@code n} again or
     *       jumps in from outside, and the last {@code aload n} before the
     *       call is consumed by the call.</li>
     * </ol>
     *
     * If more than one site fits, none is chosen.
     */
    static Site directSite(ClassFile cf, List<Site> matching, String name, String desc, int bci) {
        ClassFile.MethodInfo m = cf.method(name, desc);
        if (m == null || m.codeLength < 0 || bci < 0) {
            return null;
        }
        ClassFile.Insns code = m.insns(cf.bytes);
        int call = code.indexOf(bci);
        if (call < 0) {
            return null;
        }
        Site found = null;
        for (Site s : matching) {
            if (s.method != m || s.offset >= bci) {
                continue;
            }
            int i = code.indexOf(s.offset);
            if (i < 0 || !closed(code, m, s.offset, bci)) {
                continue;
            }
            boolean fits = consumedBy(cf, code, i, call);
            if (!fits && i + 1 < call && code.opcodes[i + 1] == ASTORE) {
                int slot = code.args[i + 1];
                int lastLoad = -1;
                boolean overwritten = false;
                for (int k = i + 2; k < call && !overwritten; k++) {
                    if (code.opcodes[k] == ASTORE && code.args[k] == slot) {
                        overwritten = true;
                    } else if (code.opcodes[k] == ALOAD && code.args[k] == slot) {
                        lastLoad = k;
                    }
                }
                fits = !overwritten && lastLoad >= 0 && noExits(code, i + 2, call)
                        && consumedBy(cf, code, lastLoad, call);
            }
            if (fits) {
                if (found != null) {
                    return null; // two candidates: do not guess
                }
                found = s;
            }
        }
        return found;
    }

    /** No jump from outside (lo, hi] into it, none from inside out, no handler starts inside. */
    private static boolean closed(ClassFile.Insns code, ClassFile.MethodInfo m, int lo, int hi) {
        for (int e = 0; e < code.edgeCount; e++) {
            int from = code.edgeFrom[e];
            int to = code.edgeTo[e];
            boolean fromIn = lo < from && from < hi;
            boolean toIn = lo < to && to <= hi;
            if (fromIn != toIn) {
                return false;
            }
        }
        for (int h : m.handlers) {
            if (lo < h && h <= hi) {
                return false;
            }
        }
        return true;
    }

    private static boolean noExits(ClassFile.Insns code, int from, int to) {
        for (int k = from; k < to; k++) {
            int op = code.opcodes[k];
            if ((op >= IRETURN && op <= RETURN) || op == ATHROW || op == JSR || op == JSR_W || op == RET) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the single-slot value pushed by instruction {@code pushed} is
     * popped by instruction {@code call}, following the operand stack through
     * the straight-line code in between: no instruction in between may pop it
     * (a checkcast may look at it), none may branch, leave, or shuffle it
     * (dup, swap). Counts slots above the value, as the JVM does (long and
     * double take two).
     */
    static boolean consumedBy(ClassFile cf, ClassFile.Insns code, int pushed, int call) {
        int above = 0;
        for (int k = pushed + 1; k <= call; k++) {
            int op = code.opcodes[k];
            int[] effect = stackEffect(cf, op, code.args[k]);
            if (effect == null) {
                return false; // branch, exit, or something not followed
            }
            int pops = effect[0];
            if (pops > above) {
                if (k == call) {
                    return true;
                }
                if (op == CHECKCAST && above == 0) {
                    continue; // the value stays where it is
                }
                return false; // taken by something else (another call, a store, a dup...)
            }
            if (k == call) {
                return false; // the call does not take it
            }
            above += effect[1] - pops;
        }
        return false;
    }

    /**
     * {pops, pushes} in stack slots for one (normalised) instruction; null for
     * branches, switches, returns, throws, subroutines and unknown opcodes.
     */
    private static int[] stackEffect(ClassFile cf, int op, int arg) {
        switch (op) {
            case 0: case 132: return new int[] {0, 0};                          // nop, iinc
            case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8:
            case 11: case 12: case 13: case 16: case 17: case 18: case 19:
            case 21: case 23: case 25: case 26: case 27: case 28: case 29:
            case 34: case 35: case 36: case 37: case 187:
                return new int[] {0, 1};                                        // 1-slot constants, loads, new
            case 9: case 10: case 14: case 15: case 20: case 22: case 24:
            case 30: case 31: case 32: case 33: case 38: case 39: case 40: case 41:
                return new int[] {0, 2};                                        // 2-slot constants, loads
            case 46: case 48: case 50: case 51: case 52: case 53: return new int[] {2, 1};  // xaload
            case 47: case 49: return new int[] {2, 2};                          // laload, daload
            case 54: case 56: case 58: case 59: case 60: case 61: case 62:
            case 67: case 68: case 69: case 70: case 87: case 194: case 195:
                return new int[] {1, 0};                                        // 1-slot stores, pop, monitors
            case 55: case 57: case 63: case 64: case 65: case 66:
            case 71: case 72: case 73: case 74: case 88:
                return new int[] {2, 0};                                        // 2-slot stores, pop2
            case 79: case 81: case 83: case 84: case 85: case 86: return new int[] {3, 0};  // xastore
            case 80: case 82: return new int[] {4, 0};                          // lastore, dastore
            case 89: return new int[] {1, 2};                                   // dup
            case 90: return new int[] {2, 3};                                   // dup_x1
            case 91: return new int[] {3, 4};                                   // dup_x2
            case 92: return new int[] {2, 4};                                   // dup2
            case 93: return new int[] {3, 5};                                   // dup2_x1
            case 94: return new int[] {4, 6};                                   // dup2_x2
            case 95: return new int[] {2, 2};                                   // swap
            case 96: case 98: case 100: case 102: case 104: case 106: case 108: case 110:
            case 112: case 114: case 120: case 122: case 124: case 126: case 128: case 130:
            case 149: case 150:
                return new int[] {2, 1};                                        // int/float binary ops, fcmp
            case 97: case 99: case 101: case 103: case 105: case 107: case 109: case 111:
            case 113: case 115: case 127: case 129: case 131:
                return new int[] {4, 2};                                        // long/double binary ops
            case 121: case 123: case 125: return new int[] {3, 2};              // long shifts
            case 116: case 118: case 134: case 139: case 145: case 146: case 147:
            case 188: case 189: case 190: case 192: case 193:
                return new int[] {1, 1};                                        // 1 -> 1
            case 117: case 119: case 138: case 143: return new int[] {2, 2};    // 2 -> 2
            case 133: case 135: case 140: case 141: return new int[] {1, 2};    // widening
            case 136: case 137: case 142: case 144: return new int[] {2, 1};    // narrowing
            case 148: case 151: case 152: return new int[] {4, 1};              // lcmp, dcmp
            case 178: return new int[] {0, fieldSlots(cf, arg)};                // getstatic
            case 179: return new int[] {fieldSlots(cf, arg), 0};                // putstatic
            case 180: return new int[] {1, fieldSlots(cf, arg)};                // getfield
            case 181: return new int[] {1 + fieldSlots(cf, arg), 0};            // putfield
            case 182: case 183: case 185: {                                     // invokes with a receiver
                int[] m = methodSlots(cf, arg);
                return new int[] {1 + m[0], m[1]};
            }
            case 184: case 186: return methodSlots(cf, arg);                    // invokestatic, invokedynamic
            case 197: return new int[] {arg, 1};                                // multianewarray (arg = dims)
            default: return null; // branches, switches, returns, athrow, jsr/ret, wide (normalised away)
        }
    }

    private static int fieldSlots(ClassFile cf, int fieldref) {
        char c = cf.memberDescriptor(fieldref).charAt(0);
        return c == 'J' || c == 'D' ? 2 : 1;
    }

    /** {argument slots, result slots} of the method an invoke or invokedynamic refers to. */
    private static int[] methodSlots(ClassFile cf, int ref) {
        String desc = cf.memberDescriptor(ref);
        int args = 0;
        int i = 1;
        while (desc.charAt(i) != ')') {
            char c = desc.charAt(i);
            if (c == 'J' || c == 'D') {
                args += 2;
                i++;
            } else {
                args++;
                while (desc.charAt(i) == '[') {
                    i++;
                }
                i = desc.charAt(i) == 'L' ? desc.indexOf(';', i) + 1 : i + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("bad descriptor: " + desc);
                }
            }
        }
        char r = desc.charAt(i + 1);
        return new int[] {args, r == 'V' ? 0 : r == 'J' || r == 'D' ? 2 : 1};
    }

    // ------------------------------------------------------------- host class

    /** A parsed host class and its LambdaMetafactory sites. */
    private static final class Host {
        final WeakReference<Class<?>> type;
        final ClassFile classFile;
        final List<Site> sites;

        Host(Class<?> type, ClassFile classFile, List<Site> sites) {
            this.type = new WeakReference<>(type);
            this.classFile = classFile;
            this.sites = sites;
        }
    }

    /**
     * The last host parsed: lambdas of one class tend to be first seen close
     * together (start-up), and each would otherwise parse the class again.
     * Soft, and refers to the class weakly: never keeps anything alive.
     */
    private static volatile SoftReference<Host> lastHost = new SoftReference<>(null);

    /** The parsed host class, or null if its class file cannot be found. */
    private static Host host(Class<?> known, String hostName, ClassLoader loader) throws Exception {
        Class<?> type = known;
        if (type == null) {
            try {
                type = Class.forName(hostName, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                type = null;
            }
        }
        if (type != null) {
            Host cached = lastHost.get();
            if (cached != null && cached.type.get() == type) {
                return cached;
            }
        }
        String resource = hostName.replace('.', '/') + ".class";
        byte[] bytes = null;
        InputStream in = type != null ? type.getResourceAsStream("/" + resource)
                : loader != null ? loader.getResourceAsStream(resource) : null;
        if (in != null) {
            try (InputStream closing = in) {
                bytes = closing.readAllBytes();
            }
        }
        if (bytes == null) {
            return null;
        }
        ClassFile cf = ClassFile.parse(bytes);
        if (!cf.internalName.equals(hostName.replace('.', '/'))) {
            return null; // not the class we asked for
        }
        Host host = new Host(type, cf, cf.lambdaSites());
        if (type != null) {
            lastHost = new SoftReference<>(host);
        }
        return host;
    }

    // --------------------------------------------------------- lambda shape

    /** An invokedynamic bootstrapped by LambdaMetafactory, as read from the class file. */
    static final class Site {
        final ClassFile.MethodInfo method; // holding the invokedynamic
        final int offset;                  // of the invokedynamic in the code
        final String samName;              // interface method implemented
        final String iface;                // functional interface, binary name
        final List<String> captured;       // captured types, Class.getName() form
        final boolean alt;                 // altMetafactory: may add marker interfaces
        final boolean serializable;        // altMetafactory with FLAG_SERIALIZABLE
        final int implKind;                // reference kind of the implementation handle
        final String implOwner;            // internal name
        final String implName;
        final String implDesc;

        Site(ClassFile.MethodInfo method, int offset, String samName, String iface, List<String> captured,
             boolean alt, boolean serializable, int implKind, String implOwner, String implName, String implDesc) {
            this.method = method;
            this.offset = offset;
            this.samName = samName;
            this.iface = iface;
            this.captured = captured;
            this.alt = alt;
            this.serializable = serializable;
            this.implKind = implKind;
            this.implOwner = implOwner;
            this.implName = implName;
            this.implDesc = implDesc;
        }
    }

    /**
     * What can be seen of a lambda class by reflection, to tell which sites may
     * have spun it. Every check is one the true site passes by construction
     * (InnerClassLambdaMetafactory: the class implements the interface and its
     * markers, declares the interface method, has one final field per captured
     * value, named {@code arg$1..n}, of the exact captured type).
     */
    static final class LambdaShape {
        final Set<String> interfaces = new HashSet<>();
        final int interfaceCount;
        final Set<String> methodNames; // null: unknown
        final List<String> captured;   // null: unknown
        final boolean capturedInOrder;

        private LambdaShape(Class<?> lambda) {
            Class<?>[] ifs = lambda.getInterfaces();
            for (Class<?> i : ifs) {
                interfaces.add(i.getName());
            }
            interfaceCount = ifs.length;

            Set<String> names = null;
            try {
                names = new HashSet<>();
                for (Method method : lambda.getDeclaredMethods()) {
                    names.add(method.getName());
                }
            } catch (Exception | LinkageError e) {
                names = null;
            }
            methodNames = names;

            List<String> types = null;
            boolean inOrder = false;
            try {
                List<Field> fields = new ArrayList<>();
                for (Field f : lambda.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        fields.add(f);
                    }
                }
                inOrder = fields.stream().allMatch(f -> f.getName().matches("arg\\$\\d+"));
                if (inOrder) {
                    fields.sort((a, b) -> Integer.compare(
                            Integer.parseInt(a.getName().substring(4)), Integer.parseInt(b.getName().substring(4))));
                }
                types = new ArrayList<>(fields.size());
                for (Field f : fields) {
                    types.add(f.getType().getName());
                }
            } catch (Exception | LinkageError e) {
                types = null;
            }
            captured = types;
            capturedInOrder = inOrder;
        }

        static LambdaShape of(Class<?> lambda) {
            return new LambdaShape(lambda);
        }

        boolean matches(Site site) {
            if (!interfaces.contains(site.iface) || (!site.alt && interfaceCount != 1)) {
                return false;
            }
            if (methodNames != null && !methodNames.contains(site.samName)) {
                return false;
            }
            if (captured == null) {
                return true;
            }
            if (capturedInOrder) {
                return captured.equals(site.captured);
            }
            List<String> a = new ArrayList<>(captured);
            List<String> b = new ArrayList<>(site.captured);
            Collections.sort(a);
            Collections.sort(b);
            return a.equals(b);
        }
    }

    // ------------------------------------------------------- class file reader

    private static final int ACC_SYNTHETIC = 0x1000;
    private static final int REF_NEW_INVOKE_SPECIAL = 8;

    // Opcodes used by the flow checks (loads and stores are normalised: aload_2 is ALOAD with arg 2).
    private static final int ALOAD = 25;
    private static final int ASTORE = 58;
    private static final int IRETURN = 172;
    private static final int RETURN = 177;
    private static final int INVOKEDYNAMIC = 186;
    private static final int CHECKCAST = 192;
    private static final int ATHROW = 191;
    private static final int JSR = 168;
    private static final int RET = 169;
    private static final int JSR_W = 201;

    /** {@code java/lang/String} to {@code java.lang.String}. */
    static String binaryName(String internalName) {
        return internalName.replace('/', '.');
    }

    /**
     * Parameter types and return type of a method descriptor, each in
     * {@link Class#getName()} form ({@code int}, {@code java.lang.String},
     * {@code [Ljava.lang.String;}); the return type is last.
     */
    static List<String> descriptorTypes(String desc) {
        List<String> types = new ArrayList<>();
        int i = 0;
        if (desc.charAt(i++) != '(') {
            throw new IllegalArgumentException("not a method descriptor: " + desc);
        }
        boolean inParams = true;
        while (i < desc.length()) {
            char c = desc.charAt(i);
            if (c == ')') {
                inParams = false;
                i++;
                continue;
            }
            int start = i;
            while (desc.charAt(i) == '[') {
                i++;
            }
            if (desc.charAt(i) == 'L') {
                i = desc.indexOf(';', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("bad descriptor: " + desc);
                }
            } else {
                i++;
            }
            String d = desc.substring(start, i);
            types.add(fieldTypeName(d));
            if (!inParams) {
                break;
            }
        }
        if (inParams) {
            throw new IllegalArgumentException("bad descriptor: " + desc);
        }
        return types;
    }

    private static String fieldTypeName(String d) {
        if (d.charAt(0) == '[') {
            return d.replace('/', '.');
        }
        switch (d.charAt(0)) {
            case 'L': return binaryName(d.substring(1, d.length() - 1));
            case 'Z': return "boolean";
            case 'B': return "byte";
            case 'C': return "char";
            case 'S': return "short";
            case 'I': return "int";
            case 'J': return "long";
            case 'F': return "float";
            case 'D': return "double";
            case 'V': return "void";
            default: throw new IllegalArgumentException("bad type: " + d);
        }
    }

    /**
     * Just enough of a class file (JVMS chapter 4, any version up to Java 25)
     * to name lambdas: constant pool, methods with their code, exception
     * handlers and line numbers, SourceFile and BootstrapMethods. Malformed
     * input throws a RuntimeException, which callers turn into a fallback name.
     */
    static final class ClassFile {
        // Constant pool tags.
        static final int UTF8 = 1;
        static final int INTEGER = 3;
        static final int FLOAT = 4;
        static final int LONG = 5;
        static final int DOUBLE = 6;
        static final int CLASS = 7;
        static final int STRING = 8;
        static final int FIELDREF = 9;
        static final int METHODREF = 10;
        static final int INTERFACE_METHODREF = 11;
        static final int NAME_AND_TYPE = 12;
        static final int METHOD_HANDLE = 15;
        static final int METHOD_TYPE = 16;
        static final int DYNAMIC = 17;
        static final int INVOKE_DYNAMIC = 18;
        static final int MODULE = 19;
        static final int PACKAGE = 20;

        final byte[] bytes;
        final int[] tags;
        final int[] refA;      // first index (reference kind for MethodHandle, value for Integer)
        final int[] refB;      // second index
        final String[] utf8;
        final String internalName;
        final String sourceFile;
        final List<MethodInfo> methods;
        final int[][] bootstrapMethods; // [i] = {method handle index, arg indexes...}
        private final Map<String, MethodInfo> byNameAndDescriptor; // "name(desc)..." -> method

        private ClassFile(byte[] bytes, int[] tags, int[] refA, int[] refB, String[] utf8, String internalName,
                          String sourceFile, List<MethodInfo> methods, int[][] bootstrapMethods) {
            this.bytes = bytes;
            this.tags = tags;
            this.refA = refA;
            this.refB = refB;
            this.utf8 = utf8;
            this.internalName = internalName;
            this.sourceFile = sourceFile;
            this.methods = methods;
            this.bootstrapMethods = bootstrapMethods;
            this.byNameAndDescriptor = new HashMap<>();
            if (methods != null) {
                for (MethodInfo m : methods) {
                    byNameAndDescriptor.putIfAbsent(m.name + m.descriptor, m); // a name never holds '('
                }
            }
        }

        static ClassFile parse(byte[] bytes) {
            Input in = new Input(bytes);
            if (in.u4() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.skip(4); // minor, major: newer versions keep the layout read here

            int count = in.u2();
            int[] tags = new int[count];
            int[] refA = new int[count];
            int[] refB = new int[count];
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.u1();
                tags[i] = tag;
                switch (tag) {
                    case UTF8:
                        utf8[i] = in.utf8(in.u2());
                        break;
                    case INTEGER:
                        refA[i] = in.u4(); // the value (altMetafactory flags)
                        break;
                    case FLOAT:
                        in.skip(4);
                        break;
                    case LONG:
                    case DOUBLE:
                        in.skip(8);
                        i++; // takes two entries
                        break;
                    case CLASS:
                    case STRING:
                    case METHOD_TYPE:
                    case MODULE:
                    case PACKAGE:
                        refA[i] = in.u2();
                        break;
                    case FIELDREF:
                    case METHODREF:
                    case INTERFACE_METHODREF:
                    case NAME_AND_TYPE:
                    case DYNAMIC:
                    case INVOKE_DYNAMIC:
                        refA[i] = in.u2();
                        refB[i] = in.u2();
                        break;
                    case METHOD_HANDLE:
                        refA[i] = in.u1();
                        refB[i] = in.u2();
                        break;
                    default:
                        throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
                }
            }

            in.skip(2); // access flags
            int thisClass = in.u2();
            in.skip(2); // super class
            in.skip(2 * in.u2()); // interfaces

            int fieldCount = in.u2();
            for (int f = 0; f < fieldCount; f++) {
                in.skip(6);
                skipAttributes(in);
            }

            // Name lookups need the pool, done: a small view to resolve names while reading.
            ClassFile pool = new ClassFile(bytes, tags, refA, refB, utf8, null, null, null, null);
            int methodCount = in.u2();
            List<MethodInfo> methods = new ArrayList<>(methodCount);
            for (int m = 0; m < methodCount; m++) {
                int access = in.u2();
                String name = pool.utf8(in.u2());
                String desc = pool.utf8(in.u2());
                MethodInfo info = new MethodInfo(access, name, desc);
                int attributes = in.u2();
                for (int a = 0; a < attributes; a++) {
                    String attr = pool.utf8(in.u2());
                    int length = in.u4();
                    int end = in.pos + length;
                    if (length < 0 || end > bytes.length) {
                        throw new IllegalArgumentException("bad attribute length");
                    }
                    if ("Code".equals(attr)) {
                        readCode(in, pool, info);
                    }
                    in.pos = end;
                }
                methods.add(info);
            }

            String sourceFile = null;
            int[][] bootstrap = new int[0][];
            int attributes = in.u2();
            for (int a = 0; a < attributes; a++) {
                String attr = pool.utf8(in.u2());
                int length = in.u4();
                int end = in.pos + length;
                if (length < 0 || end > bytes.length) {
                    throw new IllegalArgumentException("bad attribute length");
                }
                if ("SourceFile".equals(attr)) {
                    sourceFile = pool.utf8(in.u2());
                } else if ("BootstrapMethods".equals(attr)) {
                    int n = in.u2();
                    bootstrap = new int[n][];
                    for (int b = 0; b < n; b++) {
                        int handle = in.u2();
                        int args = in.u2();
                        int[] entry = new int[args + 1];
                        entry[0] = handle;
                        for (int k = 1; k <= args; k++) {
                            entry[k] = in.u2();
                        }
                        bootstrap[b] = entry;
                    }
                }
                in.pos = end;
            }
            String internalName = pool.className(thisClass);
            return new ClassFile(bytes, tags, refA, refB, utf8, internalName, sourceFile, methods, bootstrap);
        }

        private static void skipAttributes(Input in) {
            int n = in.u2();
            for (int a = 0; a < n; a++) {
                in.skip(2);
                int length = in.u4();
                if (length < 0) {
                    throw new IllegalArgumentException("bad attribute length");
                }
                in.skip(length);
            }
        }

        /** Code attribute: where the code is, exception handlers, LineNumberTable(s). */
        private static void readCode(Input in, ClassFile pool, MethodInfo info) {
            in.skip(4); // max_stack, max_locals
            int codeLength = in.u4();
            if (codeLength < 0 || in.pos + codeLength > in.bytes.length) {
                throw new IllegalArgumentException("bad code length");
            }
            info.codeStart = in.pos;
            info.codeLength = codeLength;
            in.skip(codeLength);
            int handlers = in.u2();
            info.handlers = new int[handlers];
            for (int h = 0; h < handlers; h++) {
                in.skip(4); // start_pc, end_pc
                info.handlers[h] = in.u2();
                in.skip(2); // catch_type
            }
            int attributes = in.u2();
            List<int[]> lines = new ArrayList<>();
            for (int a = 0; a < attributes; a++) {
                String attr = pool.utf8(in.u2());
                int length = in.u4();
                int end = in.pos + length;
                if (length < 0 || end > in.bytes.length) {
                    throw new IllegalArgumentException("bad attribute length");
                }
                if ("LineNumberTable".equals(attr)) {
                    int n = in.u2();
                    for (int k = 0; k < n; k++) {
                        lines.add(new int[] {in.u2(), in.u2()});
                    }
                }
                in.pos = end;
            }
            lines.sort((x, y) -> Integer.compare(x[0], y[0]));
            info.lines = lines.toArray(new int[0][]);
        }

        String utf8(int index) {
            if (index <= 0 || index >= tags.length || tags[index] != UTF8) {
                throw new IllegalArgumentException("not a Utf8 entry: " + index);
            }
            return utf8[index];
        }

        private int entry(int index, int tag) {
            if (index <= 0 || index >= tags.length || tags[index] != tag) {
                throw new IllegalArgumentException("entry " + index + " is not of tag " + tag);
            }
            return index;
        }

        String className(int index) {
            return utf8(refA[entry(index, CLASS)]);
        }

        /** Descriptor of a Fieldref, Methodref, InterfaceMethodref, InvokeDynamic or Dynamic entry. */
        String memberDescriptor(int index) {
            if (index <= 0 || index >= tags.length) {
                throw new IllegalArgumentException("bad constant pool index " + index);
            }
            int tag = tags[index];
            if (tag != FIELDREF && tag != METHODREF && tag != INTERFACE_METHODREF
                    && tag != INVOKE_DYNAMIC && tag != DYNAMIC) {
                throw new IllegalArgumentException("entry " + index + " has no descriptor");
            }
            return utf8(refB[entry(refB[index], NAME_AND_TYPE)]);
        }

        MethodInfo method(String name, String desc) {
            return byNameAndDescriptor.get(name + desc);
        }

        /** Every invokedynamic of this class bootstrapped by LambdaMetafactory. */
        List<Site> lambdaSites() {
            List<Site> sites = new ArrayList<>();
            for (MethodInfo m : methods) {
                if (m.codeLength < 0) {
                    continue;
                }
                Insns code = m.insns(bytes);
                for (int k = 0; k < code.count; k++) {
                    if (code.opcodes[k] == INVOKEDYNAMIC) {
                        Site site = lambdaSite(m, code.offsets[k], code.args[k]);
                        if (site != null) {
                            sites.add(site);
                        }
                    }
                }
            }
            return sites;
        }

        private Site lambdaSite(MethodInfo m, int offset, int indyIndex) {
            if (indyIndex <= 0 || indyIndex >= tags.length || tags[indyIndex] != INVOKE_DYNAMIC) {
                return null; // invokedynamic may also point to a Dynamic-less entry in broken files: ignore
            }
            int bsmIndex = refA[indyIndex];
            if (bsmIndex < 0 || bsmIndex >= bootstrapMethods.length) {
                return null;
            }
            int[] bsm = bootstrapMethods[bsmIndex];
            int handle = entry(bsm[0], METHOD_HANDLE);
            int bsmRef = refB[handle];
            if (tags[bsmRef] != METHODREF && tags[bsmRef] != INTERFACE_METHODREF) {
                return null;
            }
            String bsmOwner = className(refA[bsmRef]);
            int bsmNat = entry(refB[bsmRef], NAME_AND_TYPE);
            String bsmName = utf8(refA[bsmNat]);
            if (!"java/lang/invoke/LambdaMetafactory".equals(bsmOwner)
                    || !("metafactory".equals(bsmName) || "altMetafactory".equals(bsmName))) {
                return null;
            }
            // Static arguments: samMethodType, implMethod, instantiatedMethodType[, flags...].
            if (bsm.length < 3 || bsm[2] <= 0 || bsm[2] >= tags.length || tags[bsm[2]] != METHOD_HANDLE) {
                return null;
            }
            int implKind = refA[bsm[2]];
            int implRef = refB[bsm[2]];
            if (tags[implRef] != METHODREF && tags[implRef] != INTERFACE_METHODREF) {
                return null;
            }
            String implOwner = className(refA[implRef]);
            int implNat = entry(refB[implRef], NAME_AND_TYPE);
            String implName = utf8(refA[implNat]);
            String implDesc = utf8(refB[implNat]);

            int nat = entry(refB[indyIndex], NAME_AND_TYPE);
            String samName = utf8(refA[nat]);
            List<String> types = descriptorTypes(utf8(refB[nat]));
            String iface = types.remove(types.size() - 1);
            boolean alt = "altMetafactory".equals(bsmName);
            // altMetafactory's fourth static argument: flags, FLAG_SERIALIZABLE = 1
            boolean serializable = alt && bsm.length > 4 && bsm[4] > 0 && bsm[4] < tags.length
                    && tags[bsm[4]] == INTEGER && (refA[bsm[4]] & 1) != 0;
            return new Site(m, offset, samName, iface, types, alt, serializable,
                    implKind, implOwner, implName, implDesc);
        }

        /** A method as read from the class file. */
        static final class MethodInfo {
            final int access;
            final String name;
            final String descriptor;
            int codeStart = -1;
            int codeLength = -1;           // -1: abstract or native
            int[] handlers = new int[0];   // exception handler pcs
            int[][] lines = new int[0][];  // {start_pc, line}, by start_pc
            private volatile Insns insns;  // decoded on demand; volatile: shared through the host cache

            MethodInfo(int access, String name, String descriptor) {
                this.access = access;
                this.name = name;
                this.descriptor = descriptor;
            }

            /** Line of the first instruction, -1 if unknown. */
            int firstLine() {
                return lines.length == 0 ? -1 : lines[0][1];
            }

            /** Line of the instruction at {@code pc}, -1 if unknown. */
            int lineAt(int pc) {
                int line = -1;
                for (int[] entry : lines) {
                    if (entry[0] > pc) {
                        break;
                    }
                    line = entry[1];
                }
                return line;
            }

            Insns insns(byte[] bytes) {
                if (insns == null) {
                    insns = Insns.decode(bytes, codeStart, codeLength);
                }
                return insns;
            }
        }

        /**
         * The instructions of one method: offset, opcode and one operand each
         * (constant pool index of invokes, field accesses and invokedynamic,
         * local slot of loads and stores), plus every jump as an edge. Reference
         * loads and stores are normalised to ALOAD/ASTORE with the slot, whatever
         * their encoding (aload_0, wide aload).
         */
        static final class Insns {
            int count;
            int[] offsets = new int[64];
            int[] opcodes = new int[64];
            int[] args = new int[64];
            int edgeCount;
            int[] edgeFrom = new int[16];
            int[] edgeTo = new int[16];

            /** Index of the instruction starting at {@code offset}, -1 if none does. */
            int indexOf(int offset) {
                int i = Arrays.binarySearch(offsets, 0, count, offset);
                return i < 0 ? -1 : i;
            }

            private void add(int offset, int opcode, int arg) {
                if (count == offsets.length) {
                    offsets = Arrays.copyOf(offsets, count * 2);
                    opcodes = Arrays.copyOf(opcodes, count * 2);
                    args = Arrays.copyOf(args, count * 2);
                }
                offsets[count] = offset;
                opcodes[count] = opcode;
                args[count] = arg;
                count++;
            }

            private void edge(int from, int to) {
                if (edgeCount == edgeFrom.length) {
                    edgeFrom = Arrays.copyOf(edgeFrom, edgeCount * 2);
                    edgeTo = Arrays.copyOf(edgeTo, edgeCount * 2);
                }
                edgeFrom[edgeCount] = from;
                edgeTo[edgeCount] = to;
                edgeCount++;
            }

            static Insns decode(byte[] b, int start, int length) {
                Insns code = new Insns();
                int pc = 0;
                while (pc < length) {
                    int at = start + pc;
                    int op = b[at] & 0xFF;
                    int len;
                    int arg = -1;
                    if (op <= 15 || (op >= 26 && op <= 53) || (op >= 59 && op <= 131)
                            || (op >= 133 && op <= 152) || (op >= 172 && op <= 177)
                            || op == 190 || op == 191 || op == 194 || op == 195) {
                        len = 1; // no operands
                        if (op >= 42 && op <= 45) { // aload_<n>
                            arg = op - 42;
                            op = ALOAD;
                        } else if (op >= 75 && op <= 78) { // astore_<n>
                            arg = op - 75;
                            op = ASTORE;
                        }
                    } else if (op == 16 || op == 18 || op == 188) { // bipush, ldc, newarray
                        len = 2;
                    } else if ((op >= 21 && op <= 25) || (op >= 54 && op <= 58) || op == 169) { // loads, stores, ret
                        len = 2;
                        arg = u1(b, at + 1);
                    } else if (op == 17 || op == 132) { // sipush, iinc
                        len = 3;
                    } else if (op == 19 || op == 20 || (op >= 178 && op <= 184) || op == 187 || op == 189
                            || op == 192 || op == 193) { // ldc_w, ldc2_w, fields, invokes, new, anewarray, checkcast, instanceof
                        len = 3;
                        arg = u2(b, at + 1);
                    } else if ((op >= 153 && op <= 168) || op == 198 || op == 199) { // if*, goto, jsr, ifnull, ifnonnull
                        len = 3;
                        code.edge(pc, pc + (short) u2(b, at + 1));
                    } else if (op == 200 || op == 201) { // goto_w, jsr_w
                        len = 5;
                        code.edge(pc, pc + s4(b, at + 1));
                    } else if (op == 185 || op == 186) { // invokeinterface, invokedynamic
                        len = 5;
                        arg = u2(b, at + 1);
                    } else if (op == 197) { // multianewarray; arg: dimensions
                        len = 4;
                        arg = u1(b, at + 3);
                    } else if (op == 170) { // tableswitch: padded to a multiple of 4 from the code start
                        int p = (pc + 4) & ~3;
                        int low = s4(b, start + p + 4);
                        int high = s4(b, start + p + 8);
                        if (high < low) {
                            throw new IllegalArgumentException("bad tableswitch at " + pc);
                        }
                        long n = (long) high - low + 1;
                        if (p + 12 + 4 * n > length) {
                            throw new IllegalArgumentException("bad tableswitch at " + pc);
                        }
                        code.edge(pc, pc + s4(b, start + p));
                        for (int k = 0; k < n; k++) {
                            code.edge(pc, pc + s4(b, start + p + 12 + 4 * k));
                        }
                        len = p + 12 + 4 * (int) n - pc;
                    } else if (op == 171) { // lookupswitch
                        int p = (pc + 4) & ~3;
                        int pairs = s4(b, start + p + 4);
                        if (pairs < 0 || p + 8 + 8L * pairs > length) {
                            throw new IllegalArgumentException("bad lookupswitch at " + pc);
                        }
                        code.edge(pc, pc + s4(b, start + p));
                        for (int k = 0; k < pairs; k++) {
                            code.edge(pc, pc + s4(b, start + p + 8 + 8 * k + 4));
                        }
                        len = p + 8 + 8 * pairs - pc;
                    } else if (op == 196) { // wide <op> u2 [s2 for iinc]
                        int inner = u1(b, at + 1);
                        arg = u2(b, at + 2);
                        if (inner == 132) {
                            len = 6;
                        } else if ((inner >= 21 && inner <= 25) || (inner >= 54 && inner <= 58) || inner == 169) {
                            len = 4;
                        } else {
                            throw new IllegalArgumentException("bad wide at " + pc);
                        }
                        op = inner;
                    } else {
                        throw new IllegalArgumentException("unknown opcode " + op + " at " + pc);
                    }
                    code.add(pc, op, arg);
                    pc += len;
                }
                if (pc != length) {
                    throw new IllegalArgumentException("code overruns its length");
                }
                return code;
            }

            private static int u1(byte[] b, int i) {
                return b[i] & 0xFF;
            }

            private static int u2(byte[] b, int i) {
                return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            }

            private static int s4(byte[] b, int i) {
                return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            }
        }

        /** Big-endian cursor over the class file bytes; out of bounds throws. */
        private static final class Input {
            final byte[] bytes;
            int pos;

            Input(byte[] bytes) {
                this.bytes = bytes;
            }

            int u1() {
                return bytes[pos++] & 0xFF;
            }

            int u2() {
                int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
                pos += 2;
                return v;
            }

            int u4() {
                int v = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16)
                        | ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
                pos += 4;
                return v;
            }

            void skip(int n) {
                if (n < 0 || pos + n > bytes.length) {
                    throw new IllegalArgumentException("truncated class file");
                }
                pos += n;
            }

            /** Modified UTF-8 (JVMS 4.4.7): 1 to 3 bytes per char, surrogates encoded separately. */
            String utf8(int length) {
                int end = pos + length;
                if (end > bytes.length) {
                    throw new IllegalArgumentException("truncated class file");
                }
                char[] out = new char[length];
                int n = 0;
                while (pos < end) {
                    int c = bytes[pos++] & 0xFF;
                    if (c < 0x80) {
                        out[n++] = (char) c;
                    } else if ((c & 0xE0) == 0xC0) {
                        int c2 = continuation(end);
                        out[n++] = (char) (((c & 0x1F) << 6) | c2);
                    } else if ((c & 0xF0) == 0xE0) {
                        int c2 = continuation(end);
                        int c3 = continuation(end);
                        out[n++] = (char) (((c & 0x0F) << 12) | (c2 << 6) | c3);
                    } else {
                        throw new IllegalArgumentException("bad modified UTF-8");
                    }
                }
                return new String(out, 0, n);
            }

            private int continuation(int end) {
                if (pos >= end) {
                    throw new IllegalArgumentException("bad modified UTF-8");
                }
                int c = bytes[pos++] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw new IllegalArgumentException("bad modified UTF-8");
                }
                return c & 0x3F;
            }
        }
    }
}
