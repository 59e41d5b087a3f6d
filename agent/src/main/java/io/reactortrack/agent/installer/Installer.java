package io.reactortrack.agent.installer;


import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import io.reactortrack.agent.boot.Filter;
import io.reactortrack.agent.boot.Woven;

/**
 * Weaves {@code CompletableFuture}. When the class is not loaded yet
 * ({@code -javaagent}: it usually is not), it is woven as it loads and gets a
 * field for its futures' state; when it is loaded already (an agent loaded
 * into a running JVM) it is retransformed with the same advice, and the state
 * lives in a side table, since a loaded class cannot gain a field.
 *
 * <p>The woven class is kept in {@code cache} (a directory of this agent
 * jar's own), so that later starts of any application with the same JDK need
 * no Byte Buddy at all.
 */
public final class Installer {

    private static final String TARGET = "java.util.concurrent.CompletableFuture";

    private Installer() {
    }

    /**
     * Installs the agent: called once by the launcher, after the bootstrap
     * jar was appended. Throws when it cannot; the launcher reports that in
     * one line and the application runs untraced.
     */
    public static void install(Instrumentation inst, String options, boolean atStartup, Path cache)
            throws Exception {
        Filter.configure(options);
        // The woven code in java.base calls the agent's classes on the bootstrap class path (the boot
        // loader's unnamed module), and they read CompletableFuture's private fields.
        Module agent = Filter.class.getModule();
        inst.redefineModule(Object.class.getModule(), Set.of(agent), Map.of(),
                Map.of("java.util.concurrent", Set.of(agent)), Set.of(), Map.of());
        Class<?> loaded = null;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(TARGET) && c.getClassLoader() == null) {
                loaded = c;
                break;
            }
        }
        Weaver weaver = new Weaver(loaded == null, cache);
        inst.addTransformer(weaver, true);
        if (loaded != null) {
            inst.retransformClasses(loaded);
        } else {
            Class.forName(TARGET);
        }
        if (!weaver.woven) {
            inst.removeTransformer(weaver);
            return;
        }
        // Off the start-up path: an application that touches a CompletableFuture before it is done
        // waits for it in the class initialiser, as it would have at start-up.
        Thread init = new Thread(Woven::init, "reactortrack-agent-init");
        init.setDaemon(true);
        init.start();
    }

    /** Weaves the advice into CompletableFuture, as it loads or when it is retransformed. */
    private static final class Weaver implements ClassFileTransformer {
        /** Whether the state field is added: only when the class is woven as it loads, and then every time. */
        private final boolean addField;
        private final Path cache;
        volatile boolean woven;
        private volatile boolean failed;

        Weaver(boolean addField, Path cache) {
            this.addField = addField;
            this.cache = cache;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                ProtectionDomain domain, byte[] bytes) {
            if (loader != null || !"java/util/concurrent/CompletableFuture".equals(name) || failed) {
                return null;
            }
            try {
                byte[] out = woven(bytes);
                woven = true;
                return out;
            } catch (Throwable e) {
                failed = true;
                System.err.println("reactortrack-agent: cannot instrument " + TARGET
                        + ", the application runs untraced: " + e);
                return null;
            }
        }

        /**
         * The woven class, from the cache when this agent jar wove the same class file
         * before: weaving loads and runs much of Byte Buddy, the largest part of start-up.
         */
        private byte[] woven(byte[] original) throws IOException {
            CRC32 crc = new CRC32();
            crc.update(original);
            Path file = cache.resolve("CompletableFuture-" + Long.toHexString(crc.getValue()) + "-"
                    + original.length + (addField ? "-field" : "") + ".class");
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
            byte[] out = Weaving.weave(original, addField);
            try {
                Path tmp = Files.createTempFile(cache, "woven", ".tmp");
                Files.write(tmp, out);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // No cache this time: the next start weaves again.
            }
            return out;
        }
    }

}
