package dev.streamssl.cli.bench;

import dev.streamssl.cli.DemoDataSets;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench knn}: times kNN top-1 on raw Fashion-MNIST pixels, the largest kNN the
 * project computes.
 */
@Command(
        name = "knn",
        mixinStandardHelpOptions = true,
        description =
                "Time kNN top-1 (k=20, T=0.07) of the Fashion-MNIST test set on raw pixels against a bank of training images.")
public final class KnnCommand implements Callable<Integer> {
    @Option(
            names = "--bank-size",
            defaultValue = "60000",
            description = "Bank images (default: ${DEFAULT-VALUE}).")
    int bankSize;

    @Option(
            names = "--test-size",
            defaultValue = "10000",
            description = "Query images (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Override
    public Integer call() throws Exception {
        if (bankSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("--bank-size and --test-size must be >= 1");
        }
        DemoData data = DemoDataSets.load("fashion-mnist", bankSize, testSize);
        KnnProbe probe =
                new KnnProbe(data.bank(), data.test(), 1, 28, KnnData.K, KnnData.TEMPERATURE);
        long start = System.nanoTime();
        double top1 = probe.pixels();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "bank=%d test=%d dim=784 knn_top1=%.4f seconds=%.1f%n",
                data.bank().size(), data.test().size(), top1, seconds);
        return 0;
    }
}
