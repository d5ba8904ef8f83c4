package dev.streamssl.producers.data;

import java.util.Iterator;
import java.util.List;

/** An image source over images already in memory (a slice of a data set, a prepared set). */
public final class ListImageSource implements ImageSource {
    private final String description;
    private final List<LabeledImage> images;

    public ListImageSource(String description, List<LabeledImage> images) {
        this.description = description;
        this.images = List.copyOf(images);
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        return images.iterator();
    }

    @Override
    public String describe() {
        return description;
    }
}
