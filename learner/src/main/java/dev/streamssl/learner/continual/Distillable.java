package dev.streamssl.learner.continual;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.model.Network;
import java.util.function.Supplier;

/**
 * What a method offers a distillation strategy: the trained path from image to projection (encoder
 * then projector), fresh blocks of both architectures for the frozen copies, the shapes they are
 * built for, and how the method's loss compares two projections.
 *
 * @param encoder the trained encoder f
 * @param encoderBlock a fresh, untrained block of f's architecture
 * @param imageShape the shape f is built for
 * @param projector the trained projector g on f's features, whose output the method's loss takes
 * @param projectorBlock a fresh block of g's architecture
 * @param featureShape the shape g is built for
 * @param projectionDim the width of g's output
 * @param distillation the method's loss as a distillation term
 */
public record Distillable(
        Network encoder,
        Supplier<Block> encoderBlock,
        Shape imageShape,
        Network projector,
        Supplier<Block> projectorBlock,
        Shape featureShape,
        int projectionDim,
        Distillation distillation) {}
