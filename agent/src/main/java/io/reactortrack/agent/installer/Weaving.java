package io.reactortrack.agent.installer;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.reactortrack.agent.boot.Woven;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.SyntheticState;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The weaving itself, with Byte Buddy: which advice goes on which method of
 * {@code CompletableFuture}. Everything is described from class files (a
 * {@link TypePool}), never by loading classes: it runs while
 * {@code CompletableFuture} itself is being loaded. Kept apart from
 * {@link Installer} so that a start that finds the woven class in the cache
 * loads no Byte Buddy class.
 */
final class Weaving {

    private static final String TARGET = "java.util.concurrent.CompletableFuture";
    private static final String PREFIX = "io.reactortrack.agent.installer.";

    private static final String[] ONE_INPUT = {
        "thenApply", "thenApplyAsync", "thenAccept", "thenAcceptAsync", "thenRun", "thenRunAsync",
        "thenCompose", "thenComposeAsync", "handle", "handleAsync", "whenComplete", "whenCompleteAsync",
        "exceptionally", "exceptionallyAsync", "exceptionallyCompose", "exceptionallyComposeAsync"};
    private static final String[] TWO_INPUTS = {
        "thenCombine", "thenCombineAsync", "thenAcceptBoth", "thenAcceptBothAsync", "runAfterBoth",
        "runAfterBothAsync", "applyToEither", "applyToEitherAsync", "acceptEither", "acceptEitherAsync",
        "runAfterEither", "runAfterEitherAsync"};

    private Weaving() {
    }

    static byte[] weave(byte[] bytes, boolean addField) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(TARGET, bytes),
                ClassFileLocator.ForClassLoader.of(Weaving.class.getClassLoader()));
        TypePool pool = TypePool.Default.of(locator);
        TypeDescription target = pool.describe(TARGET).resolve();
        DynamicType.Builder<?> b = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .redefine(target, locator);
        if (addField) {
            b = b.defineField(Woven.STATE_FIELD, Object.class, Visibility.PRIVATE, FieldManifestation.VOLATILE,
                    SyntheticState.SYNTHETIC);
        }
        ElementMatcher.Junction<MethodDescription> instance = isPublic().and(not(isStatic()));
        b = b.visit(advice(pool, locator, "AttachAdvice$One", instance.and(namedOneOf(ONE_INPUT)).and(takesArguments(1))))
                .visit(advice(pool, locator, "AttachAdvice$OneExecutor",
                        instance.and(namedOneOf(ONE_INPUT)).and(takesArguments(2))))
                .visit(advice(pool, locator, "AttachAdvice$Two",
                        instance.and(namedOneOf(TWO_INPUTS)).and(takesArguments(2))))
                .visit(advice(pool, locator, "AttachAdvice$TwoExecutor",
                        instance.and(namedOneOf(TWO_INPUTS)).and(takesArguments(3))))
                .visit(advice(pool, locator, "CreateAdvice$Async",
                        isPublic().and(isStatic()).and(namedOneOf("supplyAsync", "runAsync")).and(takesArguments(1))))
                .visit(advice(pool, locator, "CreateAdvice$AsyncExecutor",
                        isPublic().and(isStatic()).and(namedOneOf("supplyAsync", "runAsync")).and(takesArguments(2))))
                .visit(advice(pool, locator, "CreateAdvice$Constructed", isConstructor().and(takesArguments(0))))
                .visit(advice(pool, locator, "CreateAdvice$CompleteAsync",
                        instance.and(namedOneOf("completeAsync")).and(takesArguments(2))))
                .visit(advice(pool, locator, "StateAdvice$Completed",
                        not(isStatic()).and(namedOneOf("internalComplete", "completeNull", "completeValue",
                                "completeThrowable", "completeRelay")).and(returns(boolean.class))))
                .visit(advice(pool, locator, "StateAdvice$BeforeFailure",
                        instance.and(namedOneOf("completeExceptionally", "cancel", "obtrudeException"))))
                .visit(advice(pool, locator, "StateAdvice$Obtruded",
                        instance.and(namedOneOf("obtrudeValue", "obtrudeException"))))
                .visit(advice(pool, locator, "StateAdvice$Inspected",
                        instance.and(namedOneOf("join", "get", "getNow", "isCompletedExceptionally", "resultNow",
                                "exceptionNow", "state"))))
                .visit(advice(pool, locator, "StateAdvice$Gathered",
                        isPublic().and(isStatic()).and(namedOneOf("allOf", "anyOf")).and(takesArguments(1))))
                .visit(advice(pool, locator, "StateAdvice$Minimal",
                        instance.and(namedOneOf("minimalCompletionStage")).and(takesArguments(0))))
                .visit(advice(pool, locator, "StateAdvice$NewStage",
                        instance.and(namedOneOf("newIncompleteFuture")).and(takesArguments(0))))
                .visit(advice(pool, locator, "StateAdvice$Copy",
                        instance.and(namedOneOf("copy")).and(takesArguments(0))));
        return b.make().getBytes();
    }

    private static AsmVisitorWrapper advice(TypePool pool, ClassFileLocator locator, String name,
                                            ElementMatcher<? super MethodDescription> on) {
        return Advice.to(pool.describe(PREFIX + name).resolve(), locator).on(on);
    }
}
