package dev.streamssl.images;

/**
 * Resampling on the JVM with a triangle (bilinear) filter widened by the shrink factor, so that a
 * downscale averages every source pixel it covers: PIL's {@code BILINEAR} and torchvision's {@code
 * antialias=True}, and the same filter as the learner's batched crop on the device.
 *
 * <p>Output pixel o of an axis samples the source at {@code x = start + (o + ½)·s − ½}, where
 * {@code s = length / out}; source pixel j gets weight {@code max(0, 1 − |x − j| / max(s, 1))},
 * weights outside the image are dropped and the rest normalised to sum to one. The two axes are
 * filtered one after the other (separable), which costs about two multiply-adds per source sample
 * for a large shrink: a 12-megapixel photo resizes in tens of milliseconds.
 */
public final class Resize {
    private Resize() {}

    /**
     * torchvision's {@code Resize(side)} then {@code CenterCrop(side)}: the short side scaled to
     * {@code side}, the long side cropped around the centre. The aspect ratio is kept; nothing is
     * stretched. (The crop is taken in source coordinates at its exact centre, where torchvision
     * rounds the offset to a whole pixel of the resized image.)
     */
    public static Pixels shortSideCenterCrop(Pixels in, int side) {
        double shortSide = Math.min(in.width(), in.height());
        double top = (in.height() - shortSide) / 2.0;
        double left = (in.width() - shortSide) / 2.0;
        return box(in, top, left, shortSide, shortSide, side, side);
    }

    /** The whole image with its long side at most {@code maxSide}, aspect kept. */
    public static Pixels fitLongSide(Pixels in, int maxSide) {
        int longSide = Math.max(in.width(), in.height());
        if (longSide <= maxSide) {
            return in;
        }
        double scale = (double) longSide / maxSide;
        int w = Math.max(1, (int) Math.round(in.width() / scale));
        int h = Math.max(1, (int) Math.round(in.height() / scale));
        return box(in, 0, 0, in.height(), in.width(), h, w);
    }

    /** The source rectangle (in pixels, fractional allowed) resampled to {@code outH × outW}. */
    public static Pixels box(
            Pixels in, double top, double left, double height, double width, int outH, int outW) {
        if (top == 0
                && left == 0
                && height == in.height()
                && width == in.width()
                && outH == in.height()
                && outW == in.width()) {
            return in;
        }
        Taps rows = Taps.of(top, height, in.height(), outH);
        Taps cols = Taps.of(left, width, in.width(), outW);
        int w = in.width();
        int plane = w * in.height();
        byte[] src = in.data();
        byte[] out = new byte[in.channels() * outH * outW];
        // rows the vertical filter reads: filter only those horizontally
        int firstRow = rows.first[0];
        int lastRow = firstRow;
        for (int o = 0; o < outH; o++) {
            lastRow = Math.max(lastRow, rows.first[o] + rows.weights[o].length - 1);
            firstRow = Math.min(firstRow, rows.first[o]);
        }
        int usedRows = lastRow - firstRow + 1;
        float[] across = new float[usedRows * outW];
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < usedRows; y++) {
                int rowStart = c * plane + (firstRow + y) * w;
                for (int ox = 0; ox < outW; ox++) {
                    float[] k = cols.weights[ox];
                    int j = rowStart + cols.first[ox];
                    float sum = 0;
                    for (int t = 0; t < k.length; t++) {
                        sum += k[t] * (src[j + t] & 0xFF);
                    }
                    across[y * outW + ox] = sum;
                }
            }
            int outPlane = c * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                float[] k = rows.weights[oy];
                int base = (rows.first[oy] - firstRow) * outW;
                for (int ox = 0; ox < outW; ox++) {
                    float sum = 0;
                    for (int t = 0; t < k.length; t++) {
                        sum += k[t] * across[base + t * outW + ox];
                    }
                    int v = Math.round(sum);
                    out[outPlane + oy * outW + ox] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return new Pixels(outW, outH, in.channels(), out);
    }

    /** Per output pixel of one axis: the first source pixel read and the normalised weights. */
    private record Taps(int[] first, float[][] weights) {
        static Taps of(double start, double length, int in, int out) {
            double step = length / out;
            double support = Math.max(step, 1.0);
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int o = 0; o < out; o++) {
                double x = start + (o + 0.5) * step - 0.5;
                int lo = Math.max(0, (int) Math.floor(x - support) + 1);
                int hi = Math.min(in - 1, (int) Math.ceil(x + support) - 1);
                if (hi < lo) { // a point outside the image: the nearest edge pixel
                    lo = hi = Math.max(0, Math.min(in - 1, (int) Math.round(x)));
                }
                float[] w = new float[hi - lo + 1];
                double total = 0;
                for (int j = lo; j <= hi; j++) {
                    double v = Math.max(0, 1 - Math.abs(x - j) / support);
                    w[j - lo] = (float) v;
                    total += v;
                }
                if (total <= 0) {
                    w = new float[] {1f};
                    hi = lo;
                } else {
                    for (int t = 0; t < w.length; t++) {
                        w[t] = (float) (w[t] / total);
                    }
                }
                first[o] = lo;
                weights[o] = w;
            }
            return new Taps(first, weights);
        }
    }
}
