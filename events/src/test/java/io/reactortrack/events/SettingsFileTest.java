package io.reactortrack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

class SettingsFileTest {

    private static final List<Class<? extends jdk.jfr.Event>> TYPES = List.of(FutureTrackedEvent.class,
            CallbackAttachedEvent.class, CallbackExecutedEvent.class, FutureChainedEvent.class,
            FutureCompletedEvent.class, FutureFailedEvent.class, UnhandledFailureEvent.class,
            PendingFutureEvent.class);

    private static final List<String> NAMES = List.of(ReactorTrackEvents.FUTURE_TRACKED,
            ReactorTrackEvents.CALLBACK_ATTACHED, ReactorTrackEvents.CALLBACK_EXECUTED,
            ReactorTrackEvents.FUTURE_CHAINED, ReactorTrackEvents.FUTURE_COMPLETED,
            ReactorTrackEvents.FUTURE_FAILED, ReactorTrackEvents.UNHANDLED_FAILURE,
            ReactorTrackEvents.PENDING_FUTURE);

    private static Map<String, String> shipped(String file) throws Exception {
        try (InputStream in = SettingsFileTest.class.getResourceAsStream(file)) {
            assertNotNull(in, file + " is not packaged next to the event classes");
            return Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)).getSettings();
        }
    }

    @Test
    void the_continuous_settings_keep_only_what_is_cheap_to_leave_on() throws Exception {
        Map<String, String> s = shipped("reactortrack.jfc");
        for (String off : List.of(ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED,
                ReactorTrackEvents.FUTURE_CHAINED)) {
            assertEquals("false", s.get(off + "#enabled"), off + " is on in the continuous settings");
        }
        assertEquals("true", s.get(ReactorTrackEvents.CALLBACK_EXECUTED + "#enabled"));
        assertEquals("10 ms", s.get(ReactorTrackEvents.CALLBACK_EXECUTED + "#threshold"));
        assertEquals("true", s.get(ReactorTrackEvents.FUTURE_COMPLETED + "#enabled"));
        assertEquals("1 s", s.get(ReactorTrackEvents.FUTURE_COMPLETED + "#threshold"));
        for (String always : List.of(ReactorTrackEvents.FUTURE_FAILED, ReactorTrackEvents.UNHANDLED_FAILURE,
                ReactorTrackEvents.PENDING_FUTURE)) {
            assertEquals("true", s.get(always + "#enabled"), always + " is off in the continuous settings");
        }
        assertEquals("0 ms", s.get(ReactorTrackEvents.FUTURE_FAILED + "#threshold"));
        assertEquals("endChunk", s.get(ReactorTrackEvents.PENDING_FUTURE + "#period"));
        for (String name : NAMES) {
            if ("true".equals(s.get(name + "#enabled")) && !name.equals(ReactorTrackEvents.PENDING_FUTURE)) {
                assertEquals("false", s.get(name + "#stackTrace"), name + " takes stack traces continuously");
            }
        }
    }

    @Test
    void the_profile_settings_record_every_stage_with_the_stack_where_it_was_built() throws Exception {
        Map<String, String> s = shipped("reactortrack-profile.jfc");
        for (String name : NAMES) {
            boolean on = !name.equals(ReactorTrackEvents.FUTURE_FAILED);
            assertEquals(String.valueOf(on), s.get(name + "#enabled"), name);
            if (!name.equals(ReactorTrackEvents.PENDING_FUTURE)) {
                assertEquals("0 ms", s.get(name + "#threshold"), name + " has a threshold in the profile settings");
            }
        }
        for (String withStack : List.of(ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED,
                ReactorTrackEvents.FUTURE_CHAINED)) {
            assertEquals("true", s.get(withStack + "#stackTrace"), withStack);
        }
        assertEquals("false", s.get(ReactorTrackEvents.CALLBACK_EXECUTED + "#stackTrace"));
        assertEquals("false", s.get(ReactorTrackEvents.FUTURE_COMPLETED + "#stackTrace"));
    }

    @Test
    void each_settings_file_keeps_every_setting_of_the_jdk_file_it_extends() throws Exception {
        assertKeepsJdkSettings("reactortrack.jfc", "default");
        assertKeepsJdkSettings("reactortrack-profile.jfc", "profile");
    }

    private static void assertKeepsJdkSettings(String file, String jdkName) throws Exception {
        Map<String, String> ours = shipped(file);
        Map<String, String> jdk = Configuration.getConfiguration(jdkName).getSettings();
        // A newer JDK adds events these files do not know; they keep their built-in defaults.
        boolean sameJdk = Runtime.version().feature() == 17;
        StringBuilder missing = new StringBuilder();
        for (Map.Entry<String, String> e : jdk.entrySet()) {
            if (!ours.containsKey(e.getKey())) {
                missing.append(' ').append(e.getKey());
            } else if (sameJdk) {
                assertEquals(e.getValue(), ours.get(e.getKey()), file + " changed the JDK setting " + e.getKey());
            }
        }
        if (sameJdk) {
            assertEquals("", missing.toString(), "settings of the JDK " + jdkName + " missing from " + file);
        }
        for (String key : ours.keySet()) {
            if (!key.startsWith(ReactorTrackEvents.PREFIX) && sameJdk) {
                assertTrue(jdk.containsKey(key), file + " adds a JDK setting: " + key);
            }
        }
    }

    @Test
    void every_event_type_is_registered_under_its_public_name_in_the_reactor_track_category() {
        for (int i = 0; i < TYPES.size(); i++) {
            FlightRecorder.register(TYPES.get(i));
            EventType t = EventType.getEventType(TYPES.get(i));
            assertEquals(NAMES.get(i), t.getName());
            assertEquals(List.of(ReactorTrackEvents.CATEGORY), t.getCategoryNames());
            assertTrue(t.getName().startsWith(ReactorTrackEvents.PREFIX), t.getName());
        }
    }
}
