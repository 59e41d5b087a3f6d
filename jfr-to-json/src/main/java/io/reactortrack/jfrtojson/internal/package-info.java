/**
 * How jfr-to-json works; not an API.
 *
 * <p>A recording is read chunk by chunk ({@code RecordingReader}). Each chunk's
 * bytes are checked and prepared ({@code ChunkScan}), decoded by JMC's chunk
 * loader into columns ({@code JmcChunkParser}, {@code RecordBatch}), sorted,
 * and merged with the other chunks and recordings by time ({@code Merger})
 * into an {@link io.reactortrack.jfrtojson.internal.OutputFormat}. At most a
 * few chunks are in memory at any time.
 */
package io.reactortrack.jfrtojson.internal;
