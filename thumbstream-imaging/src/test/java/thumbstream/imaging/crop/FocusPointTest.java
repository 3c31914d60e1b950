package thumbstream.imaging.crop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FocusPointTest {

    @Test
    void givenMetadataText_whenParsed_thenXThenY() {
        assertThat(FocusPoint.parse("0.31,0.62")).isEqualTo(new FocusPoint(0.31, 0.62));
        assertThat(FocusPoint.parse(" 1 , 0 ")).isEqualTo(new FocusPoint(1, 0));
        assertThat(FocusPoint.parse(new FocusPoint(0.25, 0.5).toString())).isEqualTo(new FocusPoint(0.25, 0.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0.5", "0.5,0.5,0.5", "a,b", "-0.1,0.5", "0.5,1.01", "NaN,0.5", "Infinity,0"})
    void givenTextThatIsNotTwoFractions_whenParsed_thenItIsRefusedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> FocusPoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(0 to 1|0\\.31,0\\.62).*");
    }

    @Test
    void givenAFocusPoint_whenTheWindowIsPlaced_thenItIsCentredOnThePointWithinTheSource() {
        CropRect middle = CropWindow.on(1000, 500, 100, 100, new FocusPoint(0.6, 0.5));
        CropRect corner = CropWindow.on(1000, 500, 100, 100, new FocusPoint(0.02, 0.9));

        assertThat(middle).isEqualTo(new CropRect(350, 0, 500, 500));
        assertThat(corner).isEqualTo(new CropRect(0, 0, 500, 500));
    }

    @Test
    void givenABoxOfAnotherShape_whenSized_thenTheWindowIsTheLargestOfThatShapeInside() {
        assertThat(CropWindow.size(1200, 600, 256, 256)).containsExactly(600, 600);
        assertThat(CropWindow.size(600, 1500, 400, 200)).containsExactly(600, 300);
        assertThat(CropWindow.size(300, 300, 16, 9)).containsExactly(300, 169);
    }
}
