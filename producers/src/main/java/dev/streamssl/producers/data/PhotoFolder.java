package dev.streamssl.producers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files under a folder, in sorted path order, as {@link PhotoEntry}s. Every regular file is
 * listed whatever its name (a photo need not end in .jpg; a file that is not an image is counted
 * when it is read, not silently passed over), except hidden ones (names starting with a dot: {@code
 * .DS_Store}, editors' files). With {@code labelsFromFolders} a file's label is the index of its
 * first-level sub-folder among all of them in sorted order (torchvision's ImageFolder convention)
 * and its {@code class} tag the folder's name; files directly in the folder have no label.
 */
public final class PhotoFolder {
    private PhotoFolder() {}

    /** The folder's class names in label order (its sub-folders holding files). */
    public static List<String> classes(Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Path f : files(root)) {
            Path rel = root.relativize(f);
            if (rel.getNameCount() > 1) {
                names.add(rel.getName(0).toString());
            }
        }
        return new ArrayList<>(names);
    }

    public static List<PhotoEntry> list(Path root, boolean labelsFromFolders) throws IOException {
        List<String> classes = labelsFromFolders ? classes(root) : List.of();
        List<PhotoEntry> entries = new ArrayList<>();
        for (Path f : files(root)) {
            Path rel = root.relativize(f);
            String folder = rel.getNameCount() > 1 ? rel.getName(0).toString() : null;
            boolean labelled = labelsFromFolders && folder != null;
            entries.add(
                    new PhotoEntry(
                            f,
                            rel.toString().replace('\\', '/'),
                            labelled ? classes.indexOf(folder) : null,
                            labelled ? Map.of(ClassNames.TAG, folder) : Map.of()));
        }
        return entries;
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
