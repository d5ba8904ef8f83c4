package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * DINO's self-distillation loss (Caron et al., "Emerging Properties in Self-Supervised Vision
 * Transformers", ICCV 2021, eq. 2 and algorithm 1). The teacher's outputs on the global views are
 * centred and sharpened, the student's outputs on all views are softened:
 *
 * <pre>
 *   P_t(x) = softmax((g_t(x) − c) / τ_t)        P_s(x′) = softmax(g_s(x′) / τ_s)
 *   L = 1/|pairs| Σ_{x ∈ global} Σ_{x′ ∈ views, x′ ≠ x}  mean_batch H(P_t(x), P_s(x′))
 * </pre>
 *
 * with H(a, b) = −Σ a log b; a student view is never matched with the teacher's output on the same
 * view. The center c is not updated here: it is the {@code TeacherCenter} state component, moved
 * after the step. Centring keeps one dimension from dominating; sharpening (τ_t < τ_s) keeps the
 * teacher from going uniform; together they avoid collapse.
 */
public final class DinoLoss {
    private DinoLoss() {}

    /**
     * The loss and, for monitoring, the mean entropy of the teacher distributions and the mean
     * KL(P_t ‖ P_s) over the same pairs (the loss minus that entropy).
     */
    public record Output(NDArray loss, double teacherEntropy, double teacherStudentKl) {}

    /**
     * @param student (N, K) outputs of the student on every view, the global views first
     * @param teacher (N, K) outputs of the teacher on the global views, in the same order
     * @param center (1, K) the teacher center c
     * @param studentTemperature τ_s
     * @param teacherTemperature τ_t
     */
    public static Output compute(
            NDList student,
            NDList teacher,
            NDArray center,
            float studentTemperature,
            float teacherTemperature) {
        if (teacher.size() > student.size()) {
            throw new IllegalArgumentException(
                    "the teacher sees the global views, a subset of the student's: got "
                            + teacher.size()
                            + " teacher and "
                            + student.size()
                            + " student views");
        }
        NDList logStudent = new NDList();
        for (NDArray s : student) {
            logStudent.add(s.div(studentTemperature).logSoftmax(1));
        }
        NDArray loss = null;
        double entropy = 0;
        int terms = 0;
        for (int t = 0; t < teacher.size(); t++) {
            NDArray p =
                    teacher.get(t).stopGradient().sub(center).div(teacherTemperature).softmax(1);
            entropy += p.mul(p.add(1e-12f).log()).sum(new int[] {1}).mean().neg().getFloat();
            for (int v = 0; v < logStudent.size(); v++) {
                if (v == t) {
                    continue;
                }
                NDArray term = p.mul(logStudent.get(v)).sum(new int[] {1}).mean().neg();
                loss = loss == null ? term : loss.add(term);
                terms++;
            }
        }
        if (loss == null) {
            throw new IllegalArgumentException("DINO needs at least two views");
        }
        loss = loss.div(terms);
        double meanEntropy = entropy / teacher.size();
        return new Output(loss, meanEntropy, loss.getFloat() - meanEntropy);
    }
}
