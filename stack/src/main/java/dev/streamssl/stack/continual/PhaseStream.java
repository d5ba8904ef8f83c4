package dev.streamssl.stack.continual;

import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The training images of one {@link Phase}, for ever: the training split restricted to the phase's
 * classes, looping in stored order, each image shown through the phase's domains in turn; with a
 * run length, {@code runLength} images of the lowest class, then of the next, and so on round the
 * classes (each class keeps its own place in its images).
 */
final class PhaseStream implements Iterator<LabeledImage> {
    private final List<Iterator<LabeledImage>> cursors = new ArrayList<>();
    private final List<Domain> domains;
    private final int runLength;
    private final int side;
    private final int channels;
    private int cursor;
    private int inRun;
    private long served;

    PhaseStream(Phase phase, ImageSource train, int side, int channels) {
        this.domains = phase.domains();
        this.runLength = phase.runLength();
        this.side = side;
        this.channels = channels;
        if (runLength > 0) {
            for (Map.Entry<Integer, List<LabeledImage>> c : byClass(train).entrySet()) {
                if (phase.classes() == null || phase.classes().contains(c.getKey())) {
                    cursors.add(
                            new LoopingCursor(
                                    new ListImageSource("class " + c.getKey(), c.getValue()),
                                    true));
                }
            }
        } else {
            ImageSource source = only(train, phase.classes());
            if (source.size() > 0) {
                cursors.add(new LoopingCursor(source, true));
            }
        }
        if (cursors.isEmpty()) {
            throw new IllegalArgumentException(
                    "phase " + phase.name() + ": no training images of classes " + phase.classes());
        }
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public LabeledImage next() {
        if (runLength > 0 && inRun == runLength) {
            cursor = (cursor + 1) % cursors.size();
            inRun = 0;
        }
        inRun++;
        LabeledImage image = cursors.get(cursor).next();
        Domain domain = domains.get((int) (served++ % domains.size()));
        return domain.apply(image, side, channels);
    }

    /** The images of {@code classes} (null: all), in stored order. */
    static ImageSource only(ImageSource source, Set<Integer> classes) {
        if (classes == null) {
            return source;
        }
        List<LabeledImage> kept = new ArrayList<>();
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            LabeledImage image = it.next();
            if (image.label() != null && classes.contains(image.label())) {
                kept.add(image);
            }
        }
        return new ListImageSource(source.describe() + " classes " + classes, kept);
    }

    /** The images in {@code domain}: each transformed once, up front. */
    static ImageSource seenThrough(ImageSource source, Domain domain, int side, int channels) {
        if (domain == Domain.ORIGINAL) {
            return source;
        }
        List<LabeledImage> seen = new ArrayList<>(source.size());
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            seen.add(domain.apply(it.next(), side, channels));
        }
        return new ListImageSource(source.describe() + " " + domain, seen);
    }

    private static Map<Integer, List<LabeledImage>> byClass(ImageSource source) {
        Map<Integer, List<LabeledImage>> classes = new TreeMap<>();
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            LabeledImage image = it.next();
            if (image.label() != null) {
                classes.computeIfAbsent(image.label(), k -> new ArrayList<>()).add(image);
            }
        }
        return classes;
    }
}
