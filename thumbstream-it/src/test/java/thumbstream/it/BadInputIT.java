package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * Every kind of bad input, interleaved with good uploads on one partition: each bad record gives
 * exactly one failed result with the right reason (and a dead letter where the record itself is
 * unusable), every good upload completes, and the service stays ready.
 */
class BadInputIT {

    @Test
    void eachBadInputFailsWithItsReasonWhileTheGoodUploadsAroundItComplete() throws Exception {
        Scenario s = new Scenario("bad-input", 1);
        byte[] jpeg = TestImages.jpeg(800, 600);
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("empty.jpg", new byte[0]);
        objects.put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        objects.put("notes.jpg", "this is a text file, not a picture\n".getBytes(StandardCharsets.UTF_8));
        objects.put("bomb.png", pngHeaderClaiming(50_000, 50_000));
        for (int i = 1; i <= 9; i++) {
            objects.put("good-" + i + ".jpg", jpeg);
        }
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            s.store.put("media", s.prefix + e.getKey(), e.getValue(), "image/jpeg", Map.of());
        }
        // given, in this order on partition 0: a good upload between every two bad records
        List<byte[]> badRecords = List.of(
                "{\"bucket\": \"media\", \"key\": ".getBytes(StandardCharsets.UTF_8), // malformed JSON
                "{\"foo\": 1}".getBytes(StandardCharsets.UTF_8), // unknown shape
                "{\"bucket\": \"media\"}".getBytes(StandardCharsets.UTF_8), // missing key
                upload(s.prefix + "nope.jpg"), // object not found
                upload(s.prefix + "empty.jpg"),
                upload(s.prefix + "truncated.jpg"),
                upload(s.prefix + "notes.jpg"),
                upload(s.prefix + "bomb.png"));

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(s.config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                RawPublisher publisher = new RawPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            publisher.publishRaw(0, "good-1", upload(s.prefix + "good-1.jpg"));
            for (int i = 0; i < badRecords.size(); i++) {
                publisher.publishRaw(0, "bad-" + i, badRecords.get(i));
                publisher.publishRaw(0, "good-" + (i + 2), upload(s.prefix + "good-" + (i + 2) + ".jpg"));
            }
            results = reader.read(17, Duration.ofMinutes(2));
            results.addAll(reader.read(1, Duration.ofSeconds(2))); // nothing extra may follow
            assertThat(service.isReady()).as("service still ready").isTrue();
        }

        assertThat(results).hasSize(17);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .hasSize(9)
                .allMatch(k -> k.contains("/good-"));
        Map<String, FailureReason> failures = results.stream()
                .filter(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .filter(r -> r.key() != null)
                .collect(Collectors.toMap(
                        r -> r.key().substring(s.prefix.length()),
                        r -> r.error().reason()));
        assertThat(failures)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "nope.jpg", FailureReason.NOT_FOUND,
                        "empty.jpg", FailureReason.CORRUPT_IMAGE,
                        "truncated.jpg", FailureReason.CORRUPT_IMAGE,
                        "notes.jpg", FailureReason.UNSUPPORTED_FORMAT,
                        "bomb.png", FailureReason.TOO_LARGE));
        assertThat(results)
                .filteredOn(r -> r.key() == null)
                .extracting(r -> r.error().reason())
                .containsExactly(FailureReason.INVALID_EVENT, FailureReason.INVALID_EVENT, FailureReason.INVALID_EVENT);

        // the three unusable records are on the dead-letter topic, byte for byte, with the reason
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder(badRecords.get(0), badRecords.get(1), badRecords.get(2));
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "thumbstream.reason")).isEqualTo("invalid-event");
            assertThat(header(r, "thumbstream.source.topic"))
                    .isEqualTo(s.config.topics().uploads());
            assertThat(Long.parseLong(header(r, "thumbstream.source.offset"))).isBetween(1L, 16L);
        });
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] upload(String key) {
        return EventJson.toBytes(UploadEvent.created("media", key));
    }

    /** A PNG signature and a valid IHDR chunk claiming the given size, and no pixel data at all. */
    static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17)
                .put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
