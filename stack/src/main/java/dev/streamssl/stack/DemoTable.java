package dev.streamssl.stack;

import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.schemas.KnnReport;
import java.io.PrintStream;

/**
 * The demo's closing table: kNN top-1 on raw pixels, then per method the trained encoder's kNN
 * (next to the untrained one), the linear probe, the job's live kNN and the cluster scores where
 * there are some; each line prefixed with the method's name when there are several.
 */
final class DemoTable {
    private DemoTable() {}

    static void print(DemoResults r, int k, double temperature, PrintStream out) {
        out.println();
        KnnEvaluation.Result any = r.methods().get(0).knn();
        out.printf(
                "kNN top-1 (k=%d, T=%s), %s test set (%d) against a bank of %d:%n",
                k, temperature, r.dataset(), any.testSize(), any.bankSize());
        out.printf("  raw pixels          %.4f%n", r.pixels());
        for (MethodScores s : r.methods()) {
            String prefix = r.methods().size() > 1 ? s.method() + ": " : "";
            out.printf(
                    "  %strained encoder %.4f   (untrained %.4f; model version %d, %d steps)%n",
                    prefix,
                    s.knn().top1(),
                    s.untrained(),
                    s.knn().modelVersion(),
                    s.last().getStep());
            out.printf(
                    "  %slinear probe    %.4f   (logistic regression on the frozen bank, 100 epochs, %.1f s)%n",
                    prefix, s.linear(), s.probeSeconds());
            KnnReport l = s.live();
            if (l != null) {
                out.printf(
                        "  %slive kNN in the job %.4f   (model version %d; its own bank of %d, %d test images)%n",
                        prefix, l.getTop1(), l.getModelVersion(), l.getBankSize(), l.getTestSize());
            }
            ClusterScores c = s.clusters();
            if (c != null) {
                out.printf(
                        "  %sclusters: NMI with the labels %.4f, entropy of cluster sizes %.2f bits (%d images)%n",
                        prefix, c.nmi(), c.entropyBits(), c.images());
            }
        }
    }
}
