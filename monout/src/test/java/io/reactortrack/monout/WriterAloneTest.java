package io.reactortrack.monout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The recorder depends on this module for the writer and must bring no JSON
 * library into applications: writing every action, in a class loader that
 * has this module's classes and nothing else, must not load the reader or
 * anything of Jackson.
 */
class WriterAloneTest {

    /** Loads this module's main classes itself, and records what it was asked for. */
    private static final class Isolated extends ClassLoader {
        final List<String> requested = new ArrayList<>();
        private final Path classes;

        Isolated(Path classes) {
            super(ClassLoader.getPlatformClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) {
                    return c;
                }
                requested.add(name);
                if (!name.startsWith("io.reactortrack.") && !name.startsWith("com.fasterxml.")) {
                    return super.loadClass(name, resolve);
                }
                try (InputStream in = java.nio.file.Files.newInputStream(
                        classes.resolve(name.replace('.', '/') + ".class"))) {
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name);
                }
            }
        }
    }

    @Test
    void writing_every_action_loads_neither_the_reader_nor_jackson() throws Exception {
        Isolated loader = new Isolated(mainClasses());
        Class<?> writer = loader.loadClass(MonOutWriter.class.getName());
        Object w = writer.getConstructor().newInstance();
        call(w, "tracked", 1L, 1L, "d", 0L, "track");
        call(w, "attached", 1L, 2L, "cb", null, "thenApply", 2L);
        call(w, "chained", 1L, 3L, 2L);
        call(w, "executed", 1L, 4L, "cb", true, 5L, "main", null);
        call(w, "executed", 1L, 4L, "cb", true, 5L, "main", null, true);
        call(w, "fired", 1L, 5L, false, false, "E", "d", "cb", 7L, true);
        call(w, "unhandled", 1L, 6L, null, "E", null);
        call(w, "pending", 1L, 7L, null, 8L, 1, null);
        Object text = call(w, "takeLine");
        assertTrue(text.toString().contains("\"action\":\"pending\""), text.toString());

        assertEquals(writer, loader.loadClass(MonOutWriter.class.getName()));
        for (String name : loader.requested) {
            assertFalse(name.startsWith("com.fasterxml."), "the writer loaded " + name);
            assertFalse(name.equals(MonOutReader.class.getName()), "the writer loaded the reader");
        }
        assertTrue(loader.requested.contains(Action.class.getName()), "the check sees what was loaded");
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name + " with " + args.length + " arguments");
    }

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(MonOutWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
