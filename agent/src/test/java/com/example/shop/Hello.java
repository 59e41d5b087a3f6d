package com.example.shop;

import java.util.concurrent.CompletableFuture;

/** The smallest application: one pipeline, one line of output. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println(CompletableFuture.supplyAsync(() -> "hello").thenApply(s -> s + ", world").join());
    }
}
