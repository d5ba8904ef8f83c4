package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.augment.SingleViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.cluster.Matrices;
import dev.streamssl.learner.cluster.RowMemory;
import dev.streamssl.learner.cluster.SinkhornKnopp;
import dev.streamssl.learner.loss.BalancedCrossEntropy;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.Recipe;
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
 * <p>The paper keeps a label per image of the data set, re-optimises all of them with the network
 * of that moment a fixed number of times during training, and trains on fixed labels in between. On
 * a stream:
 *
 * <ul>
 *   <li>every R steps (and at step 0) the label optimisation's network is renewed: a frozen copy of
 *       the encoder, projector and heads ({@link EpochLabeler}), which also re-computes the logits
 *       of a queue of the most recent images;
 *   <li>a batch's labels are found when it arrives: the frozen copy's logits of its un-augmented
 *       images are balanced by Sinkhorn-Knopp together with the queue's, so that N ≥ K points share
 *       the K labels; the batch's own labels are kept, and it joins the queue.
 * </ul>
 *
 * Queue and batch are labelled by the same network, so the equipartition holds among comparable
 * logits. Labelled by the live network instead, each batch's labels moved with the step before, and
 * a queue of logits from older networks let whole batches take one label (the representation
 * collapsed). Embeddings are the encoder's h; each carries the argmax of the first head.
 */
public final class SelfLabel extends ClusteringMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "selflabel",
                    "Self-Label (Asano, Rupprecht and Vedaldi, ICLR 2020)",
                    SelfLabelSettings.OPTIONS,
                    Recipe.sgd(0.05, 1e-5),
                    Recipe.sgd(0.08, 1e-5),
                    SelfLabelSettings::from,
                    SelfLabel::new);

    private final SelfLabelSettings selfLabel;
    private final List<Network> heads = new ArrayList<>();
    private final List<Network> frozenHeads = new ArrayList<>();
    private final List<RowMemory> queues = new ArrayList<>();
    private final EpochLabeler labeler;
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
        this.sinkhorn =
                new SinkhornKnopp(
                        selfLabel.lambda(), selfLabel.tolerance(), selfLabel.maxIterations());
        int queue = Math.max(selfLabel.queueSize(), 1);
        for (int i = 0; i < selfLabel.heads(); i++) {
            Network head = addTrainedNetwork("head-" + i, newHead(), featureShape());
            heads.add(head);
            frozenHeads.add(addFrozenCopy("labeler-head-" + i, head, newHead(), featureShape()));
            queues.add(addComponent(new RowMemory("queue-" + i, queue, selfLabel.clusters())));
        }
        this.labeler = addEpochLabeler(queue);
        initOptimizer();
    }

    private Linear newHead() {
        return Linear.builder().setUnits(selfLabel.clusters()).build();
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected void beforeViews(NDArray images) {
        if (step() % selfLabel.relabelSteps() == 0) {
            relabel(images.getManager());
        }
        NDArray z = labeler.projected(images);
        labels = new int[heads.size()][];
        for (int i = 0; i < heads.size(); i++) {
            labels[i] = labels(i, rows(frozenHeads.get(i).forward(z, false)));
        }
        if (selfLabel.queueSize() > 0) {
            labeler.remember(images);
        }
    }

    /** A new labelling network, and the queue's logits by it. */
    private void relabel(NDManager manager) {
        float[][] memory = labeler.refresh(manager); // empty without a queue: nothing remembered
        NDArray features =
                memory.length == 0
                        ? null
                        : manager.create(
                                Matrices.flatten(memory), new Shape(memory.length, PROJECTION_DIM));
        for (int i = 0; i < heads.size(); i++) {
            frozenHeads.get(i).copyFrom(heads.get(i));
            queues.get(i).clear();
            if (features != null) {
                queues.get(i).add(rows(frozenHeads.get(i).forward(features, false)));
            }
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
