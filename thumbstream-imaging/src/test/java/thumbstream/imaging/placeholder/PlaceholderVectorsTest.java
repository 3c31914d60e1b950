package thumbstream.imaging.placeholder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our encoders against the reference implementations' output for the same pixels: the BlurHash C
 * reference (woltapp/blurhash) and the ThumbHash JavaScript reference (evanw/thumbhash), run by
 * {@code scripts/placeholder-vectors/} into {@code reference-vectors.json}.
 */
class PlaceholderVectorsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("blurhashVectors")
    void givenTheReferencePixels_whenEncodedAsBlurHash_thenTheStringMatchesTheCReference(
            String label, JsonNode vector) {
        int w = vector.get("width").asInt();
        int h = vector.get("height").asInt();
        int[] argb =
                pixels(w, h, vector.get("seed").asInt(), vector.get("alpha").asBoolean());

        String hash = BlurHash.encode(
                argb,
                w,
                h,
                vector.get("xComponents").asInt(),
                vector.get("yComponents").asInt());

        assertThat(hash).isEqualTo(vector.get("hash").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thumbhashVectors")
    void givenTheReferencePixels_whenEncodedAsThumbHash_thenTheBytesMatchTheJsReference(String label, JsonNode vector) {
        int w = vector.get("width").asInt();
        int h = vector.get("height").asInt();
        int[] argb =
                pixels(w, h, vector.get("seed").asInt(), vector.get("alpha").asBoolean());

        byte[] hash = ThumbHash.encode(argb, w, h);

        assertThat(Base64.getEncoder().encodeToString(hash))
                .isEqualTo(vector.get("hash").asText());
    }

    static Stream<Arguments> blurhashVectors() throws IOException {
        return vectors("blurhash");
    }

    static Stream<Arguments> thumbhashVectors() throws IOException {
        return vectors("thumbhash");
    }

    private static Stream<Arguments> vectors(String kind) throws IOException {
        try (InputStream in = PlaceholderVectorsTest.class.getResourceAsStream("/placeholder/reference-vectors.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Arguments> arguments = new ArrayList<>();
            for (JsonNode vector : root.get(kind)) {
                String label = vector.get("width") + "x" + vector.get("height") + " seed " + vector.get("seed")
                        + (vector.get("alpha").asBoolean() ? " with alpha" : "");
                arguments.add(Arguments.of(label, vector));
            }
            assertThat(arguments).as(kind + " vectors").hasSizeGreaterThanOrEqualTo(8);
            return arguments.stream();
        }
    }

    /**
     * The synthetic picture of scripts/placeholder-vectors (same integer formula): a horizontal red
     * ramp, a vertical green ramp, a textured blue and a blue disc off-centre; with alpha, a varying
     * transparency outside the disc.
     */
    static int[] pixels(int w, int h, int seed, boolean alpha) {
        int[] argb = new int[w * h];
        int cx = w * ((seed % 4) + 1) / 5;
        int cy = h * (((seed + 2) % 4) + 1) / 5;
        int rad = Math.max(1, Math.min(w, h) / 4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad;
                int r = 255 * x / Math.max(1, w - 1);
                int g = inside ? 30 : 255 * y / Math.max(1, h - 1);
                int b = inside ? 220 : 40 + ((x * 7 + y * 13 + seed * 31) % 50);
                int a = alpha ? (inside ? 255 : (x * 5 + y * 3 + seed) % 256) : 255;
                argb[y * w + x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
        return argb;
    }
}
