package io.reactortrack.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The agent's entry points: {@code -javaagent:reactortrack-agent.jar[=options]}
 * ({@link #premain}), loading into a running JVM ({@link #agentmain}), and
 * {@code java -jar reactortrack-agent.jar <pid> [options]}, which loads it into
 * the JVM with that pid ({@link #main}).
 *
 * <p>This is the only class of the agent on the application's class path, and
 * it refers to nothing of the agent's own: the classes that woven JDK code
 * calls go on the bootstrap class path (the {@code boot.jar} inside this jar),
 * and the installer with its relocated Byte Buddy is loaded by a class loader
 * of its own, so that neither can be seen by, or clash with, the
 * application's classes.
 */
public final class AgentMain {

    private static final String BOOT = "reactortrack/boot.jar";
    private static final String INSTALLER = "reactortrack/installer.jar";
    private static final String INSTALLER_CLASS = "io.reactortrack.agent.installer.Installer";

    private static volatile boolean installed;

    private AgentMain() {
    }

    public static void premain(String options, Instrumentation inst) {
        start(options, inst, true);
    }

    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst, false);
    }

    /** {@code java -jar reactortrack-agent.jar <pid> [options]}: loads the agent into a running JVM. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar reactortrack-agent.jar <pid> [options]\n"
                    + "  options: all | include=com.shop.*,exclude=com.shop.internal.*\n"
                    + "  then: jcmd <pid> JFR.start settings=/path/to/reactortrack.jfc, and later JFR.dump filename=app.jfr");
            System.exit(2);
        }
        Attach.load(args[0], jarPath(), args.length > 1 ? args[1] : "");
    }

    private static synchronized void start(String options, Instrumentation inst, boolean atStartup) {
        if (installed) {
            System.err.println("reactortrack-agent: already loaded; ignored");
            return;
        }
        installed = true;
        try {
            Path jar = jarPath();
            Path dir = unpackDir(jar);
            Path boot = unpack(jar, BOOT, dir.resolve("boot.jar"));
            Path installer = unpack(jar, INSTALLER, dir.resolve("installer.jar"));
            inst.appendToBootstrapClassLoaderSearch(new JarFile(boot.toFile()));
            // Parent: the platform loader, so that the installer sees the JDK and the bootstrap
            // class path, and nothing of the application.
            ClassLoader loader = new URLClassLoader(new URL[] {installer.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> c = Class.forName(INSTALLER_CLASS, true, loader);
            c.getMethod("install", Instrumentation.class, String.class, boolean.class, Path.class)
                    .invoke(null, inst, options == null ? "" : options, atStartup, dir);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null
                    ? e.getCause() : e;
            System.err.println("reactortrack-agent: not installed, the application runs untraced: " + cause);
        }
    }

    private static Path jarPath() throws Exception {
        return Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * A directory of its own per agent jar (by size and modification time),
     * reused across runs, so that start-up copies nothing after the first run.
     */
    private static Path unpackDir(Path jar) throws IOException {
        String key = Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "reactortrack-agent-" + key);
        Files.createDirectories(dir);
        return dir;
    }

    private static Path unpack(Path jar, String entry, Path target) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            long size = j.getEntry(entry).getSize();
            if (Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            // Written next to the target and moved into place: a JVM starting at the same time
            // never reads a half-written jar.
            Path tmp = Files.createTempFile(target.getParent(), "part", ".jar");
            try (InputStream in = j.getInputStream(j.getEntry(entry))) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                if (!Files.isRegularFile(target)) {
                    throw e;
                }
            }
            return target;
        }
    }
}
