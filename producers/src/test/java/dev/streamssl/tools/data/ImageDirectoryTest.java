package dev.streamssl.tools.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.schemas.Encoding;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDirectoryTest {
    @TempDir Path root;

    @Test
    void labelsComeFromSortedFolderNamesAndSizesFromTheHeaders() throws Exception {
        write(root.resolve("sneaker/a.png"), 30, 20, BufferedImage.TYPE_BYTE_GRAY, "png");
        write(root.resolve("bag/b.jpg"), 16, 16, BufferedImage.TYPE_INT_RGB, "jpg");
        write(root.resolve("bag/c.PNG"), 8, 12, BufferedImage.TYPE_INT_RGB, "png");
        Files.writeString(root.resolve("bag/notes.txt"), "not an image");

        ImageDirectory dir = new ImageDirectory(root, true);
        assertThat(dir.classes()).containsExactly("bag", "sneaker");
        List<LabeledImage> images = new ArrayList<>();
        dir.iterator().forEachRemaining(images::add);

        assertThat(images)
                .extracting(LabeledImage::id)
                .containsExactly("bag/b.jpg", "bag/c.PNG", "sneaker/a.png");
        assertThat(images).extracting(LabeledImage::label).containsExactly(0, 0, 1);
        assertThat(images.get(0).encoding()).isEqualTo(Encoding.JPEG);
        assertThat(images.get(0).channels()).isEqualTo(3);
        assertThat(images.get(1).width()).isEqualTo(8);
        assertThat(images.get(1).height()).isEqualTo(12);
        assertThat(images.get(2).channels()).isEqualTo(1);
        assertThat(images.get(2).width()).isEqualTo(30);
    }

    @Test
    void withoutFolderLabelsImagesHaveNone() throws Exception {
        write(root.resolve("x/a.png"), 4, 4, BufferedImage.TYPE_BYTE_GRAY, "png");
        LabeledImage only = new ImageDirectory(root, false).iterator().next();
        assertThat(only.label()).isNull();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assertThatThrownBy(() -> new ImageDirectory(root.resolve("nope"), true))
                .hasMessageContaining("nope")
                .hasMessageContaining("is not a directory");
    }

    private static void write(Path file, int w, int h, int type, String format) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(w, h, type), format, file.toFile());
    }
}
