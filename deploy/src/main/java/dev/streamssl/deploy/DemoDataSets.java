package dev.streamssl.deploy;

import java.io.IOException;

/** Picks the demo's data by name. */
public final class DemoDataSets {
    private DemoDataSets() {}

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
