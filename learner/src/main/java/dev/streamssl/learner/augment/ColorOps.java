package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Colour adjustments of torchvision's functional API, batched with one factor per image, on (B, C,
 * H, W) images in [0, 1]. Grey is ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B); for one-channel
 * images grey is the image itself, so saturation, hue and grayscale are identities.
 */
public final class ColorOps {
    private ColorOps() {}

    /** (B) factors as a (B,1,1,1) array. */
    static NDArray perImage(NDManager m, float[] values) {
        return m.create(values, new Shape(values.length, 1, 1, 1));
    }

    /** Luma, (B,1,H,W). */
    public static NDArray grey(NDArray images) {
        if (images.getShape().get(1) == 1) {
            return images;
        }
        NDArray w =
                images.getManager()
                        .create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return images.mul(w).sum(new int[] {1}, true);
    }

    /** {@code adjust_brightness}: x·b. */
    public static NDArray brightness(NDArray x, NDArray b) {
        return x.mul(b).clip(0f, 1f);
    }

    /** {@code adjust_contrast}: blend with the image's mean grey level, c·x + (1−c)·mean. */
    public static NDArray contrast(NDArray x, NDArray c) {
        int batch = (int) x.getShape().get(0);
        // DJL's PyTorch engine reduces over one axis at a time: flatten, then mean
        NDArray mean = grey(x).reshape(batch, -1).mean(new int[] {1}).reshape(batch, 1, 1, 1);
        return blend(x, mean, c);
    }

    /** {@code adjust_saturation}: blend with the per-pixel grey, s·x + (1−s)·grey(x). */
    public static NDArray saturation(NDArray x, NDArray s) {
        return blend(x, grey(x), s);
    }

    private static NDArray blend(NDArray x, NDArray other, NDArray ratio) {
        return x.mul(ratio).add(other.mul(ratio.neg().add(1f))).clip(0f, 1f);
    }

    /** {@code adjust_hue}: rotate the hue by {@code shift} turns in HSV space (RGB only). */
    public static NDArray hue(NDArray x, NDArray shift) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        NDArray[] hsv = rgbToHsv(x);
        NDArray h = hsv[0].add(shift).mod(1f);
        return hsvToRgb(h, hsv[1], hsv[2]);
    }

    /** Grey replicated to every channel. */
    public static NDArray toGrey(NDArray x) {
        long channels = x.getShape().get(1);
        return channels == 1 ? x : grey(x).repeat(1, channels);
    }

    /** Solarization of BYOL: {@code x < t ? x : 1 − x}. */
    public static NDArray solarize(NDArray x, float threshold) {
        NDArray above = x.gte(threshold).toType(DataType.FLOAT32, false);
        return x.add(above.mul(x.mul(-2f).add(1f)));
    }

    /** x where mask is 0, y where it is 1; mask (B,1,1,1) of 0/1. */
    public static NDArray select(NDArray mask, NDArray y, NDArray x) {
        return x.add(mask.mul(y.sub(x)));
    }

    /** torchvision's {@code _rgb2hsv}: returns h, s, v, each (B,1,H,W), h in [0, 1). */
    static NDArray[] rgbToHsv(NDArray x) {
        NDArray r = x.get(":, 0:1");
        NDArray g = x.get(":, 1:2");
        NDArray b = x.get(":, 2:3");
        NDArray maxc = x.max(new int[] {1}, true);
        NDArray minc = x.min(new int[] {1}, true);
        NDArray chroma = maxc.sub(minc);
        NDArray ones = maxc.onesLike();
        NDArray s = chroma.div(NDArrays.where(maxc.eq(0f), ones, maxc));
        NDArray safeChroma = NDArrays.where(chroma.eq(0f), ones, chroma);
        NDArray rc = maxc.sub(r).div(safeChroma);
        NDArray gc = maxc.sub(g).div(safeChroma);
        NDArray bc = maxc.sub(b).div(safeChroma);
        NDArray isR = maxc.eq(r);
        NDArray isG = maxc.eq(g).logicalAnd(isR.logicalNot());
        NDArray isB = isR.logicalNot().logicalAnd(isG.logicalNot());
        NDArray h =
                float01(isR)
                        .mul(bc.sub(gc))
                        .add(float01(isG).mul(rc.sub(bc).add(2f)))
                        .add(float01(isB).mul(gc.sub(rc).add(4f)));
        h = h.div(6f).add(1f).mod(1f);
        return new NDArray[] {h, s, maxc};
    }

    /**
     * HSV to RGB in closed form, all channels at once: c_n = v − v·s·clamp(min(k, 4 − k), 0, 1)
     * with k = (n + 6h) mod 6 and n = 5, 3, 1 for R, G, B (the same values as torchvision's {@code
     * _hsv2rgb}, with far fewer tensor operations than its six-sector table).
     */
    static NDArray hsvToRgb(NDArray h, NDArray s, NDArray v) {
        NDArray n = h.getManager().create(new float[] {5, 3, 1}, new Shape(1, 3, 1, 1));
        NDArray k = n.add(h.mul(6f)).mod(6f);
        NDArray ramp = k.minimum(k.neg().add(4f)).clip(0f, 1f);
        return v.sub(v.mul(s).mul(ramp)).clip(0f, 1f);
    }

    private static NDArray float01(NDArray bool) {
        return bool.toType(DataType.FLOAT32, false);
    }
}
