package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static thumbstream.event.EventFixtures.bytes;
import static thumbstream.event.EventFixtures.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.event.UploadEvent.Action;

class S3NotificationDecodingTest {

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void decodesAFullMinioPutNotification() {
        Decoded decoded = decoder.decode(bytes("minio-put.json"));

        assertThat(decoded)
                .isEqualTo(new Decoded.Uploads(List.of(new UploadEvent(
                        Action.CREATED,
                        "media",
                        "originals/shoe 1.jpg",
                        "9b2cf535f27731c974343645a3985328",
                        245873L,
                        "image/jpeg",
                        null,
                        null,
                        "187A8E5B2D1E9A44"))));
    }

    @Test
    void decodesAMinioDeleteAsRemoved() {
        List<UploadEvent> uploads = uploads(decoder.decode(bytes("minio-delete.json")));

        assertThat(uploads).singleElement().satisfies(upload -> {
            assertThat(upload.action()).isEqualTo(Action.REMOVED);
            assertThat(upload.objectRef()).isEqualTo("media/originals/shoe 1.jpg");
            assertThat(upload.etag()).isNull();
            assertThat(upload.size()).isNull();
        });
    }

    @Test
    void decodesUrlEncodedKeysWithPlusAsSpace() {
        UploadEvent upload =
                uploads(decoder.decode(bytes("aws-put-encoded-key.json"))).get(0);

        // "+" is a space, "%2F" a slash, "%2B" a literal plus, "%25" a percent sign, "%C3%A9" UTF-8 é.
        assertThat(upload.key()).isEqualTo("originals/summer sale/shoe #1 été 50% off+.jpg");
        assertThat(upload.bucket()).isEqualTo("media");
        assertThat(upload.size()).isEqualTo(1048576L);
        assertThat(upload.versionId()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
        assertThat(upload.sequencer()).isEqualTo("0055AED6DCD90281E5");
        assertThat(upload.contentType()).as("AWS does not send a content type").isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ObjectCreated:Put",
                "s3:ObjectCreated:Put",
                "ObjectCreated:Copy",
                "s3:ObjectCreated:CompleteMultipartUpload",
                "ObjectCreated:Post"
            })
    void treatsObjectCreatedEventsWithOrWithoutThePrefixAsCreated(String eventName) {
        assertThat(uploads(decoder.decode(record(eventName, "a.jpg"))).get(0).action())
                .isEqualTo(Action.CREATED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ObjectRemoved:Delete",
                "s3:ObjectRemoved:Delete",
                "ObjectRemoved:DeleteMarkerCreated",
                "s3:ObjectRemoved:DeleteMarkerCreated",
                "LifecycleExpiration:Delete",
                "s3:LifecycleExpiration:Delete",
                "LifecycleExpiration:DeleteMarkerCreated"
            })
    void treatsRemovalsAndLifecycleExpirationsAsRemoved(String eventName) {
        assertThat(uploads(decoder.decode(record(eventName, "a.jpg"))).get(0).action())
                .isEqualTo(Action.REMOVED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3:ObjectAccessed:Get",
                "ObjectAccessed:Head",
                "ObjectTagging:Put",
                "ObjectTagging:Delete",
                "s3:ObjectCreated:PutTagging",
                "s3:ObjectCreated:DeleteTagging",
                "s3:ObjectCreated:PutRetention",
                "s3:ObjectCreated:PutLegalHold",
                "ObjectRetention:Put",
                "ObjectLegalHold:Put",
                "ObjectRestore:Completed",
                "s3:Replication:OperationCompletedReplication",
                "ObjectAcl:Put",
                "LifecycleTransition",
                "s3:BucketCreated",
                "SomethingNew:Invented"
            })
    void ignoresEventsThatDoNotChangeTheObjectsContent(String eventName) {
        Decoded decoded = decoder.decode(record(eventName, "a.jpg"));

        assertThat(decoded)
                .isInstanceOfSatisfying(
                        Decoded.Ignored.class,
                        ignored -> assertThat(ignored.why()).contains(eventName));
    }

    @Test
    void ignoresAMinioObjectAccessedGetAndNamesIt() {
        assertThat(decoder.decode(bytes("minio-get.json")))
                .isInstanceOfSatisfying(
                        Decoded.Ignored.class,
                        ignored -> assertThat(ignored.why()).contains("s3:ObjectAccessed:Get"));
    }

    @Test
    void ignoresTaggingEventsFromAwsAndMinio() {
        assertThat(decoder.decode(bytes("aws-tagging.json")))
                .isInstanceOfSatisfying(
                        Decoded.Ignored.class,
                        ignored -> assertThat(ignored.why()).contains("ObjectTagging:Put"));
        assertThat(decoder.decode(bytes("minio-put-tagging.json")))
                .isInstanceOfSatisfying(
                        Decoded.Ignored.class,
                        ignored -> assertThat(ignored.why()).contains("s3:ObjectCreated:PutTagging"));
    }

    @Test
    void ignoresTheAwsTestEvent() {
        assertThat(decoder.decode(bytes("aws-test-event.json")))
                .isInstanceOfSatisfying(
                        Decoded.Ignored.class,
                        ignored ->
                                assertThat(ignored.why()).contains("test event").contains("media"));
    }

    @Test
    void ignoresANotificationWithoutRecords() {
        assertThat(decoder.decode(utf8("{\"Records\":null}"))).isInstanceOf(Decoded.Ignored.class);
        assertThat(decoder.decode(utf8("{\"Records\":[]}"))).isInstanceOf(Decoded.Ignored.class);
    }

    @Test
    void keepsUploadsAndRemovalsInOrderAndDropsTheRestOfAMultiRecordMessage() {
        List<UploadEvent> uploads = uploads(decoder.decode(bytes("aws-multi-record.json")));

        assertThat(uploads)
                .extracting(UploadEvent::action, UploadEvent::key)
                .containsExactly(
                        tuple(Action.CREATED, "originals/hero.png"), tuple(Action.REMOVED, "originals/old banner.gif"));
    }

    @Test
    void stripsSurroundingQuotesFromTheETag() {
        UploadEvent multipart =
                uploads(decoder.decode(bytes("aws-multi-record.json"))).get(0);

        assertThat(multipart.etag()).isEqualTo("3858f62230ac3c915f300c664312c11f-9");
    }

    @Test
    void takesTheContentTypeFromUserMetadataWhenMinioSendsNoContentTypeField() {
        byte[] value = utf8("""
                {"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"media"},
                 "object":{"key":"a.png","userMetadata":{"Content-Type":"image/png"}}}}]}""");

        assertThat(uploads(decoder.decode(value)).get(0).contentType()).isEqualTo("image/png");
    }

    @Test
    void leavesNotificationsWithoutAJobId() {
        assertThat(uploads(decoder.decode(bytes("minio-put.json"))).get(0).jobId())
                .isNull();
    }

    static byte[] record(String eventName, String encodedKey) {
        return utf8("{\"Records\":[{\"eventName\":\"" + eventName
                + "\",\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":\"" + encodedKey + "\"}}}]}");
    }

    static List<UploadEvent> uploads(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Uploads.class);
        return ((Decoded.Uploads) decoded).uploads();
    }
}
