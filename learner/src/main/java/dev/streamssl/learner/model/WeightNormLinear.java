package dev.streamssl.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.streamssl.learner.loss.L2Normalize;

/**
 * A linear layer without bias whose rows are weight-normalised with the norm fixed at 1 (Salimans
 * and Kingma 2016; DINO's last layer with {@code norm_last_layer=True}, where {@code weight_g} is
 * set to 1 and frozen): y = x · (V / ‖V‖_row)ᵀ. Only the direction V is learnt; with unit-norm
 * inputs the outputs are cosines, which DINO found keeps training stable.
 */
public final class WeightNormLinear extends AbstractBlock {
    private final int units;
    private final Parameter direction;

    public WeightNormLinear(int units) {
        this.units = units;
        this.direction =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        direction.setShape(new Shape(units, in.get(in.dimension() - 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(units)};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray v = store.getValue(direction, x.getDevice(), training); // (K, d)
        NDArray w = L2Normalize.rows(v);
        return new NDList(x.matMul(w.transpose()));
    }
}
