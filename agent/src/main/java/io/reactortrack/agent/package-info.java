/**
 * The Reactor Track agent's launcher: {@code -javaagent:reactortrack-agent.jar},
 * loading into a running JVM, and the {@code java -jar reactortrack-agent.jar <pid>}
 * command that does it. The only package of the agent on the application's
 * class path; see docs/agent.md.
 */
package io.reactortrack.agent;
