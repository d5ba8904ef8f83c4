package dev.streamssl.stack.continual;

import java.util.Set;

/**
 * A part of the test data that a scenario scores on its own: the test (and bank) images of {@code
 * classes} (null: all) seen through {@code domain}. kNN of a part uses a bank of the same part, as
 * a task's classifier would. Its role says what the summary makes of it: an {@code OLD} part is
 * what the stream carried before it changed (forgetting is measured on it), a {@code NEW} part what
 * it carries after (plasticity), {@code ALL} the whole test data.
 */
public record Part(String name, Set<Integer> classes, Domain domain, Role role) {
    /** What a part stands for in the summary. */
    public enum Role {
        OLD,
        NEW,
        ALL
    }

    public Part {
        classes = classes == null ? null : Set.copyOf(classes);
    }
}
