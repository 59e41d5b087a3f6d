package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.FutureFailedEvent;
import io.reactortrack.events.FutureRevisedEvent;
import io.reactortrack.events.FutureId;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.JfrCapture;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Relational;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/** The metadata of the event types: what JDK Mission Control and {@code jfr print} show of them. */
class EventMetadataTest {

    private static final List<Class<? extends Event>> CORE = List.of(FutureTrackedEvent.class,
            CallbackAttachedEvent.class, CallbackExecutedEvent.class, FutureChainedEvent.class,
            FutureCompletedEvent.class, FutureFailedEvent.class, FutureRevisedEvent.class);

    /** Fields every event has, defined by JFR itself. */
    private static final Set<String> IMPLICIT = Set.of("startTime", "duration", "eventThread", "stackTrace");

    /** The core types plus any other Reactor Track type the events module defines. */
    @SuppressWarnings("unchecked")
    private static List<Class<? extends Event>> allTypes() {
        List<Class<? extends Event>> all = new ArrayList<>(CORE);
        for (String extra : List.of("UnhandledFailureEvent", "PendingFutureEvent")) {
            try {
                all.add((Class<? extends Event>) Class.forName("io.reactortrack.events." + extra));
            } catch (ClassNotFoundException e) {
                // Not defined (yet): nothing to check.
            }
        }
        return all;
    }

    private static EventType type(Class<? extends Event> c) {
        FlightRecorder.register(c);
        return EventType.getEventType(c);
    }

    @Test
    void the_core_types_have_their_public_names() {
        assertEquals(ReactorTrackEvents.FUTURE_TRACKED, type(FutureTrackedEvent.class).getName());
        assertEquals(ReactorTrackEvents.CALLBACK_ATTACHED, type(CallbackAttachedEvent.class).getName());
        assertEquals(ReactorTrackEvents.CALLBACK_EXECUTED, type(CallbackExecutedEvent.class).getName());
        assertEquals(ReactorTrackEvents.FUTURE_CHAINED, type(FutureChainedEvent.class).getName());
        assertEquals(ReactorTrackEvents.FUTURE_COMPLETED, type(FutureCompletedEvent.class).getName());
        assertEquals("reactortrack.FutureTracked", ReactorTrackEvents.FUTURE_TRACKED);
        assertEquals("reactortrack.CallbackAttached", ReactorTrackEvents.CALLBACK_ATTACHED);
        assertEquals("reactortrack.CallbackExecuted", ReactorTrackEvents.CALLBACK_EXECUTED);
        assertEquals("reactortrack.FutureChained", ReactorTrackEvents.FUTURE_CHAINED);
        assertEquals("reactortrack.FutureCompleted", ReactorTrackEvents.FUTURE_COMPLETED);
        assertEquals(ReactorTrackEvents.FUTURE_FAILED, type(FutureFailedEvent.class).getName());
        assertEquals(ReactorTrackEvents.FUTURE_REVISED, type(FutureRevisedEvent.class).getName());
        assertEquals("reactortrack.FutureFailed", ReactorTrackEvents.FUTURE_FAILED);
        assertEquals("reactortrack.FutureRevised", ReactorTrackEvents.FUTURE_REVISED);
    }

    @Test
    void every_type_is_in_the_reactor_track_category_with_a_label_and_description() {
        for (Class<? extends Event> c : allTypes()) {
            EventType t = type(c);
            assertTrue(t.getName().startsWith(ReactorTrackEvents.PREFIX), t.getName());
            assertEquals(List.of("Reactor Track"), t.getCategoryNames(), t.getName());
            assertNotNull(t.getLabel(), t.getName() + " has no label");
            assertNotNull(t.getDescription(), t.getName() + " has no description");
        }
    }

    @Test
    void every_field_has_a_label_and_a_description() {
        for (Class<? extends Event> c : allTypes()) {
            EventType t = type(c);
            int own = 0;
            for (ValueDescriptor f : t.getFields()) {
                if (IMPLICIT.contains(f.getName())) {
                    continue;
                }
                own++;
                assertNotNull(f.getLabel(), t.getName() + "." + f.getName() + " has no @Label");
                assertNotNull(f.getDescription(), t.getName() + "." + f.getName() + " has no @Description");
            }
            assertTrue(own > 0, t.getName());
        }
    }

