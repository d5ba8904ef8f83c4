package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
public final class Python {
    public static final Path EXAMPLES =
            Path.of("").toAbsolutePath().getParent().resolve("examples/python");
    private static final String PYTHON = "/usr/bin/python3";

    private Python() {}

    record Run(int exit, String output) {}

    /** Runs python3 with these arguments; output and errors together, logged under {@code work}. */
    public static Run run(Path work, String... args) throws IOException, InterruptedException {
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

    /** Runs streamssl_model.load + embed on raw float32 pixels; returns its vectors. */
    public static float[][] embed(Path work, Path export, float[] pixels, int n, int dim)
            throws IOException, InterruptedException {
        Path in = work.resolve("pixels.f32");
        Path out = work.resolve("vectors.f32");
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(pixels);
        Files.write(in, b.array());
        Run run =
                run(
                        work,
                        "-c",
                        "import sys, numpy as np\n"
                                + "from streamssl_model import load, embed\n"
                                + "module, d = load(sys.argv[1])\n"
                                + "n = int(sys.argv[3])\n"
                                + "x = np.fromfile(sys.argv[2], dtype='<f4').reshape("
                                + "n, d['channels'], d['inputSize'], d['inputSize'])\n"
                                + "embed(module, d, x).astype('<f4').tofile(sys.argv[4])\n",
                        export.toString(),
                        in.toString(),
                        String.valueOf(n),
                        out.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        ByteBuffer v = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(v.remaining()).isEqualTo(n * dim * 4);
        float[][] vectors = new float[n][dim];
        for (int i = 0; i < n; i++) {
            v.asFloatBuffer().position(i * dim).get(vectors[i]);
        }
        return vectors;
    }
}
