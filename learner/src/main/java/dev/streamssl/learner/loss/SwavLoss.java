package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * SwAV's swapped prediction (Caron, Misra, Mairal, Goyal, Bojanowski and Joulin, "Unsupervised
 * Learning of Visual Features by Contrasting Cluster Assignments", NeurIPS 2020, eq. 1–3, and the
 * official {@code main_swav.py}). Every crop's unit projection z is scored against K unit
 * prototypes, s = zᵀC; the codes q of each global crop are an equipartitioned soft assignment of
 * its scores, computed without gradient by Sinkhorn-Knopp (here over the batch and, once filled,
 * the queue of earlier projections), and every other crop predicts them:
 *
 * <pre>
 *   Q = exp(S/ε)ᵀ / Σ exp(S/ε)            (K × B)
 *   repeat n:  Q ← Q / (K · rowsums)      Q ← Q / (B · colsums)
 *   q = (B · Q)ᵀ                          (rows sum to 1)
 *   ℓ(q, s) = − Σ_k q_k log softmax(s/τ)_k
 *   L = mean over global crops i of  mean over crops v ≠ i of  mean_n ℓ(q_i, s_v)
 * </pre>
 *
 * ε = 0.05 and n = 3 in the paper, τ = 0.1.
 */
public final class SwavLoss {
    private SwavLoss() {}

    /**
     * The codes of the scores' last {@code batch} rows: Sinkhorn-Knopp over all rows (queue first,
     * batch last), without gradient.
     *
     * @param scores (B, K) prototype scores, queue rows first
     */
    public static NDArray codes(NDArray scores, double epsilon, int iterations, int batch) {
        NDArray q = scores.stopGradient().div((float) epsilon).exp().transpose(); // (K, B)
        long k = q.getShape().get(0);
        long b = q.getShape().get(1);
        q = q.div(q.sum());
        for (int it = 0; it < iterations; it++) {
            q = q.div(q.sum(new int[] {1}, true)).div(k);
            q = q.div(q.sum(new int[] {0}, true)).div(b);
        }
        q = q.mul(b).transpose(); // (B, K), rows sum to 1
        return q.get((b - batch) + ":");
    }

    /**
     * L given the codes of the global crops and the scores of every crop.
     *
     * @param codes q of global crops 0 and 1, each (N, K)
     * @param scores s of every crop, globals first, each (N, K)
     */
    public static NDArray compute(NDList codes, NDList scores, double temperature) {
        NDArray loss = null;
        for (int i = 0; i < codes.size(); i++) {
            NDArray sub = null;
            for (int v = 0; v < scores.size(); v++) {
                if (v == i) {
                    continue;
                }
                NDArray logP = scores.get(v).div((float) temperature).logSoftmax(1);
                NDArray term = codes.get(i).mul(logP).sum(new int[] {1}).mean().neg();
                sub = sub == null ? term : sub.add(term);
            }
            sub = sub.div(scores.size() - 1);
            loss = loss == null ? sub : loss.add(sub);
        }
        return loss.div(codes.size());
    }
}
