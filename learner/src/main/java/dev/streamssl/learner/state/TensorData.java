package dev.streamssl.learner.state;

import java.util.Arrays;

/**
 * One tensor as plain JVM data: its shape and its float values in row-major order. This is the form
 * in which parameters, optimizer moments and other learner state leave native memory, so that no
 * NDArray is ever held in Flink state.
 */
public record TensorData(long[] shape, float[] values) {
    public TensorData {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + size
                            + " values, got "
                            + values.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TensorData" + Arrays.toString(shape);
    }
}
