package com.example.shop;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small application that knows nothing of Reactor Track: an HTTP client
 * calling a local server on loopback with {@code HttpClient.sendAsync}, whose
 * endpoints answer fast, slowly, with an error, or never. Its pipelines use
 * {@code thenApply}, {@code thenCompose}, {@code orTimeout}, {@code exceptionally}
 * and {@code allOf}. Run under the agent with a recording, its recording must
 * tell that story.
 */
public final class HttpShop {

    /** How long the slow endpoint takes: past the 1 s threshold of the continuous settings. */
    static final long SLOW_MILLIS = 1_300;

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    private HttpShop(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ExecutorService serverThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "server");
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/price", e -> answer(e, 200, "42"));
        server.createContext("/stock", e -> answer(e, 200, "7"));
        server.createContext("/report", e -> {
            sleep(SLOW_MILLIS);
            answer(e, 200, "report");
        });
        server.createContext("/broken", e -> answer(e, 500, "no"));
        server.createContext("/hang", e -> await(never));
        server.setExecutor(serverThreads);
        server.start();
        new HttpShop(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).run();
        // The hung request is still pending: the recording, dumped at exit, lists it. Stopping the
        // server first would close its connection and fail it.
        System.exit(0);
    }

    private void run() {
        CompletableFuture<Integer> price = get("/price").thenApply(HttpShop::body).thenApply(Integer::parseInt);
        CompletableFuture<String> order = get("/price")
                .thenCompose(r -> get("/stock"))
                .thenApply(HttpShop::body)
                .thenApply(stock -> "ordered, stock " + stock);
        CompletableFuture<String> report = get("/report").thenApply(HttpShop::reportBody);
        CompletableFuture<String> broken = get("/broken")
                .thenApply(HttpShop::checked)
                .exceptionally(HttpShop::fallback);
        CompletableFuture<String> timedOut = get("/hang")
                .orTimeout(200, TimeUnit.MILLISECONDS)
                .thenApply(HttpShop::body)
                .exceptionally(HttpShop::timeout);
        CompletableFuture<String> hung = get("/hang").thenApply(HttpShop::hungBody);
        CompletableFuture.allOf(price, order, report, broken, timedOut).join();
        System.out.println("price " + price.join() + ", " + order.join() + ", " + report.join() + ", "
                + broken.join() + ", " + timedOut.join() + "; still waiting: " + !hung.isDone());
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static String body(HttpResponse<String> r) {
        return r.body();
    }

    static String reportBody(HttpResponse<String> r) {
        return r.body();
    }

    static String hungBody(HttpResponse<String> r) {
        return r.body();
    }

    static String checked(HttpResponse<String> r) {
        if (r.statusCode() >= 500) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " from " + r.uri().getPath());
        }
        return r.body();
    }

    static String fallback(Throwable error) {
        return "fallback";
    }

    static String timeout(Throwable error) {
        return "timed out";
    }

    private static void answer(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
