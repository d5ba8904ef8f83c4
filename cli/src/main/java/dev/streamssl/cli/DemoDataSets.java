package dev.streamssl.cli;

import dev.streamssl.producers.data.SkippedFiles;
import dev.streamssl.stack.DemoData;
import java.io.IOException;
import java.nio.file.Path;

/** Picks the demo's data by name. */
public final class DemoDataSets {
    private DemoDataSets() {}

    /**
     * A labelled folder of photos, each shrunk as {@code publish} does ({@link
     * PublishCommand#DEFAULT_MAX_SIDE}); files that cannot be used are counted in {@code skipped}.
     */
    public static DemoData photos(Path dir, int bankSize, int testSize, SkippedFiles skipped)
            throws IOException {
        return DemoData.photos(dir, bankSize, testSize, PublishCommand.DEFAULT_MAX_SIDE, skipped);
    }

    public static DemoData load(String name, int bankSize, int testSize) throws IOException {
        return switch (name) {
            case "fashion-mnist" -> DemoData.fashionMnist(bankSize, testSize);
            case "synthetic" -> DemoData.synthetic(bankSize, testSize);
            default ->
                    throw new IllegalArgumentException(
                            "--dataset must be fashion-mnist or synthetic, got '" + name + "'");
        };
    }
}
