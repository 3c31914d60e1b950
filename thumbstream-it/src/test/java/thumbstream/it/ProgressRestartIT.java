package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.progress.ProgressQueries;
import thumbstream.progress.ProgressStreams;

/**
 * A service that stops takes its job-progress member out of the Kafka Streams group, so the
 * instance that replaces it (a rolling restart, a pod scaled up again) is given the progress tasks
 * at once instead of after the stopped member's session has expired. Real broker.
 */
class ProgressRestartIT {

    /**
     * Far longer than the test waits: a replacement that answers before it cannot have waited for
     * the stopped member's session to expire.
     */
    private static final Duration SESSION = Duration.ofMinutes(3);

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aReplacementAnswersProgressQueriesLongBeforeTheStoppedMembersSessionWouldHaveExpired() throws Exception {
        ThumbstreamConfig base = SharedInfrastructure.newScenario("progress-restart", 1);
        Map<String, String> kafka = new HashMap<>(base.kafka());
        kafka.put("session.timeout.ms", Long.toString(SESSION.toMillis()));
        ThumbstreamConfig config = base.with(b -> b.kafka = kafka);
        InetSocketAddress http = new InetSocketAddress(InetAddress.getLoopbackAddress(), 18_080);

        ProgressStreams first = new ProgressStreams(config, new SimpleMeterRegistry());
        try {
            first.start(http);
            assertThat(answersWithin(new ProgressQueries(first), WAIT))
                    .as("the first instance's view answers")
                    .isTrue();
        } finally {
            first.close();
        }

        try (ProgressStreams second = new ProgressStreams(config, new SimpleMeterRegistry())) {
            second.start(http);
            assertThat(answersWithin(new ProgressQueries(second), WAIT))
                    .as(
                            "the replacement's view answers within %s, though the stopped member's session is %s",
                            WAIT, SESSION)
                    .isTrue();
        }
    }

    /** Whether the view's stores can be queried (its tasks assigned and restored) within {@code limit}. */
    private static boolean answersWithin(ProgressQueries queries, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                queries.jobs();
                return true;
            } catch (RuntimeException unavailable) { // JobLookup.UnavailableException (503)
                Thread.sleep(200);
            }
        }
        return false;
    }
}
