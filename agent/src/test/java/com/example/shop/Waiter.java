package com.example.shop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A long-running application started without the agent, for the test that
 * loads it later: it prints its pid, then does what it reads on stdin:
 * {@code work} runs a pipeline and leaves one future pending, {@code exit}
 * ends it.
 */
public final class Waiter {

    private static final List<CompletableFuture<?>> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        CompletableFuture<String> early = new CompletableFuture<>();
        KEPT.add(early.thenApply(Waiter::tax));
        System.out.println("pid " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("work")) {
                String total = CompletableFuture.supplyAsync(Waiter::price, Runnable::run).thenApply(Waiter::tax).join();
                CompletableFuture<String> stuck = new CompletableFuture<>();
                KEPT.add(stuck.thenApply(Waiter::tax));
                KEPT.add(stuck);
                early.complete("12");
                System.out.println("worked " + total);
            } else if (line.equals("exit")) {
                return;
            }
        }
    }

    static String price() {
        return "40";
    }

    static String tax(String price) {
        return price + " + tax";
    }
}
