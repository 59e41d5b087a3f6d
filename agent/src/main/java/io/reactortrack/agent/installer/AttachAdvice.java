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
 * Advice for the methods that attach a callback, one class per parameter
 * list. When nothing records, each costs one read of a flag. The events are
 * committed here, inside the method the application called, so that their
 * stack traces start there.
 */
final class AttachAdvice {

    private AttachAdvice() {
    }

    /** {@code thenApply(fn)} and the other one-argument forms. */
    static final class One {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This CompletableFuture<?> self, @Advice.Origin("#m") String method,
                            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn) {
            if (JfrSwitch.mode() == 0) {
                return null;
            }
            Object w = Woven.attach(self, method, fn, null);
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
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self, @Advice.Enter Object w,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object stage) {
            if (w != null) {
                Woven.attached(self, w, stage);
            }
        }
    }

    /** {@code thenApplyAsync(fn, executor)} and the other forms with an executor. */
    static final class OneExecutor {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This CompletableFuture<?> self, @Advice.Origin("#m") String method,
                            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn,
                            @Advice.Argument(1) Executor executor) {
            if (JfrSwitch.mode() == 0 || executor == null) {
                return null;
            }
            Object w = Woven.attach(self, method, fn, null);
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
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self, @Advice.Enter Object w,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object stage) {
            if (w != null) {
                Woven.attached(self, w, stage);
            }
        }
    }

    /** {@code thenCombine(other, fn)} and the other two-input forms. */
    static final class Two {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This CompletableFuture<?> self, @Advice.Origin("#m") String method,
                            @Advice.Argument(0) Object other,
                            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn) {
            if (JfrSwitch.mode() == 0 || other == null) {
                return null;
            }
            Object w = Woven.attach(self, method, fn, other);
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
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self, @Advice.Enter Object w,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object stage) {
            if (w != null) {
                Woven.attached(self, w, stage);
            }
        }
    }

    /** {@code thenCombineAsync(other, fn, executor)} and the other two-input forms with an executor. */
    static final class TwoExecutor {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This CompletableFuture<?> self, @Advice.Origin("#m") String method,
                            @Advice.Argument(0) Object other,
                            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn,
                            @Advice.Argument(2) Executor executor) {
            if (JfrSwitch.mode() == 0 || other == null || executor == null) {
                return null;
            }
            Object w = Woven.attach(self, method, fn, other);
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
            return w;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This CompletableFuture<?> self, @Advice.Enter Object w,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object stage) {
            if (w != null) {
                Woven.attached(self, w, stage);
            }
        }
    }
}
