package io.reactortrack.agent.installer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.reactortrack.agent.boot.Woven;
import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.internal.JfrSwitch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the futures created with a function: {@code supplyAsync},
 * {@code runAsync} (the future is made inside the call, before the function
 * can run: {@link Constructed} binds it), and {@code completeAsync}.
 */
final class CreateAdvice {

    private CreateAdvice() {
    }

    /** {@code supplyAsync(supplier)}, {@code runAsync(runnable)}. */
    static final class Async {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Origin("#m") String method,
                            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn) {
            if (JfrSwitch.mode() == 0) {
                return null;
            }
            Object w = Woven.create(method, fn);
            if (w != null) {
                fn = w;
                FutureTrackedEvent t = Woven.takeTracked();
                if (t != null) {
                    t.commit();
                }
                CallbackAttachedEvent a = Woven.takeAttached();
                if (a != null) {
                    a.commit();
                }
            }
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object w, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future) {
            if (w != null) {
                Woven.created(w, future);
            }
        }
    }

    /** {@code supplyAsync(supplier, executor)}, {@code runAsync(runnable, executor)}. */
    static final class AsyncExecutor {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Origin("#m") String method,
                            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn,
                            @Advice.Argument(1) Executor executor) {
            if (JfrSwitch.mode() == 0 || executor == null) {
                return null;
            }
            Object w = Woven.create(method, fn);
            if (w != null) {
                fn = w;
                FutureTrackedEvent t = Woven.takeTracked();
                if (t != null) {
                    t.commit();
                }
                CallbackAttachedEvent a = Woven.takeAttached();
                if (a != null) {
                    a.commit();
                }
            }
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object w, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future) {
            if (w != null) {
                Woven.created(w, future);
            }
        }
    }

    /** The no-argument constructor: the future supplyAsync/runAsync is making, if any. */
    static final class Constructed {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self) {
            if (Woven.creating != 0) {
                Woven.constructed(self);
            }
        }
    }

    /** {@code completeAsync(supplier, executor)}; the one-argument form calls it. */
    static final class CompleteAsync {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This CompletableFuture<?> self,
                          @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn,
                          @Advice.Argument(1) Executor executor) {
            if (JfrSwitch.mode() == 0 || executor == null) {
                return;
            }
            Object w = Woven.completeAsync(self, fn);
            FutureTrackedEvent t = Woven.takeTracked();
            if (t != null) {
                t.commit();
            }
            if (w != null) {
                fn = w;
                CallbackAttachedEvent a = Woven.takeAttached();
                if (a != null) {
                    a.commit();
                }
            }
        }
    }
}
