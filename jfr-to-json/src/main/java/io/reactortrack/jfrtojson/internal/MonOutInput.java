package io.reactortrack.jfrtojson.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A mon.out file given in place of a recording, for the viewer formats: the
 * lines are already there, so they are rendered as they are.
 */
public final class MonOutInput {

    private MonOutInput() {
    }

    /**
     * Whether {@code name} is a regular file that starts like mon.out (its
     * first non-blank byte opens a JSON object) rather than like a recording.
     */
    public static boolean looksLikeMonOut(String name) {
        if (name.equals("-")) {
            return false;
        }
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            for (int b; (b = in.read()) != -1; ) {
                if (b == '{') {
                    return true;
                }
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Renders the mon.out file {@code input} with the viewer format
     * {@code format} ({@code html} or {@code chrome}) to {@code output}, or to
     * {@code stdout} when it is null. Returns the exit code.
     */
    public static int render(String input, String format, String output, OutputStream stdout) throws UserException {
        ViewerFormat.Renderer renderer = "chrome".equals(format) ? ViewerFormat.CHROME : ViewerFormat.HTML;
        if (output == null) {
            try {
                ViewerFormat.render(Path.of(input), stdout, renderer);
                stdout.flush();
                return ExitCodes.OK;
            } catch (IOException e) {
                throw new UserException(ExitCodes.INPUT_MISSING, input + ": cannot read (" + Inputs.reason(e) + ")");
            }
        }
        try (AtomicOutput file = AtomicOutput.open(output)) {
            try {
                ViewerFormat.render(Path.of(input), file.stream(), renderer);
            } catch (IOException e) {
                throw new UserException(ExitCodes.INPUT_MISSING, input + ": cannot read (" + Inputs.reason(e) + ")");
            }
            file.commit();
            return ExitCodes.OK;
        }
    }
}
