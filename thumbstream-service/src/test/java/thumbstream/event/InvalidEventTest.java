package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static thumbstream.event.EventFixtures.bytes;
import static thumbstream.event.EventFixtures.utf8;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidEventTest {

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void rejectsAMissingOrEmptyValue() {
        assertThat(message(decoder.decode(null))).startsWith("empty event");
        assertThat(message(decoder.decode(new byte[0]))).startsWith("empty event");
        assertThat(message(decoder.decode(utf8("  \n ")))).startsWith("empty event");
    }

    @Test
    void reportsMalformedJsonWithAShortParserMessageAndPosition() {
        String message = message(decoder.decode(utf8("{\"bucket\":\"media\",}")));

        assertThat(message)
                .startsWith("malformed JSON: ")
                .contains("line 1, column")
                .hasSizeLessThan(300);
    }

    @Test
    void keepsParserNoiseOutOfTheMessage() {
        String message = message(decoder.decode(utf8("{\"bucket\":\"media\"")));

        assertThat(message).contains("end-of-input").doesNotContain("Source").doesNotContain("REDACTED");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"bucket\":\"media\"",
                "not json",
                "{\"bucket\":\"a\",\"key\":\"b\"} trailing",
                "{\"bucket\":\"a\",\"key\":\"b\"}{\"bucket\":\"c\",\"key\":\"d\"}",
                "{\"bucket\":\"a\",\"key\":\"b\",\"key\":\"c\"}"
            })
    void rejectsTruncatedTrailingOrAmbiguousJson(String value) {
        assertThat(message(decoder.decode(utf8(value)))).startsWith("malformed JSON: ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "[1,2]            | got an array",
                "\"media/a.jpg\"  | got a string",
                "42               | got a number",
                "null             | got null",
                "{\"foo\":1}      | got an object with fields foo",
                "{}               | got an object with no fields"
            })
    void rejectsValidJsonOfAnUnknownShapeAndSaysWhatWasExpected(String value, String got) {
        assertThat(message(decoder.decode(utf8(value))))
                .startsWith("unknown event shape: expected a native upload event")
                .contains("{\"Records\":[…]}")
                .endsWith(got);
    }

    @Test
    void requiresAKeyInANativeEvent() {
        assertThat(message(decoder.decode(utf8("{\"bucket\":\"media\"}")))).isEqualTo("missing required field 'key'");
    }

    @Test
    void requiresABucketInANativeEvent() {
        assertThat(message(decoder.decode(utf8("{\"key\":\"a.jpg\"}")))).isEqualTo("missing required field 'bucket'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"bucket\":\"media\",\"key\":\"  \"}               | field 'key' must not be blank",
                "{\"bucket\":\"media\",\"key\":7}                    | field 'key' must be a string, got a number",
                "{\"bucket\":[\"media\"],\"key\":\"a\"}              | field 'bucket' must be a string, got an array",
                "{\"bucket\":\"media\",\"key\":\"a\",\"size\":-1}    | field 'size' must be a whole number of bytes >= 0, got a number -1",
                "{\"bucket\":\"media\",\"key\":\"a\",\"size\":\"12\"}| field 'size' must be a whole number of bytes >= 0, got a string \"12\"",
                "{\"bucket\":\"media\",\"key\":\"a\",\"size\":1.5}   | field 'size' must be a whole number of bytes >= 0, got a number 1.5",
                "{\"bucket\":\"media\",\"key\":\"a\",\"action\":\"moved\"} | field 'action' must be \"created\" or \"removed\", got \"moved\""
            })
    void explainsWhichNativeFieldIsWrong(String value, String expected) {
        assertThat(message(decoder.decode(utf8(value)))).isEqualTo(expected);
    }

    @Test
    void rejectsAnS3RecordWithoutABucketName() {
        byte[] value = utf8(
                "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"object\":{\"key\":\"a.jpg\"}}}]}");

        assertThat(message(decoder.decode(value))).isEqualTo("missing required field 'Records[0].s3.bucket.name'");
    }

    @Test
    void rejectsAnS3RecordWithoutAnObjectKeyAndNamesTheRecord() {
        byte[] value = utf8("{\"Records\":["
                + "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":\"a.jpg\"}}},"
                + "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{}}}]}");

        assertThat(message(decoder.decode(value))).isEqualTo("missing required field 'Records[1].s3.object.key'");
    }

    @Test
    void rejectsAnS3RecordWithoutAnEventName() {
        byte[] value =
                utf8("{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":\"a.jpg\"}}}]}");

        assertThat(message(decoder.decode(value))).isEqualTo("missing required field 'Records[0].eventName'");
    }

    @Test
    void rejectsRecordsThatAreNotAnArrayOfObjects() {
        assertThat(message(decoder.decode(utf8("{\"Records\":{}}"))))
                .isEqualTo("field 'Records' must be an array, got an object");
        assertThat(message(decoder.decode(utf8("{\"Records\":[1]}"))))
                .isEqualTo("'Records[0]' must be an object, got a number");
    }

    @Test
    void rejectsAnObjectKeyThatIsNotValidUrlEncoding() {
        byte[] value = S3NotificationDecodingTest.record("ObjectCreated:Put", "100%.jpg");

        assertThat(message(decoder.decode(value)))
                .startsWith("field 'Records[0].s3.object.key' is not valid URL encoding: \"100%.jpg\"");
    }

    @Test
    void rejectsValuesOverOneMebibyteWithoutParsingThem() {
        byte[] value = new byte[EventDecoder.MAX_VALUE_BYTES + 1];
        Arrays.fill(value, (byte) ' ');

        assertThat(message(decoder.decode(value)))
                .isEqualTo("event too large: 1048577 bytes, the limit is 1048576 bytes (1 MiB)");
    }

    @Test
    void acceptsAValueOfExactlyOneMebibyte() {
        byte[] json = utf8("{\"bucket\":\"media\",\"key\":\"a.jpg\"}");
        byte[] value = new byte[EventDecoder.MAX_VALUE_BYTES];
        Arrays.fill(value, (byte) ' ');
        System.arraycopy(json, 0, value, 0, json.length);

        assertThat(decoder.decode(value)).isInstanceOf(Decoded.Uploads.class);
    }

    @Test
    void neverThrowsOnTruncatedOrCorruptedInput() {
        Random random = new Random(42);
        for (String fixture : new String[] {"minio-put.json", "aws-multi-record.json", "native.json"}) {
            byte[] original = bytes(fixture);
            for (int i = 0; i < 300; i++) {
                byte[] mutated = Arrays.copyOf(original, random.nextInt(original.length + 1));
                if (mutated.length > 0 && random.nextBoolean()) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                assertThatCode(() -> assertThat(decoder.decode(mutated)).isNotNull())
                        .doesNotThrowAnyException();
            }
        }
    }

    private static String message(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid) decoded).message();
    }
}
