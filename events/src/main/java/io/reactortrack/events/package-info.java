/**
 * JDK Flight Recorder event types that describe the life of a tracked future.
 *
 * <ul>
 *   <li>{@link io.reactortrack.events.FutureTrackedEvent}: a future started being
 *       tracked explicitly, as a chain target or as a composed future;</li>
 *   <li>{@link io.reactortrack.events.CallbackAttachedEvent}: a callback was
 *       added, making a new stage (which is tracked from then on);</li>
 *   <li>{@link io.reactortrack.events.CallbackExecutedEvent}: a callback ran;
 *       when it returned normally it also says that its stage completed;</li>
 *   <li>{@link io.reactortrack.events.FutureChainedEvent}: a future's result
 *       completes another future;</li>
 *   <li>{@link io.reactortrack.events.FutureCompletedEvent}: a future completed,
 *       with its life as the event's duration;</li>
 *   <li>{@link io.reactortrack.events.FutureFailedEvent}: a future failed, where
 *       the settings keep only long-lived completions;</li>
 *   <li>{@link io.reactortrack.events.FutureRevisedEvent}: a completion
 *       recorded earlier was overridden ({@code obtrude*}, or a racing
 *       {@code complete} that won);</li>
 *   <li>{@link io.reactortrack.events.UnhandledFailureEvent}: a failure nobody
 *       observed;</li>
 *   <li>{@link io.reactortrack.events.PendingFutureEvent}: a future still
 *       incomplete at the end of a recording chunk.</li>
 * </ul>
 *
 * <p>The types depend on nothing but the JDK so that they can be loaded into
 * any application, by any class loader including the bootstrap one. Their
 * names ({@link io.reactortrack.events.ReactorTrackEvents}) are public: they
 * appear in {@code jfr print --events}, in {@code .jfc} settings files and in
 * JDK Mission Control, and do not change.
 *
 * <p>The events are disabled unless a recording's settings enable them. Two
 * settings files ship beside the classes and at the root of the repository:
 * {@code reactortrack.jfc}, the JDK's default settings plus what is cheap
 * enough to leave on (slow callbacks and futures, failures, unhandled and
 * pending futures), and {@code reactortrack-profile.jfc}, the JDK's profile
 * settings plus every event with the stack traces of where pipelines are
 * built. A recording started for something else pays nothing for them.
 *
 * <p>Every field that holds the id of a future is annotated with
 * {@link io.reactortrack.events.FutureId}, so tools that understand
 * {@link jdk.jfr.Relational} can link the events of one future together.
 */
package io.reactortrack.events;
