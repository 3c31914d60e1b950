package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.event.ThumbnailEvent.ErrorInfo;
import thumbstream.event.ThumbnailEvent.Placeholder;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.ThumbnailEvent.Status;

class ThumbnailEventJsonTest {

    private static final Instant PROCESSED_AT = Instant.parse("2026-11-23T07:00:00.123Z");

    private static final ThumbnailEvent COMPLETED = new ThumbnailEvent(
            "ced39538ce446ec06e7accf2443ef611",
            Status.COMPLETED,
            "media",
            "originals/shoe 1.jpg",
            "abc",
            "rebrand-2026",
            List.of(new RenditionResult(
                    "small", "thumbnails/small/originals/shoe 1.jpg.jpg", 320, 213, 18211, "image/jpeg", "jpg")),
            null,
            1,
            41,
            PROCESSED_AT);

    @Test
    void writesTheFieldNamesValuesAndOrderOfDesignSection3() {
        String json = json(COMPLETED);

        assertThat(json)
                .isEqualTo("{\"id\":\"ced39538ce446ec06e7accf2443ef611\",\"status\":\"completed\","
                        + "\"bucket\":\"media\",\"key\":\"originals/shoe 1.jpg\",\"sourceEtag\":\"abc\",\"jobId\":\"rebrand-2026\","
                        + "\"renditions\":[{\"name\":\"small\",\"format\":\"jpg\",\"key\":\"thumbnails/small/originals/shoe 1.jpg.jpg\",\"width\":320,"
                        + "\"height\":213,\"bytes\":18211,\"contentType\":\"image/jpeg\"}],"
                        + "\"attempts\":1,\"durationMs\":41,\"processedAt\":\"2026-11-23T07:00:00.123Z\"}");
    }

