package io.reactortrack.recorder;

import io.reactortrack.recorder.internal.CallbackNames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallbacksTest {

    private int parse(String s) {
        return Integer.parseInt(s.trim());
    }

    @Test
    void aNamedFunctionCarriesItsNameAndReturnsWhatTheFunctionReturns() {
        Function<String, Integer> fn = Callbacks.function("parse", this::parse);
        assertEquals("parse", ((NamedCallback) fn).callbackName());
        assertEquals(42, fn.apply(" 42 "));
    }

    @Test
    void aNamedBiFunctionCarriesItsNameAndReturnsWhatTheFunctionReturns() {
        BiFunction<Integer, Integer, Integer> fn = Callbacks.biFunction("add", Integer::sum);
        assertEquals("add", ((NamedCallback) fn).callbackName());
        assertEquals(5, fn.apply(2, 3));
    }

    @Test
    void aNamedConsumerCarriesItsNameAndPassesTheValueOn() {
        List<String> seen = new ArrayList<>();
        Consumer<String> consumer = Callbacks.consumer("store", seen::add);
        consumer.accept("a");
        assertEquals("store", ((NamedCallback) consumer).callbackName());
        assertEquals(List.of("a"), seen);
    }

    @Test
    void aNamedBiConsumerCarriesItsNameAndPassesBothValuesOn() {
        List<Object> seen = new ArrayList<>();
        BiConsumer<String, Throwable> consumer = Callbacks.biConsumer("log", (v, e) -> {
            seen.add(v);
            seen.add(e);
        });
        IllegalStateException failure = new IllegalStateException();
        consumer.accept("v", failure);
        assertEquals("log", ((NamedCallback) consumer).callbackName());
        assertEquals(List.of("v", failure), seen);
    }

    @Test
    void aNamedRunnableCarriesItsNameAndRuns() {
        int[] runs = {0};
        Runnable runnable = Callbacks.runnable("tick", () -> runs[0]++);
        runnable.run();
        assertEquals("tick", ((NamedCallback) runnable).callbackName());
        assertEquals(1, runs[0]);
    }

    @Test
    void aNamedSupplierCarriesItsNameAndSuppliesWhatTheSupplierSupplies() {
        Object value = new Object();
        Supplier<Object> supplier = Callbacks.supplier("make", () -> value);
        assertEquals("make", ((NamedCallback) supplier).callbackName());
        assertSame(value, supplier.get());
    }

    @Test
    void exceptionsFromTheCallbackPassThroughUnchanged() {
        IllegalArgumentException failure = new IllegalArgumentException("bad");
        Function<String, String> fn = Callbacks.function("fails", s -> {
            throw failure;
        });
        Runnable runnable = Callbacks.runnable("fails too", () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalArgumentException.class, () -> fn.apply("x")));
        assertSame(failure, assertThrows(IllegalArgumentException.class, runnable::run));
    }

    @Test
    void theExplicitNameIsTheNameReactorTrackReports() {
        assertEquals("parse", CallbackNames.nameOf(Callbacks.function("parse", this::parse)));
        assertEquals("tick", CallbackNames.nameOf(Callbacks.runnable("tick", () -> { })));
    }

    @Test
    void wrappingANamedCallbackAgainRenamesIt() {
        Function<String, Integer> once = Callbacks.function("first", this::parse);
        Function<String, Integer> twice = Callbacks.function("second", once);
        assertEquals("second", CallbackNames.nameOf(twice));
        assertEquals(7, twice.apply("7"));
    }

    @Test
    void aWrapperShowsItsNameAsItsString() {
        assertEquals("make", Callbacks.supplier("make", () -> 1).toString());
    }

    @Test
    void aMissingNameOrCallbackIsRejectedWhenWrapping() {
        assertThrows(NullPointerException.class, () -> Callbacks.function(null, Function.identity()));
        assertThrows(NullPointerException.class, () -> Callbacks.function("x", null));
        assertThrows(NullPointerException.class, () -> Callbacks.biFunction("x", null));
        assertThrows(NullPointerException.class, () -> Callbacks.consumer("x", null));
        assertThrows(NullPointerException.class, () -> Callbacks.biConsumer("x", null));
        assertThrows(NullPointerException.class, () -> Callbacks.runnable("x", null));
        assertThrows(NullPointerException.class, () -> Callbacks.supplier(null, () -> 1));
    }

    @Test
    void wrappersSlotIntoACompletableFutureChain() {
        CompletableFuture<String> future = CompletableFuture.completedFuture(" 2 ");
        CompletableFuture<Integer> parsed = future.thenApply(Callbacks.function("parse", this::parse));
        CompletableFuture<Integer> combined = parsed.thenCombine(CompletableFuture.completedFuture(3),
                Callbacks.biFunction("multiply", (a, b) -> a * b));
        CompletableFuture<Integer> handled = combined.handle(Callbacks.biFunction("recover", (v, e) -> e == null ? v : -1));
        assertEquals(6, handled.join());
        assertInstanceOf(NamedCallback.class, Callbacks.function("parse", this::parse));
    }
}
