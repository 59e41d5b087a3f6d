package io.reactortrack.recorder.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Attaches callbacks as an application does and prints, one line each,
 * {@code what<TAB>expected name<TAB>name} ({@code ~regex} for an expected
 * pattern). Run by {@link CallbackNamesOtherJvmTest} in JVMs unlike the
 * test's own, compiled by the JDK that runs it. Only public API: the
 * recorder may be on the boot class path, this class on the class path.
 */
public final class NamingProgram {

    private static final String HOST = NamingProgram.class.getName();

    private NamingProgram() {
    }

    private static int line() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow().getLineNumber());
    }

    private static String at(int line) {
        return HOST + ".main(NamingProgram.java:" + line + ")";
    }

    private static void print(String what, String expected, String name) {
        System.out.println(what + "\t" + expected + "\t" + name);
    }

    public static void main(String[] args) {
        print("static method reference", "java.lang.Integer::parseInt",
                CallbackNames.nameOf((Function<String, Integer>) Integer::parseInt));
        print("bound method reference", "java.lang.String::concat",
                CallbackNames.nameOf((Function<String, String>) "abc"::concat));
        print("constructor reference", "java.util.ArrayList::new",
                CallbackNames.nameOf((Supplier<List<String>>) ArrayList::new));

        // Lambdas of one shape, written on their own lines: each must be told from the others.
        int first = line() + 2;
        String a = CallbackNames.nameOf(
                (Function<String, String>) s -> s + "a");
        print("lambda written as the argument", at(first), a);
        int kept = line(); Function<String, String> f = s -> s.trim();
        Function<String, String> neighbour = s -> s.strip();
        print("lambda kept in a local variable", at(kept), CallbackNames.nameOf(f));
        int serializable = line() + 2;
        String s = CallbackNames.nameOf(
                (Function<String, String> & Serializable) x -> x + "~");
        print("serializable lambda", at(serializable), s);
        int nested = line(); Supplier<ToLongFunction<String>> outer = () -> x -> x.length();
        print("lambda in a lambda", at(nested), CallbackNames.nameOf(outer.get()));

        print("lambda of the JDK", "~java\\.util\\.function\\.Function\\.identity\\(Function\\.java:\\d+\\)",
                CallbackNames.nameOf(Function.identity()));
        print("serializable lambda of the JDK",
                "~java\\.util\\.Comparator\\.comparingInt\\(Comparator\\.java:\\d+\\)",
                CallbackNames.nameOf(Comparator.comparingInt(String::length)));
        Comparator<Map.Entry<String, String>> byKey = Map.Entry.comparingByKey();
        print("twin lambdas of the JDK: where attached", at(line()), CallbackNames.nameOf(byKey));
        print("its neighbour", at(kept + 1), CallbackNames.nameOf(neighbour));
    }
}
