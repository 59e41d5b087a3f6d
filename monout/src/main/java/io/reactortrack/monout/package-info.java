/**
 * The {@code mon.out} format in one place: its actions and keys, how a line
 * names a thread, the one writer both the in-process {@code JsonMonitor} and
 * {@code jfr-to-json} use ({@link io.reactortrack.monout.MonOutWriter}), and
 * the strict reader every consumer uses
 * ({@link io.reactortrack.monout.MonOutReader}, giving
 * {@link io.reactortrack.monout.MonOutLine}s). docs/mon-out.md is the
 * contract in words; the tests here hold this code to it.
 *
 * <p>The writer depends on the JDK only. The reader parses with Jackson,
 * which this module declares optional: a consumer that reads adds
 * {@code jackson-core} itself, and an application that only writes never
 * loads the reader.
 */
package io.reactortrack.monout;
