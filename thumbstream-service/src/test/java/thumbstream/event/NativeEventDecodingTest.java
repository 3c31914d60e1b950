package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.event.EventFixtures.bytes;
import static thumbstream.event.EventFixtures.utf8;
import static thumbstream.event.S3NotificationDecodingTest.uploads;

import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.event.UploadEvent.Action;

class NativeEventDecodingTest {

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void decodesANativeEventWithEveryFieldAndIgnoresUnknownOnes() {
        Decoded decoded = decoder.decode(bytes("native.json"));

        assertThat(decoded)
                .isEqualTo(new Decoded.Uploads(List.of(new UploadEvent(
                        Action.CREATED,
                        "media",
                        "originals/shoe 1+2%20.jpg",
                        "9b2cf535f27731c974343645a3985328",
                        245873L,
                        "image/jpeg",
                        "rebrand-2026",
                        null,
                        null))));
    }

    @Test
    void takesNativeKeysVerbatimWithoutUrlDecoding() {
        UploadEvent upload = uploads(decoder.decode(utf8("{\"bucket\":\"media\",\"key\":\"a+b%2Fc.jpg\"}")))
                .get(0);

        assertThat(upload.key()).isEqualTo("a+b%2Fc.jpg");
    }

    @Test
    void needsOnlyBucketAndKeyAndDefaultsToCreated() {
        Decoded decoded = decoder.decode(utf8("{\"bucket\":\"media\",\"key\":\"originals/a.jpg\"}"));

        assertThat(decoded).isEqualTo(new Decoded.Uploads(List.of(UploadEvent.created("media", "originals/a.jpg"))));
    }

    @Test
    void treatsExplicitNullsAsAbsent() {
        Decoded decoded = decoder.decode(utf8(
                "{\"bucket\":\"media\",\"key\":\"a.jpg\",\"etag\":null,\"size\":null,\"jobId\":null,\"action\":null}"));

        assertThat(decoded).isEqualTo(new Decoded.Uploads(List.of(UploadEvent.created("media", "a.jpg"))));
    }

    @Test
    void decodesTheRemovedAction() {
        UploadEvent upload = uploads(
                        decoder.decode(utf8("{\"action\":\"removed\",\"bucket\":\"media\",\"key\":\"a.jpg\"}")))
                .get(0);

        assertThat(upload.action()).isEqualTo(Action.REMOVED);
    }

    @Test
    void writesTheNativeShapeWithOnlyKnownFields() throws Exception {
        UploadEvent upload = new UploadEvent(
                Action.CREATED, "media", "originals/shoe 1.jpg", "abc", 123L, "image/jpeg", "rebrand-2026", null, null);

        assertThat(EventJson.mapper().readTree(EventJson.toBytes(upload)))
                .isEqualTo(EventJson.mapper().readTree("""
                {"bucket":"media","key":"originals/shoe 1.jpg","etag":"abc","size":123,
                 "contentType":"image/jpeg","jobId":"rebrand-2026"}"""));
    }

    @Test
    void writesTheActionOnlyForRemovals() {
        String removed = new String(EventJson.toBytes(
                new UploadEvent(Action.REMOVED, "media", "a.jpg", null, null, null, null, null, null)));
        String created = new String(EventJson.toBytes(UploadEvent.created("media", "a.jpg")));

        assertThat(removed).isEqualTo("{\"action\":\"removed\",\"bucket\":\"media\",\"key\":\"a.jpg\"}");
        assertThat(created).isEqualTo("{\"bucket\":\"media\",\"key\":\"a.jpg\"}");
    }

    @Test
    void roundTripsEveryFieldThroughTheNativeShape() {
        UploadEvent full = new UploadEvent(
                Action.REMOVED,
                "media",
                "odd/ké+y %20.jpg",
                "abc-2",
                0L,
                "image/webp",
                "job-1",
                "v7",
                "0055AED6DCD90281E5");

        assertThat(decoder.decode(EventJson.toBytes(full))).isEqualTo(new Decoded.Uploads(List.of(full)));
    }
}
