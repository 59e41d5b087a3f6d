package io.reactortrack.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import com.example.shop.Hello;
import io.reactortrack.recorder.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** An agent that cannot install says so in one line, and the application runs anyway, untraced. */
class AgentFailureIT {

    @Test
    void an_unknown_option_costs_one_line_on_stderr_and_the_application_runs() throws Exception {
        ChildJvm.Outcome o = ChildJvm.java(ChildJvm.thisJava(),
                List.of("-javaagent:" + AgentFiles.agentJar() + "=inclde=com.shop.*"), Hello.class.getName(), List.of(), 60);
        o.assertExited0("Hello with a bad agent option");
        List<String> agentLines = o.output().lines().filter(l -> l.startsWith("reactortrack-agent:"))
                .collect(Collectors.toList());
        assertEquals(1, agentLines.size(), o.output());
        assertTrue(agentLines.get(0).contains("unknown option 'inclde=com.shop.*'"), agentLines.get(0));
        assertTrue(o.output().contains("hello, world"), o.output());
    }

    @Test
    void a_good_option_is_silent() throws Exception {
        ChildJvm.Outcome o = ChildJvm.java(ChildJvm.thisJava(),
                List.of("-javaagent:" + AgentFiles.agentJar() + "=include=com.example.*"), Hello.class.getName(), List.of(), 60);
        o.assertExited0("Hello with the agent");
        assertTrue(o.output().lines().noneMatch(l -> l.startsWith("reactortrack-agent:")), o.output());
        assertTrue(o.output().contains("hello, world"), o.output());
    }
}
