package dev.streamssl.producers.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Files listed by a folder or a manifest, as an {@link ImageSource}: each pass reads the files in
 * the order given (path order, or shuffled with a seed), yields those that {@link PhotoPreparer}
 * accepts and counts the others in {@link SkippedFiles}. A file is read when its turn comes, so a
 * folder of any size takes one file's memory at a time. {@link #size()} counts the files listed:
 * some may be skipped.
 */
public final class PhotoSource implements ImageSource {
    private final List<PhotoEntry> entries;
    private final PhotoPreparer preparer;
    private final SkippedFiles skipped;
    private final String description;

    public PhotoSource(
            List<PhotoEntry> entries,
            PhotoPreparer preparer,
            SkippedFiles skipped,
            String description) {
        this.entries = List.copyOf(entries);
        this.preparer = preparer;
        this.skipped = skipped;
        this.description = description;
    }

    /** The entries in a seeded random order (Fisher–Yates with {@link SplittableRandom}). */
    public static List<PhotoEntry> shuffled(List<PhotoEntry> entries, long seed) {
        List<PhotoEntry> out = new ArrayList<>(entries);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PhotoEntry t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        Iterator<PhotoEntry> files = entries.iterator();
        return new Iterator<>() {
            private LabeledImage next;

            @Override
            public boolean hasNext() {
                while (next == null && files.hasNext()) {
                    PhotoEntry entry = files.next();
                    try {
                        next = preparer.prepare(entry);
                    } catch (PhotoPreparer.Skipped e) {
                        skipped.skip(e.reason(), entry.file().toString(), e.getMessage());
                    }
                }
                return next != null;
            }

            @Override
            public LabeledImage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LabeledImage image = next;
                next = null;
                return image;
            }
        };
    }
}
