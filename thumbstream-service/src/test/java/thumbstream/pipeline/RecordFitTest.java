package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import thumbstream.event.DeadLetterHeaders;
import thumbstream.event.EventJson;
import thumbstream.event.ThumbnailEvent;

class RecordFitTest {

    private static final int LIMIT = RecordLimits.KAFKA_DEFAULTS.forTopic("uploads.dlq");

    @Test
    void leavesADeadLetterThatFitsAsItIs() {
        byte[] value = utf8("{\"bucket\":\"media\"}");

        ProducerRecord<String, byte[]> dl =
                RecordFit.deadLetter("uploads.dlq", "k", value, new Header[0], ours(), LIMIT);

        assertThat(dl.value()).isEqualTo(value);
        assertThat(dl.key()).isEqualTo("k");
        assertThat(dl.headers().lastHeader(DeadLetterHeaders.TRUNCATED)).isNull();
    }

    @Test
    void cutsTheValueOfADeadLetterJustUnderTheLimitAndSaysHowLargeItWas() {
        // given: the hostile case, a value just under the broker's 1 MiB that the DLQ headers push over
        byte[] value = new byte[1_048_300];
        new Random(1).nextBytes(value);

        // when
        ProducerRecord<String, byte[]> dl =
                RecordFit.deadLetter("uploads.dlq", "key-1", value, new Header[0], ours(), LIMIT);

        // then
        assertThat(RecordFit.estimate(dl)).isLessThanOrEqualTo(LIMIT);
        assertThat(LIMIT).isLessThan(RecordLimits.DEFAULT_MAX_REQUEST_BYTES);
        assertThat(dl.value()).isEqualTo(Arrays.copyOf(value, dl.value().length));
        assertThat(dl.value().length).isGreaterThan(value.length * 9 / 10);
        assertThat(header(dl, DeadLetterHeaders.TRUNCATED)).isEqualTo("value");
        assertThat(header(dl, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo("1048300");
        assertThat(header(dl, DeadLetterHeaders.REASON)).isEqualTo("invalid-event");
        assertThat(dl.key()).isEqualTo("key-1");
    }

    @Test
    void cutsAHugeKeyAndDropsHugeOriginalHeadersWhenTheyAloneDoNotFit() {
        // given: a 600 KB key and 600 KB of headers on the original record
        String key = "k".repeat(600_000);
        Header[] original = {new RecordHeader("big", new byte[600_000])};

        ProducerRecord<String, byte[]> dl =
                RecordFit.deadLetter("uploads.dlq", key, utf8("{}"), original, ours(), LIMIT);

        assertThat(RecordFit.estimate(dl)).isLessThanOrEqualTo(LIMIT);
        assertThat(dl.key()).hasSize(RecordFit.MAX_CUT_KEY_BYTES);
        assertThat(dl.headers().lastHeader("big")).isNull();
        assertThat(header(dl, DeadLetterHeaders.TRUNCATED)).isEqualTo("key,headers");
        assertThat(header(dl, DeadLetterHeaders.ORIGINAL_KEY_SIZE)).isEqualTo("600000");
        assertThat(dl.value()).isEqualTo(utf8("{}"));
    }

    @Test
    void cutsTheKeyAndLongTextsOfAResultTooLargeForTheTopicKeepingItValidJson() {
        // given: an invalid-event result keyed by a 900 KB record key, with a 300 KB message
        String key = "x".repeat(900_000);
        ThumbnailEvent invalid = PipelineFixtures.RESULTS.invalid("uploads-0@1", "m".repeat(300_000));

        ProducerRecord<String, byte[]> r = RecordFit.result("thumbnails", key, EventJson.toBytes(invalid), 64 * 1024);

        assertThat(RecordFit.estimate(r)).isLessThanOrEqualTo(64 * 1024);
        assertThat(r.key()).hasSize(RecordFit.MAX_CUT_KEY_BYTES);
        ThumbnailEvent decoded = EventJson.thumbnailEvent(r.value());
        assertThat(decoded.id()).isEqualTo(invalid.id());
        assertThat(decoded.error().message()).startsWith("mmm").contains("more characters cut");
    }

    @Test
    void cutsUtf8OnACharacterBoundary() {
        String s = "aé€😀"; // 1 + 2 + 3 + 4 bytes

        assertThat(RecordFit.utf8Length(s)).isEqualTo(10);
        assertThat(RecordFit.truncateUtf8(s, 6)).isEqualTo("aé€");
        assertThat(RecordFit.truncateUtf8(s, 5)).isEqualTo("aé");
        assertThat(RecordFit.truncateUtf8(s, 10)).isEqualTo(s);
    }

    private static Map<String, byte[]> ours() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(DeadLetterHeaders.REASON, utf8("invalid-event"));
        h.put(DeadLetterHeaders.MESSAGE, utf8("malformed JSON"));
        return h;
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
