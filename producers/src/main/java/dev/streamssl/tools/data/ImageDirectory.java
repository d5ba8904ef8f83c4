package dev.streamssl.tools.data;

import dev.streamssl.schemas.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The JPEG and PNG files under a directory, in sorted path order. With {@code labelsFromFolders},
 * the label of a file is the index of its first-level sub-folder's name among all such names in
 * sorted order (the ImageFolder convention). Dimensions are read from each file's header; files
 * that are not readable images are skipped with a warning on stderr.
 */
public final class ImageDirectory implements ImageSource {
    private final Path root;
    private final List<Path> files;
    private final List<String> classes;
    private final boolean labelsFromFolders;

    public ImageDirectory(Path root, boolean labelsFromFolders) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        this.root = root;
        this.labelsFromFolders = labelsFromFolders;
        try (Stream<Path> walk = Files.walk(root)) {
            this.files =
                    walk.filter(Files::isRegularFile)
                            .filter(ImageDirectory::isImage)
                            .sorted()
                            .toList();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path f : files) {
            Path rel = root.relativize(f);
            if (rel.getNameCount() > 1) {
                names.add(rel.getName(0).toString());
            }
        }
        this.classes = new ArrayList<>(names);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    public List<String> classes() {
        return classes;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String describe() {
        return "images under " + root;
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        Iterator<Path> paths = files.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public LabeledImage next() {
                Path file = paths.next();
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    Encoding encoding = lower.endsWith(".png") ? Encoding.PNG : Encoding.JPEG;
                    int[] whc = header(file);
                    Path rel = root.relativize(file);
                    Integer label =
                            labelsFromFolders && rel.getNameCount() > 1
                                    ? classes.indexOf(rel.getName(0).toString())
                                    : null;
                    return new LabeledImage(
                            rel.toString(),
                            encoding,
                            whc[0],
                            whc[1],
                            whc[2],
                            bytes,
                            label,
                            file.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        };
    }

    /** Width, height and channels (1 for grey, else 3) from the file header. */
    static int[] header(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + " is not a readable JPEG or PNG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int bands =
                        reader.getRawImageType(0) == null
                                ? 3
                                : reader.getRawImageType(0).getNumBands();
                return new int[] {
                    reader.getWidth(0), reader.getHeight(0), bands == 1 || bands == 2 ? 1 : 3
                };
            } finally {
                reader.dispose();
            }
        }
    }
}
