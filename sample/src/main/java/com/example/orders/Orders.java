package com.example.orders;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.TrackedFuture;

/**
 * An order pipeline whose futures are tracked: priced, stock reserved,
 * confirmed; one order fails and is recovered, one is never answered. Writes
 * what happened as mon.out, for jfr-to-json's viewer and summary.
 */
public final class Orders {

    private static final ScheduledExecutorService SUPPLIER = Executors.newSingleThreadScheduledExecutor();

    public static void main(String[] args) throws Exception {
        JsonMonitor monitor = new JsonMonitor(true);
        for (int id = 1; id <= 3; id++) {
            TrackedFuture<Integer> order = monitor.track(fetchOrder(id), "order " + id);
            order.thenApply(Orders::price)
                 .thenCompose(Orders::reserveStock)
                 .exceptionally(Orders::fallback)
                 .thenAccept(total -> System.out.println("confirmed: " + total));
        }
        TrackedFuture<Integer> lost = monitor.track(new CompletableFuture<>(), "order never answered");
        lost.thenApply(Orders::price);
        SUPPLIER.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get();
        // What is still waiting, and any failure nobody handled, go into mon.out too.
        monitor.pending().forEach(p -> System.out.println("pending: " + p));
        monitor.close();
        monitor.writeTo(Path.of("mon.out"));
        System.out.println("wrote " + monitor.buffer().size() + " lines to mon.out");
        SUPPLIER.shutdown();
    }

    static CompletableFuture<Integer> fetchOrder(int id) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        SUPPLIER.schedule(() -> f.complete(id), 20L * id, TimeUnit.MILLISECONDS);
        return f;
    }

    static int price(int order) {
        return order * 100;
    }

    static CompletableFuture<Integer> reserveStock(int price) {
        if (price == 200) {
            return CompletableFuture.failedFuture(new IllegalStateException("out of stock"));
        }
        return CompletableFuture.completedFuture(price);
    }

    static int fallback(Throwable failure) {
        return -1;
    }
}
