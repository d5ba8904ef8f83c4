package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DinoLossTest {

    private static final double TS = 0.1;
    private static final double TT = 0.04;

    /** softmax((x − c) / τ) in doubles. */
    private static double[] softmax(float[] x, float[] c, double tau) {
        double[] p = new double[x.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, (x[i] - c[i]) / tau);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp((x[i] - c[i]) / tau - max);
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double crossEntropy(double[] teacher, double[] student) {
        double h = 0;
        for (int i = 0; i < teacher.length; i++) {
            h -= teacher[i] * Math.log(student[i]);
        }
        return h;
    }

    @Test
    void matchesEveryTeacherViewWithEveryOtherStudentView() {
        // one image, K = 3; student views: global 1, global 2, one local
        float[][] student = {{1, 0, 0.5f}, {0.2f, 0.3f, -0.1f}, {0, 2, 1}};
        float[][] teacher = {{0.5f, 0.1f, 0}, {0, 0.4f, 0.2f}};
        float[] center = {0.1f, 0, -0.2f};
        float[] zero = {0, 0, 0};
        double expected = 0;
        double entropy = 0;
        int terms = 0;
        for (int t = 0; t < 2; t++) {
            double[] pt = softmax(teacher[t], center, TT);
            entropy += crossEntropy(pt, pt) / 2;
            for (int v = 0; v < 3; v++) {
                if (v != t) {
                    expected += crossEntropy(pt, softmax(student[v], zero, TS));
                    terms++;
                }
            }
        }
        expected /= terms;
        assertThat(terms).isEqualTo(4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList s = new NDList();
            for (float[] v : student) {
                s.add(m.create(new float[][] {v}));
            }
            NDList t =
                    new NDList(
                            m.create(new float[][] {teacher[0]}),
                            m.create(new float[][] {teacher[1]}));
            DinoLoss.Output out =
                    DinoLoss.compute(
                            s, t, m.create(new float[][] {center}), (float) TS, (float) TT);
            assertThat((double) out.loss().getFloat()).isCloseTo(expected, within(1e-5));
            assertThat(out.teacherEntropy()).isCloseTo(entropy, within(1e-5));
            assertThat(out.teacherStudentKl()).isCloseTo(expected - entropy, within(1e-5));
        }
    }

    @Test
    void aStudentViewIsNeverMatchedWithTheTeacherOnTheSameView() {
        // the student equals the teacher on each global view: with the same-view pairs included the
        // loss would be lower; only the cross pairs count
        float[][] views = {{3, 0}, {0, 3}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDList s =
                    new NDList(
                            m.create(new float[][] {views[0]}), m.create(new float[][] {views[1]}));
            NDList t =
                    new NDList(
                            m.create(new float[][] {views[0]}), m.create(new float[][] {views[1]}));
            float loss =
                    DinoLoss.compute(s, t, m.zeros(new ai.djl.ndarray.types.Shape(1, 2)), 1f, 1f)
                            .loss()
                            .getFloat();
            float[] zero = {0, 0};
            double cross =
                    (crossEntropy(softmax(views[0], zero, 1), softmax(views[1], zero, 1))
                                    + crossEntropy(
                                            softmax(views[1], zero, 1), softmax(views[0], zero, 1)))
                            / 2;
            assertThat((double) loss).isCloseTo(cross, within(1e-5));
        }
    }

    @Test
    void centringAndSharpeningShapeTheTeacher() {
        float[] logits = {1, 0.5f, 0};
        float[] zero = {0, 0, 0};
        // a lower teacher temperature sharpens: lower entropy
        double sharp = crossEntropy(softmax(logits, zero, 0.04), softmax(logits, zero, 0.04));
        double soft = crossEntropy(softmax(logits, zero, 0.5), softmax(logits, zero, 0.5));
        assertThat(sharp).isLessThan(soft);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList s = new NDList(m.create(new float[][] {zero}), m.create(new float[][] {zero}));
            NDList t =
                    new NDList(m.create(new float[][] {logits}), m.create(new float[][] {logits}));
            double measured =
                    DinoLoss.compute(s, t, m.create(new float[][] {zero}), 0.1f, 0.04f)
                            .teacherEntropy();
            assertThat(measured).isCloseTo(sharp, within(1e-5));
            // subtracting the logits as the center leaves a uniform teacher: entropy ln 3
            double centred =
                    DinoLoss.compute(s, t, m.create(new float[][] {logits}), 0.1f, 0.04f)
                            .teacherEntropy();
            assertThat(centred).isCloseTo(Math.log(3), within(1e-5));
        }
    }
}
