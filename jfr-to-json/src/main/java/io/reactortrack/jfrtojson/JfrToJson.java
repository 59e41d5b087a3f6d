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
import io.reactortrack.jfrtojson.internal.Follow;
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
                    + " sorted by time (docs/mon-out.md). Also reads mon.out files, alone or with recordings,"
                    + " strictly by the format's contract.",
            "Reads chunk by chunk: memory is bounded by a few chunks (12 MB each by default), not by the"
                    + " recording.",
            "--format html writes the viewer (one self-contained page, docs/viewer.md); --format chrome a"
                    + " Chrome trace for ui.perfetto.dev or chrome://tracing. --summary answers questions"
                    + " instead; --follow watches a running JVM."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:converted; warnings may have been printed",
            "1:internal error (a bug: please report it)",
            "2:wrong options or arguments (the launcher: JFR_TO_JSON_JAR names no file)",
            "3:an input is missing or unreadable, a directory holds no recordings, or --follow cannot"
                    + " attach to the JVM",
            "4:an input is neither a JFR recording nor mon.out, is empty, or cannot be converted at all",
            "5:the output cannot be written",
            "6:with --strict: part of an input was unreadable or lost (-o FILE is then not written)",
            "130:--follow stopped by Ctrl+C (the output is complete)"
        },
        footerHeading = "%n",
        footer = {
            "Inputs: a .jfr file; a directory, read as a JFR repository (its chunk files in time order,"
                    + " or, for a repository root, one recording per JVM subdirectory); - for stdin; or a"
                    + " mon.out file (bad lines are warnings with their line number; a file whose first"
                    + " line is not mon.out is refused).",
            "",
            "Several inputs: when more than one is converted, every line gets a \"jvm\" key numbering"
                    + " the JVM run it comes from (1, 2, ... in the order of the inputs), since every run"
                    + " counts its future ids from 1, and the lines of all are merged by time: a recording"
                    + " and a mon.out together too. Recordings of one run share a number when they hold"
                    + " the jdk.JVMInformation event (the settings file below records it). A file of several"
                    + " JVMs' recordings put end to end counts as that many. --future JVM:ID picks a future"
                    + " of one run.",
            "",
            "Damaged inputs: what can be read is converted; a warning says what was skipped and how"
                    + " much (--strict makes that an error).",
            "",
            "No Reactor Track events? The output is empty and a hint says why. Record with the settings"
                    + " file of the repository (also in the reactortrack-events jar as"
                    + " io/reactortrack/events/reactortrack.jfc):",
            "  java -XX:StartFlightRecording:settings=reactortrack.jfc,filename=app.jfr ...",
            "",
            "Examples:",
            "  jfr-to-json app.jfr -o mon.out",
            "  jfr-to-json --format html app.jfr mon.out -o app.html",
            "  jfr-to-json --format chrome mon.out -o trace.json",
            "  jfr-to-json app.jfr --summary",
            "  jfr-to-json mon.out --summary --format json",
            "  jfr-to-json --follow 4242",
            "  jfr-to-json --follow 4242 --summary --settings profile",
            "  jcmd <pid> JFR.dump filename=/dev/stdout | jfr-to-json - --future 17"
        })
public final class JfrToJson implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "RECORDING", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "A .jfr file, a directory of chunk files (a JFR repository), - for stdin, or a"
                    + " mon.out file.")
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
            description = "Instead of the lines, answer: which futures failed and why, which are still pending,"
                    + " which lived longest, which callbacks took the time, on which threads. Text for a terminal;"
                    + " with --format json, one JSON object for scripts.")
    private boolean summary;

    @Option(names = "--follow", paramLabel = "TARGET",
            description = "Follow a running JVM, like tail -f: its lines (or, with --summary, a summary every"
                    + " --interval) as it runs, until it exits or Ctrl+C. TARGET: a pid (attached over JMX; a"
                    + " recording with the Reactor Track --settings is started when none has the events on, and"
                    + " stopped at the end), or the JFR repository directory of a running JVM.")
    private String follow;

    @Option(names = "--settings", paramLabel = "NAME", defaultValue = "continuous",
            description = "With --follow PID: the Reactor Track settings of the recording it starts: continuous"
                    + " (reactortrack.jfc: slow callbacks, long-lived futures, failures) or profile"
                    + " (reactortrack-profile.jfc: everything).")
    private String settings;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "With --follow --summary: seconds between summaries.")
    private int interval;

    @Option(names = "--strict",
            description = "Fail (exit 6) when part of an input is truncated, damaged or was dropped"
                    + " by JFR, or a line of a mon.out is bad, instead of warning.")
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
            if (follow != null) {
                return follow(diagnostics);
            }
            if (inputs.isEmpty()) {
                throw new UserException(ExitCodes.USAGE,
                        "no recording given: jfr-to-json RECORDING... (a .jfr file, a mon.out, a directory or -)"
                                + " (see jfr-to-json --help)");
            }
            Converter.Request request = new Converter.Request();
            request.inputs = inputs;
            request.output = output;
            request.format = OutputFormats.get(format);
            if (request.format == null) {
                throw new UserException(ExitCodes.USAGE, "--format " + format + ": unknown format"
                        + suggestion(format, OutputFormats.names()) + "; formats: "
                        + String.join(", ", OutputFormats.names()));
            }
            boolean formatGiven = spec.commandLine().getParseResult().hasMatchedOption("--format");
            if (summary && formatGiven && !OutputFormats.DEFAULT.equals(format)) {
                throw new UserException(ExitCodes.USAGE, "--summary writes text, or JSON with --format json, not --format "
                        + format + "; use one or the other");
            }
            request.summaryJson = summary && formatGiven;
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

    private int follow(Diagnostics diagnostics) throws UserException {
        if (!inputs.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "--follow reads a running JVM, not " + inputs.get(0)
                    + "; give one or the other");
        }
        if (!futures.isEmpty() || !OutputFormats.DEFAULT.equals(format)) {
            throw new UserException(ExitCodes.USAGE, "--follow writes mon.out lines or, with --summary, a summary;"
                    + " --future and --format are for recordings");
        }
        if (interval < 1) {
            throw new UserException(ExitCodes.USAGE, "--interval " + interval + ": at least 1 second");
        }
        return Follow.run(follow, settings, summary, java.time.Duration.ofSeconds(interval), output, stdout,
                diagnostics);
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
