package dev.streamssl.producers.data;

import java.util.Iterator;

/** A finite, re-iterable collection of images to publish (a data set, a folder, a generator). */
public interface ImageSource {
    /** Number of images one pass yields. */
    int size();

    /** A new pass over the images, in a fixed order. */
    Iterator<LabeledImage> iterator();

    /** Short description for progress output, e.g. {@code fashion-mnist train}. */
    String describe();
}
