package io.reactortrack.jfrtojson.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.reactortrack.viewer.ChromeTrace;
import io.reactortrack.viewer.HtmlViewer;

/**
 * {@code --format html} and {@code --format chrome}: the viewer's writers read
 * mon.out lines, so the sorted lines go to a temporary file first (on disk,
 * not in memory, to keep the converter's memory bound) and are rendered from
 * there once the last one is in.
 */
final class ViewerFormat implements OutputFormat {

    /** How mon.out lines become the output. */
    @FunctionalInterface
    interface Renderer {
        void render(BufferedReader monOut, Writer out) throws IOException;
    }

    static final Renderer HTML = HtmlViewer::write;
    static final Renderer CHROME = ChromeTrace::write;

    private final OutputStream out;
    private final Renderer renderer;
    private final Path lines;
    private final OutputStream linesOut;
    private final JsonFormat json;

    ViewerFormat(OutputStream out, Conversion conversion, Renderer renderer) {
        this.out = out;
        this.renderer = renderer;
        try {
            this.lines = Files.createTempFile("jfr-to-json", ".mon.out");
            this.linesOut = Files.newOutputStream(lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary file for the viewer", e);
        }
        this.json = new JsonFormat(linesOut, conversion);
    }

    @Override
    public void write(MonRecord record) throws IOException {
        json.write(record);
    }

    @Override
    public void finish() throws IOException {
        try {
            json.finish();
            linesOut.close();
            render(lines, out, renderer);
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    /** Renders a mon.out file to {@code out}, leaving {@code out} open. */
    static void render(Path monOut, OutputStream out, Renderer renderer) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(monOut, StandardCharsets.UTF_8)) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            renderer.render(in, w);
            w.flush();
        }
    }
}
