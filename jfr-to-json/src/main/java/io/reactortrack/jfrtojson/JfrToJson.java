package io.reactortrack.jfrtojson;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.reactortrack.jfrtojson.internal.Converter;
import io.reactortrack.jfrtojson.internal.Diagnostics;
import io.reactortrack.jfrtojson.internal.ExitCodes;
import io.reactortrack.jfrtojson.internal.MonOutInput;
import io.reactortrack.jfrtojson.internal.OutputFormats;
import io.reactortrack.jfrtojson.internal.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code jfr-to-json} command. */
@Command(name = "jfr-to-json",
        mixinStandardHelpOptions = true,
        versionProvider = JfrToJson.Version.class,
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Converts JDK Flight Recorder recordings of Reactor Track events to mon.out: JSON Lines,"
                    + " one per event, sorted by time (docs/mon-out.md).",
            "Reads chunk by chunk: memory is bounded by a chunk (12 MB by default), not by the recording.",
            "--format html writes the viewer (one self-contained page, docs/viewer.md); --format chrome a"
                    + " Chrome trace for ui.perfetto.dev or chrome://tracing. Both also take a mon.out file."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:converted; warnings may have been printed",
            "1:internal error (a bug: please report it)",
            "2:wrong options or arguments",
            "3:an input is missing or unreadable, or a directory holds no recordings",
            "4:an input is not a JFR recording, is empty, or cannot be converted at all",
            "5:the output cannot be written",
            "6:with --strict: part of a recording was unreadable or lost (-o FILE is then not written)"
        },
        footerHeading = "%n",
        footer = {
            "Recordings: a .jfr file; a directory, read as a JFR repository (its chunk files in time order,"
                    + " or, for a repository root, one recording per JVM subdirectory); or - for stdin.",
            "",
            "Several recordings: when more than one is converted, every line gets a \"jvm\" key numbering"
                    + " the JVM run it comes from (1, 2, ... in the order of the inputs), since every run"
                    + " counts its future ids from 1. Recordings of one run share a number when they hold"
                    + " the jdk.JVMInformation event (the settings file below records it). --future JVM:ID"
                    + " picks a future of one run.",
            "",
            "Damaged recordings: what can be read is converted; a warning says what was skipped and how"
                    + " much (--strict makes that an error).",
            "",
            "No Reactor Track events? The output is empty and a hint says why. Record with the settings"
                    + " file of the repository (also in the reactortrack-events jar as"
                    + " io/reactortrack/events/reactortrack.jfc):",
            "  java -XX:StartFlightRecording:settings=reactortrack.jfc,filename=app.jfr ...",
            "",
            "Examples:",
            "  jfr-to-json app.jfr -o mon.out",
            "  jfr-to-json --format html app.jfr -o app.html",
            "  jfr-to-json --format chrome mon.out -o trace.json",
            "  jfr-to-json /tmp/jfr-repository/2025_11_25_16_50_00_4242 --summary",
            "  jcmd <pid> JFR.dump filename=/dev/stdout | jfr-to-json - --future 17"
        })
