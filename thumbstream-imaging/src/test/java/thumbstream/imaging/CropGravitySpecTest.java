package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.imaging.RenditionSpec.Gravity;
import thumbstream.imaging.RenditionSpec.Mode;

class CropGravitySpecTest {

    @Test
    void givenCropEqualsSmart_whenParsed_thenTheGravityIsSmart() {
        assertThat(RenditionSpec.parse("square:256x256:crop=smart:jpg"))
                .isEqualTo(new RenditionSpec("square", 256, 256, Mode.CROP, Format.JPG, null, false, Gravity.SMART));
        assertThat(RenditionSpec.parse("square:256x256:CROP=Focus").gravity()).isEqualTo(Gravity.FOCUS);
    }

    @Test
    void givenPlainCropOrCentre_whenParsed_thenTheGravityIsCenterAndTheCanonicalTextIsUnchanged() {
        // Thumbnails made before gravities existed store "crop" as their spec: it must stay current.
        assertThat(RenditionSpec.parse("sq:64x64:crop:png").gravity()).isEqualTo(Gravity.CENTER);
        assertThat(RenditionSpec.parse("sq:64x64:crop=centre:png").canonical()).isEqualTo("sq:64x64:crop:png");
        assertThat(RenditionSpec.parse("sq:64x64:crop=center:png"))
                .isEqualTo(new RenditionSpec("sq", 64, 64, Mode.CROP, Format.PNG, null, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"square:256x256:crop=smart:jpg", "hero:1200x400:crop=focus:png:q=90:upscale"})
    void givenAGravity_whenWrittenCanonically_thenItParsesBackToTheSameSpec(String text) {
        RenditionSpec spec = RenditionSpec.parse(text);

        assertThat(spec.canonical()).isEqualTo(text);
        assertThat(RenditionSpec.parse(spec.canonical())).isEqualTo(spec);
    }

    @Test
    void givenAnUnknownGravity_whenParsed_thenTheMessageListsTheValidOnes() {
        assertThatThrownBy(() -> RenditionSpec.parse("sq:64x64:crop=faces"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sq:64x64:crop=faces'")
                .hasMessageContaining("unknown crop gravity 'faces'")
                .hasMessageContaining("center, smart, focus");
    }

    @Test
    void givenAGravityOnFit_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> RenditionSpec.parse("small:320x320:fit=smart"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only crop takes a gravity");
        assertThatThrownBy(() -> new RenditionSpec("s", 1, 1, Mode.EXACT, Format.JPG, null, false, Gravity.FOCUS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applies only to crop");
    }
}
