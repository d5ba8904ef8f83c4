package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.continual.ContrastiveDistillation;
import dev.streamssl.learner.continual.DecorrelativeDistillation;
import dev.streamssl.learner.continual.Distillation;
import dev.streamssl.learner.continual.MseDistillation;
import dev.streamssl.learner.continual.PredictiveDistillation;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CaSSLe's four distillation terms against values PyTorch computes from the official code's
 * formulas on the same inputs ({@code learner/src/test/python/reference_cassle.py}, run with
 * Debian's {@code /usr/bin/python3} and python3-torch 1.13 in double precision; the numbers below
 * are what it printed). Here in float, so to 1e-5 relative.
 */
class CassleLossTest {
    private static final int N = 6;
    private static final int D = 4;
    private NDManager manager;
    private NDArray f1;
    private NDArray f2;
    private NDArray p1;
    private NDArray p2;

    @BeforeEach
    void inputs() {
        manager = NDManager.newBaseManager();
        f1 = matrix(Math::sin, 0.1);
        f2 = matrix(Math::cos, 0.3);
        p1 = matrix(Math::sin, 1.7);
        p2 = matrix(Math::cos, 2.9);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Entry (i, j) = f(0.37 (i·D + j) + offset), as the Python script builds them. */
    private NDArray matrix(DoubleUnaryOperator f, double offset) {
        float[] v = new float[N * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f.applyAsDouble(0.37 * i + offset);
        }
        return manager.create(v, new Shape(N, D));
    }

    private void pinned(double expected, Distillation distillation) {
        double actual = distillation.loss(p1, p2, f1, f2).getFloat();
        assertThat(actual).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void contrastive() {
        pinned(7.858313495854629, new ContrastiveDistillation(0.2));
    }

    @Test
    void predictive() {
        pinned(2.78217598604632, new PredictiveDistillation());
    }

    @Test
    void predictiveMse() {
        pinned(1.3872667746240555, new MseDistillation());
    }

    @Test
    void decorrelative() {
        pinned(0.8957002995731688, DecorrelativeDistillation.OFFICIAL);
    }

    @Test
    void theContrastiveTermIsLowestWhenPredictionsMatchTheFrozenProjections() {
        double matched = new ContrastiveDistillation(0.2).loss(f1, f2, f1, f2).getFloat();
        double unmatched = new ContrastiveDistillation(0.2).loss(p1, p2, f1, f2).getFloat();
        assertThat(matched).isLessThan(unmatched);
    }
}
