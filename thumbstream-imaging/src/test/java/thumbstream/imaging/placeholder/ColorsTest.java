package thumbstream.imaging.placeholder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColorsTest {

    @Test
    void givenOneColour_whenSummarised_thenBothColoursAreIt() {
        int[] pixels = new int[50];
        Arrays.fill(pixels, 0xFF1E90FF);

        assertThat(Colors.average(pixels)).isEqualTo("#1e90ff");
        assertThat(Colors.dominant(pixels)).isEqualTo("#1e90ff");
    }

    @Test
    void givenHalfBlackHalfWhite_whenAveraged_thenTheMeanIsInLinearLight() {
        int[] pixels = {0xFF000000, 0xFFFFFFFF};

        // Half the light of white is sRGB 188 (#bcbcbc), not the 128 a plain average of the numbers gives.
        assertThat(Colors.average(pixels)).isEqualTo("#bcbcbc");
    }

    @Test
    void givenMostlyRedWithSomeBlue_whenSummarised_thenRedDominatesAndTheAverageMixes() {
        int[] pixels = new int[100];
        Arrays.fill(pixels, 0, 70, 0xFFC81E1E);
        Arrays.fill(pixels, 70, 100, 0xFF1E1EC8);

        assertThat(Colors.dominant(pixels)).isEqualTo("#c81e1e");
        assertThat(Colors.average(pixels)).isNotIn("#c81e1e", "#1e1ec8");
    }

    @Test
    void givenTransparentPixels_whenSummarised_thenOnlyVisiblePixelsCount() {
        int[] pixels = new int[10];
        Arrays.fill(pixels, 0x0000FF00); // invisible green
        pixels[0] = 0xFFFF0000;

        assertThat(Colors.dominant(pixels)).isEqualTo("#ff0000");
        assertThat(Colors.average(pixels)).isEqualTo("#ff0000");
    }

    @Test
    void givenConfigText_whenParsed_thenKindsAreSelected() {
        assertThat(PlaceholderKind.parseList("all")).isEqualTo(PlaceholderKind.all());
        assertThat(PlaceholderKind.parseList(" none ")).isEmpty();
        assertThat(PlaceholderKind.parseList("blurhash, DominantColor"))
                .isEqualTo(Set.of(PlaceholderKind.BLURHASH, PlaceholderKind.DOMINANT_COLOR));
        assertThatThrownBy(() -> PlaceholderKind.parseList("blurhash,colour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'colour' is not a placeholder")
                .hasMessageContaining("blurhash, thumbhash, dominantColor, averageColor");
    }
}
