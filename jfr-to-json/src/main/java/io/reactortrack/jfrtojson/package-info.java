/**
 * jfr-to-json: converts JDK Flight Recorder recordings of the Reactor Track
 * events to mon.out (see {@code docs/mon-out.md}) and its other output
 * formats. {@link io.reactortrack.jfrtojson.JfrToJson} is the command; run it
 * with {@code java -jar jfr-to-json.jar --help}.
 */
package io.reactortrack.jfrtojson;
