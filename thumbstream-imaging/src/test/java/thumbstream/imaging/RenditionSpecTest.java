package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.imaging.RenditionSpec.Mode;

class RenditionSpecTest {

    @Test
    void parsesEveryPart() {
        assertThat(RenditionSpec.parse("square:256x200:crop:png:q=90:upscale"))
                .isEqualTo(new RenditionSpec("square", 256, 200, Mode.CROP, Format.PNG, 90, true));
    }

    @Test
    void defaultsToFitJpegWithoutQualityOrUpscale() {
        assertThat(RenditionSpec.parse("small:320x240"))
                .isEqualTo(new RenditionSpec("small", 320, 240, Mode.FIT, Format.JPG, null, false));
        assertThat(RenditionSpec.parse("small:320x240:exact").format()).isEqualTo(Format.JPG);
    }

    @Test
    void acceptsOptionsInAnyOrderAndForgivesCaseAndSpaces() {
        assertThat(RenditionSpec.parse(" thumb_1:64X48:CROP:JPEG:upscale:Q=70 "))
                .isEqualTo(new RenditionSpec("thumb_1", 64, 48, Mode.CROP, Format.JPG, 70, true));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "small:320x320:fit:jpg",
                "square:256x256:crop:png:q=90",
                "wide-1:1x10000:exact:jpg:upscale",
                "q:10000x1:fit:png:q=1:upscale"
            })
    void canonicalFormParsesBackToTheSameSpec(String text) {
        RenditionSpec spec = RenditionSpec.parse(text);

        assertThat(spec.canonical()).isEqualTo(text);
        assertThat(RenditionSpec.parse(spec.canonical())).isEqualTo(spec);
    }

    @Test
    void canonicalFillsInDefaultsAndOrdersOptions() {
        assertThat(RenditionSpec.parse("small:320x320").canonical()).isEqualTo("small:320x320:fit:jpg");
        assertThat(RenditionSpec.parse("s:1x2:fit:jpg:upscale:q=85").canonical())
                .isEqualTo("s:1x2:fit:jpg:q=85:upscale");
    }

    @Test
    void parsesTheDocumentedListAndJoinsItBack() {
        String text = "small:320x320:fit:jpg,medium:1024x1024:fit:jpg,square:256x256:crop:png:q=90";

        List<RenditionSpec> specs = RenditionSpec.parseList(text);

        assertThat(specs).extracting(RenditionSpec::name).containsExactly("small", "medium", "square");
        assertThat(RenditionSpec.canonical(specs)).isEqualTo(text);
        assertThat(RenditionSpec.parseList(RenditionSpec.canonical(specs))).isEqualTo(specs);
    }

    @Test
    void formatsKnowTheirExtensionAndContentType() {
        assertThat(Format.JPG.extension()).isEqualTo("jpg");
        assertThat(Format.JPG.contentType()).isEqualTo("image/jpeg");
        assertThat(Format.PNG.extension()).isEqualTo("png");
        assertThat(Format.PNG.contentType()).isEqualTo("image/png");
        assertThat(Format.WEBP.contentType()).isEqualTo("image/webp");
        assertThat(Format.AVIF.contentType()).isEqualTo("image/avif");
    }

    @Test
    void targetSizeDelegatesToTheGeometry() {
        assertThat(RenditionSpec.parse("small:320x320").targetSize(1600, 1200)).isEqualTo(new Dimensions(320, 240));
    }

    @Test
    void missingSizeSaysWhatIsNeededWithAnExample() {
        assertRejected("small:320", "'small:320' needs WIDTHxHEIGHT, e.g. small:320x320:fit:jpg");
        assertRejected("small", "'small' needs WIDTHxHEIGHT, e.g. small:320x320:fit:jpg");
        assertRejected("small:axb:fit", "'small:axb:fit' needs WIDTHxHEIGHT, e.g. small:320x320:fit:jpg");
    }

    @Test
    void emptySpecShowsTheSyntax() {
        assertRejected(
                " ",
                "rendition spec is empty; expected NAME:WIDTHxHEIGHT[:MODE[:FORMAT[+FORMAT...][:OPTION...]]], "
                        + "e.g. small:320x320:fit:jpg");
    }

    @Test
    void sizeOutsideOneToTenThousandIsRejected() {
        assertRejected("small:0x320", "'small:0x320': width must be 1..10000, got 0");
        assertRejected("small:320x10001", "'small:320x10001': height must be 1..10000, got 10001");
        assertRejected("small:999999999x1", "'small:999999999x1': width must be 1..10000, got 999999999");
    }

    @Test
    void nameMustBeSafeForAnObjectKey() {
        assertRejected(
                "Small:320x320",
                "'Small:320x320': name 'Small' must match [a-z0-9][a-z0-9_-]* "
                        + "(lower-case letters, digits, '_' and '-'; it becomes part of the thumbnail key)");
        assertThatThrownBy(() -> RenditionSpec.parse("../x:1x1")).hasMessageContaining("name '../x' must match");
        assertThatThrownBy(() -> RenditionSpec.parse("_x:1x1")).hasMessageContaining("name '_x' must match");
        assertThatThrownBy(() -> RenditionSpec.parse(":1x1")).hasMessageContaining("name '' must match");
    }

    @Test
    void unknownModeListsTheValidOnes() {
        assertRejected(
                "small:320x320:zoom", "'small:320x320:zoom': unknown mode 'zoom'; valid modes: fit, crop, exact");
    }

    @Test
    void unknownFormatListsTheValidOnes() {
        assertRejected(
                "small:320x320:fit:gif",
                "'small:320x320:fit:gif': unknown format 'gif'; valid formats: jpg, png, webp, avif");
    }

    @Test
    void severalFormatsJoinedWithPlusShareOneRendition() {
        RenditionSpec spec = RenditionSpec.parse("small:320x320:fit:jpg+webp+avif");

        assertThat(spec.formats()).containsExactly(Format.JPG, Format.WEBP, Format.AVIF);
        assertThat(spec.format()).isEqualTo(Format.JPG);
        assertThat(spec.canonical()).isEqualTo("small:320x320:fit:jpg+webp+avif");
    }

    @Test
    void eachFormatHasItsOwnDefaultQuality() {
        RenditionSpec spec = RenditionSpec.parse("small:320x320:fit:jpg+webp+avif");

        assertThat(spec.quality(Format.JPG)).isEqualTo(85);
        assertThat(spec.quality(Format.WEBP)).isEqualTo(79);
        assertThat(spec.quality(Format.AVIF)).isEqualTo(63);
        assertThat(spec.webpEffort()).isEqualTo(4);
        assertThat(spec.avifSpeed()).isEqualTo(RenditionSpec.DEFAULT_AVIF_SPEED);
    }

    @Test
    void qSetsEveryFormatAndAFormatsOwnQWinsOverIt() {
        RenditionSpec spec = RenditionSpec.parse("s:10x10:fit:jpg+webp+avif:avif.q=50:q=80");

        assertThat(spec.quality(Format.JPG)).isEqualTo(80);
        assertThat(spec.quality(Format.WEBP)).isEqualTo(80);
        assertThat(spec.quality(Format.AVIF)).isEqualTo(50);
        assertThat(spec.canonical()).isEqualTo("s:10x10:fit:jpg+webp+avif:jpg.q=80:webp.q=80:avif.q=50");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "small:320x320:fit:webp:q=79",
                "small:320x320:fit:jpg+webp+avif:q=70",
                "small:320x320:fit:webp+jpg:webp.q=60",
                "hero:1600x900:crop:avif+webp:avif.q=50:webp.q=75:effort=6:speed=4:upscale",
                "a:1x1:exact:avif:speed=0"
            })
    void multiFormatCanonicalFormsParseBack(String text) {
        RenditionSpec spec = RenditionSpec.parse(text);

        assertThat(spec.canonical()).isEqualTo(text);
        assertThat(RenditionSpec.parse(spec.canonical())).isEqualTo(spec);
    }

    @Test
    void existingSingleFormatSpecsKeepTheirCanonicalText() {
        // Stored thumbnails record this text: it must not change, or every thumbnail looks stale.
        assertThat(RenditionSpec.parse("small:320x320:fit:jpg:q=85").canonical())
                .isEqualTo("small:320x320:fit:jpg:q=85");
        assertThat(RenditionSpec.parse("small:320x320").canonical()).isEqualTo("small:320x320:fit:jpg");
    }

    @Test
    void formatOptionsAreExplained() {
        assertRejected("s:1x1:fit:jpg+jpg", "'s:1x1:fit:jpg+jpg' names format jpg twice; keep one");
        assertRejected("s:1x1:fit:jpg+", "'s:1x1:fit:jpg+': unknown format ''; valid formats: jpg, png, webp, avif");
        assertRejected(
                "s:1x1:fit:jpg:effort=3",
                "'s:1x1:fit:jpg:effort=3': effort= applies to webp only, and the formats are jpg");
        assertRejected(
                "s:1x1:fit:jpg+webp:speed=3",
                "'s:1x1:fit:jpg+webp:speed=3': speed= applies to avif only, and the formats are jpg+webp");
        assertRejected("s:1x1:fit:webp:effort=7", "'s:1x1:fit:webp:effort=7': effort must be 0..6, got 7");
        assertRejected("s:1x1:fit:avif:speed=10", "'s:1x1:fit:avif:speed=10': speed must be 0..9, got 10");
        assertRejected(
                "s:1x1:fit:jpg:webp.q=70",
                "'s:1x1:fit:jpg:webp.q=70': a quality for webp is set, but the formats are jpg");
        assertRejected(
                "s:1x1:fit:webp:webp.q=7:webp.q=8", "'s:1x1:fit:webp:webp.q=7:webp.q=8' sets webp.q twice; keep one");
        assertRejected(
                "s:1x1:fit:avif:speed=fast", "'s:1x1:fit:avif:speed=fast': speed must be a number 0..9, got 'fast'");
    }

    @Test
    void formatsOfAListAreEachNamedOnce() {
        assertThat(RenditionSpec.formatsOf(RenditionSpec.parseList("a:1x1:fit:jpg+webp,b:2x2:fit:avif+jpg")))
                .containsExactly(Format.JPG, Format.WEBP, Format.AVIF);
    }

    @Test
    void badOptionsAreExplained() {
        assertRejected("s:1x1:fit:jpg:q=0", "'s:1x1:fit:jpg:q=0': quality (q=) must be 1..100, got 0");
        assertRejected("s:1x1:fit:jpg:q=101", "'s:1x1:fit:jpg:q=101': quality (q=) must be 1..100, got 101");
        assertRejected("s:1x1:fit:jpg:q=high", "'s:1x1:fit:jpg:q=high': q must be a number 1..100, got 'high'");
        assertRejected(
                "s:1x1:fit:jpg:sharpen",
                "'s:1x1:fit:jpg:sharpen': unknown option 'sharpen'; valid options: q=1..100, webp.q=, avif.q=, "
                        + "jpg.q=, effort=0..6 (webp), speed=0..9 (avif), upscale");
        assertRejected("s:1x1:fit:jpg:q=80:q=90", "'s:1x1:fit:jpg:q=80:q=90' sets q twice; keep one");
        assertRejected("s:1x1:fit:jpg:upscale:upscale", "'s:1x1:fit:jpg:upscale:upscale' sets upscale twice; keep one");
    }

    @Test
    void listMustNotBeEmptyOrHaveEmptyEntries() {
        assertThatThrownBy(() -> RenditionSpec.parseList(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no renditions given; expected a comma-separated list, "
                        + "e.g. small:320x320:fit:jpg,medium:1024x1024:fit:jpg");
        assertThatThrownBy(() -> RenditionSpec.parseList("a:1x1,,b:1x1"))
                .hasMessage("'a:1x1,,b:1x1' has an empty entry; remove the extra comma");
    }

    @Test
    void listRejectsDuplicateNames() {
        assertThatThrownBy(() -> RenditionSpec.parseList("small:320x320,small:640x640:crop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rendition name 'small' is used twice; each rendition needs its own name");
    }

    @Test
    void listReportsTheBadEntry() {
        assertThatThrownBy(() -> RenditionSpec.parseList("small:320x320,medium:1024"))
                .hasMessage("'medium:1024' needs WIDTHxHEIGHT, e.g. medium:320x320:fit:jpg");
    }

    @Test
    void constructorValidatesProgrammaticSpecsToo() {
        assertThatThrownBy(() -> new RenditionSpec("ok", 1, 1, Mode.FIT, Format.JPG, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenditionSpec("ok", 1, 1, null, Format.JPG, null, false))
                .isInstanceOf(NullPointerException.class);
    }

    private static void assertRejected(String text, String message) {
        assertThatThrownBy(() -> RenditionSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
