package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code streamssl} command run as a user runs it: its standard output, its exit code 0. */
final class CliRun {
    private CliRun() {}

    static String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(StreamsslCli.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString();
    }

    /** The number after {@code name=} in a command's output. */
    static double value(String output, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "=([0-9.]+)").matcher(output);
        assertThat(m.find()).as(name + " in " + output).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
