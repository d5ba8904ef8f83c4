package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.loss.InfoNceLoss;
import dev.streamssl.learner.loss.L2Normalize;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.state.KeyQueue;

/**
 * MoCo (He, Fan, Wu, Xie and Girshick, CVPR 2020; v2: Chen, Fan, Girshick and He, 2020): a query
 * encoder f_q with its head, trained by back-propagation, and a key encoder f_k with its head that
 * follows it by EMA, θ_k ← m·θ_k + (1 − m)·θ_q; queries of one view are classified against the key
 * of the other view of the same image and the K older keys of the {@link KeyQueue} with InfoNCE;
 * the step's keys are then enqueued. Embeddings are the query encoder's h, the network the paper
 * evaluates.
 *
 * <p>Where the stream version differs from the official code, and why:
 *
 * <ul>
 *   <li>The official code moves the key encoder at the start of each forward pass; here it moves
 *       right after the optimizer step. Between the two nothing changes the query encoder, so the
 *       key encoder that computes the next step's keys is the same, and the checkpointed teacher is
 *       always up to date.
 *   <li>Shuffle-BN needs several GPUs. On one device the same effect comes from BatchNorm over
 *       sub-batches: queries in {@code shuffleBnGroups} groups in order, keys in as many groups of
 *       a random permutation (drawn from the learner's generator), so a query's positive key sits
 *       in a group with different statistics, as it would on another GPU.
 *   <li>The queue need not be a multiple of the batch (see {@link KeyQueue}).
 * </ul>
 */
public final class Moco extends AbstractMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "moco",
                    "MoCo v1/v2 (He et al., CVPR 2020; Chen et al., 2020)",
                    MocoSettings.OPTIONS,
                    Recipe.lars(0.4, 1e-6, 0.02),
                    Recipe.sgd(0.03, 1e-4),
                    MocoSettings::from,
                    Moco::new);

    private final MocoSettings moco;
    private final Network encoder;
    private final Network head;
    private final EmaTeacher keyEncoder;
    private final EmaTeacher keyHead;
    private final KeyQueue queue;
    private final ViewPolicy views;
    private NDArray pendingKeys;

    public Moco(LearnerSettings settings) {
        super(settings);
        this.moco = (MocoSettings) settings.method();
        this.views = new TwoViewPolicy(moco.views());
        int size = moco.views().first().outputSize();
        Shape imageShape = new Shape(2, settings.channels(), size, size);
        Shape featureShape = new Shape(2, settings.architecture().featureDim());
        this.encoder =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER, settings.architecture().build(), imageShape);
        this.head = addTrainedNetwork("head", head(), featureShape);
        this.keyEncoder =
                addTeacher("key-encoder", encoder, settings.architecture().build(), imageShape);
        this.keyHead = addTeacher("key-head", head, head(), featureShape);
        useTeacherMomentum(settings.optimizer().annealed(moco.momentum(), 1.0));
        this.queue =
                addComponent(
                        new KeyQueue(
                                "queue", manager, moco.queueSize(), moco.projectionDim(), random));
        initOptimizer();
    }

    private Block head() {
        return moco.version().equals("v1")
                ? ProjectionHead.linear(moco.projectionDim())
                : ProjectionHead.withoutBatchNorm(moco.projectionHiddenDim(), moco.projectionDim());
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected LossOutput loss(NDList views) {
        NDArray first = views.get(0);
        NDArray second = views.get(1);
        int n = (int) first.getShape().get(0);
        float tau = (float) moco.temperature();
        if (!moco.symmetric()) {
            NDArray h = encodeInGroups(encoder, first, null);
            NDArray k = keys(second);
            InfoNceLoss.Output out =
                    InfoNceLoss.compute(head.forward(h, true), k, queue.keys(), tau);
            pendingKeys = k;
            return new LossOutput(
                    out.loss(),
                    h,
                    MethodIndicators.moco(out.positiveSimilarity(), out.negativeSimilarity()));
        }
        NDArray both = first.concat(second, 0); // (2N, C, h, w)
        NDArray h = encodeInGroups(encoder, both, null);
        NDArray q = head.forward(h, true);
        NDArray k = keys(both);
        InfoNceLoss.Output a =
                InfoNceLoss.compute(q.get("0:" + n), k.get(n + ":"), queue.keys(), tau);
        InfoNceLoss.Output b =
                InfoNceLoss.compute(q.get(n + ":"), k.get("0:" + n), queue.keys(), tau);
        pendingKeys = k;
        return new LossOutput(
                a.loss().add(b.loss()).div(2),
                h.get("0:" + n),
                MethodIndicators.moco(
                        (a.positiveSimilarity() + b.positiveSimilarity()) / 2,
                        (a.negativeSimilarity() + b.negativeSimilarity()) / 2));
    }

    /** Keys of the momentum encoder and head, normalised, without gradient. */
    private NDArray keys(NDArray images) {
        long[] permutation = permutation((int) images.getShape().get(0));
        NDArray h = encodeInGroups(keyEncoder.network(), images, permutation);
        return L2Normalize.rows(keyHead.network().forward(h, true)).stopGradient();
    }

    /**
     * The encoder's features of the images, with BatchNorm statistics per group: groups of the
     * images in order ({@code permutation} null) or of the permuted images, returned in the images'
     * order. MoCo's heads have no BatchNorm, so only the encoder needs the groups.
     */
    private NDArray encodeInGroups(Network network, NDArray images, long[] permutation) {
        int b = (int) images.getShape().get(0);
        int groups = Math.max(1, Math.min(moco.shuffleBnGroups(), b / 2));
        if (groups == 1) {
            return network.forward(images, true);
        }
        NDArray input =
                permutation == null ? images : images.get(images.getManager().create(permutation));
        NDList parts = new NDList();
        for (int g = 0; g < groups; g++) {
            parts.add(
                    network.forward(input.get(g * b / groups + ":" + (g + 1) * b / groups), true));
        }
        NDArray features = NDArrays.concat(parts);
        if (permutation == null) {
            return features;
        }
        long[] inverse = new long[b];
        for (int i = 0; i < b; i++) {
            inverse[(int) permutation[i]] = i;
        }
        return features.get(images.getManager().create(inverse));
    }

    private long[] permutation(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    protected void afterUpdate() {
        queue.enqueue(pendingKeys);
        pendingKeys = null;
    }
}
