package dev.streamssl.learner.method;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.streamssl.learner.augment.Normalize;
import dev.streamssl.learner.augment.Resampler;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.continual.ContinualStrategies;
import dev.streamssl.learner.continual.ContinualStrategy;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.continual.NetworkHost;
import dev.streamssl.learner.metrics.CollapseIndicators;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.GradientClipping;
import dev.streamssl.learner.optim.Gradients;
import dev.streamssl.learner.optim.Optimizer;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.schedule.StepSchedule;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.StateComponent;
import dev.streamssl.learner.state.TensorData;
import dev.streamssl.learner.torch.GradMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machinery every method shares: its networks and their named parameters, the EMA teachers, the
 * method's own state components, the optimizer and learning-rate schedule, the seeded generator,
 * the step counter, one scoped training step (augment → forward → loss → backward → clip → update →
 * EMA → {@link #afterUpdate}, with every per-step array closed at the end), the continual strategy
 * composed with the method ({@code continual.strategy}: its term joins the loss, its networks and
 * state join the method's), and saving and restoring all of it. A method adds its networks,
 * teachers and components in its constructor and implements {@link #viewPolicy} and {@link #loss};
 * everything else is optional.
 */
public abstract class AbstractMethod implements SslMethod {
    protected final LearnerSettings settings;
    protected final NDManager manager;
    protected final StreamRandom random;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Parameter> trainable = new LinkedHashMap<>();
    private final List<EmaTeacher> teachers = new ArrayList<>();
    // every network that starts as a copy of another (teachers, frozen copies), with its source
    private final Map<Network, Network> copiesOf = new LinkedHashMap<>();
    private final Map<String, StateComponent> components = new LinkedHashMap<>();
    private final StepSchedule schedule;
    private StepSchedule teacherMomentum;
    private Optimizer optimizer;
    private ContinualStrategy continual;
    private long step;

    /**
     * What a method's forward pass gives back: the loss, the representations of one view (for the
     * collapse indicator) and the method's own indicators.
     */
    protected record LossOutput(
            NDArray loss,
            NDArray representations,
            MethodIndicators indicators,
            NDArray projections) {
        protected LossOutput(NDArray loss, NDArray representations) {
            this(loss, representations, MethodIndicators.NONE, null);
        }

        protected LossOutput(NDArray loss, NDArray representations, MethodIndicators indicators) {
            this(loss, representations, indicators, null);
        }

        /**
         * With the (2N, D) projections of both views that the loss took, view 1 then view 2: what a
         * distillation strategy ({@link Distillable}) compares with its frozen copy's.
         */
        protected static LossOutput withProjections(
                NDArray loss, NDArray representations, NDArray projections) {
            return new LossOutput(loss, representations, MethodIndicators.NONE, projections);
        }
    }

    protected AbstractMethod(LearnerSettings settings) {
        this.settings = settings;
        Device device = Devices.resolve(settings.device());
        this.manager = NDManager.newBaseManager(device);
        this.random = new StreamRandom(settings.seed());
        this.schedule = settings.optimizer().schedule(settings.batchSize());
    }

    /** Creates and registers a network trained by the optimizer. */
    protected final Network addTrainedNetwork(String name, Block block, Shape inputShape) {
        Network network = addNetwork(name, block, inputShape);
        for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
            if (e.getValue().requiresGradient()) {
                trainable.put(e.getKey(), e.getValue());
            }
        }
        return network;
    }

    /**
     * Creates a teacher of {@code student}: a network of the same architecture ({@code block} is a
     * fresh instance of it), starting as a copy of the student, checkpointed with the learner but
     * never optimised and moved only by the EMA update after every step (momentum from {@link
     * #useTeacherMomentum}).
     */
    protected final EmaTeacher addTeacher(
            String name, Network student, Block block, Shape inputShape) {
        EmaTeacher teacher = new EmaTeacher(addNetwork(name, block, inputShape), student);
        teachers.add(teacher);
        copiesOf.put(teacher.network(), student);
        return teacher;
    }

    private Network addNetwork(String name, Block block, Shape inputShape) {
        if (networks.containsKey(name)) {
            throw new IllegalStateException("network " + name + " is added twice");
        }
        Network network = new Network(name, block, manager, inputShape, random);
        networks.put(name, network);
        return network;
    }

    /**
     * Creates a frozen copy of {@code source} ({@code block} a fresh instance of its architecture):
     * checkpointed with the learner, never optimised, changed only when the method copies into it
     * ({@link Network#copyFrom}).
     */
    protected final Network addFrozenCopy(
            String name, Network source, Block block, Shape inputShape) {
        Network copy = addNetwork(name, block, inputShape);
        copiesOf.put(copy, source);
        copy.copyFrom(source);
        copy.freeze();
        return copy;
    }

    @Override
    public final void startEncoderFrom(NamedTensors encoderWeights) {
        if (step != 0) {
            throw new IllegalStateException("a warm start comes before the first step");
        }
        Network encoder = networks.get(EvaluationNetwork.ENCODER);
        encoder.load(encoderWeights);
        for (Map.Entry<Network, Network> e : copiesOf.entrySet()) {
            if (e.getValue() == encoder) {
                e.getKey().copyFrom(encoder);
            }
        }
        continual.afterWarmStart();
    }

    /** The EMA momentum of the teachers as a function of the step. */
    protected final void useTeacherMomentum(StepSchedule momentum) {
        this.teacherMomentum = momentum;
    }

    /** Registers state of the method's own that is saved and restored with the learner. */
    protected final <C extends StateComponent> C addComponent(C component) {
        if (components.putIfAbsent(component.name(), component) != null) {
            throw new IllegalStateException("state component " + component.name() + " twice");
        }
        return component;
    }

    /**
     * Builds the optimizer and attaches the continual strategy ({@code continual.strategy}); call
     * once all the method's networks are added. The strategy's networks come after the method's, so
     * that the method's weights are drawn from the generator exactly as without a strategy.
     */
    protected final void initOptimizer() {
        this.optimizer = settings.optimizer().build(manager);
        this.continual =
                ContinualStrategies.build(
                        settings.continual(),
                        name(),
                        distillable(),
                        new NetworkHost() {
                            @Override
                            public Network trained(String name, Block block, Shape inputShape) {
                                return addTrainedNetwork(name, block, inputShape);
                            }

                            @Override
                            public Network frozenCopy(
                                    String name, Network source, Block block, Shape inputShape) {
                                return addFrozenCopy(name, source, block, inputShape);
                            }

                            @Override
                            public <C extends StateComponent> C component(C component) {
                                return addComponent(component);
                            }
                        });
    }

    /**
     * What a distillation strategy may distil of this method (encoder, projector, the method's loss
     * as a distillation term), or null where the method has no such pair; its {@link LossOutput}
     * then carries the projections.
     */
    protected Distillable distillable() {
        return null;
    }

    /** The method's name: its settings' ({@link MethodSettings#methodName}). */
    @Override
    public final String name() {
        return settings.method().methodName();
    }

    protected abstract ViewPolicy viewPolicy();

    /**
     * Called with the batch's images at the model's input size (float, [0, 1], un-augmented,
     * resized from the decoded size when the learner decodes larger) before the views are drawn,
     * without gradients: the clustering methods compute their pseudo-labels here.
     */
    protected void beforeViews(NDArray images) {}

    /**
     * Gives a trained network fresh weights and drops its optimizer state (DeepCluster's classifier
     * after every re-clustering).
     */
    protected final void reinitialize(Network network, double std) {
        network.reinitialize(random, std);
        optimizer.forget(network.name() + "/");
    }

    /**
     * What the embedders need, besides the evaluation network, to give every embedding its cluster
     * (centroids and whitening, or a classifier head), as tensors named {@code assign/...}; nothing
     * for methods that do not cluster.
     */
    protected void exportAssignment(Map<String, TensorData> out) {}

    /** The forward pass and loss on the views, in training mode. */
    protected abstract LossOutput loss(NDList views);

    /** Called after each optimizer and EMA update, still inside the step's scope (queues). */
    protected void afterUpdate() {}

    /**
     * The network whose weights the embedders load, exported under the name {@code encoder}; by
     * default the trained encoder. Methods whose paper evaluates another network override it.
     */
    protected Network evaluationNetwork() {
        return networks.get(EvaluationNetwork.ENCODER);
    }

    /** Per-parameter gradient-norm clipping before the update, or 0 for none. */
    protected double gradientClip() {
        return 0;
    }

    /**
     * Whether a trained parameter is left out of this step's update (its gradient discarded, its
     * optimizer state untouched); DINO keeps its last layer still for the first steps.
     */
    protected boolean frozenAt(String parameterName, long step) {
        return false;
    }

    @Override
    public final long step() {
        return step;
    }

    @Override
    public final TrainStepResult trainStep(ImageBatch batch) {
        long start = System.nanoTime();
        double learningRate = schedule.valueAt(step);
        double momentum = teacherMomentum == null ? Double.NaN : teacherMomentum.valueAt(step);
        TrainingLock.LOCK.lock();
        try (NDManager stepManager = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            continual.beforeStep(step);
            NDArray images = batch.toFloat(stepManager);
            GradMode.disable();
            beforeViews(Resampler.resize(images, settings.imageSize()));
            NDList views = viewPolicy().views(images, random);
            double loss;
            double std;
            MethodIndicators indicators;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossOutput out = loss(views);
                NDArray total = continual.total(out.loss(), views, out.projections());
                collector.backward(total);
                loss = total.getFloat();
                std = CollapseIndicators.normalizedStd(out.representations().stopGradient());
                indicators = out.indicators();
            }
            if (!Double.isFinite(loss)) {
                // a diverged batch changes nothing that the optimizer or the EMA would: its
                // gradients are dropped and the step counter stays (BatchNorm running statistics
                // of the forward pass are the one trace it leaves)
                Gradients.discard(trainable.values());
                return new TrainStepResult(
                        step,
                        batch.size(),
                        loss,
                        learningRate,
                        momentum,
                        std,
                        (System.nanoTime() - start) / 1e6,
                        indicators,
                        false);
            }
            Map<String, Parameter> updated = updatedAt(step);
            if (gradientClip() > 0) {
                GradientClipping.clip(updated, gradientClip());
            }
            optimizer.step(updated, learningRate);
            for (EmaTeacher teacher : teachers) {
                teacher.update(momentum);
            }
            afterUpdate();
            step++;
            return new TrainStepResult(
                    step,
                    batch.size(),
                    loss,
                    learningRate,
                    momentum,
                    std,
                    (System.nanoTime() - start) / 1e6,
                    indicators,
                    true);
        } finally {
            TrainingLock.LOCK.unlock();
        }
    }

    private Map<String, Parameter> updatedAt(long at) {
        Map<String, Parameter> updated = new LinkedHashMap<>();
        List<Parameter> frozen = new ArrayList<>();
        // after a warm start the fresh heads learn first, so that their first, random gradients do
        // not reach the pretrained encoder (a step count the settings give, the same after a
        // restore)
        boolean headsOnly =
                settings.initFrom() != null && at < settings.continual().headWarmupSteps();
        for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
            if ((headsOnly && e.getKey().startsWith(EvaluationNetwork.ENCODER + "/"))
                    || frozenAt(e.getKey(), at)) {
                frozen.add(e.getValue());
            } else {
                updated.put(e.getKey(), e.getValue());
            }
        }
        Gradients.discard(frozen);
        return frozen.isEmpty() ? trainable : updated;
    }

    @Override
    public final float[][] represent(ImageBatch batch, float[] mean, float[] std) {
        TrainingLock.LOCK.lock();
        try (NDManager stepManager = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            GradMode.disable();
            NDArray h =
                    evaluationNetwork()
                            .forward(
                                    Normalize.apply(modelInput(batch, stepManager), mean, std),
                                    false);
            int n = (int) h.getShape().get(0);
            int d = (int) h.getShape().get(1);
            float[] flat = h.toFloatArray();
            float[][] rows = new float[n][d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * d, rows[i], 0, d);
            }
            return rows;
        } finally {
            TrainingLock.LOCK.unlock();
        }
    }

    /**
     * A batch as the model's input: float images in [0, 1] at {@code input.image-size}. The
     * learner's images may be decoded larger (its views are cropped from them); where a method uses
     * the image itself (a feature memory, MinRed's features), it sees what the embedders see.
     */
    protected final NDArray modelInput(ImageBatch batch, NDManager manager) {
        return Resampler.resize(batch.toFloat(manager), settings.imageSize());
    }

    @Override
    public final NamedTensors evaluationWeights() {
        Map<String, TensorData> weights =
                new LinkedHashMap<>(evaluationNetwork().export(EvaluationNetwork.ENCODER).asMap());
        exportAssignment(weights);
        return new NamedTensors(weights);
    }

    @Override
    public final void requestAnchorRefresh() {
        continual.requestRefresh();
    }

    @Override
    public final long anchorRefreshes() {
        return continual.refreshes();
    }

    @Override
    public final LearnerState saveState() {
        Map<String, TensorData> all = new LinkedHashMap<>();
        for (Network n : networks.values()) {
            all.putAll(n.export().asMap());
        }
        Map<String, TensorData> own = new LinkedHashMap<>();
        for (StateComponent c : components.values()) {
            c.save(own);
        }
        return new LearnerState(
                name(),
                step,
                random.state(),
                new NamedTensors(all),
                optimizer.exportState(),
                new NamedTensors(own));
    }

    @Override
    public final boolean averagedAcrossReplicas(String componentTensorName) {
        int slash = componentTensorName.indexOf('/');
        StateComponent c =
                components.get(
                        slash < 0 ? componentTensorName : componentTensorName.substring(0, slash));
        return c != null && c.averagedAcrossReplicas();
    }

    @Override
    public final boolean trainedParameter(String networkTensorName) {
        return trainable.containsKey(networkTensorName);
    }

    @Override
    public final void restoreState(LearnerState state) {
        if (!state.method().equals(name())) {
            throw new IllegalArgumentException(
                    "state was written by method '"
                            + state.method()
                            + "', cannot restore into '"
                            + name()
                            + "'");
        }
        for (Network n : networks.values()) {
            n.load(state.networks());
        }
        optimizer.loadState(state.optimizer());
        for (StateComponent c : components.values()) {
            c.restore(state.components());
        }
        this.step = state.step();
        random.restore(state.randomState());
    }

    @Override
    public void close() {
        if (optimizer != null) {
            optimizer.close();
        }
        for (Network n : networks.values()) {
            n.close();
        }
        manager.close();
    }
}
