package dev.streamssl.cli.bench;

import dev.streamssl.cli.DemoDataSets;
import dev.streamssl.stack.DemoData;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * The labelled data a learning curve is scored on (a picocli mixin): a data set's training images,
 * a labelled bank of them, and test images, scored by weighted kNN with k = {@value #K} and T =
 * {@value #TEMPERATURE} (Wu et al. 2018, the values the demo and the job's monitor use).
 */
public final class KnnData {
    static final int K = 20;
    static final double TEMPERATURE = 0.07;

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist",
            description = "fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
    String dataset;

    // no defaultValue: picocli keeps the initial value each command gives, and shows it
    @Option(
            names = "--bank-size",
            description = "Labelled training images in the kNN bank (default: ${DEFAULT-VALUE}).")
    int bankSize = 10000;

    @Option(
            names = "--test-size",
            description = "Test images evaluated (default: ${DEFAULT-VALUE}).")
    int testSize;

    /** With {@code testSize} test images unless the user gives another count. */
    KnnData(int testSize) {
        this.testSize = testSize;
    }

    /** The data set, split into the stream, the bank and the test images. */
    DemoData load() throws IOException {
        return DemoDataSets.load(dataset, bankSize, testSize);
    }
}
