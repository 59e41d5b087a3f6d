/**
 * JDK Flight Recorder event types that describe the life of a tracked future:
 * tracked, callback attached, callback executed, chained and fired.
 *
 * <p>The types depend on nothing but the JDK so that they can be loaded into
 * any application. Their names ({@link io.reactortrack.events.ReactorTrackEvents})
 * are public: they appear in {@code jfr print --events}, in {@code .jfc}
 * settings files and in JDK Mission Control, and do not change.
 *
 * <p>The events are disabled unless a recording's settings enable them, as
 * {@code reactortrack.jfc} does: a recording started for something else
 * (with the JDK's {@code default} or {@code profile} settings) pays nothing
 * for them.
 *
 * <p>Every field that holds the id of a future is annotated with
 * {@link io.reactortrack.events.FutureId}, so tools that understand
 * {@link jdk.jfr.Relational} can link the events of one future together.
 */
package io.reactortrack.events;
