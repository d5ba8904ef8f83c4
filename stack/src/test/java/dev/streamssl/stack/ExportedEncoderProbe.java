package dev.streamssl.stack;

import ai.djl.Model;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.SyntheticImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a fresh JVM by {@link ModelExportITCase}: loads an exported encoder with plain DJL and
 * prints the embedding of each synthetic image, one line per image: the id, then the vector.
 *
 * <p>Arguments: model directory, image count, seed, id prefix.
 */
public final class ExportedEncoderProbe {
    private ExportedEncoderProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SyntheticImages images =
                new SyntheticImages(Integer.parseInt(args[1]), Long.parseLong(args[2]), args[3]);
        ExportedEncoder.Descriptor d = ExportedEncoder.descriptor(dir);
        List<String> ids = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        for (java.util.Iterator<LabeledImage> it = images.iterator(); it.hasNext(); ) {
            LabeledImage image = it.next();
            ids.add(image.id());
            pixels.add(image.data());
        }
        int per = d.channels() * d.inputSize() * d.inputSize();
        float[] flat = new float[pixels.size() * per];
        for (int i = 0; i < pixels.size(); i++) {
            for (int j = 0; j < per; j++) {
                flat[i * per + j] = pixels.get(i)[j] & 0xFF;
            }
        }
        try (Model model = ExportedEncoder.load(dir)) {
            float[][] vectors = ExportedEncoder.embed(model, d, flat, ids.size());
            for (int i = 0; i < ids.size(); i++) {
                StringBuilder line = new StringBuilder(ids.get(i));
                for (float v : vectors[i]) {
                    line.append(' ').append(v);
                }
                System.out.println(line);
            }
        }
    }
}
