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

    private static final List<String> EVENTS = List.of(
            ReactorTrackEvents.FUTURE_TRACKED, ReactorTrackEvents.CALLBACK_ATTACHED,
            ReactorTrackEvents.CALLBACK_EXECUTED, ReactorTrackEvents.FUTURE_CHAINED,
            ReactorTrackEvents.FUTURE_FIRED);

    private static Configuration shipped() throws Exception {
        try (InputStream in = SettingsFileTest.class.getResourceAsStream("reactortrack.jfc")) {
            assertNotNull(in, "reactortrack.jfc is not packaged next to the event classes");
            return Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    @Test
    void the_shipped_settings_file_parses_and_enables_every_reactor_track_event() throws Exception {
        Map<String, String> settings = shipped().getSettings();
        for (String event : EVENTS) {
            assertEquals("true", settings.get(event + "#enabled"), event + " is not enabled");
            assertEquals("0 ms", settings.get(event + "#threshold"), event + " has a threshold");
        }
    }

    @Test
    void stack_traces_are_on_where_a_pipeline_is_built_and_off_on_the_hot_path() throws Exception {
        Map<String, String> settings = shipped().getSettings();
        assertEquals("true", settings.get(ReactorTrackEvents.CALLBACK_ATTACHED + "#stackTrace"));
        assertEquals("true", settings.get(ReactorTrackEvents.FUTURE_TRACKED + "#stackTrace"));
        assertEquals("false", settings.get(ReactorTrackEvents.CALLBACK_EXECUTED + "#stackTrace"));
    }

    @Test
    void the_shipped_settings_keep_every_setting_of_the_jdk_default() throws Exception {
        Map<String, String> ours = shipped().getSettings();
        Map<String, String> jdk = Configuration.getConfiguration("default").getSettings();
        int missing = 0;
        StringBuilder which = new StringBuilder();
        for (Map.Entry<String, String> e : jdk.entrySet()) {
            if (!ours.containsKey(e.getKey())) {
                missing++;
                which.append(' ').append(e.getKey());
            }
        }
        // A newer JDK adds events this file does not know; they keep their built-in defaults.
        boolean sameJdk = Runtime.version().feature() == 17;
        if (sameJdk) {
            assertEquals(0, missing, "settings of the JDK default missing from reactortrack.jfc:" + which);
        }
        for (String key : ours.keySet()) {
            if (!key.startsWith(ReactorTrackEvents.PREFIX) && sameJdk) {
                assertEquals(jdk.get(key), ours.get(key), "JDK setting changed: " + key);
            }
        }
    }

    @Test
    void every_event_type_is_registered_under_its_public_name_in_the_reactor_track_category() {
        List<Class<? extends jdk.jfr.Event>> types = List.of(FutureTrackedEvent.class, CallbackAttachedEvent.class,
                CallbackExecutedEvent.class, FutureChainedEvent.class, FutureFiredEvent.class);
        for (Class<? extends jdk.jfr.Event> type : types) {
            FlightRecorder.register(type);
            EventType t = EventType.getEventType(type);
            assertTrue(EVENTS.contains(t.getName()), t.getName());
            assertEquals(List.of(ReactorTrackEvents.CATEGORY), t.getCategoryNames());
        }
    }
}
