package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.event.EventFixtures.bytes;
import static thumbstream.event.EventFixtures.utf8;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import thumbstream.config.PipelineSettings;

/**
 * The work a record may cost the parser is bounded, not only its bytes: tokens, nesting, number,
 * string and name lengths. Each hostile value here is under the 1 MiB byte limit and was accepted
 * (or parsed whole before failing) without these limits.
 */
class ParserLimitsTest {

    private static final String NATIVE_START = "{\"bucket\":\"media\",\"key\":\"a.jpg\",\"pad\":";

    private final EventDecoder decoder = new EventDecoder(PipelineSettings.DEFAULT_MAX_RECORDS_PER_EVENT);

    @Test
    void aTokenFloodOfEmptyRecordsFailsOnTheTokenLimitNotAfterParsingItAll() {
        byte[] value = fill("{\"Records\":[", "{},", "{}]}");

        assertThat(message(decoder.decode(value)))
                .startsWith("event too complex: ")
                .contains("token count")
                .contains("THUMBSTREAM_MAX_RECORDS_PER_EVENT");
    }

    @Test
    void aValidEventPaddedWithManyTokensIsInvalid() {
        byte[] value = fill(NATIVE_START + "[", "0,", "0]}");

        assertThat(message(decoder.decode(value)))
                .startsWith("event too complex: ")
                .contains("token count");
    }

    @Test
    void deepNestingIsInvalid() {
        int depth = 900; // under Jackson's default of 1000
        byte[] value = utf8(NATIVE_START + "[".repeat(depth) + "]".repeat(depth) + "}");

        assertThat(message(decoder.decode(value)))
                .startsWith("event too complex: ")
                .contains("nesting depth");
    }

    @Test
    void aHugeNumberIsInvalid() {
        byte[] value = utf8(NATIVE_START + "9".repeat(900) + "}"); // under Jackson's default of 1000 digits

        assertThat(message(decoder.decode(value)))
                .startsWith("event too complex: ")
                .contains("number value length");
    }

    @Test
    void aHugeFieldNameIsInvalid() {
        byte[] value = utf8("{\"bucket\":\"media\",\"key\":\"a.jpg\",\"" + "n".repeat(5000) + "\":1}");

        assertThat(message(decoder.decode(value)))
                .startsWith("event too complex: ")
                .contains("name length");
    }

    @Test
    void theMessageStaysShortAndWithoutJacksonInternals() {
        String message = message(decoder.decode(fill("{\"Records\":[", "{},", "{}]}")));

        assertThat(message).doesNotContain("StreamReadConstraints").hasSizeLessThan(300);
    }

    @Test
    void aFullNotificationOfTheMaximumRecordsWithLongKeysStillPasses() {
        int records = PipelineSettings.DEFAULT_MAX_RECORDS_PER_EVENT;
        String longKey = "%C3%A9".repeat(512); // 1,024 bytes of key, every byte percent-encoded: 3,072 chars
        String minio = new String(bytes("minio-put.json"), StandardCharsets.UTF_8);
        String record = minio.substring(minio.indexOf("[") + 1, minio.lastIndexOf("]"))
                .replace("originals%2Fshoe+1.jpg", longKey)
                .replace(
                        "\"content-type\": \"image/jpeg\"",
                        "\"content-type\": \"image/jpeg\", \"X-Amz-Meta-Owner\": \"team-a\","
                                + " \"X-Amz-Meta-Campaign\": \"rebrand-2026\", \"X-Amz-Meta-Focus\": \"0.31,0.62\"");
        StringJoiner all = new StringJoiner(",", "{\"EventName\":\"s3:ObjectCreated:Put\",\"Records\":[", "]}");
        for (int i = 0; i < records; i++) {
            all.add(record);
        }

        Decoded decoded = decoder.decode(utf8(all.toString()));

        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Uploads.class,
                        u -> assertThat(u.uploads())
                                .hasSize(records)
                                .allSatisfy(upload -> assertThat(upload.key().getBytes(StandardCharsets.UTF_8))
                                        .hasSize(1024)));
    }

    @Test
    void aHugeKeyStillDecodesSoItsFailureIsReportedForThatKey() {
        byte[] value = utf8("{\"bucket\":\"media\",\"key\":\"" + "k".repeat(400_000) + ".jpg\"}");

        assertThat(decoder.decode(value)).isInstanceOf(Decoded.Uploads.class);
    }

    @Test
    void theTokenLimitFollowsTheConfiguredRecordsPerEvent() {
        int records = 1000;
        String record = "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},"
                + "\"object\":{\"key\":\"a.jpg\",\"size\":1,\"eTag\":\"e\",\"sequencer\":\"0A\"},"
                + "\"pad\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}";
        byte[] value = utf8("{\"Records\":[" + (record + ",").repeat(records - 1) + record + "]}");

        assertThat(message(new EventDecoder(100).decode(value))).contains("token count");
        assertThat(new EventDecoder(records).decode(value)).isInstanceOf(Decoded.Uploads.class);
    }

    @Test
    void theDefaultDecoderUsesTheConfiguredDefault() {
        assertThat(EventDecoder.DEFAULT_MAX_RECORDS_PER_EVENT)
                .isEqualTo(PipelineSettings.DEFAULT_MAX_RECORDS_PER_EVENT);
    }

    /** {@code start}, then {@code unit} as often as fits, then {@code end}: just under 1 MiB in all. */
    static byte[] fill(String start, String unit, String end) {
        int room = EventDecoder.MAX_VALUE_BYTES - start.length() - end.length();
        return utf8(start + unit.repeat(room / unit.length()) + end);
    }

    private static String message(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid) decoded).message();
    }
}
