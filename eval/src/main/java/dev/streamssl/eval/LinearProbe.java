package dev.streamssl.eval;

import java.util.SplittableRandom;

/**
 * The linear evaluation of self-supervised representations (SimCLR §4, MoCo, BYOL, DINO and
 * solo-learn report it beside kNN): a multinomial logistic regression trained on frozen embeddings
 * of the labelled bank, scored by top-1 on the test split.
 *
 * <p>Protocol: each vector L2-normalised, then standardised per dimension with the bank's mean and
 * standard deviation (a BatchNorm without affine parameters in front of the linear layer, as MAE's
 * and DINO's linear heads use it; it makes one learning rate fit every encoder); weights and biases
 * from zero; softmax cross-entropy; mini-batch SGD with Nesterov momentum 0.9, batch 256, learning
 * rate 0.1 scaled by batch/256 with a cosine decay to 0 over all steps, no weight decay (SimCLR's
 * linear evaluation uses none); 100 epochs, the bank shuffled each epoch from a fixed seed. The
 * papers train 90–100 epochs on ImageNet with SGD in the same way (SimCLR: Nesterov, batch 4096, lr
 * 1.6). Runs in this JVM on the CPU: a 10-class probe of 60 000 × 128 takes a few seconds.
 */
public final class LinearProbe {
    /** Optimisation of the probe; {@link #defaults()} is the protocol above. */
    public record Settings(
            int epochs, int batchSize, double learningRate, double momentum, long seed) {
        public Settings {
            if (epochs < 1
                    || batchSize < 1
                    || !(learningRate > 0)
                    || momentum < 0
                    || momentum >= 1) {
                throw new IllegalArgumentException(
                        "linear probe: epochs and batch size must be >= 1, learning rate > 0,"
                                + " momentum in [0, 1)");
            }
        }

        public static Settings defaults() {
            return new Settings(100, 256, 0.1, 0.9, 0);
        }
    }

    private final float[] mean;
    private final float[] std;
    private final float[][] weights; // (classes, dim)
    private final float[] bias;

    private LinearProbe(float[] mean, float[] std, float[][] weights, float[] bias) {
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        this.bias = bias;
    }

    /** Trains the probe on {@code x} (n, d) with labels in [0, classes). */
    public static LinearProbe fit(float[][] x, int[] labels, Settings s) {
        if (x.length == 0 || x.length != labels.length) {
            throw new IllegalArgumentException(
                    "linear probe needs a non-empty bank with one label per vector, got "
                            + x.length
                            + " vectors and "
                            + labels.length
                            + " labels");
        }
        int n = x.length;
        int d = x[0].length;
        int classes = 0;
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("labels must be >= 0, got " + label);
            }
            classes = Math.max(classes, label + 1);
        }
        float[][] unit = normalised(x);
        float[] mean = new float[d];
        float[] std = new float[d];
        for (float[] v : unit) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / n;
            }
        }
        for (float[] v : unit) {
            for (int j = 0; j < d; j++) {
                std[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = (float) Math.sqrt(std[j] + 1e-5);
        }
        LinearProbe probe = new LinearProbe(mean, std, new float[classes][d], new float[classes]);
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) {
            z[i] = probe.standardised(unit[i]);
        }
        probe.train(z, labels, s);
        return probe;
    }

    private void train(float[][] z, int[] labels, Settings s) {
        int n = z.length;
        int d = mean.length;
        int classes = bias.length;
        float[][] velocityW = new float[classes][d];
        float[] velocityB = new float[classes];
        float[][] gradW = new float[classes][d];
        float[] gradB = new float[classes];
        float[] p = new float[classes];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(s.seed());
        int stepsPerEpoch = (n + s.batchSize() - 1) / s.batchSize();
        long total = (long) stepsPerEpoch * s.epochs();
        double base = s.learningRate() * s.batchSize() / 256.0;
        long step = 0;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += s.batchSize()) {
                int end = Math.min(n, start + s.batchSize());
                for (float[] row : gradW) {
                    java.util.Arrays.fill(row, 0f);
                }
                java.util.Arrays.fill(gradB, 0f);
                for (int b = start; b < end; b++) {
                    float[] v = z[order[b]];
                    softmax(v, p);
                    p[labels[order[b]]] -= 1; // d(cross-entropy)/d(logits) = p - onehot
                    for (int c = 0; c < classes; c++) {
                        float g = p[c] / (end - start);
                        gradB[c] += g;
                        float[] row = gradW[c];
                        for (int j = 0; j < d; j++) {
                            row[j] += g * v[j];
                        }
                    }
                }
                double lr = 0.5 * base * (1 + Math.cos(Math.PI * step / total));
                float mu = (float) s.momentum();
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j < d; j++) {
                        // Nesterov, as PyTorch's SGD(nesterov=True): v = μv + g; w -= lr (g + μv)
                        velocityW[c][j] = mu * velocityW[c][j] + gradW[c][j];
                        weights[c][j] -= (float) (lr * (gradW[c][j] + mu * velocityW[c][j]));
                    }
                    velocityB[c] = mu * velocityB[c] + gradB[c];
                    bias[c] -= (float) (lr * (gradB[c] + mu * velocityB[c]));
                }
                step++;
            }
        }
    }

    /** The class with the highest logit for each vector. */
    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        float[] logits = new float[bias.length];
        float[][] unit = normalised(x);
        for (int i = 0; i < x.length; i++) {
            logits(standardised(unit[i]), logits);
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private void logits(float[] v, float[] out) {
        for (int c = 0; c < bias.length; c++) {
            float s = bias[c];
            float[] row = weights[c];
            for (int j = 0; j < v.length; j++) {
                s += row[j] * v[j];
            }
            out[c] = s;
        }
    }

    private void softmax(float[] v, float[] p) {
        logits(v, p);
        float max = Float.NEGATIVE_INFINITY;
        for (float l : p) {
            max = Math.max(max, l);
        }
        float sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
    }

    private float[] standardised(float[] unit) {
        float[] z = new float[unit.length];
        for (int j = 0; j < unit.length; j++) {
            z[j] = (unit[j] - mean[j]) / std[j];
        }
        return z;
    }

    private static float[][] normalised(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double norm = 0;
            for (float v : x[i]) {
                norm += v * v;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] * scale;
            }
        }
        return out;
    }
}
