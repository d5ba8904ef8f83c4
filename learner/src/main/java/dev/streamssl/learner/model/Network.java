package dev.streamssl.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import dev.streamssl.learner.torch.GradMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named, initialised DJL block with its parameters addressed by stable names ({@code
 * <network>/<djl parameter path>}), so that weights and optimizer moments can be exported to and
 * restored from plain {@link NamedTensors}. The parameters live in a manager owned by this network;
 * per-step arrays never do.
 */
public final class Network implements AutoCloseable {
    private final String name;
    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;
    private final Map<String, Parameter> parameters;

    public Network(
            String name, Block block, NDManager parent, Shape inputShape, StreamRandom random) {
        this.name = name;
        this.block = block;
        this.manager = parent.newSubManager();
        this.store = new ParameterStore(manager, false);
        GradMode.disable();
        block.initialize(manager, DataType.FLOAT32, inputShape);
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(name + "/" + p.getKey(), p.getValue());
        }
        this.parameters = Collections.unmodifiableMap(byName);
        TorchDefaultInit.apply(parameters, random);
    }

    /**
     * A stand-alone encoder, named {@code encoder} as the learner names its own, for square inputs
     * of {@code channels} × {@code size} × {@code size}: what exports, warm starts and their tests
     * build outside a method.
     */
    public static Network encoder(
            Architecture architecture, int channels, int size, NDManager parent, long seed) {
        return new Network(
                "encoder",
                architecture.build(),
                parent,
                new Shape(2, channels, size, size),
                new StreamRandom(seed));
    }

    public String name() {
        return name;
    }

    public Block block() {
        return block;
    }

    /** Forward pass of one batch; BatchNorm uses batch statistics when {@code training}. */
    /** One of the network's own blocks applied to an input, in inference mode. */
    public NDArray forward(Block part, NDArray input) {
        return part.forward(store, new NDList(input), false).singletonOrThrow();
    }

    public NDArray forward(NDArray input, boolean training) {
        return block.forward(store, new NDList(input), training).singletonOrThrow();
    }

    /** Every parameter by name, including BatchNorm running statistics. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Number of learnable values (what PyTorch's {@code parameters()} counts). */
    public long learnableParameterCount() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    public NamedTensors export() {
        return export(name);
    }

    /**
     * Every parameter with this network's name replaced by {@code asName} (a teacher's backbone
     * exported as the {@code encoder} the embedders load, say).
     */
    public NamedTensors export(String asName) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(
                    asName + e.getKey().substring(name.length()),
                    new TensorData(a.getShape().getShape(), a.toFloatArray()));
        }
        return new NamedTensors(out);
    }

    /**
     * Takes no gradients from now on: autograd records nothing for these parameters, so no backward
     * pass reaches them (EMA teachers, which only an EMA update moves).
     */
    public void freeze() {
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(false);
            }
        }
    }

    /**
     * Copies every parameter, BatchNorm statistics included, from a network of the same
     * architecture (a teacher starts as its student: MoCo, BYOL and DINO all do this).
     */
    public void copyFrom(Network other) {
        GradMode.disable();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter source = other.parameter(other.name + e.getKey().substring(name.length()));
            source.getArray().copyTo(e.getValue().getArray());
        }
    }

    /**
     * Draws every weight afresh from N(0, std²) and zeroes the biases (DeepCluster's
     * re-initialisation of its classifier: {@code weight.normal_(0, 0.01)}, {@code bias.zero_()}),
     * from the learner's generator.
     */
    public void reinitialize(StreamRandom random, double std) {
        GradMode.disable();
        for (Parameter p : parameters.values()) {
            float[] values = new float[Math.toIntExact(p.getArray().size())];
            if (p.getType() == Parameter.Type.WEIGHT) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (std * random.nextGaussian());
                }
            }
            if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS) {
                p.getArray().set(values);
            }
        }
    }

    /** One parameter by its full name; fails naming it when there is none. */
    public Parameter parameter(String fullName) {
        Parameter p = parameters.get(fullName);
        if (p == null) {
            throw new IllegalArgumentException("network " + name + " has no parameter " + fullName);
        }
        return p;
    }

    /** Overwrites every parameter with the tensor of the same name; all must be present. */
    public void load(NamedTensors tensors) {
        GradMode.disable();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            TensorData t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException(
                        "state has no tensor for parameter "
                                + e.getKey()
                                + " (architecture changed?)");
            }
            NDArray a = e.getValue().getArray();
            if (!a.getShape().equals(new Shape(t.shape()))) {
                throw new IllegalArgumentException(
                        "parameter "
                                + e.getKey()
                                + " has shape "
                                + a.getShape()
                                + " but the state holds "
                                + new Shape(t.shape()));
            }
            a.set(t.values());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
