package dev.streamssl.stack.continual;

import java.util.List;
import java.util.Set;

/**
 * One stretch of a scenario's stream: {@code images} training images of {@code classes} (null: all)
 * seen through {@code domains} (interleaved image by image when there are several, as a joint run
 * mixes them), in the training split's stored order, or, with {@code runLength} &gt; 0, in runs of
 * that many images of one class at a time (a camera pointed at one thing, a crawler on one site).
 */
public record Phase(
        String name, long images, Set<Integer> classes, List<Domain> domains, int runLength) {
    public Phase {
        if (images < 1) {
            throw new IllegalArgumentException("phase " + name + " needs at least one image");
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("phase " + name + " needs a domain");
        }
        classes = classes == null ? null : Set.copyOf(classes);
        domains = List.copyOf(domains);
    }

    /** A phase of the stored order in the original domain. */
    public static Phase of(String name, long images, Set<Integer> classes) {
        return new Phase(name, images, classes, List.of(Domain.ORIGINAL), 0);
    }
}