    @Test
    void givenACompletedEventWithPlaceholderAndCrop_whenWritten_thenTheyAppearInTheDocumentedPlaces() {
        ThumbnailEvent event = new ThumbnailEvent(
                "id",
                Status.COMPLETED,
                "media",
                "a.jpg",
                "abc",
                null,
                List.of(new RenditionResult(
                        "square",
                        "thumbnails/square/a.jpg.jpg",
                        256,
                        256,
                        9000,
                        "image/jpeg",
                        "jpg",
                        new Crop(420, 0, 1080, 1080))),
                new Placeholder("LEHV6nWB2yk8pyo0adR*.7kCMdnj", "1QcSHQRnh493V4dIh4eXh1h4kJUI", "#a1b2c3", null),
                null,
                1,
                41,
                PROCESSED_AT);

        String json = json(event);

        assertThat(json)
                .contains("{\"name\":\"square\",\"format\":\"jpg\",\"key\":\"thumbnails/square/a.jpg.jpg\"")
                .contains(
                        "\"contentType\":\"image/jpeg\",\"crop\":{\"x\":420,\"y\":0,\"width\":1080,\"height\":1080}}]")
                .contains("}],\"placeholder\":{\"blurhash\":\"LEHV6nWB2yk8pyo0adR*.7kCMdnj\","
                        + "\"thumbhash\":\"1QcSHQRnh493V4dIh4eXh1h4kJUI\",\"dominantColor\":\"#a1b2c3\"},\"attempts\"")
                .doesNotContain("averageColor");
        assertThat(EventJson.thumbnailEvent(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(event);
    }

    @Test
    void writesEveryStatusLowercase() {
        for (Status status : Status.values()) {
            ThumbnailEvent event =
                    new ThumbnailEvent("id", status, "b", "k", null, null, null, null, 1, 0, PROCESSED_AT);

            assertThat(tree(event).get("status").textValue())
                    .isEqualTo(status.name().toLowerCase());
        }
    }

    @Test
    void writesFailureReasonsAsHyphenatedCodes() {
        List<String> codes = new ArrayList<>();
        for (FailureReason reason : FailureReason.values()) {
            codes.add(tree(failed(reason, "x")).at("/error/reason").textValue());
        }

        assertThat(codes)
                .containsExactly(
                        "corrupt-image",
                        "not-found",
                        "too-large",
                        "unsupported-format",
                        "storage",
                        "invalid-event",
                        "internal",
                        "forbidden");
    }

    @Test
    void omitsNullFieldsButKeepsAnEmptyRenditionList() {
        JsonNode failed = tree(failed(FailureReason.CORRUPT_IMAGE, "not a JPEG: bad SOI marker"));
        JsonNode skipped = tree(
                new ThumbnailEvent("id", Status.SKIPPED, "b", "k", "e", null, List.of(), null, 1, 3, PROCESSED_AT));

        assertThat(failed.has("renditions")).isFalse();
        assertThat(failed.has("jobId")).isFalse();
        assertThat(failed.has("sourceEtag")).isFalse();
        assertThat(failed.get("error").toString())
                .isEqualTo("{\"reason\":\"corrupt-image\",\"message\":\"not a JPEG: bad SOI marker\"}");
        assertThat(skipped.get("renditions").isArray()).isTrue();
        assertThat(skipped.get("renditions")).isEmpty();
        assertThat(skipped.has("error")).isFalse();
    }

    @Test
    void writesTheNoteOfASkippedResultAfterTheErrorSlotAndReadsItBack() {
        ThumbnailEvent skipped = new ThumbnailEvent(
                "id",
                Status.SKIPPED,
                "b",
                "k",
                "e",
                null,
                List.of(),
                null,
                null,
                "the object was written by thumbstream",
                1,
                3,
                PROCESSED_AT);

        assertThat(json(skipped))
                .contains("\"renditions\":[],\"note\":\"the object was written by thumbstream\",\"attempts\":1");
        assertThat(EventJson.thumbnailEvent(EventJson.toBytes(skipped))).isEqualTo(skipped);
    }

    @Test
    void writesAShareGroupDeliveryCountAfterTheAttemptsAndLeavesItOutOtherwise() {
        ThumbnailEvent consumerMode = failed(FailureReason.INTERNAL, "delivered 5 times");
        ThumbnailEvent shareMode = consumerMode.withDeliveryCount(5);

        assertThat(tree(consumerMode).has("deliveryCount")).isFalse();
        assertThat(json(shareMode)).contains("\"attempts\":1,\"deliveryCount\":5,\"durationMs\":");
        assertThat(EventJson.thumbnailEvent(EventJson.toBytes(shareMode))).isEqualTo(shareMode);
    }

    @Test
    void allowsUnknownBucketAndKeyForAnInvalidEvent() {
        ThumbnailEvent invalid = new ThumbnailEvent(
                "id",
                Status.FAILED,
                null,
                null,
                null,
                null,
                null,
                new ErrorInfo(FailureReason.INVALID_EVENT, "missing required field 'key'"),
                1,
                0,
                PROCESSED_AT);

        JsonNode json = tree(invalid);

        assertThat(json.has("bucket")).isFalse();
        assertThat(json.has("key")).isFalse();
        assertThat(EventJson.thumbnailEvent(EventJson.toBytes(invalid))).isEqualTo(invalid);
    }

    @Test
    void writesProcessedAtAsAnIsoStringNotANumber() {
        JsonNode processedAt = tree(COMPLETED).get("processedAt");

        assertThat(processedAt.isTextual()).isTrue();
        assertThat(processedAt.textValue()).isEqualTo("2026-11-23T07:00:00.123Z");
    }

    @Test
    void roundTripsCompletedFailedAndDeletedEvents() {
        ThumbnailEvent failed = failed(FailureReason.TOO_LARGE, "40000x40000 is over the 100 MP limit");
        ThumbnailEvent deleted = new ThumbnailEvent(
                "id2",
                Status.DELETED,
                "media",
                "a b.jpg",
                null,
                null,
                List.of(),
                null,
                2,
                5,
                Instant.parse("2026-11-23T07:00:00.123456789Z"));

        for (ThumbnailEvent event : List.of(COMPLETED, failed, deleted)) {
            assertThat(EventJson.thumbnailEvent(EventJson.toBytes(event))).isEqualTo(event);
        }
    }

    @Test
    void readsEventsThatGainedFieldsItDoesNotKnow() {
        String newer = json(COMPLETED).replace("\"attempts\":1", "\"attempts\":1,\"region\":\"eu-west-1\"");

        assertThat(EventJson.thumbnailEvent(newer.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(COMPLETED);
    }

    @Test
    void rejectsBytesThatAreNotAThumbnailEvent() {
        byte[] garbage = "{\"id\":\"x\",\"status\":\"exploded\"}".getBytes(StandardCharsets.UTF_8);
        byte[] numericTime =
                "{\"id\":\"x\",\"status\":\"failed\",\"processedAt\":1700000000}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.thumbnailEvent(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a thumbnail event: ");
        assertThatThrownBy(() -> EventJson.thumbnailEvent(numericTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a thumbnail event: ");
    }

    private static ThumbnailEvent failed(FailureReason reason, String message) {
        return new ThumbnailEvent(
                "id",
                Status.FAILED,
                "media",
                "a.jpg",
                null,
                null,
                null,
                new ErrorInfo(reason, message),
                1,
                7,
                PROCESSED_AT);
    }

    private static String json(ThumbnailEvent event) {
        return new String(EventJson.toBytes(event), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(ThumbnailEvent event) {
        try {
            return EventJson.mapper().readTree(EventJson.toBytes(event));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
