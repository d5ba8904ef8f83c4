package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.augment.SingleViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.cluster.RowMemory;
import dev.streamssl.learner.cluster.SinkhornKnopp;
import dev.streamssl.learner.loss.BalancedCrossEntropy;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Self-Label (Asano, Rupprecht and Vedaldi, "Self-labelling via simultaneous clustering and
 * representation learning", ICLR 2020): one or more classifier heads on the encoder are trained
 * with cross-entropy on labels that are themselves chosen to agree with the heads' predictions
 * under an equipartition constraint (each of K labels takes N/K of the points), found by
 * Sinkhorn-Knopp on P^λ ({@link SinkhornKnopp}). Several heads, each with its own labels, are
 * averaged (the paper uses 10).
 *
 * <p>The paper keeps a label per image of the data set and re-optimises all of them a fixed number
 * of times during training. On a stream the labels of a batch are found when it arrives: its logits
 * (no gradient) are balanced together with a {@link RowMemory} queue of the most recent logits of
 * each head, so that N ≥ K points share the K labels, as SwAV does with its queue; the batch's own
 * labels are kept and its logits enqueued. As in the official code, the logits come from the
 * training view in training mode. Embeddings are the encoder's h; each carries the argmax of the
 * first head.
 */
public final class SelfLabel extends ClusteringMethod {
    private final SelfLabelSettings selfLabel;
    private final List<Network> heads = new ArrayList<>();
    private final List<RowMemory> queues = new ArrayList<>();
    private final SinkhornKnopp sinkhorn;
    private final ViewPolicy views;
    private int[][] labels;

    public SelfLabel(LearnerSettings settings) {
        this(settings, (SelfLabelSettings) settings.method());
    }

    private SelfLabel(LearnerSettings settings, SelfLabelSettings selfLabel) {
        super(settings, selfLabel.view());
        this.selfLabel = selfLabel;
        this.views = new SingleViewPolicy(selfLabel.view());
        this.sinkhorn = new SinkhornKnopp(selfLabel.lambda(), selfLabel.tolerance(), 1000);
        for (int i = 0; i < selfLabel.heads(); i++) {
            heads.add(
                    addTrainedNetwork(
                            "head-" + i,
                            Linear.builder().setUnits(selfLabel.clusters()).build(),
                            featureShape()));
            queues.add(
                    addComponent(
                            new RowMemory(
                                    "queue-" + i,
                                    Math.max(selfLabel.queueSize(), 1),
                                    selfLabel.clusters())));
        }
        initOptimizer();
    }

    @Override
    public String name() {
        return selfLabel.methodName();
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected void beforeViews(NDArray images) {
        NDArray h = projectedInInference(images);
        labels = new int[heads.size()][];
        for (int i = 0; i < heads.size(); i++) {
            labels[i] = labels(i, rows(heads.get(i).forward(h, false)));
        }
    }

    @Override
    protected LossOutput loss(NDList views) {
        NDArray h = encoder.forward(views.get(0), true);
        NDArray z = project(h);
        NDArray loss = null;
        for (int i = 0; i < heads.size(); i++) {
            NDArray term = crossEntropy(heads.get(i).forward(z, true), labels[i]);
            loss = loss == null ? term : loss.add(term);
        }
        return new LossOutput(
                loss.div(heads.size()), h, MethodIndicators.clusters(entropyBits(labels[0])));
    }

    /** The batch's labels for head i: Sinkhorn-Knopp over the queue and the batch. */
    private int[] labels(int head, float[][] batch) {
        RowMemory queue = queues.get(head);
        float[][] queued = selfLabel.queueSize() > 0 ? queue.rows() : new float[0][];
        float[][] all = new float[queued.length + batch.length][];
        System.arraycopy(queued, 0, all, 0, queued.length);
        System.arraycopy(batch, 0, all, queued.length, batch.length);
        int[] labels = sinkhorn.labels(all);
        if (selfLabel.queueSize() > 0) {
            queue.add(batch);
        }
        int[] own = new int[batch.length];
        System.arraycopy(labels, queued.length, own, 0, batch.length);
        return own;
    }

    private static NDArray crossEntropy(NDArray logits, int[] labels) {
        float[] uniform = new float[labels.length];
        java.util.Arrays.fill(uniform, 1f / labels.length);
        return BalancedCrossEntropy.weighted(logits, labels, uniform);
    }

    @Override
    protected void exportClusters(Map<String, TensorData> out) {
        for (Map.Entry<String, Parameter> e : heads.get(0).parameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            String part =
                    e.getValue().getType() == Parameter.Type.WEIGHT ? "head-weight" : "head-bias";
            out.put(
                    ClusterAssigner.PREFIX + "/" + part,
                    new TensorData(a.getShape().getShape(), a.toFloatArray()));
        }
    }
}
