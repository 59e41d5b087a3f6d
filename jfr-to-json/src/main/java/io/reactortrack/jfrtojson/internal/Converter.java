package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of jfr-to-json, from resolved options to exit code. */
public final class Converter {

    /** What the command line asked for. */
    public static final class Request {
        public List<String> inputs = List.of();
        /** A file, or null (or "-") for stdout. */
        public String output;
        public OutputFormats.Factory format;
        public boolean summary;
        /** With summary: as JSON rather than text. */
        public boolean summaryJson;
        public List<String> futures = List.of();
        public boolean strict;
    }

    private final Request request;
    private final Diagnostics diagnostics;

    public Converter(Request request, Diagnostics diagnostics) {
        this.request = request;
        this.diagnostics = diagnostics;
    }

    /** Converts; returns the exit code, or throws what the user must be told. */
    public int run(InputStream stdin, OutputStream stdout) throws UserException {
        String jmc = JmcAdapter.check();
        if (jmc != null) {
            throw new UserException(ExitCodes.INTERNAL, "internal error: " + jmc);
        }
        List<Path> spooled = new ArrayList<>();
        try {
            List<RecordingSource> sources = Inputs.resolve(request.inputs, stdin, spooled);
            boolean jvmKey = sources.size() > 1 || sources.get(0).severalRuns;
            FutureFilter filter = request.futures.isEmpty() ? null : FutureFilter.parse(request.futures, jvmKey);
            boolean toFile = request.output != null && !Inputs.STDIN.equals(request.output);
            if (toFile) {
                refuseOverwritingAnInput(sources);
            }
            AtomicOutput file = toFile ? AtomicOutput.open(request.output) : null;
            try {
                OutputStream out = file != null ? file.stream() : stdout;
                try {
                    convert(sources, jvmKey, filter, out);
                    out.flush();
                } catch (IOException e) {
                    if (file == null && String.valueOf(e.getMessage()).contains("Broken pipe")) {
                        return ExitCodes.OK; // the reader stopped reading (| head): not an error
                    }
                    throw new UserException(ExitCodes.OUTPUT,
                            (file == null ? "stdout" : file.name()) + ": cannot write (" + Inputs.reason(e) + ")");
                }
                if (request.strict && diagnostics.dataSkipped()) {
                    diagnostics.error("--strict: part of the recording could not be read or was lost"
                            + (file != null ? "; " + file.name() + " was not written" : ""));
                    return ExitCodes.INCOMPLETE;
                }
                if (file != null) {
                    file.commit();
                }
                return ExitCodes.OK;
            } finally {
                if (file != null) {
                    file.close();
                }
            }
        } finally {
            for (Path p : spooled) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary file in the temporary directory
                }
            }
        }
    }

    /** jfr-to-json app.jfr -o app.jfr would replace the recording with its conversion. */
    private void refuseOverwritingAnInput(List<RecordingSource> sources) throws UserException {
        Path out = Path.of(request.output);
        if (!Files.isRegularFile(out)) {
            return;
        }
        for (RecordingSource s : sources) {
            for (Path p : s.files) {
                try {
                    if (Files.isSameFile(out, p)) {
                        throw new UserException(ExitCodes.USAGE, "-o " + request.output + ": that is "
                                + (s.repository ? "a chunk file of " + s.name : "the recording") + " being converted;"
                                + " write somewhere else");
                    }
                } catch (IOException e) {
                    // cannot tell: the output will be checked when it is opened
                }
            }
        }
    }

    private void convert(List<RecordingSource> sources, boolean jvmKey, FutureFilter filter, OutputStream out)
            throws UserException, IOException {
        List<String> names = new ArrayList<>();
        for (RecordingSource s : sources) {
            names.add(s.name);
        }
        if (filter != null) {
            pass(sources, new Conversion(names, jvmKey), filter.collector());
            for (String id : filter.unmatched()) {
                diagnostics.warn("--future " + id, "no such future in the recording" + (jvmKey ? "s" : ""));
            }
            diagnostics.mute(true);
        }
        Conversion conversion = new Conversion(names, jvmKey);
        OutputFormat format = (request.summary ? OutputFormats.summary(request.summaryJson) : request.format).open(out, conversion);
        if (filter != null) {
            format = filter.filter(format);
        }
        try {
            pass(sources, conversion, format);
        } finally {
            diagnostics.mute(false);
        }
        diagnostics.finish();
    }

    private void pass(List<RecordingSource> sources, Conversion conversion, OutputFormat format)
            throws UserException, IOException {
        ChunkBuffer buffer = new ChunkBuffer();
        JvmNumbers jvms = new JvmNumbers();
        List<BatchSource> readers = new ArrayList<>();
        for (RecordingSource s : sources) {
            readers.add(s.monOut ? new MonOutSource(s, diagnostics, jvms, conversion)
                    : new RecordingReader(s, diagnostics, buffer, jvms, conversion));
        }
        try (Merger merger = new Merger(readers, conversion.jvmKey())) {
            merger.run(format);
        }
        format.finish();
    }
}