public final class JfrToJson implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RECORDING", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "A .jfr file, a directory of chunk files (a JFR repository), or - for stdin;"
                    + " with --format html or chrome, also a mon.out file.")
    private List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write here (atomically: the file appears complete or not at all)."
                    + " Default: stdout.")
    private String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = OutputFormats.DEFAULT,
            completionCandidates = FormatNames.class,
            description = "Output format, one of: ${COMPLETION-CANDIDATES}.")
    private String format;

    @Option(names = "--future", paramLabel = "ID", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Keep only this future and every future tracked from it (derived, chained,"
                    + " composed), transitively. Repeatable. With several recordings, JVM:ID picks one"
                    + " JVM run's future.")
    private List<String> futures = new ArrayList<>();

    @Option(names = "--summary",
            description = "Print lines per action and per future instead of the lines.")
    private boolean summary;

    @Option(names = "--strict",
            description = "Fail (exit 6) when part of a recording is truncated, damaged or was dropped"
                    + " by JFR, instead of warning.")
    private boolean strict;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;
    private final OutputStream stdout;

    public JfrToJson() {
        this(System.in, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    }

    /** For tests: the streams in place of the process's stdin and stdout. */
    JfrToJson(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new JfrToJson()).execute(args));
    }

    /** The command line with jfr-to-json's error handling: one line, no stack trace. */
    static CommandLine commandLine(JfrToJson command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler(JfrToJson::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jfr-to-json: internal error: " + e
                    + "; please report it (JFR_TO_JSON_DEBUG=1 shows the stack trace)");
            if (System.getenv("JFR_TO_JSON_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics diagnostics = new Diagnostics(err);
        try {
            Converter.Request request = new Converter.Request();
            request.inputs = inputs;
            request.output = output;
            request.format = OutputFormats.get(format);
            if (request.format == null) {
                throw new UserException(ExitCodes.USAGE, "--format " + format + ": unknown format"
                        + suggestion(format, OutputFormats.names()) + "; formats: "
                        + String.join(", ", OutputFormats.names()));
            }
            if (summary && spec.commandLine().getParseResult().hasMatchedOption("--format")
                    && !OutputFormats.DEFAULT.equals(format)) {
                throw new UserException(ExitCodes.USAGE, "--summary writes a table, not --format " + format
                        + "; use one or the other");
            }
            if (inputs.size() == 1 && MonOutInput.looksLikeMonOut(inputs.get(0))) {
                if (!format.equals("html") && !format.equals("chrome") || summary || !futures.isEmpty()) {
                    throw new UserException(ExitCodes.NOT_A_RECORDING, inputs.get(0)
                            + ": is mon.out already, not a recording; view it with --format html or --format chrome");
                }
                return MonOutInput.render(inputs.get(0), format, output, stdout);
            }
            request.summary = summary;
            request.futures = futures;
            request.strict = strict;
            return new Converter(request, diagnostics).run(stdin, stdout);
        } catch (UserException e) {
            diagnostics.error(e.getMessage());
            return e.exitCode();
        } catch (OutOfMemoryError e) {
            // Should not happen within the bound the docs promise; if it
            // does, the user needs the way out more than a stack trace.
            diagnostics.error("out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB); please report it, and run with a larger heap, e.g. JAVA_OPTS=-Xmx1g");
            return ExitCodes.INTERNAL;
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException) {
            CommandLine.UnmatchedArgumentException u = (CommandLine.UnmatchedArgumentException) e;
            List<String> unmatched = u.getUnmatched();
            List<String> suggestions = u.getSuggestions();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            message = (first.startsWith("-") ? "unknown option " : "unexpected argument ") + first
                    + (suggestions.isEmpty() ? "" : "; did you mean " + suggestions.get(0) + "?");
        } else if (e instanceof CommandLine.MissingParameterException
                && ((CommandLine.MissingParameterException) e).getMissing().stream()
                        .anyMatch(a -> !a.isOption())) {
            message = "no recording given: jfr-to-json RECORDING... (a .jfr file, a directory or -)";
        } else if (message != null && !message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        cl.getErr().println("jfr-to-json: " + message + " (see jfr-to-json --help)");
        cl.getErr().flush();
        return ExitCodes.USAGE;
    }

    /** "; did you mean json?" when a known name is close to what was typed. */
    private static String suggestion(String typed, Iterable<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        for (String k : known) {
            if (k.startsWith(t) || t.startsWith(k) || distance(t, k) <= 2) {
                return "; did you mean " + k + "?";
            }
        }
        return "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The version of the build, from a resource Maven fills in. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = JfrToJson.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "jfr-to-json " + p.getProperty("version", "(unknown version)"),
                "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
            };
        }
    }

    /** The values --format accepts, for the help and for shell completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return OutputFormats.names().iterator();
        }
    }
}
