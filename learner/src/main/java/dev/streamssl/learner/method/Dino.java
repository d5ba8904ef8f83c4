package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.MultiCropPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.loss.DinoLoss;
import dev.streamssl.learner.model.DinoHead;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.schedule.LinearRamp;
import dev.streamssl.learner.schedule.StepSchedule;
import dev.streamssl.learner.state.TeacherCenter;

/**
 * DINO (Caron et al., "Emerging Properties in Self-Supervised Vision Transformers", ICCV 2021):
 * self-distillation without labels. A student (backbone + {@link DinoHead}) sees every multi-crop
 * view; a teacher of the same architecture, an EMA of the student, sees the two global views; the
 * student learns to match the teacher's centred, sharpened distribution over K prototypes on every
 * other view ({@link DinoLoss}). The center is the {@link TeacherCenter} state component, updated
 * after each step with the teacher's outputs. Embeddings are the teacher backbone's representation,
 * which the paper evaluates (it is the better of the two throughout training).
 *
 * <p>Where the stream version differs from the official code, and why:
 *
 * <ul>
 *   <li>Schedules run over steps, not epochs: the teacher temperature warms up over {@code
 *       teacherTemperatureWarmupSteps}, the last layer is frozen for {@code freezeLastLayerSteps},
 *       and the teacher momentum rises from its base to 1 over the horizon only under the budgeted
 *       cosine schedule; under the stream's constant schedule it stays at its base, since a teacher
 *       at momentum 1 would stop following a drifting stream.
 *   <li>Weight decay is constant, not DINO's cosine from 0.04 to 0.4, for the same reason.
 *   <li>Views of one kind go through a network as one batch (the two global views together, all
 *       local views together), as the official {@code MultiCropWrapper} does per resolution.
 * </ul>
 */
public final class Dino extends AbstractMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "dino",
                    "DINO (Caron et al., ICCV 2021)",
                    DinoSettings.OPTIONS,
                    Recipe.adamw(5e-4, 0.04),
                    Recipe.adamw(5e-4, 0.04),
                    DinoSettings::from,
                    Dino::new);

    private final DinoSettings dino;
    private final Network backbone;
    private final Network head;
    private final EmaTeacher teacherBackbone;
    private final EmaTeacher teacherHead;
    private final TeacherCenter center;
    private final StepSchedule teacherTemperature;
    private final ViewPolicy views;
    private NDList pendingTeacherOutputs;

    public Dino(LearnerSettings settings) {
        super(settings);
        this.dino = (DinoSettings) settings.method();
        this.views = new MultiCropPolicy(dino.views());
        int size = dino.views().global1().outputSize();
        Shape imageShape = new Shape(2, settings.channels(), size, size);
        Shape featureShape = new Shape(2, settings.architecture().featureDim());
        this.backbone =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER, settings.architecture().build(), imageShape);
        this.head = addTrainedNetwork("head", head(), featureShape);
        this.teacherBackbone =
                addTeacher(
                        "teacher-encoder", backbone, settings.architecture().build(), imageShape);
        this.teacherHead = addTeacher("teacher-head", head, head(), featureShape);
        useTeacherMomentum(settings.optimizer().annealed(dino.momentum(), 1.0));
        this.center =
                addComponent(
                        new TeacherCenter(
                                "center", manager, dino.outputDim(), dino.centerMomentum()));
        this.teacherTemperature =
                new LinearRamp(
                        dino.teacherTemperatureStart(),
                        dino.teacherTemperature(),
                        dino.teacherTemperatureWarmupSteps());
        initOptimizer();
    }

    private Block head() {
        return DinoHead.build(dino.headHiddenDim(), dino.bottleneckDim(), dino.outputDim());
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected Network evaluationNetwork() {
        return teacherBackbone.network();
    }

    @Override
    protected double gradientClip() {
        return dino.gradientClip();
    }

    @Override
    protected boolean frozenAt(String parameterName, long step) {
        return step < dino.freezeLastLayerSteps() && parameterName.endsWith(DinoHead.LAST_LAYER);
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray globals = views.get(0).concat(views.get(1), 0); // (2N, C, S, S)
        NDArray h = backbone.forward(globals, true);
        NDList student = split(head.forward(h, true), 2, n);
        if (views.size() > 2) {
            NDArray locals = NDArrays.concat(new NDList(views.subList(2, views.size())));
            student.addAll(
                    split(head.forward(backbone.forward(locals, true), true), views.size() - 2, n));
        }
        NDArray teacherOut =
                teacherHead
                        .network()
                        .forward(teacherBackbone.network().forward(globals, true), true)
                        .stopGradient();
        NDList teacher = split(teacherOut, 2, n);
        DinoLoss.Output out =
                DinoLoss.compute(
                        student,
                        teacher,
                        center.value(),
                        (float) dino.studentTemperature(),
                        (float) teacherTemperature.valueAt(step()));
        pendingTeacherOutputs = teacher;
        return new LossOutput(
                out.loss(),
                h.get("0:" + n),
                MethodIndicators.dino(out.teacherEntropy(), out.teacherStudentKl()));
    }

    private static NDList split(NDArray stacked, int parts, int n) {
        NDList out = new NDList();
        for (int i = 0; i < parts; i++) {
            out.add(stacked.get(i * n + ":" + (i + 1) * n));
        }
        return out;
    }

    @Override
    protected void afterUpdate() {
        center.update(pendingTeacherOutputs);
        pendingTeacherOutputs = null;
    }
}
