/**
 * How jfr-to-json works; not an API.
 *
 * <p>A recording is read chunk by chunk ({@code RecordingReader}), a mon.out in
 * batches of lines ({@code MonOutSource}, through the format's strict reader).
 * Each chunk's bytes are checked and prepared ({@code ChunkScan}), decoded by
 * JMC ({@code JmcAdapter}, the only class that uses it), turned into lines by
 * {@code EventLines} (the one definition of "From events to lines") into
 * columns ({@code RecordBatch}), sorted, and merged with the other chunks and
 * inputs by time ({@code Merger}, which spills to disk past its budget) into an
 * {@link io.reactortrack.jfrtojson.internal.OutputFormat}: mon.out lines
 * through {@code MonOutWriter}, the viewer's formats, or the summary.
 * {@code Follow} streams a running JVM through the same {@code EventLines}.
 */
package io.reactortrack.jfrtojson.internal;
