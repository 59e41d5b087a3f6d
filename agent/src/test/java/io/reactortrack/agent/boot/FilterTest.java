package io.reactortrack.agent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Which callbacks are the application's, by their class and the agent's options. */
class FilterTest {

    private static final Function<String, String> LAMBDA = s -> s;
    private static final Supplier<String> REFERENCE = FilterTest::name;

    private static String name() {
        return "x";
    }

    @Test
    void by_default_the_application_is_what_the_jdk_did_not_load() {
        Filter f = Filter.parse("");
        assertEquals(Filter.APP, f.kind(LAMBDA.getClass()));
        assertEquals(Filter.APP, f.kind(REFERENCE.getClass()));
        assertEquals(Filter.APP, f.kind(FilterTest.class));
        assertEquals(Filter.OTHER, f.kind(Function.identity().getClass()));
        assertEquals(Filter.OTHER, f.kind(String.class));
    }

    @Test
    void include_and_exclude_name_the_classes_that_wrote_the_callbacks() {
        Filter only = Filter.parse("include=io.reactortrack.agent.*,exclude=io.reactortrack.agent.boot.*");
        assertEquals(Filter.OTHER, only.kind(LAMBDA.getClass()), "excluded by its host class's package");
        Filter mine = Filter.parse("include=io.reactortrack.agent.boot.FilterTest");
        assertEquals(Filter.APP, mine.kind(LAMBDA.getClass()));
        assertEquals(Filter.APP, mine.kind(REFERENCE.getClass()));
        assertEquals(Filter.OTHER, mine.kind(Filter.class));
        Filter other = Filter.parse("include=com.shop.*|org.acme.*");
        assertEquals(Filter.OTHER, other.kind(LAMBDA.getClass()));
        assertEquals(Filter.OTHER, Filter.parse("exclude=io.reactortrack.*").kind(FilterTest.class));
    }

    @Test
    void all_takes_the_jdks_callbacks_too_but_never_the_timer_canceller() throws Exception {
        Filter all = Filter.parse("all");
        assertEquals(Filter.APP, all.kind(Function.identity().getClass()));
        assertEquals(Filter.CANCELLER, all.kind(Class.forName("java.util.concurrent.CompletableFuture$Canceller")));
    }

    @Test
    void lambdas_are_judged_by_the_class_that_wrote_them() {
        assertEquals("com.shop.Orders", Filter.hostName("com.shop.Orders$$Lambda$14/0x0000000800c0b000"));
        assertEquals("com.shop.Orders", Filter.hostName("com.shop.Orders$$Lambda/0x0000000800c0b000"));
        assertEquals("com.shop.Orders$Inner", Filter.hostName("com.shop.Orders$Inner"));
    }

    @Test
    void an_unknown_option_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("inclde=com.shop.*"));
        assertEquals(Filter.APP, Filter.parse(" all , ").kind(CompletableFuture.class));
    }
}
