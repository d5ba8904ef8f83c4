package dev.streamssl.job.learn;

import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.SslMethod;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The broadcast of the learner's evaluation weights as {@link ModelSnapshot}s (version = step),
 * which the embedders switch to. Only a version newer than the last one published goes out, so no
 * embedder sees a version twice or an older one after a newer; each also goes to the {@link
 * ModelExporter}. Only learner 0 publishes: with several learners all hold the same model after a
 * round.
 */
final class SnapshotPublisher {
    private final SslMethod method;
    private final ReentrantLock modelLock;
    private final Output<StreamRecord<ModelSnapshot>> output;
    private final ModelExporter exporter;
    private final boolean publishes;
    // −1 until the first image after (re)start
    private long publishedVersion = -1;

    SnapshotPublisher(
            SslMethod method,
            ReentrantLock modelLock,
            Output<StreamRecord<ModelSnapshot>> output,
            ModelExporter exporter,
            boolean publishes) {
        this.method = method;
        this.modelLock = modelLock;
        this.output = output;
        this.exporter = exporter;
        this.publishes = publishes;
    }

    /** The newest version published; 0 on the other learners once started, −1 before. */
    long publishedVersion() {
        return publishedVersion;
    }

    /**
     * At the first image after (re)start: learner 0 publishes the weights it starts from, so that
     * the embedders switch to them without waiting for a step.
     */
    void start() {
        if (publishes) {
            publishNow();
        } else {
            publishedVersion = 0;
        }
    }

    /** The evaluation weights now, as a snapshot; call with the model lock held or no trainer. */
    ModelSnapshot snapshot() {
        return ModelSnapshot.of(method);
    }

    /** Publishes the weights now, read under the model lock. */
    void publishNow() {
        modelLock.lock();
        try {
            publish(snapshot());
        } finally {
            modelLock.unlock();
        }
    }

    /** Publishes {@code snapshot} if it is newer than the last one published. */
    void publish(ModelSnapshot snapshot) {
        if (snapshot.version > publishedVersion && publishes) {
            output.collect(new StreamRecord<>(snapshot));
            publishedVersion = snapshot.version;
            exporter.published(snapshot);
        }
    }
}
