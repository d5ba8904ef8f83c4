package dev.streamssl.learner.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.eval.CosineTopK;
import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.eval.NeighbourSearch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TorchTopKTest {
    @Test
    void findsTheSameNeighboursAndVotesAsThePlainJavaKernel() {
        Random random = new Random(5);
        float[][] bank = new float[1500][96];
        float[][] queries = new float[700][96]; // more than one block of queries
        int[] labels = new int[bank.length];
        int[] queryLabels = new int[queries.length];
        for (int i = 0; i < bank.length; i++) {
            labels[i] = i % 7;
            for (int d = 0; d < 96; d++) {
                bank[i][d] = (float) random.nextGaussian() + (d % 7 == labels[i] ? 2f : 0f);
            }
        }
        for (int i = 0; i < queries.length; i++) {
            queryLabels[i] = i % 7;
            for (int d = 0; d < 96; d++) {
                queries[i][d] = (float) random.nextGaussian() + (d % 7 == queryLabels[i] ? 2f : 0f);
            }
        }
        try (TorchTopK torch = new TorchTopK(bank)) {
            NeighbourSearch.Neighbours[] a = torch.search(queries, 20);
            NeighbourSearch.Neighbours[] b = new CosineTopK(bank).search(queries, 20);
            for (int i = 0; i < queries.length; i++) {
                for (int j = 0; j < 20; j++) {
                    assertThat(a[i].similarity()[j]).isCloseTo(b[i].similarity()[j], within(1e-5f));
                }
                assertThat(a[i].index()[0]).isEqualTo(b[i].index()[0]);
            }
            double onTorch =
                    new KnnClassifier(torch, labels).accuracy(queries, queryLabels, 20, 0.07);
            double inJava =
                    new KnnClassifier(bank, labels).accuracy(queries, queryLabels, 20, 0.07);
            assertThat(onTorch).isEqualTo(inJava).isGreaterThan(0.5);
        }
    }
}
