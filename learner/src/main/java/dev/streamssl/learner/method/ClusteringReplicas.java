package dev.streamssl.learner.method;

/** Why the clustering methods train on one learner only, in one sentence for every message. */
final class ClusteringReplicas {
    static final String REFUSAL =
            "its pseudo-labels come from a re-clustering of one learner's memory; with several"
                    + " learners each would cluster on its own and their classifiers, over label"
                    + " ids that do not match, cannot be averaged (a re-clustering in one place"
                    + " for all learners is not built yet)";

    private ClusteringReplicas() {}
}
