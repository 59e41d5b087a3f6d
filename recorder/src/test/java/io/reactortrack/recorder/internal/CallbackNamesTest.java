package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.Callbacks;
import io.reactortrack.recorder.NamedCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import javax.tools.ToolProvider;

import static io.reactortrack.recorder.internal.CallbackNames.nameOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names of callbacks. Here the test method calling {@code nameOf} is the
 * attach site, as {@code TrackedFuture.thenApply} would be for user code.
 *
 * <p>Lines: an expected line is taken with {@link #line()} on the same source
 * line as the lambda, so moving code around does not break the tests.
 */
class CallbackNamesTest {

    private static final String TEST = CallbackNamesTest.class.getName();
    private static final String FILE = "CallbackNamesTest.java";

    /** The source line this is called from. */
    private static int line() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow().getLineNumber());
    }

    /** The expected name of a lambda written in {@code method} of this class at {@code line}. */
    private static String at(String method, int line) {
        return TEST + "." + method + "(" + FILE + ":" + line + ")";
    }

    static int twice(int x) {
        return 2 * x;
    }

    String greet(String who) {
        return "hello " + who;
    }

    // ------------------------------------------------------- method references

    @Test
    void aStaticMethodReferenceIsNamedAfterItsClassAndMethod() {
        assertEquals("java.lang.Integer::parseInt", CallbackNames.nameOf((Function<String, Integer>) Integer::parseInt));
        assertEquals(TEST + "::twice", CallbackNames.nameOf((IntUnaryOperator) CallbackNamesTest::twice));
    }

    @Test
    void anUnboundInstanceMethodReferenceIsNamedAfterTheClassAndMethod() {
        assertEquals("java.lang.String::length", CallbackNames.nameOf((Function<String, Integer>) String::length));
        assertEquals(TEST + "::greet",
                CallbackNames.nameOf((BiFunction<CallbackNamesTest, String, String>) CallbackNamesTest::greet));
    }

    @Test
    void aBoundInstanceMethodReferenceIsNamedAfterTheMethodNotTheReceiver() {
        assertEquals(TEST + "::greet", CallbackNames.nameOf((Function<String, String>) this::greet));
        assertEquals("java.lang.String::concat", CallbackNames.nameOf((Function<String, String>) "abc"::concat));
        StringBuilder sb = new StringBuilder();
        assertEquals("java.lang.StringBuilder::append", CallbackNames.nameOf((Consumer<String>) sb::append));
    }

    @Test
    void aConstructorReferenceIsNamedClassColonColonNew() {
        assertEquals("java.util.ArrayList::new", CallbackNames.nameOf((Supplier<List<String>>) ArrayList::new));
        assertEquals("java.lang.StringBuilder::new",
                CallbackNames.nameOf((Function<String, StringBuilder>) StringBuilder::new));
    }

    @Test
    void anArrayConstructorReferenceIsNamedAfterWhereItWasWrittenSinceJavacMakesItALambda() {
        int written = line() + 2;
        String name = nameOf(
                (IntFunction<int[]>) int[]::new);
        assertEquals(at("anArrayConstructorReferenceIsNamedAfterWhereItWasWrittenSinceJavacMakesItALambda", written), name);
    }

    // ----------------------------------------------------------------- lambdas

    @Test
    void aLambdaIsNamedAfterTheClassMethodFileAndLineWhereItWasWritten() {
        // On its own line, so that it cannot be confused with the line of the call (the attach site).
        int written = line() + 2;
        String name = nameOf(
                (Function<String, Integer>) s -> s.length() + 1);
        assertEquals(at("aLambdaIsNamedAfterTheClassMethodFileAndLineWhereItWasWritten", written), name);
    }

    @Test
    void aMultiLineLambdaIsNamedAfterTheFirstLineOfItsBody() {
        int firstLineOfBody = line() + 2;
        String name = nameOf((Function<String, Integer>) s -> {
            int n = s.length();
            return n * 3;
        });
        assertEquals(at("aMultiLineLambdaIsNamedAfterTheFirstLineOfItsBody", firstLineOfBody), name);
    }

    @Test
    void lambdasOfTheSameShapeInOneMethodEachGetTheirOwnLine() {
        int first = line() + 2;
        String a = nameOf(
                (Function<String, String>) s -> s + "a");
        int second = line() + 2;
        String b = nameOf(
                (Function<String, String>) s -> s + "b");
        assertEquals(at("lambdasOfTheSameShapeInOneMethodEachGetTheirOwnLine", first), a);
        assertEquals(at("lambdasOfTheSameShapeInOneMethodEachGetTheirOwnLine", second), b);
    }

    @Test
    void aCapturingLambdaIsNamedAfterWhereItWasWritten() {
        int offset = 7;
        int written = line() + 2;
        String name = nameOf(
                (Function<String, String>) s -> greet(s) + offset);
        assertEquals(at("aCapturingLambdaIsNamedAfterWhereItWasWritten", written), name);
    }

    @Test
    void aLambdaKeptInALocalVariableIsNamedAfterWhereItWasWrittenNotAfterANeighbour() {
        int written = line(); Function<String, String> f = s -> s.trim();
        Function<String, String> neighbour = s -> s.strip();
        String name = nameOf(f);
        assertEquals(at("aLambdaKeptInALocalVariableIsNamedAfterWhereItWasWrittenNotAfterANeighbour", written), name);
        assertNotNull(neighbour);
    }

    @Test
    void aLambdaKeptInALocalVariablePastSlot255IsNamedAfterWhereItWasWritten(@TempDir Path dir) throws Exception {
        // Such a local variable is stored and loaded by wide instructions.
        StringBuilder source = new StringBuilder("package wide; public class Locals { public static String name() {\n");
        for (int i = 0; i < 300; i++) {
            source.append("int v").append(i).append(" = ").append(i).append(";\n");
        }
        int written = 302;
        source.append("java.util.function.Function<String, String> f = s -> s + \"x\";\n")
                .append("java.util.function.Function<String, String> neighbour = s -> s + \"y\";\n")
                .append("return ").append(CallbackNames.class.getName()).append(".nameOf(\nf); } }\n");
        Path file = Files.writeString(Files.createDirectories(dir.resolve("wide")).resolve("Locals.java"), source);
        String classes = Path.of(CallbackNames.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", dir.toString(), "-cp", classes, file.toString()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, CallbackNamesTest.class.getClassLoader())) {
            Object name = loader.loadClass("wide.Locals").getMethod("name").invoke(null);
            assertEquals("wide.Locals.name(Locals.java:" + written + ")", name);
        }
    }

    @Test
    void aLambdaInsideALambdaIsNamedAfterTheMethodBothWereWrittenIn() {
        int written = line(); Supplier<ToLongFunction<String>> outer = () -> s -> s.length();
        ToLongFunction<String> inner = outer.get();
        assertNotSame(outer.getClass(), inner.getClass());
        assertEquals(at("aLambdaInsideALambdaIsNamedAfterTheMethodBothWereWrittenIn", written), nameOf(inner));
    }

    private static int upperCaserLine;

    private static Function<String, String> upperCaser(Locale locale) {
        upperCaserLine = line(); return s -> s.toUpperCase(locale);
    }

    @Test
    void aLambdaCreatedInAHelperMethodAndAttachedElsewhereIsNamedAfterTheHelper() {
        Function<String, String> fn = upperCaser(Locale.ROOT);
        assertEquals(at("upperCaser", upperCaserLine), nameOf(fn));
    }

    private static <T> T touch(T value) {
        return value;
    }

    private static String second(Object ignored, String value) {
        return value;
    }

    private static Function<String, String> suffixer() {
        return s -> s + "s"; // a shape many lambdas of this class share
    }

    @Test
    void aLambdaTakenByAnEarlierCallIsNotMistakenForTheOneAttached() {
        // The lambda on the second line is handed to touch(); the one attached comes from
        // suffixer() and cannot be told from its look-alikes: the attach site it is.
        int attached = line() + 3;
        String name = second(
                touch((Function<String, String>) s -> s + "t"),
                nameOf(suffixer()));
        assertEquals(at("aLambdaTakenByAnEarlierCallIsNotMistakenForTheOneAttached", attached), name);
    }

    /** Creates its lambda in its own class. */
    static final class Factory {
        static int line;

        static Function<String, String> make() {
            line = line(); return s -> s + "!";
        }
    }

    @Test
    void aLambdaCreatedInAnotherClassIsNamedAfterThatClass() {
        Function<String, String> fn = Factory.make();
        assertEquals(TEST + "$Factory.make(" + FILE + ":" + Factory.line + ")", nameOf(fn));
    }

    /** Two lambdas nobody can tell apart from outside. */
    static final class TwoOfAKind {
        static Function<String, String> pick(boolean first) {
            if (first) {
                return s -> s + "1";
            }
            return s -> s + "2";
        }
    }

    @Test
    void aLambdaThatCannotBeToldFromItsTwinIsNamedAfterWhereItIsAttached() {
        Function<String, String> fn = TwoOfAKind.pick(false);
        assertEquals(at("aLambdaThatCannotBeToldFromItsTwinIsNamedAfterWhereItIsAttached", line()), nameOf(fn));
    }

    /** Loaded again by a class loader that hides class files. */
    public static final class Unreadable {
        public static Function<String, String> make() {
            return s -> s + "?";
        }
    }

    @Test
    void aLambdaWhoseClassFileCannotBeReadIsNamedAfterWhereItIsAttached() throws Exception {
        String name = Unreadable.class.getName();
        ClassLoader parent = CallbackNamesTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader hiding = new ClassLoader("hiding", parent) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
            }

            @Override
            public URL getResource(String n) {
                return null;
            }

            @Override
            public InputStream getResourceAsStream(String n) {
                return null;
            }
        };
        Class<?> reloaded = hiding.loadClass(name);
        assertNotEquals(Unreadable.class, reloaded);
        @SuppressWarnings("unchecked")
        Function<String, String> fn = (Function<String, String>) reloaded.getMethod("make").invoke(null);

        assertEquals(at("aLambdaWhoseClassFileCannotBeReadIsNamedAfterWhereItIsAttached", line()), nameOf(fn));
    }

    /** Loaded again by a class loader that serves half of its class file. */
    public static final class Garbled {
        public static Function<String, String> make() {
            return s -> s + "#";
        }
    }

    @Test
    void aLambdaWhoseClassFileIsBrokenIsNamedAfterWhereItIsAttached() throws Exception {
        String name = Garbled.class.getName();
        String resource = name.replace('.', '/') + ".class";
        ClassLoader parent = CallbackNamesTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = parent.getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        ClassLoader garbling = new ClassLoader("garbling", parent) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
            }

            @Override
            public InputStream getResourceAsStream(String n) {
                return n.equals(resource) ? new java.io.ByteArrayInputStream(bytes, 0, bytes.length / 2)
                        : super.getResourceAsStream(n);
            }
        };
        @SuppressWarnings("unchecked")
        Function<String, String> fn = (Function<String, String>) garbling.loadClass(name).getMethod("make").invoke(null);

        assertEquals(at("aLambdaWhoseClassFileIsBrokenIsNamedAfterWhereItIsAttached", line()), nameOf(fn));
    }

    @Test
    void lambdasWrittenInTheJdkAreNamedAfterWhereTheyWereWrittenThere() {
        String identity = nameOf(Function.identity());
        assertTrue(identity.matches("java\\.util\\.function\\.Function\\.identity\\(Function\\.java:\\d+\\)"), identity);
        // serializable, from altMetafactory, capturing the key extractor
        String comparingInt = nameOf(Comparator.comparingInt(String::length));
        assertTrue(comparingInt.matches("java\\.util\\.Comparator\\.comparingInt\\(Comparator\\.java:\\d+\\)"), comparingInt);
    }

    @Test
    void twinLambdasInTheJdkAreNamedAfterWhereTheyAreAttached() {
        // Map.Entry.comparingByKey() and comparingByValue() spin lambdas of the same shape
        Comparator<Map.Entry<String, String>> byKey = Map.Entry.comparingByKey();
        assertEquals(at("twinLambdasInTheJdkAreNamedAfterWhereTheyAreAttached", line()), nameOf(byKey));
    }

    @Test
    void aSerializableLambdaIsNamedAfterWhereItWasWritten() {
        int written = line() + 2;
        String name = nameOf(
                (Function<String, String> & Serializable) s -> s + "~");
        assertEquals(at("aSerializableLambdaIsNamedAfterWhereItWasWritten", written), name);
    }

    @Test
    void namesNeverShowTheHiddenClassName() {
        int offset = 3;
        List<Object> callbacks = List.of(
                (Function<String, Integer>) s -> s.length(),
                (Function<String, Integer>) s -> s.length() + offset,
                (Supplier<String>) () -> "x",
                (Runnable) () -> { },
                (Function<Object, String>) String::valueOf,
                (Supplier<List<String>>) ArrayList::new,
                Function.identity(),
                Comparator.<String>naturalOrder().thenComparing(String::length),
                UnaryOperator.identity(),
                TwoOfAKind.pick(true),
                Factory.make());
        for (Object callback : callbacks) {
            assertTrue(callback.getClass().getName().contains("$$Lambda"), "precondition: a lambda, " + callback.getClass());
            String name = nameOf(callback);
            assertFalse(name.contains("$$Lambda"), name);
            assertFalse(name.contains("/0x"), name);
            assertFalse(name.isEmpty());
        }
    }

    // ------------------------------------------------------------------ caching

    @Test
    void theSameLambdaClassIsNamedOnlyOnce() {
        long before = CallbackNames.computations();
        List<IntSupplier> suppliers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int k = i;
            suppliers.add(() -> k);
        }
        assertSame(suppliers.get(0).getClass(), suppliers.get(2).getClass(), "precondition: one lambda class");
        assertNotSame(suppliers.get(0), suppliers.get(2));

        String first = nameOf(suppliers.get(0));
        assertSame(first, nameOf(suppliers.get(1)));
        assertSame(first, nameOf(suppliers.get(2)));
        assertEquals(before + 1, CallbackNames.computations());
    }

    @Test
    void explicitNamesAreAskedOfEachCallbackNotCachedPerClass() {
        Function<String, String> one = Callbacks.function("one", Function.identity());
        Function<String, String> two = Callbacks.function("two", Function.identity());
        assertSame(one.getClass(), two.getClass(), "precondition: one wrapper class");
        assertEquals("one", nameOf(one));
        assertEquals("two", nameOf(two));
        assertEquals("one", nameOf(one));
    }

    // ------------------------------------------------------------ other classes

    @Test
    void anAnonymousClassIsNamedByItsClass() {
        Function<String, String> anonymous = new Function<>() {
            @Override
            public String apply(String s) {
                return s;
            }
        };
        String name = nameOf(anonymous);
        assertEquals(anonymous.getClass().getName(), name);
        assertTrue(name.startsWith(TEST + "$"), name);
    }

    static final class Doubler implements UnaryOperator<Integer> {
        @Override
        public Integer apply(Integer x) {
            return 2 * x;
        }
    }

    @Test
    void anOrdinaryClassIsNamedByItsBinaryName() {
        assertEquals(TEST + "$Doubler", nameOf(new Doubler()));
    }

    @Test
    void aHiddenClassThatIsNotALambdaIsNamedWithoutItsAddress() throws Throwable {
        byte[] bytes;
        try (InputStream in = Doubler.class.getResourceAsStream("CallbackNamesTest$Doubler.class")) {
            bytes = in.readAllBytes();
        }
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
        Object instance = hidden.findConstructor(hidden.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
                .invoke();
        assertTrue(instance.getClass().getName().contains("/"), "precondition: hidden, " + instance.getClass());
        assertEquals(TEST + "$Doubler", nameOf(instance));
    }

    @Test
    void aNullCallbackIsNamedNull() {
        assertEquals("null", nameOf(null));
    }

    // ---------------------------------------------------------- explicit names

    @Test
    void anExplicitNameWinsOverTheMethodReference() {
        assertEquals("parse", nameOf(Callbacks.<String, Integer>function("parse", Integer::parseInt)));
    }

    @Test
    void anyNamedCallbackIsNamedByItself() {
        final class Custom implements Runnable, NamedCallback {
            @Override
            public String callbackName() {
                return "custom name";
            }

            @Override
            public void run() {
            }
        }
        assertEquals("custom name", nameOf(new Custom()));
    }

    static final class Unnamed implements Runnable, NamedCallback {
        @Override
        public String callbackName() {
            return null;
        }

        @Override
        public void run() {
        }
    }

    static final class Broken implements Runnable, NamedCallback {
        @Override
        public String callbackName() {
            throw new IllegalStateException("boom");
        }

        @Override
        public void run() {
        }
    }

    @Test
    void aNamedCallbackWithoutANameOrWithAFailingNameIsNamedByItsClass() {
        assertEquals(TEST + "$Unnamed", nameOf(new Unnamed()));
        assertEquals(TEST + "$Broken", nameOf(new Broken()));
    }

    // -------------------------------------------------------------- internals

    @Test
    void enclosingMethodsOfJavacLambdaBodiesReadLikeStackTraces() {
        assertEquals("main", CallbackNames.enclosingMethod("lambda$main$0", "main", false));
        assertEquals("<init>", CallbackNames.enclosingMethod("lambda$new$3", "<init>", false));
        assertEquals("<clinit>", CallbackNames.enclosingMethod("lambda$static$1", "<clinit>", false));
        assertEquals("main", CallbackNames.enclosingMethod("lambda$main$7b0bb60$1", "main", true)); // serializable
        assertEquals("run", CallbackNames.enclosingMethod("lambda$null$2", "lambda$run$1", false)); // JDK 8 javac
        assertEquals("run", CallbackNames.enclosingMethod("lambda$null$2", "lambda$run$a1b2$1", false));
        assertEquals("go", CallbackNames.enclosingMethod("lambda$0", "go", false)); // ecj
        assertEquals("main", CallbackNames.enclosingMethod("main$lambda$0", "main", false)); // kotlinc
    }

    @Test
    void descriptorsAreSplitIntoParameterAndReturnTypes() {
        assertEquals(List.of("I", "[J", "Ljava/lang/String;", "[[Ljava/util/Map$Entry;", "Ljava/util/function/Function;"),
                ClassFile.descriptors("(I[JLjava/lang/String;[[Ljava/util/Map$Entry;)Ljava/util/function/Function;"));
        assertEquals(List.of("V"), ClassFile.descriptors("()V"));
        assertEquals(List.of("J"), ClassFile.descriptors("J"));
        assertThrows(IllegalArgumentException.class, () -> ClassFile.descriptors("(Ljava/lang/String"));
    }

    @Test
    void theInstructionDecoderKnowsTheLengthOfSwitchesAndWideInstructions() {
        byte[] code = {
                0,                                  // 0: nop
                (byte) 0xC4, 25, 1, 44,             // 1: wide aload 300
                (byte) 0xC4, (byte) 132, 1, 44, 0, 5, // 5: wide iinc 300 5
                (byte) 170,                         // 11: tableswitch, padded to 12
                0, 0, 0, 29,                        //   default -> 40
                0, 0, 0, 1,                         //   low 1
                0, 0, 0, 2,                         //   high 2
                0, 0, 0, 29,                        //   1 -> 40
                0, 0, 0, 29,                        //   2 -> 40
                (byte) 171,                         // 32: lookupswitch, padded to 36
                0, 0, 0,
                0, 0, 0, 8,                         //   default -> 40
                0, 0, 0, 1,                         //   1 pair
                0, 0, 0, 7,                         //   7 -> 40
                0, 0, 0, 8,
                (byte) 0xB1                         // 52: return
        };
        List<int[]> edges = new ArrayList<>();
        assertArrayEquals(new int[] {0, 1, 5, 11, 32, 52}, ClassFile.instructions(code, 0, code.length, edges));
        assertEquals(5, edges.size());
        assertArrayEquals(new int[] {11, 11 + 29}, edges.get(0)); // tableswitch default
        assertArrayEquals(new int[] {32, 32 + 8}, edges.get(3));  // lookupswitch default
        assertThrows(IllegalArgumentException.class,
                () -> ClassFile.instructions(code, 0, 50, null)); // cuts the lookupswitch
        assertThrows(IllegalArgumentException.class,
                () -> ClassFile.instructions(new byte[] {(byte) 0xC4, 0, 0, 0}, 0, 4, null));
    }

    @Test
    void theClassFileReaderReadsRealClassesAndFindsTheirLambdas() throws IOException, ClassNotFoundException {
        for (Class<?> type : List.of(CallbackNamesTest.class, CallbackNames.class, String.class, Character.class,
                java.util.HashMap.class, java.util.concurrent.CompletableFuture.class, java.util.stream.Collectors.class,
                Class.forName("java.lang.invoke.InnerClassLambdaMetafactory", false, null))) {
            byte[] bytes;
            try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
                assertNotNull(in, type.getName());
                bytes = in.readAllBytes();
            }
            ClassFile cf = new ClassFile(bytes);
            assertEquals(type.getName().replace('.', '/'), cf.internalName);
            assertEquals(type.getSimpleName() + ".java", cf.sourceFile);
            for (ClassFile.MethodInfo m : cf.methods.values()) {
                if (m.code() >= 0) { // decodes to the exact end of the code
                    int length = java.nio.ByteBuffer.wrap(bytes).getInt(m.code() + 4);
                    assertNotNull(ClassFile.instructions(bytes, m.code() + 8, length, null), m.name());
                }
            }
            if (type == CallbackNamesTest.class || type == java.util.stream.Collectors.class) {
                assertFalse(cf.sites.isEmpty(), type.getName());
            }
        }
    }

    @Test
    void aBrokenClassFileIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ClassFile(new byte[] {1, 2, 3, 4, 0, 0}));
        assertThrows(RuntimeException.class,
                () -> new ClassFile(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0}));
    }
}
