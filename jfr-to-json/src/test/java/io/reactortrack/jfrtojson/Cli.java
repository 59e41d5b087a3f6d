package io.reactortrack.jfrtojson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;

/** Runs the command in this JVM, as the tests see it: exit code, stdout, stderr. */
final class Cli {

    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            if (out.isEmpty()) {
                return List.of();
            }
            String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
            return Arrays.asList(body.split("\n", -1));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static Result runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        StringWriter help = new StringWriter();
        CommandLine cl = JfrToJson.commandLine(new JfrToJson(new ByteArrayInputStream(stdin), out));
        cl.setOut(new PrintWriter(help, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8) + help, err.toString());
    }

    static Path resource(String name) {
        try {
            return Path.of(Cli.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path golden() {
        return resource("golden.jfr");
    }
}
