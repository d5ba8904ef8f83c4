package dev.streamssl.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3 ({@code /usr/bin/python3}, with the python3-* packages CI installs) run in
 * {@code examples/python}, so that the examples import each other as a user's script would.
 */
final class Python {
    static final Path EXAMPLES =
            Path.of("").toAbsolutePath().getParent().resolve("examples/python");
    private static final String PYTHON = "/usr/bin/python3";

    private Python() {}

    record Run(int exit, String output) {}

    /** Runs python3 with these arguments; output and errors together, logged under {@code work}. */
    static Run run(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "python", ".log");
        Process p =
                new ProcessBuilder(command)
                        .directory(EXAMPLES.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish: " + command);
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
