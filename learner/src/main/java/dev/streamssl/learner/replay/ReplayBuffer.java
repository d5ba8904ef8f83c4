package dev.streamssl.learner.replay;

import dev.streamssl.learner.random.StreamRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded buffer the learner draws its batches from, so that a stream that is not shuffled (a
 * camera, a crawler, a data set published class by class) does not make the learner forget all but
 * the latest content. Which images stay is the {@link ReplayPolicy}. The buffer is plain JVM data
 * (pixels, MinRed's features, counters and its own generator state) and is checkpointed whole with
 * {@link ReplayBufferSerializer}, so a restored learner draws the same batches.
 */
public final class ReplayBuffer {
    /** One buffered image: its pixels, its feature (MinRed; else null), times trained on. */
    public static final class Item {
        final byte[] pixels;
        float[] feature;
        int trained;
        // MinRed: cosine similarity to the nearest other item, and that item
        double nearest = Double.NEGATIVE_INFINITY;
        Item nearestItem;

        Item(byte[] pixels, float[] feature, int trained) {
            this.pixels = pixels;
            this.feature = feature;
            this.trained = trained;
        }

        public byte[] pixels() {
            return pixels;
        }
    }

    private final ReplayPolicy policy;
    private final int capacity;
    private final StreamRandom random;
    private final List<Item> items = new ArrayList<>();
    private long seen;
    private long skipped;

    public ReplayBuffer(ReplayPolicy policy, int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "learner.replay.capacity = " + capacity + " must be >= 1");
        }
        this.policy = policy;
        this.capacity = capacity;
        this.random = new StreamRandom(seed);
    }

    public ReplayPolicy policy() {
        return policy;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return items.size();
    }

    /** Images offered to the buffer so far. */
    public long seen() {
        return seen;
    }

    /** Images that left the buffer, or never entered it, without being trained on. */
    public long skipped() {
        return skipped;
    }

    /** Images in the buffer not yet trained on. */
    public int untrained() {
        int n = 0;
        for (Item item : items) {
            if (item.trained == 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Offers an image; a full buffer makes room by its policy.
     *
     * @param feature the image's representation (MinRed only; null otherwise)
     */
    public void add(byte[] pixels, float[] feature) {
        add(pixels, feature, 0);
    }

    /**
     * Offers an image that was just trained on as a new image (the newest part of a mixed batch,
     * {@code learner.replay.share} below 1), so that it does not count as skipped if it leaves the
     * buffer without being drawn.
     */
    public void addTrained(byte[] pixels, float[] feature) {
        add(pixels, feature, 1);
    }

    private void add(byte[] pixels, float[] feature, int trained) {
        if (policy == ReplayPolicy.MINRED && feature == null) {
            throw new IllegalArgumentException("MinRed needs a feature for every image");
        }
        seen++;
        Item item = new Item(pixels, feature == null ? null : normalized(feature), trained);
        if (items.size() < capacity) {
            if (policy == ReplayPolicy.MINRED) {
                admit(item);
            } else {
                items.add(item);
            }
            return;
        }
        switch (policy) {
            case FIFO -> {
                evict(0);
                items.add(item);
            }
            case RESERVOIR -> {
                long slot = Math.floorMod(random.nextLong(), seen);
                if (slot < capacity) {
                    evict((int) slot);
                    items.add((int) slot, item);
                } else {
                    skipped++;
                }
            }
            case MINRED -> {
                admit(item);
                evict(mostRedundant());
            }
        }
    }

    private void evict(int index) {
        Item gone = items.remove(index);
        if (gone.trained == 0) {
            skipped++;
        }
        if (policy == ReplayPolicy.MINRED) {
            // only the items whose nearest neighbour left need a new one
            for (Item item : items) {
                if (item.nearestItem == gone) {
                    findNearest(item);
                }
            }
        }
    }

    /**
     * MinRed keeps every item's nearest neighbour up to date, so that an eviction costs one pass
     * over the buffer instead of all pairs: a newcomer is compared with each item once.
     */
    private void admit(Item item) {
        for (Item other : items) {
            double s = dot(item.feature, other.feature);
            if (s > other.nearest) {
                other.nearest = s;
                other.nearestItem = item;
            }
            if (s > item.nearest) {
                item.nearest = s;
                item.nearestItem = other;
            }
        }
        items.add(item);
    }

    private void findNearest(Item item) {
        item.nearest = Double.NEGATIVE_INFINITY;
        item.nearestItem = null;
        for (Item other : items) {
            if (other != item) {
                double s = dot(item.feature, other.feature);
                if (s > item.nearest) {
                    item.nearest = s;
                    item.nearestItem = other;
                }
            }
        }
    }

    /** Index of the item whose nearest neighbour (cosine) is closest; the first on a tie. */
    int mostRedundant() {
        int best = items.size() - 1;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).nearest > bestSimilarity) {
                bestSimilarity = items.get(i).nearest;
                best = i;
            }
        }
        return best;
    }

    /** Whether {@link #draw} can give a batch of {@code size} now. */
    public boolean canDraw(int size) {
        return policy == ReplayPolicy.FIFO ? untrained() >= size : items.size() >= size;
    }

    /**
     * A batch: FIFO's oldest untrained images, which then leave the buffer; otherwise {@code size}
     * distinct images drawn uniformly, which stay.
     */
    public List<Item> draw(int size) {
        if (!canDraw(size)) {
            throw new IllegalStateException(
                    "buffer holds " + items.size() + " images, cannot draw " + size);
        }
        List<Item> batch = new ArrayList<>(size);
        if (policy == ReplayPolicy.FIFO) {
            for (int i = 0; i < size; i++) {
                Item item = items.remove(0);
                item.trained++;
                batch.add(item);
            }
            return batch;
        }
        int n = items.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            Item item = items.get(order[i]);
            item.trained++;
            batch.add(item);
        }
        return batch;
    }

    /** MinRed refreshes the features of a drawn batch with the model that trained on it. */
    public void updateFeatures(List<Item> batch, float[][] features) {
        java.util.Set<Item> changed =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).feature = normalized(features[i]);
            changed.add(batch.get(i));
        }
        for (Item item : items) {
            if (changed.contains(item) || changed.contains(item.nearestItem)) {
                findNearest(item);
            } else {
                // an unchanged item's neighbour may now be one of the changed ones
                for (Item c : changed) {
                    double s = dot(item.feature, c.feature);
                    if (s > item.nearest) {
                        item.nearest = s;
                        item.nearestItem = c;
                    }
                }
            }
        }
    }

    List<Item> items() {
        return items;
    }

    long randomState() {
        return random.state();
    }

    void restore(List<Item> restoredItems, long restoredSeen, long restoredSkipped, long state) {
        items.clear();
        items.addAll(restoredItems);
        if (policy == ReplayPolicy.MINRED) {
            for (Item item : items) {
                findNearest(item);
            }
        }
        seen = restoredSeen;
        skipped = restoredSkipped;
        random.restore(state);
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * scale;
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
