package io.reactortrack.agent;

import java.nio.file.Path;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads the agent into a running JVM through the JDK's attach API (the
 * {@code jdk.attach} module). Kept apart from {@link AgentMain} so that an
 * application started with {@code -javaagent} never loads the attach API.
 */
final class Attach {

    private Attach() {
    }

    static void load(String pid, Path agentJar, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            vm.loadAgent(agentJar.toString(), options);
        } finally {
            vm.detach();
        }
        System.out.println("reactortrack-agent: loaded into " + pid + ". Record with:\n"
                + "  jcmd " + pid + " JFR.start settings=/path/to/reactortrack.jfc\n"
                + "  jcmd " + pid + " JFR.dump filename=app.jfr");
    }
}
