package dev.streamssl.job.types;

import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The evaluation network's weights at one learner step, broadcast from the learner to every
 * embedder. {@code weights} is a {@code NamedTensorsSerializer} payload of the given format
 * version; {@code version} is the learner step (0 = initial weights).
 */
public class ModelSnapshot {
    public String method;
    public long version;
    public int format;
    public byte[] weights;

    public ModelSnapshot() {}

    public ModelSnapshot(String method, long version, int format, byte[] weights) {
        this.method = method;
        this.version = version;
        this.format = format;
        this.weights = weights;
    }

    /** The method's evaluation weights now; call with the model lock held or no trainer. */
    public static ModelSnapshot of(SslMethod method) {
        try {
            NamedTensorsSerializer weights = new NamedTensorsSerializer();
            return new ModelSnapshot(
                    method.name(),
                    method.step(),
                    weights.version(),
                    weights.serialize(method.evaluationWeights()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
