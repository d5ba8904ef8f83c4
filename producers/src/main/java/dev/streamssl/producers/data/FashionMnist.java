package dev.streamssl.producers.data;

import dev.streamssl.schemas.Encoding;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from its IDX files, as Debian's {@code
 * dataset-fashion-mnist} installs them under {@code /usr/share/datasets/fashion-mnist}: 60 000
 * training and 10 000 test images, 28×28 grey, 10 classes. The split is loaded into memory once (47
 * MB for the training set).
 */
public final class FashionMnist implements ImageSource {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names of the data set's paper, in label order, as folder names. */
    public static final java.util.List<String> CLASS_NAMES =
            java.util.List.of(
                    "t-shirt",
                    "trouser",
                    "pullover",
                    "dress",
                    "coat",
                    "sandal",
                    "shirt",
                    "sneaker",
                    "bag",
                    "ankle-boot");

    public static final String INSTALL_HINT =
            "install it with: apt-get update && apt-get install -y dataset-fashion-mnist";

    private final String split;
    private final byte[][] images;
    private final int[] labels;

    private FashionMnist(String split, byte[][] images, int[] labels) {
        this.split = split;
        this.images = images;
        this.labels = labels;
    }

    public static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    /**
     * @param split train or test
     */
    public static FashionMnist load(Path dir, String split) throws IOException {
        String prefix =
                switch (split) {
                    case "train" -> "train";
                    case "test" -> "t10k";
                    default ->
                            throw new IllegalArgumentException(
                                    "split must be train or test, got " + split);
                };
        Path imageFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(imageFile) || !Files.isRegularFile(labelFile)) {
            throw new IOException("Fashion-MNIST files not found in " + dir + "; " + INSTALL_HINT);
        }
        byte[][] images;
        try (DataInputStream in = open(imageFile)) {
            expectMagic(in, 2051, imageFile);
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            images = new byte[n][rows * cols];
            for (byte[] image : images) {
                in.readFully(image);
            }
        }
        int[] labels;
        try (DataInputStream in = open(labelFile)) {
            expectMagic(in, 2049, labelFile);
            int n = in.readInt();
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
        }
        if (labels.length != images.length) {
            throw new IOException(
                    "Fashion-MNIST "
                            + split
                            + ": "
                            + images.length
                            + " images but "
                            + labels.length
                            + " labels");
        }
        return new FashionMnist(split, images, labels);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(
                new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16)));
    }

    private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IOException(
                    file + " is not an IDX file (magic " + found + ", expected " + magic + ")");
        }
    }

    @Override
    public int size() {
        return images.length;
    }

    public byte[] pixels(int i) {
        return images[i];
    }

    public int label(int i) {
        return labels[i];
    }

    @Override
    public String describe() {
        return "fashion-mnist " + split;
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < images.length;
            }

            @Override
            public LabeledImage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new LabeledImage(
                        "fmnist-" + split + "-" + i,
                        Encoding.RAW_U8,
                        28,
                        28,
                        1,
                        images[i],
                        labels[i],
                        "fashion-mnist/" + split);
            }
        };
    }
}
