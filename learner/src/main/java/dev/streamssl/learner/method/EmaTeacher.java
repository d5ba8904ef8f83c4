package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.torch.GradMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A teacher network that follows its student by an exponential moving average of the weights —
 * MoCo's momentum key encoder, BYOL's target network, DINO's teacher:
 *
 * <pre>
 *   θ_t ← m · θ_t + (1 − m) · θ_s      for every learnable parameter pair (t, s)
 * </pre>
 *
 * The teacher starts as a copy of its student, is frozen (autograd records nothing for it, so no
 * backward pass reaches it and the optimizer never sees it) and is moved only by {@link #update}.
 * Its BatchNorm running statistics are not averaged: as in the official MoCo, BYOL and DINO code,
 * which average {@code parameters()} and not buffers, they come from the teacher's own forward
 * passes. The update runs in place inside a scope that closes its one temporary per parameter, so
 * it leaves nothing behind per step.
 */
public final class EmaTeacher {
    private final Network teacher;
    private final List<Parameter[]> pairs = new ArrayList<>();

    /** Pairs {@code teacher}'s learnable parameters with the same paths in {@code student}. */
    public EmaTeacher(Network teacher, Network student) {
        this.teacher = teacher;
        teacher.copyFrom(student);
        teacher.freeze();
        String teacherPrefix = teacher.name();
        for (Map.Entry<String, Parameter> e : student.parameters().entrySet()) {
            if (!e.getValue().requiresGradient()) {
                continue; // BatchNorm running statistics
            }
            String path = e.getKey().substring(student.name().length());
            pairs.add(new Parameter[] {teacher.parameter(teacherPrefix + path), e.getValue()});
        }
    }

    public Network network() {
        return teacher;
    }

    /** θ_t ← m·θ_t + (1 − m)·θ_s over every pair, in place. */
    public void update(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("EMA momentum must be in [0, 1], got " + momentum);
        }
        GradMode.disable();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Parameter[] pair : pairs) {
                NDArray t = pair[0].getArray();
                NDArray s = pair[1].getArray();
                t.muli(momentum).addi(s.mul(1 - momentum));
            }
        }
    }
}
