package dev.streamssl.job.reembed;

import ai.djl.Model;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Embeds every image with one frozen model (an {@link ExportedEncoder} directory, on any file
 * system Flink reaches), in batches. The batch in progress is embedded before each checkpoint
 * barrier and at the end of input, so it needs no state: with a transactional sink, the output
 * holds each image once.
 */
public final class FrozenEmbedder extends AbstractStreamOperator<EncodedRecord>
        implements OneInputStreamOperator<DecodedImage, EncodedRecord>, BoundedOneInput {
    private final String modelDir;
    private final int batchSize;

    private transient Model model;
    private transient Path localCopy;
    private transient ExportedEncoder.Descriptor descriptor;
    private transient List<DecodedImage> waiting;
    private final WireFormat wire;
    private final String targetTopic;
    private transient WireCodec<EmbeddingRecord> codec;
    private transient int subtask;

    public FrozenEmbedder(String modelDir, int batchSize, WireFormat wire, String targetTopic) {
        this.modelDir = modelDir;
        this.batchSize = batchSize;
        this.wire = wire;
        this.targetTopic = targetTopic;
    }

    @Override
    public void open() throws Exception {
        super.open();
        DjlOffline.enforce();
        Path local = ModelDirectory.local(modelDir);
        descriptor = ExportedEncoder.descriptor(local);
        model = ExportedEncoder.load(local);
        if (!ModelDirectory.isLocal(modelDir)) {
            localCopy = local; // copied from a remote file system: removed on close
        }
        waiting = new ArrayList<>();
        codec = wire.embeddings(targetTopic);
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) {
        waiting.add(element.getValue());
        if (waiting.size() >= batchSize) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        int per = descriptor.channels() * descriptor.inputSize() * descriptor.inputSize();
        float[] pixels = new float[waiting.size() * per];
        for (int i = 0; i < waiting.size(); i++) {
            byte[] p = waiting.get(i).pixels;
            for (int j = 0; j < per; j++) {
                pixels[i * per + j] = p[j] & 0xFF;
            }
        }
        float[][] vectors = ExportedEncoder.embed(model, descriptor, pixels, waiting.size());
        for (int i = 0; i < waiting.size(); i++) {
            DecodedImage image = waiting.get(i);
            List<Float> values = new ArrayList<>(vectors[i].length);
            for (float v : vectors[i]) {
                values.add(v);
            }
            EmbeddingRecord record =
                    EmbeddingRecord.newBuilder()
                            .setId(image.id)
                            .setTimestampMs(image.timestampMs)
                            .setMethod(descriptor.method())
                            .setModelVersion(descriptor.modelVersion())
                            .setVector(values)
                            .setLabel(image.label)
                            .setTags(image.tags == null ? java.util.Map.of() : image.tags)
                            .setEmbedderSubtask(subtask)
                            .build();
            output.collect(new StreamRecord<>(new EncodedRecord(image.id, codec.encode(record))));
        }
        waiting.clear();
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
        }
        if (localCopy != null) {
            ModelDirectory.deleteQuietly(localCopy);
        }
        super.close();
    }
}
