package io.reactortrack.recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jdk.jfr.Recording;

/**
 * A pipeline on a virtual-thread executor (JDK 21+), recorded by a
 * {@link JsonMonitor} and, under a recording, by a {@link JfrMonitor}: what
 * {@link VirtualThreadsTest} runs in a child JVM of a newer JDK.
 *
 * <pre>VirtualThreadsProgram MON_OUT RECORDING PIPELINES</pre>
 */
public final class VirtualThreadsProgram {

    private VirtualThreadsProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path monOut = Path.of(args[0]);
        Path recording = Path.of(args[1]);
        int pipelines = Integer.parseInt(args[2]);
        JsonMonitor json = new JsonMonitor(true);
        ExecutorService ex = virtualThreads();
        run(json, ex, pipelines);
        json.writeTo(monOut);
        try (Recording r = new Recording()) {
            r.enable("reactortrack.CallbackExecuted");
            r.enable("reactortrack.CallbackAttached");
            r.start();
            run(new JfrMonitor(true), ex, pipelines);
            r.stop();
            r.dump(recording);
        }
        ex.shutdown();
        System.out.println("ok " + Files.size(monOut) + " " + Files.size(recording));
    }

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        // Compiled for JDK 17, run on 21+.
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static void run(Monitor monitor, ExecutorService ex, int pipelines) {
        List<CompletableFuture<Integer>> ends = new ArrayList<>();
        for (int i = 0; i < pipelines; i++) {
            TrackedFuture<Integer> f = monitor.track(new CompletableFuture<>(), "req" + i);
            ends.add(f.thenApplyAsync(x -> x * 2, ex).thenApplyAsync(x -> x + 1, ex));
            f.complete(i);
        }
        for (CompletableFuture<Integer> end : ends) {
            end.join();
        }
    }
}
