package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.NamedTensors;

/**
 * One replica's part of an averaging round: the tensors it averages (see {@link ReplicatedState})
 * after its local steps, and the images it trained on since the previous round, which weigh it in
 * the mean.
 *
 * @param replica the learner subtask's index, which fixes the order of the reduction
 * @param images images trained on since the previous round
 * @param tensors the replica's averaged tensors now
 */
public record Contribution(int replica, long images, NamedTensors tensors) {
    public Contribution {
        if (replica < 0 || images < 0) {
            throw new IllegalArgumentException(
                    "replica " + replica + " and images " + images + " must be >= 0");
        }
    }
}
