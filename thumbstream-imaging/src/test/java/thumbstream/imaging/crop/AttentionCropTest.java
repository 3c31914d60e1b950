package thumbstream.imaging.crop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class AttentionCropTest {

    @Test
    void givenASubjectNearTheRightEdge_whenCroppedToASquare_thenTheSmartCropContainsItAndTheCentreCropDoesNot() {
        BufferedImage picture = SalientScenes.withSubject(1200, 600, 1020, 300, 90);

        CropRect smart = AttentionCrop.find(picture, 1200, 600, 256, 256);
        CropRect centre = CropWindow.centred(1200, 600, 256, 256);

        assertThat(smart.width()).isEqualTo(600);
        assertThat(smart.height()).isEqualTo(600);
        assertThat(fullyContains(smart, 1020, 300, 90))
                .as("smart %s holds the subject", smart)
                .isTrue();
        assertThat(centre.contains(1020, 300)).as("centre %s", centre).isFalse();
    }

    @Test
    void givenASubjectAtTheTopOfAPortrait_whenCroppedToAWideBox_thenTheCropMovesUp() {
        BufferedImage picture = SalientScenes.withSubject(600, 1500, 250, 220, 110);

        CropRect smart = AttentionCrop.find(picture, 600, 1500, 400, 200);

        assertThat(smart).isEqualTo(new CropRect(smart.x(), smart.y(), 600, 300));
        assertThat(fullyContains(smart, 250, 220, 110)).as("smart %s", smart).isTrue();
        assertThat(CropWindow.centred(600, 1500, 400, 200).contains(250, 220)).isFalse();
    }

    @Test
    void givenAReducedCopy_whenTheSourceIsLarger_thenTheRectangleIsInSourcePixels() {
        // The renderer analyses whatever reduced copy it has; the answer is about the original.
        BufferedImage copy = SalientScenes.withSubject(600, 300, 90, 150, 45);

        CropRect smart = AttentionCrop.find(copy, 4000, 2000, 100, 100);

        assertThat(smart.width()).isEqualTo(2000);
        assertThat(fullyContains(smart, 600, 1000, 300)).as("smart %s", smart).isTrue();
        assertThat(CropWindow.centred(4000, 2000, 100, 100).contains(600, 1000)).isFalse();
    }

    @Test
    void givenNothingSalient_whenCropped_thenTheCropIsCentred() {
        CropRect smart = AttentionCrop.find(SalientScenes.empty(900, 300), 900, 300, 1, 1);

        assertThat(smart).isEqualTo(CropWindow.centred(900, 300, 1, 1));
    }

    private static boolean fullyContains(CropRect rect, int cx, int cy, int radius) {
        return rect.x() <= cx - radius
                && rect.y() <= cy - radius
                && rect.x() + rect.width() >= cx + radius
                && rect.y() + rect.height() >= cy + radius;
    }
}
