package io.reactortrack.agent.installer;

import java.util.concurrent.CompletableFuture;

import io.reactortrack.agent.boot.Woven;
import io.reactortrack.recorder.internal.JfrSwitch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for what happens to a future: completion, obtrusion, inspection, the
 * stages it makes. While nothing records, each is one read of a flag: the
 * agent then does nothing at all (a future completed meanwhile leaves the
 * pending list at the next snapshot, which reads its state).
 */
final class StateAdvice {

    private StateAdvice() {
    }

    /**
     * The compare-and-set completions every completion goes through
     * ({@code completeValue}, {@code completeThrowable}, {@code internalComplete},
     * ...): when one completes the future, before its dependents run.
     */
    static final class Completed {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self, @Advice.Return boolean done) {
            if (done && JfrSwitch.mode() != 0) {
                Woven.completed(self);
            }
        }
    }

    /** {@code completeExceptionally}, {@code cancel}, {@code obtrudeException}: before the failure lands. */
    static final class BeforeFailure {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This CompletableFuture<?> self) {
            if (JfrSwitch.mode() != 0) {
                Woven.beforeFailure(self);
            }
        }
    }

    /** {@code obtrudeValue}, {@code obtrudeException}: after the new outcome is stored. */
    static final class Obtruded {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self) {
            if (JfrSwitch.mode() != 0) {
                Woven.obtruded(self);
            }
        }
    }

    /**
     * {@code join}, {@code get}, {@code getNow}, {@code isCompletedExceptionally},
     * and on JDK 19+ {@code resultNow}, {@code exceptionNow}, {@code state}; for
     * a subclass whatever records, since a {@code TrackedFuture} loaded from the
     * bootstrap class path lacks its own overrides of the JDK 19+ methods.
     */
    static final class Inspected {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This CompletableFuture<?> self) {
            if (JfrSwitch.mode() != 0 || self.getClass() != CompletableFuture.class) {
                Woven.inspected(self);
            }
        }
    }

    /** {@code minimalCompletionStage}: its dependents are out of sight, and take the outcome over. */
    static final class Minimal {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This CompletableFuture<?> self) {
            if (JfrSwitch.mode() != 0) {
                Woven.observe(self);
            }
        }
    }

    /**
     * {@code allOf}, {@code anyOf}: the inputs' outcomes are taken over by the
     * stage they make; for a {@code TrackedFuture} input whatever records,
     * as its observation is kept when nothing does.
     */
    static final class Gathered {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) CompletableFuture<?>[] inputs) {
            if (inputs != null) {
                Woven.gathered(inputs);
            }
        }
    }

    /** {@code newIncompleteFuture}: the stage an attaching call reserved. */
    static final class NewStage {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object stage) {
            if (JfrSwitch.mode() != 0) {
                Woven.made(self, stage);
            }
        }
    }

    /** {@code copy}: a stage that takes the future's outcome. */
    static final class Copy {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This CompletableFuture<?> self) {
            if (JfrSwitch.mode() != 0) {
                Woven.copying(self);
            }
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object copy) {
            if (JfrSwitch.mode() != 0) {
                Woven.copied(self, copy);
            }
        }
    }
}
