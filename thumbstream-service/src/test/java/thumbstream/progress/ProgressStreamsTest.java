package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;

/** {@link ProgressStreams}' supervision decisions and {@link ProgressQueries} before a client runs; no broker. */
class ProgressStreamsTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final ThumbstreamConfig config = new EnvConfigLoader(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "THUMBSTREAM_S3_ENDPOINT", "http://minio:9000",
                    "THUMBSTREAM_S3_ACCESS_KEY", "thumbstream",
                    "THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value"))
            .load();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ProgressStreams streams =
            new ProgressStreams(config, new SimpleMeterRegistry(), new ReplacementBudget(3, WINDOW, now::get));

    @Test
    void replacesFailedStreamThreadsUntilTheBudgetIsSpentThenStopsTheClient() {
        RuntimeException failure = new IllegalStateException("boom");

        assertThat(streams.onStreamThreadFailure(null, failure))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(streams.onStreamThreadFailure(null, failure))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(streams.onStreamThreadFailure(null, failure))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);

        assertThat(streams.onStreamThreadFailure(null, failure))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void threeFailuresSpreadFurtherApartThanTheWindowNeverStopTheClient() {
        RuntimeException failure = new IllegalStateException("boom");

        for (int i = 0; i < 10; i++) {
            assertThat(streams.onStreamThreadFailure(null, failure))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(WINDOW.toNanos() / 3 + 1);
        }
    }

    @Test
    void queriesBeforeTheClientStartedAnswerUnavailable() {
        ProgressQueries queries = new ProgressQueries(streams);

        assertThatThrownBy(queries::jobs)
                .isInstanceOf(JobLookup.UnavailableException.class)
                .hasMessageContaining("has not started yet");
        assertThatThrownBy(() -> queries.job("job-1")).isInstanceOf(JobLookup.UnavailableException.class);
        assertThatThrownBy(() -> queries.elsewhere("job-1")).isInstanceOf(JobLookup.UnavailableException.class);
    }
}
