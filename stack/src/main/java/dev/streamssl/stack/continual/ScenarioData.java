package dev.streamssl.stack.continual;

import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.util.Iterator;

/**
 * A labelled data set cut the way a scenario needs it: a phase's training stream, a part's bank and
 * test images (its classes, through its domain), every image at the learner's decode size.
 */
public final class ScenarioData {
    private final DemoData data;
    private final int decodeSize;
    private final int channels;

    public ScenarioData(DemoData data, int decodeSize, int channels) {
        this.data = data;
        this.decodeSize = decodeSize;
        this.channels = channels;
    }

    /** The phase's training images, for ever. */
    public Iterator<LabeledImage> stream(Phase phase) {
        return new PhaseStream(phase, data.train(), decodeSize, channels);
    }

    public ImageSource bank(Part part) {
        return PhaseStream.seenThrough(
                PhaseStream.only(data.bank(), part.classes()), part.domain(), decodeSize, channels);
    }

    public ImageSource test(Part part) {
        return PhaseStream.seenThrough(
                PhaseStream.only(data.test(), part.classes()), part.domain(), decodeSize, channels);
    }

    /** An image as the job's decoder hands it to the learner: at the decode size. */
    public byte[] atDecodeSize(LabeledImage image) {
        if (image.encoding() == Encoding.RAW_U8
                && image.width() == decodeSize
                && image.height() == decodeSize
                && image.channels() == channels) {
            return image.data();
        }
        return KnnProbe.modelInput(image, decodeSize, channels);
    }
}