    @Test
    void every_id_field_carries_the_relational_future_id_annotation() {
        assertTrue(FutureId.class.isAnnotationPresent(Relational.class), "@FutureId is not @Relational");
        List<String> idFields = new ArrayList<>();
        for (Class<? extends Event> c : allTypes()) {
            EventType t = type(c);
            for (ValueDescriptor f : t.getFields()) {
                if (!f.getName().endsWith("Id")) {
                    continue;
                }
                idFields.add(t.getName() + "." + f.getName());
                assertEquals("long", f.getTypeName(), f.getName());
                assertNotNull(f.getAnnotation(FutureId.class), t.getName() + "." + f.getName() + " is not @FutureId");
                AnnotationElement a = f.getAnnotationElements().stream()
                        .filter(e -> e.getTypeName().equals(FutureId.class.getName())).findFirst().orElseThrow();
                assertTrue(a.getAnnotationElements().stream()
                        .anyMatch(e -> e.getTypeName().equals(Relational.class.getName())),
                        "JFR does not see @FutureId as relational on " + f.getName());
            }
        }
        assertTrue(idFields.containsAll(List.of("reactortrack.FutureTracked.futureId",
                "reactortrack.FutureTracked.parentId", "reactortrack.CallbackAttached.futureId",
                "reactortrack.CallbackAttached.resultId", "reactortrack.CallbackExecuted.futureId",
                "reactortrack.FutureChained.futureId", "reactortrack.FutureChained.targetId",
                "reactortrack.FutureCompleted.futureId", "reactortrack.CallbackAttached.otherId",
                "reactortrack.CallbackExecuted.resultId", "reactortrack.FutureFailed.futureId",
                "reactortrack.FutureRevised.futureId")), idFields.toString());
    }

    @Test
    void the_core_types_have_exactly_the_documented_fields() {
        assertEquals(List.of("futureId", "parentId", "name", "via"), ownFields(FutureTrackedEvent.class));
        assertEquals(List.of("futureId", "resultId", "otherId", "callback", "errback", "method"),
                ownFields(CallbackAttachedEvent.class));
        assertEquals(List.of("futureId", "resultId", "callback", "callbackPath", "failed", "error", "completesStage"),
                ownFields(CallbackExecutedEvent.class));
        assertEquals(List.of("futureId", "targetId"), ownFields(FutureChainedEvent.class));
        assertEquals(List.of("futureId", "name", "success", "cancelled", "error", "callback"),
                ownFields(FutureCompletedEvent.class));
        assertEquals(List.of("futureId", "name", "cancelled", "error", "callback", "origin"),
                ownFields(FutureFailedEvent.class));
        assertEquals(List.of("futureId", "success", "cancelled", "error"), ownFields(FutureRevisedEvent.class));
        assertTrue(type(FutureCompletedEvent.class).getFields().stream().anyMatch(f -> f.getName().equals("duration")),
                "FutureCompleted is a duration event: the future's life");
        assertTrue(type(CallbackExecutedEvent.class).getFields().stream().anyMatch(f -> f.getName().equals("duration")),
                "CallbackExecuted is a duration event");
    }

    private static List<String> ownFields(Class<? extends Event> c) {
        List<String> names = new ArrayList<>();
        for (ValueDescriptor f : type(c).getFields()) {
            if (!IMPLICIT.contains(f.getName())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    private static String defaultSetting(Class<? extends Event> c, String setting) {
        for (SettingDescriptor s : type(c).getSettingDescriptors()) {
            if (s.getName().equals(setting)) {
                return s.getDefaultValue();
            }
        }
        return null;
    }

    @Test
    void stack_traces_are_on_where_pipelines_are_built_and_off_on_the_hot_callback_path() {
        assertEquals("true", defaultSetting(CallbackAttachedEvent.class, "stackTrace"));
        assertEquals("true", defaultSetting(FutureTrackedEvent.class, "stackTrace"));
        assertEquals("true", defaultSetting(FutureChainedEvent.class, "stackTrace"));
        assertEquals("false", defaultSetting(CallbackExecutedEvent.class, "stackTrace"));
        assertEquals("false", defaultSetting(FutureCompletedEvent.class, "stackTrace"));
    }

    @Test
    void a_recording_that_just_enables_the_events_gets_stack_traces_on_attach_and_none_on_execute() {
        JfrMonitor monitor = new JfrMonitor(true);
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            TrackedFuture<String> f = monitor.track(new CompletableFuture<>(), "f");
            TrackedFuture<String> g = f.thenApply(String::trim);
            f.complete(" x ");
            assertEquals("x", g.join());
            events = jfr.stop();
        }
        List<RecordedEvent> attached = JfrCapture.ofType(events, ReactorTrackEvents.CALLBACK_ATTACHED);
        List<RecordedEvent> executed = JfrCapture.ofType(events, ReactorTrackEvents.CALLBACK_EXECUTED);
        assertEquals(1, attached.size());
        assertEquals(1, executed.size());
        assertNotNull(attached.get(0).getStackTrace());
        assertNull(executed.get(0).getStackTrace());
    }
}
