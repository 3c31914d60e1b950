package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import thumbstream.event.JobAnnouncement;

class JobProgressTest {

    private static final Instant AT = Instant.parse("2026-11-23T07:00:00Z");

    @Test
    void listsTheFirstThousandFailuresAndCountsTheRest() {
        JobProgress p = JobProgress.empty("job");
        for (int i = 0; i < JobProgress.MAX_LISTED_FAILURES + 5; i++) {
            p = p.replaced(null, failed("k" + i, "corrupt-image"), AT);
        }

        assertThat(p.failed()).isEqualTo(1005);
        assertThat(p.failures()).hasSize(JobProgress.MAX_LISTED_FAILURES);
        assertThat(p.failuresOmitted()).isEqualTo(5);
    }

    @Test
    void anUnlistedFailureThatLaterSucceedsLeavesTheCountsConsistent() {
        JobProgress p = JobProgress.empty("job");
        for (int i = 0; i < JobProgress.MAX_LISTED_FAILURES + 1; i++) {
            p = p.replaced(null, failed("k" + i, "storage"), AT);
        }
        String last = "k" + JobProgress.MAX_LISTED_FAILURES; // the one that was not listed

        p = p.replaced("failed:storage", completed(last), AT);

        assertThat(p.failed()).isEqualTo(JobProgress.MAX_LISTED_FAILURES);
        assertThat(p.failures().size() + p.failuresOmitted()).isEqualTo(p.failed());
        assertThat(p.failedByReason()).containsEntry("storage", (long) JobProgress.MAX_LISTED_FAILURES);
        assertThat(p.completed()).isEqualTo(1);
    }

    @Test
    void survivesAJsonRoundTripAsStored() {
        JobProgress p = JobProgress.empty("job")
                .replaced(null, failed("a.jpg", "too-large"), AT)
                .announced(JobAnnouncement.started("job", "media", "p/", AT).finished(3, AT));

        byte[] bytes = ProgressTopology.PROGRESS_SERDE.serializer().serialize("t", p);

        assertThat(ProgressTopology.PROGRESS_SERDE.deserializer().deserialize("t", bytes))
                .isEqualTo(p);
    }

    @Test
    void theLargestStoredProgressStillReadsBackUnderTheParserLimits() {
        JobProgress p = JobProgress.empty("job");
        for (int i = 0; i < JobProgress.MAX_LISTED_FAILURES; i++) {
            p = p.replaced(null, failed("k" + i, "corrupt-image"), AT);
        }

        byte[] bytes = ProgressTopology.PROGRESS_SERDE.serializer().serialize("t", p);

        assertThat(ProgressTopology.PROGRESS_SERDE.deserializer().deserialize("t", bytes))
                .isEqualTo(p);
    }

    @Test
    void aStoredRecordFloodedWithTokensIsRefusedByTheSerde() {
        byte[] flood = ("{\"jobId\":\"job\",\"pad\":[" + "0,".repeat(300_000) + "0]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProgressTopology.PROGRESS_SERDE.deserializer().deserialize("t", flood))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage(
                        "Token count (100001) exceeds the maximum allowed (100000, from `StreamReadConstraints.getMaxTokenCount()`)");
    }

    private static JobInput.Result failed(String key, String reason) {
        return new JobInput.Result("job", "media", key, "failed", reason, "boom", AT);
    }

    private static JobInput.Result completed(String key) {
        return new JobInput.Result("job", "media", key, "completed", null, null, AT);
    }
}
