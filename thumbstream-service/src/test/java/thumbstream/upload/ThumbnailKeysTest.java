package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import thumbstream.imaging.RenditionSpec;

class ThumbnailKeysTest {

    private static final RenditionSpec SMALL_JPG = RenditionSpec.parse("small:320x320:fit:jpg");
    private static final RenditionSpec SQUARE_PNG = RenditionSpec.parse("square:256x256:crop:png");

    private final ThumbnailKeys keys = new ThumbnailKeys("thumbnails/");

    @Test
    void givesEachFormatOfARenditionItsOwnKeyDifferingOnlyInTheExtension() {
        RenditionSpec multi = RenditionSpec.parse("small:320x320:fit:jpg+webp+avif");

        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.JPG)).isEqualTo("thumbnails/small/shoe.jpg");
        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.WEBP))
                .isEqualTo("thumbnails/small/shoe.jpg.webp");
        assertThat(keys.keyFor("shoe.jpg", multi, RenditionSpec.Format.AVIF))
                .isEqualTo("thumbnails/small/shoe.jpg.avif");
        assertThat(keys.keyFor("IMG_1.HEIC", multi, RenditionSpec.Format.WEBP))
                .isEqualTo("thumbnails/small/IMG_1.HEIC.webp");
    }

    @Test
    void placesTheThumbnailUnderPrefixAndRenditionNameKeepingTheSourcePath() {
        assertThat(keys.keyFor("originals/shoe 1.jpg", SMALL_JPG)).isEqualTo("thumbnails/small/originals/shoe 1.jpg");
    }

    @Test
    void keepsAnUpperCaseJpegExtensionForJpgOutput() {
        assertThat(keys.keyFor("camera/IMG_0001.JPEG", SMALL_JPG)).isEqualTo("thumbnails/small/camera/IMG_0001.JPEG");
        assertThat(keys.keyFor("camera/IMG_0002.JPG", SMALL_JPG)).isEqualTo("thumbnails/small/camera/IMG_0002.JPG");
    }

    @Test
    void appendsTheOutputExtensionWhenTheSourceHasAnother() {
        // replacing .png by .jpg would make logo.png and logo.jpg collide
        assertThat(keys.keyFor("logo.png", SMALL_JPG)).isEqualTo("thumbnails/small/logo.png.jpg");
    }

    @Test
    void keepsAPngKeyForPngOutput() {
        assertThat(keys.keyFor("logo.png", SQUARE_PNG)).isEqualTo("thumbnails/square/logo.png");
    }

    @Test
    void doesNotTreatJpegAsAPngExtension() {
        assertThat(keys.keyFor("photo.jpeg", SQUARE_PNG)).isEqualTo("thumbnails/square/photo.jpeg.png");
    }

    @Test
    void appendsTheExtensionToAKeyWithoutOne() {
        assertThat(keys.keyFor("uploads/abc123", SMALL_JPG)).isEqualTo("thumbnails/small/uploads/abc123.jpg");
    }

    @Test
    void givesAPrefixWithoutTrailingSlashOne() {
        ThumbnailKeys unslashed = new ThumbnailKeys("thumbs");

        assertThat(unslashed.prefix()).isEqualTo("thumbs/");
        assertThat(unslashed.keyFor("a.jpg", SMALL_JPG)).isEqualTo("thumbs/small/a.jpg");
    }

    @Test
    void recognisesItsOwnOutputAsThumbnails() {
        assertThat(keys.isThumbnail("thumbnails/small/a.jpg")).isTrue();
        assertThat(keys.isThumbnail(keys.keyFor("logo.png", SMALL_JPG))).isTrue();
    }

    @Test
    void doesNotTakeLookalikeKeysForThumbnails() {
        assertThat(keys.isThumbnail("originals/thumbnails/small/a.jpg")).isFalse();
        assertThat(keys.isThumbnail("thumbnails-old/a.jpg")).isFalse();
        assertThat(keys.isThumbnail("thumbnails")).isFalse();
    }
}
