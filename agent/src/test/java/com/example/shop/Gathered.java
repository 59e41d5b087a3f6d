package com.example.shop;

import java.util.concurrent.CompletableFuture;

/**
 * Plain code, no Reactor Track in it: a pipeline whose last stage failed
 * before {@code allOf} gathered it, the same with {@code anyOf}, both handled
 * downstream, and a pipeline whose failure is dropped. Run with the agent and
 * a recording, the recording must report the dropped one only, at exit.
 */
public final class Gathered {

    private Gathered() {
    }

    public static void main(String[] args) {
        CompletableFuture.allOf(failedPipeline("gathered by allOf")).exceptionally(e -> null).join();
        CompletableFuture.anyOf(failedPipeline("gathered by anyOf")).exceptionally(e -> null).join();
        failedPipeline("dropped");
        System.out.println("done");
    }

    private static CompletableFuture<Integer> failedPipeline(String why) {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<Integer> last = source.thenApply(String::length);
        source.completeExceptionally(new IllegalStateException(why));
        return last;
    }
}
