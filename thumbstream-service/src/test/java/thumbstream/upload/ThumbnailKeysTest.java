package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.RenditionSpec;

class ThumbnailKeysTest {

    private static final RenditionSpec SMALL_JPG = RenditionSpec.parse("small:320x320:fit:jpg");
    private static final RenditionSpec SQUARE_PNG = RenditionSpec.parse("square:256x256:crop:png");

    private final ThumbnailKeys keys = new ThumbnailKeys("thumbnails/");

    @Test
    void appendsTheFormatsExtensionToTheWholeSourceKeyUnderPrefixAndRendition() {
        assertThat(keys.keyFor("originals/shoe 1.jpg", SMALL_JPG))
                .isEqualTo("thumbnails/small/originals/shoe 1.jpg.jpg");
        assertThat(keys.keyFor("logo.png", SMALL_JPG)).isEqualTo("thumbnails/small/logo.png.jpg");
        assertThat(keys.keyFor("logo.png", SQUARE_PNG)).isEqualTo("thumbnails/square/logo.png.png");
        assertThat(keys.keyFor("uploads/abc123", SMALL_JPG)).isEqualTo("thumbnails/small/uploads/abc123.jpg");
        assertThat(keys.keyFor("camera/IMG_0001.JPEG", SMALL_JPG))
                .isEqualTo("thumbnails/small/camera/IMG_0001.JPEG.jpg");
    }

    @Test
    void givesEachFormatOfARenditionItsOwnKeyDifferingOnlyInTheExtension() {
        RenditionSpec multi = RenditionSpec.parse("small:320x320:fit:jpg+webp+avif");

        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.JPG)).isEqualTo("thumbnails/small/shoe.jpg.jpg");
        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.WEBP))
                .isEqualTo("thumbnails/small/shoe.jpg.webp");
        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.AVIF))
                .isEqualTo("thumbnails/small/shoe.jpg.avif");
        assertThat(keys.keyFor("IMG_1.HEIC", multi, RenditionSpec.Format.WEBP))
                .isEqualTo("thumbnails/small/IMG_1.HEIC.webp");
    }

    @Test
    void givesAKeyWithoutExtensionAndTheSameKeyWithOneDifferentThumbnails() {
        // The old mapping kept an extension the source already had: a/x and a/x.jpg shared one key.
        assertThat(keys.keyFor("a/x", SMALL_JPG)).isNotEqualTo(keys.keyFor("a/x.jpg", SMALL_JPG));
        assertThat(keys.keyFor("a/x.png", SQUARE_PNG)).isNotEqualTo(keys.keyFor("a/x", SQUARE_PNG));
        assertThat(keys.keyFor("a/x.jpeg", SMALL_JPG)).isNotEqualTo(keys.keyFor("a/x", SMALL_JPG));
    }

    @Test
    void neverGivesTwoSourcesRenditionsOrFormatsTheSameKey() {
        RenditionSpec small = RenditionSpec.parse("small:320x320:fit:jpg+png+webp+avif");
        RenditionSpec square = RenditionSpec.parse("square:256x256:crop:jpg+png+webp+avif");
        List<String> sources = List.of(
                "a/x",
                "a/x.jpg",
                "a/x.JPG",
                "a/x.jpeg",
                "a/x.png",
                "a/x.webp",
                "a/x.avif",
                "a/x.jpg.jpg",
                "a/x.jpg.webp",
                "a/x.png.jpg",
                "a/x.",
                "a/x..jpg",
                "small/a/x",
                "a/small/x.jpg");
        Map<String, String> seen = new HashMap<>();
        for (String source : sources) {
            for (RenditionSpec spec : List.of(small, square)) {
                for (RenditionSpec.Format format : spec.formats()) {
                    String key = keys.keyFor(source, spec, format);
                    String owner = source + " as " + spec.name() + "/" + format;
                    assertThat(seen.put(key, owner)).as("%s and %s", key, owner).isNull();
                }
            }
        }
    }

    @Test
    void givesAPrefixWithoutTrailingSlashOne() {
        ThumbnailKeys unslashed = new ThumbnailKeys("thumbs");

        assertThat(unslashed.prefix()).isEqualTo("thumbs/");
        assertThat(unslashed.keyFor("a.jpg", SMALL_JPG)).isEqualTo("thumbs/small/a.jpg.jpg");
    }

    @Test
    void recognisesItsOwnOutputAsThumbnails() {
        assertThat(keys.isThumbnail("thumbnails/small/a.jpg.jpg")).isTrue();
        assertThat(keys.isThumbnail(keys.keyFor("logo.png", SMALL_JPG))).isTrue();
    }

    @Test
    void doesNotTakeLookalikeKeysForThumbnails() {
        assertThat(keys.isThumbnail("originals/thumbnails/small/a.jpg")).isFalse();
        assertThat(keys.isThumbnail("thumbnails-old/a.jpg")).isFalse();
        assertThat(keys.isThumbnail("thumbnails")).isFalse();
    }
}
