package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.event.EventFixtures.utf8;
import static thumbstream.event.S3NotificationDecodingTest.uploads;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.crop.FocusPoint;

/** The native event's optional {@code focus}: a focal point for crop=focus renditions. */
class FocusDecodingTest {

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void givenAFocusObject_whenDecoded_thenTheUploadCarriesThePoint() {
        UploadEvent upload = uploads(decoder.decode(
                        utf8("{\"bucket\":\"media\",\"key\":\"a.jpg\",\"focus\":{\"x\":0.31,\"y\":0.62}}")))
                .get(0);

        assertThat(upload.focus()).isEqualTo(new FocusPoint(0.31, 0.62));
    }

    @Test
    void givenNoFocusOrNull_whenDecoded_thenThereIsNone() {
        assertThat(uploads(decoder.decode(utf8("{\"bucket\":\"m\",\"key\":\"a.jpg\"}")))
                        .get(0)
                        .focus())
                .isNull();
        assertThat(uploads(decoder.decode(utf8("{\"bucket\":\"m\",\"key\":\"a.jpg\",\"focus\":null}")))
                        .get(0)
                        .focus())
                .isNull();
    }

    @Test
    void givenTheEdgesOfThePicture_whenDecoded_thenTheyAreAccepted() {
        UploadEvent upload = uploads(
                        decoder.decode(utf8("{\"bucket\":\"m\",\"key\":\"a\",\"focus\":{\"x\":0,\"y\":1}}")))
                .get(0);

        assertThat(upload.focus()).isEqualTo(new FocusPoint(0, 1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"0.3,0.6\"                  | field 'focus' must be an object",
                "[0.3,0.6]                    | field 'focus' must be an object",
                "{\"x\":0.3}                  | field 'focus.y' must be a number from 0 to 1, got nothing",
                "{\"x\":\"0.3\",\"y\":0.6}    | field 'focus.x' must be a number from 0 to 1, got a string",
                "{\"x\":-0.01,\"y\":0.6}      | field 'focus.x' must be a number from 0 to 1",
                "{\"x\":0.5,\"y\":1.5}        | field 'focus.y' must be a number from 0 to 1",
                "{\"x\":1e400,\"y\":0.5}      | field 'focus.x' must be a number from 0 to 1",
                "{\"x\":true,\"y\":0.5}       | field 'focus.x' must be a number from 0 to 1, got a boolean"
            })
    void givenAMalformedFocus_whenDecoded_thenTheEventIsInvalidAndTheMessageNamesTheField(
            String focus, String expected) {
        Decoded decoded = decoder.decode(utf8("{\"bucket\":\"m\",\"key\":\"a.jpg\",\"focus\":" + focus + "}"));

        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        assertThat(((Decoded.Invalid) decoded).message()).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void givenNonNumericNumbers_whenDecoded_thenTheEventIsInvalid(String value) {
        Decoded decoded =
                decoder.decode(utf8("{\"bucket\":\"m\",\"key\":\"a\",\"focus\":{\"x\":" + value + ",\"y\":0.5}}"));

        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
    }

    @Test
    void givenAnUploadWithFocus_whenWrittenAndReadBack_thenThePointSurvives() {
        UploadEvent upload = new UploadEvent(
                UploadEvent.Action.CREATED,
                "m",
                "a.jpg",
                null,
                null,
                null,
                null,
                null,
                null,
                new FocusPoint(0.25, 0.75));

        assertThat(uploads(decoder.decode(EventJson.toBytes(upload)))).containsExactly(upload);
    }
}
