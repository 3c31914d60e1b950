package thumbstream.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.backfill.ImageObjects.Verdict;

class ImageObjectsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a.jpg",
                "dir/b.JPEG",
                "c.jpe",
                "d.png",
                "e.gif",
                "f.bmp",
                "g.tif",
                "h.tiff",
                "i.webp",
                "iphone/IMG_0001.HEIC",
                "j.heif",
                "k.avif",
                "with space/shoe 1.Jpg"
            })
    void anExtensionAReaderHandlesIsAnImage(String key) {
        assertThat(ImageObjects.byKey(key)).isEqualTo(Verdict.IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "scan.pdf", "clip.mp4", "photo.psd", "archive.jpg.zip", "folder/"})
    void anyOtherExtensionOrAFolderMarkerIsNot(String key) {
        assertThat(ImageObjects.byKey(key)).isEqualTo(Verdict.NOT_AN_IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"README", "dir.d/photo", ".hidden", "photo."})
    void aNameWithoutExtensionAsksForTheContentType(String key) {
        assertThat(ImageObjects.byKey(key)).isEqualTo(Verdict.ASK_CONTENT_TYPE);
    }

    @Test
    void readableImageContentTypesCount() {
        assertThat(ImageObjects.isImageContentType("image/jpeg")).isTrue();
        assertThat(ImageObjects.isImageContentType("Image/PNG; charset=binary")).isTrue();
        assertThat(ImageObjects.isImageContentType("image/heic")).isTrue();
        assertThat(ImageObjects.isImageContentType("image/avif")).isTrue();
        assertThat(ImageObjects.isImageContentType("image/x-photoshop")).isFalse();
        assertThat(ImageObjects.isImageContentType("text/plain")).isFalse();
        assertThat(ImageObjects.isImageContentType(null)).isFalse();
    }
}
