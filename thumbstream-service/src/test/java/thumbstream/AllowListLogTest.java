package thumbstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import thumbstream.security.BucketAllowList;
import thumbstream.security.LogCapture;

/** What the service says at start about {@code THUMBSTREAM_BUCKETS}. */
class AllowListLogTest {

    @Test
    void warnsOncePerPrefixThatIsNotAFolder() {
        try (LogCapture log = LogCapture.of(ThumbstreamService.class)) {
            ThumbstreamService.logAllowList(BucketAllowList.parse("media/a,media/b/"), "uploads");

            assertThat(log.formatted())
                    .filteredOn(line -> line.contains("WARN"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("'media/a'", "media/ab", "media/a/"));
        }
    }

    @Test
    void warnsWhenEveryBucketIsAllowed() {
        try (LogCapture log = LogCapture.of(ThumbstreamService.class)) {
            ThumbstreamService.logAllowList(BucketAllowList.allowAll(), "uploads");

            assertThat(log.formatted())
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("WARN", "THUMBSTREAM_BUCKETS is not set"));
        }
    }

    @Test
    void aListOfFoldersAndBucketsGivesNoWarning() {
        try (LogCapture log = LogCapture.of(ThumbstreamService.class)) {
            ThumbstreamService.logAllowList(BucketAllowList.parse("media/originals/,photos"), "uploads");

            assertThat(log.formatted()).noneMatch(line -> line.contains("WARN"));
        }
    }
}
