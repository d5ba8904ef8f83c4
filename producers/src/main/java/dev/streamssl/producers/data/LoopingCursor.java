package dev.streamssl.producers.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks an image source once, or round and round. On every pass after the first, ids get a {@code
 * #pass} suffix, so that each occurrence of an image in a stream is a distinct record.
 */
public final class LoopingCursor implements Iterator<LabeledImage> {
    private final ImageSource source;
    private final boolean loop;
    private Iterator<LabeledImage> pass;
    private int passIndex;

    public LoopingCursor(ImageSource source, boolean loop) {
        this.source = source;
        this.loop = loop;
        this.pass = source.iterator();
    }

    @Override
    public boolean hasNext() {
        if (!pass.hasNext() && loop && source.size() > 0) {
            pass = source.iterator();
            passIndex++;
        }
        return pass.hasNext();
    }

    @Override
    public LabeledImage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LabeledImage image = pass.next();
        if (passIndex == 0) {
            return image;
        }
        return image.withId(image.id() + "#" + passIndex);
    }
}
