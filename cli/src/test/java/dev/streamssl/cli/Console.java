package dev.streamssl.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a command printed, for tests that run it in this JVM: a JUnit extension
 * ({@code @RegisterExtension}) that captures standard output and standard error for each test and
 * puts the originals back after it.
 */
public final class Console implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        out.reset();
        err.reset();
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Standard output so far in this test. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error so far in this test. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
