package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The losses of Barlow Twins, VICReg, SimSiam, NNCLR and SwAV against values PyTorch computes from
 * the official code's formulas on the same inputs ({@code learner/src/test/python/
 * reference_losses.py}, run with Debian's python3-torch 1.13 in double precision; the numbers below
 * are what it printed). Here in float, so to 1e-5 relative.
 */
class NewLossesTest {
    private static final int N = 6;
    private static final int D = 4;
    private NDManager manager;
    private NDArray z1;
    private NDArray z2;
    private NDArray p1;
    private NDArray p2;

    @BeforeEach
    void inputs() {
        manager = NDManager.newBaseManager();
        z1 = matrix(N, D, Math::sin, 0.1);
        z2 = matrix(N, D, Math::cos, 0.3);
        p1 = matrix(N, D, Math::sin, 1.7);
        p2 = matrix(N, D, Math::cos, 2.9);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Entry (i, j) = f(0.37 (i·cols + j) + offset), as the Python script builds them. */
    private NDArray matrix(int rows, int cols, DoubleUnaryOperator f, double offset) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i * cols + j] = (float) f.applyAsDouble(0.37 * (i * cols + j) + offset);
            }
        }
        return manager.create(v, new ai.djl.ndarray.types.Shape(rows, cols));
    }

    private static void close(double expected, NDArray actual) {
        assertThat((double) actual.getFloat())
                .isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void barlowTwins() {
        close(5.671289173568088, BarlowTwinsLoss.compute(z1, z2, 0.0051));
    }

    @Test
    void vicRegTermsAndWeightedSum() {
        VicRegLoss.Terms t = VicRegLoss.compute(z1, z2, 25, 25, 1);
        close(1.1634299090153366, t.invariance());
        close(0.248462726719693, t.variance());
        close(1.2411308125120506, t.covariance());
        close(36.53844670588779, t.loss());
    }

    @Test
    void simSiam() {
        close(-0.29552777696484434, SimSiamLoss.symmetric(p1, p2, z1, z2));
    }

    @Test
    void nnclrNeighboursAndLoss() {
        NDArray queue = L2Normalize.rows(matrix(7, D, Math::sin, 4.2));
        NDArray n1 = NnclrLoss.nearestNeighbours(L2Normalize.rows(z1), queue);
        NDArray n2 = NnclrLoss.nearestNeighbours(L2Normalize.rows(z2), queue);
        // the neighbours PyTorch found: queue rows [6, 2, 4, 0, 1, 2] and [2, 4, 0, 6, 2, 4]
        int[] expected1 = {6, 2, 4, 0, 1, 2};
        for (int i = 0; i < N; i++) {
            assertThat(n1.get(i).toFloatArray())
                    .containsExactly(queue.get(expected1[i]).toFloatArray());
        }
        assertThat(n2.get(3).toFloatArray()).containsExactly(queue.get(6).toFloatArray());
        close(
                6.952400417829402,
                NnclrLoss.compute(n1, p2, 0.1).add(NnclrLoss.compute(n2, p1, 0.1)).div(2));
    }

    @Test
    void swavCodesAndSwappedPrediction() {
        NDArray prototypes = L2Normalize.rows(matrix(5, D, Math::cos, 0.7));
        NDList scores = new NDList();
        for (NDArray crop : new NDArray[] {z1, z2, p1}) {
            scores.add(L2Normalize.rows(crop).matMul(prototypes.transpose()));
        }
        NDArray queueScores =
                L2Normalize.rows(matrix(8, D, Math::sin, 5.5)).matMul(prototypes.transpose());
        NDArray codes0 = SwavLoss.codes(queueScores.concat(scores.get(0), 0), 0.05, 3, N);
        NDArray codes1 = SwavLoss.codes(scores.get(1), 0.05, 3, N);
        double[] row0 = {
            2.307703031934902e-06,
            4.706867146255892e-17,
            1.3625761395333745e-11,
            0.9992250822522533,
            0.0007726100310890902
        };
        float[] actual = codes0.get(0).toFloatArray();
        for (int k = 0; k < row0.length; k++) {
            assertThat((double) actual[k]).isCloseTo(row0[k], within(1e-5));
        }
        close(6.983367251125831, SwavLoss.compute(new NDList(codes0, codes1), scores, 0.1));
    }
}
