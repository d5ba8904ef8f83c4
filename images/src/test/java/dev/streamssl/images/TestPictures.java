package dev.streamssl.images;

/** Pixels for the tests, built from a rule per pixel. */
final class TestPictures {
    private TestPictures() {}

    interface Rule {
        int[] rgb(int x, int y);
    }

    static Pixels rgb(int w, int h, Rule rule) {
        byte[] data = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] v = rule.rgb(x, y);
                for (int c = 0; c < 3; c++) {
                    data[(c * h + y) * w + x] = (byte) v[c];
                }
            }
        }
        return new Pixels(w, h, 3, data);
    }

    /** Smooth colours (JPEG keeps them within a few levels): a ramp in x, y and their sum. */
    static Pixels gradient(int w, int h) {
        return rgb(w, h, (x, y) -> new int[] {x * 255 / (w - 1), y * 255 / (h - 1), 128});
    }

    static int maxDifference(Pixels a, Pixels b) {
        int worst = 0;
        for (int i = 0; i < a.data().length; i++) {
            worst = Math.max(worst, Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF)));
        }
        return worst;
    }
}
