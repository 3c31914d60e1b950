package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EtagsTest {

    @Test
    void stripsSurroundingQuotes() {
        assertThat(Etags.normalise("\"9e107d9d372bb6826bd81d3542a419d6\""))
                .isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
    }

    @Test
    void leavesAnUnquotedEtagAsItIs() {
        assertThat(Etags.normalise("9e107d9d372bb6826bd81d3542a419d6")).isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
    }

    @Test
    void keepsTheMultipartPartCount() {
        assertThat(Etags.normalise("\"d41d8cd98f00b204e9800998ecf8427e-3\""))
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e-3");
    }

    @Test
    void dropsTheWeakPrefixAndTheQuotesAfterIt() {
        assertThat(Etags.normalise("W/\"abc123\"")).isEqualTo("abc123");
    }

    @Test
    void trimsWhitespaceAroundTheValue() {
        assertThat(Etags.normalise("  \"abc123\"  ")).isEqualTo("abc123");
    }

    @Test
    void keepsAQuoteThatHasNoPartner() {
        assertThat(Etags.normalise("\"abc123")).isEqualTo("\"abc123");
    }

    @Test
    void treatsABlankEtagAsUnknown() {
        assertThat(Etags.normalise("  ")).isNull();
        assertThat(Etags.normalise("\"\"")).isNull();
    }

    @Test
    void eventsCarryTheSameNormalisedEtagAsStorage() {
        var event = new thumbstream.event.UploadEvent(
                thumbstream.event.UploadEvent.Action.CREATED,
                "media",
                "a.jpg",
                "W/\"abc123\"",
                null,
                null,
                null,
                null,
                null);
        assertThat(event.etag()).isEqualTo(Etags.normalise("abc123"));
    }

    @Test
    void keepsNullAsUnknown() {
        assertThat(Etags.normalise(null)).isNull();
    }

    @Test
    void quotedAndUnquotedFormsOfOneEtagCompareEqual() {
        assertThat(Etags.normalise("\"abc123\"")).isEqualTo(Etags.normalise("abc123"));
    }

    @Test
    void storedAndSourceObjectsHoldTheNormalisedEtag() {
        assertThat(new SourceObject(new byte[0], "\"abc123\"", "image/jpeg").etag())
                .isEqualTo("abc123");
        assertThat(new StoredObject("k", "W/\"abc123\"", 0, "image/jpeg", Map.of()).etag())
                .isEqualTo("abc123");
    }
}
