package thumbstream.event;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static thumbstream.event.EventFixtures.utf8;

import org.junit.jupiter.api.Test;

/**
 * Records read through {@link EventJson#mapper()} (results, job announcements, the progress
 * topology's own topics) are as untrusted as uploads: its parser stops at {@link EventJson#LIMITS}.
 */
class SharedMapperLimitsTest {

    @Test
    void aJobAnnouncementNestedDeeplyIsNotAnAnnouncement() {
        byte[] value = utf8("{\"jobId\":\"j\",\"bucket\":\"b\",\"pad\":" + "[".repeat(900) + "]".repeat(900) + "}");

        assertThatThrownBy(() -> JobAnnouncement.fromBytes(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aResultEventWithAHugeNumberIsNotAResultEvent() {
        byte[] value = utf8("{\"id\":\"i\",\"status\":\"completed\",\"attempts\":" + "9".repeat(900) + "}");

        assertThatThrownBy(() -> EventJson.thumbnailEvent(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Number value length");
    }

    @Test
    void aResultEventFloodedWithTokensIsNotAResultEvent() {
        byte[] value = utf8("{\"id\":\"i\",\"pad\":[" + "{},".repeat(200_000) + "{}]}");

        assertThatThrownBy(() -> EventJson.thumbnailEvent(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Token count");
    }
}
