package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thumbstream.imaging.ImageProbe;

/** The generated corpus is deterministic, photo-sized, and read back as one corpus per folder. */
class CorpusTest {

    private static final List<CorpusGenerator.Kind> TINY = List.of(
            new CorpusGenerator.Kind("product", 3, 0.05, 0.06, "jpg", 6),
            new CorpusGenerator.Kind("png", 2, 0.02, 0.03, "png", 2));

    @Test
    void generatesTheSameBytesEveryTime(@TempDir Path first, @TempDir Path second) throws Exception {
        CorpusGenerator.ensure(first, TINY, 2);
        CorpusGenerator.ensure(second, TINY, 1);

        List<Corpus> a = Corpus.under(first);
        List<Corpus> b = Corpus.under(second);
        assertThat(a).extracting(Corpus::name).containsExactly("png", "product");
        for (int c = 0; c < a.size(); c++) {
            for (int i = 0; i < a.get(c).size(); i++) {
                assertThat(Files.readAllBytes(a.get(c).files().get(i)))
                        .isEqualTo(Files.readAllBytes(b.get(c).files().get(i)));
            }
        }
    }

    @Test
    void imagesHaveTheSizeAndWeightOfPhotos(@TempDir Path dir) throws Exception {
        CorpusGenerator.ensure(dir, TINY, 2);

        Corpus product = Corpus.of(dir.resolve("product"));
        assertThat(product.size()).isEqualTo(3);
        for (Path file : product.files()) {
            var header = ImageProbe.probe(Files.readAllBytes(file));
            assertThat(header.formatName()).isEqualTo("jpeg");
            assertThat(header.pixels()).isBetween(45_000L, 65_000L);
            // Noise keeps flat synthetic pictures from compressing far better than photos: a
            // q90 camera JPEG takes roughly 1.5 to 3 bits per pixel.
            assertThat(Files.size(file) * 8.0 / header.pixels())
                    .as("bits per pixel of %s", file)
                    .isGreaterThan(1.0);
        }
    }

    @Test
    void aCompleteCorpusIsReusedNotRepainted(@TempDir Path dir) throws Exception {
        CorpusGenerator.ensure(dir, TINY, 2);
        Path file = Corpus.of(dir.resolve("png")).files().get(0);
        var painted = Files.getLastModifiedTime(file);

        CorpusGenerator.ensure(dir, TINY, 2);

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(painted);
    }

    @Test
    void aFolderOfImagesIsOneCorpusAndAnEmptyOneIsAnError(@TempDir Path dir) throws Exception {
        CorpusGenerator.ensure(dir, TINY, 2);

        assertThat(Corpus.under(dir.resolve("product")))
                .singleElement()
                .extracting(Corpus::name)
                .isEqualTo("product");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Corpus.under(dir.resolve("empty"))).isInstanceOf(IllegalArgumentException.class);
    }
}
