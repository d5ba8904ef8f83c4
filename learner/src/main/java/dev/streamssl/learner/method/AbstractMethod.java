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
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.metrics.CollapseIndicators;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.Optimizer;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.schedule.StepSchedule;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machinery every method shares: its networks and their named parameters, the optimizer and
 * learning-rate schedule, the seeded generator, the step counter, one scoped training step (augment
 * → forward → loss → backward → update, with every per-step array closed at the end), and saving
 * and restoring all of it. A method adds its networks in its constructor and implements {@link
 * #loss}.
 */
public abstract class AbstractMethod implements SslMethod {
    protected final LearnerSettings settings;
    protected final NDManager manager;
    protected final StreamRandom random;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Parameter> trainable = new LinkedHashMap<>();
    private final StepSchedule schedule;
    private Optimizer optimizer;
    private long step;

    /** What a method's forward pass gives back: the loss and the representations of one view. */
    protected record LossOutput(NDArray loss, NDArray representations) {}

    protected AbstractMethod(LearnerSettings settings) {
        this.settings = settings;
        Device device = Devices.resolve(settings.device());
        this.manager = NDManager.newBaseManager(device);
        this.random = new StreamRandom(settings.seed());
        this.schedule = settings.optimizer().schedule(settings.batchSize());
    }

    /** Creates and registers a network trained by the optimizer. */
    protected final Network addTrainedNetwork(String name, Block block, Shape inputShape) {
        Network network = new Network(name, block, manager, inputShape, random);
        networks.put(name, network);
        for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
            if (e.getValue().requiresGradient()) {
                trainable.put(e.getKey(), e.getValue());
            }
        }
        return network;
    }

    /** Builds the optimizer; call once all networks are added. */
    protected final void initOptimizer() {
        this.optimizer = settings.optimizer().build(manager);
    }

    protected abstract ViewPolicy viewPolicy();

    /** The forward pass and loss on the views, in training mode. */
    protected abstract LossOutput loss(NDList views);

    /** Called after each optimizer update (EMA teachers, queues, centers). */
    protected void afterUpdate(NDList views) {}

    @Override
    public final long step() {
        return step;
    }

    @Override
    public final TrainStepResult trainStep(ImageBatch batch) {
        long start = System.nanoTime();
        double learningRate = schedule.valueAt(step);
        TrainingLock.LOCK.lock();
        try (NDManager stepManager = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray images = batch.toFloat(stepManager);
            NDList views = viewPolicy().views(images, random);
            double loss;
            double std;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossOutput out = loss(views);
                collector.backward(out.loss());
                loss = out.loss().getFloat();
                std = CollapseIndicators.normalizedStd(out.representations().stopGradient());
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(
                        name()
                                + " loss became "
                                + loss
                                + " at step "
                                + step
                                + "; lower the learning rate (now "
                                + learningRate
                                + ")");
            }
            optimizer.step(trainable, learningRate);
            afterUpdate(views);
            step++;
            return new TrainStepResult(
                    step, loss, learningRate, Double.NaN, std, (System.nanoTime() - start) / 1e6);
        } finally {
            TrainingLock.LOCK.unlock();
        }
    }

    @Override
    public final NamedTensors evaluationWeights() {
        Network encoder = networks.get(EvaluationNetwork.ENCODER);
        return encoder.export();
    }

    @Override
    public final LearnerState saveState() {
        Map<String, TensorData> all = new LinkedHashMap<>();
        for (Network n : networks.values()) {
            all.putAll(n.export().asMap());
        }
        return new LearnerState(
                name(),
                step,
                random.state(),
                new NamedTensors(all),
                optimizer.exportState(),
                NamedTensors.empty());
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
