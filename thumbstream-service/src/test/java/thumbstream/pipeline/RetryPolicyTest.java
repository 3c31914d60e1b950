package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final int SAMPLES = 200;

    private final RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(2));

    /** Asserts every sampled delay after {@code attempt} lies in [delay/2, delay]. */
    private void assertJitteredWithin(RetryPolicy p, int attempt, long delayMillis) {
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(p.delayAfter(attempt).toMillis())
                    .as("delay after attempt %d", attempt)
                    .isBetween(delayMillis / 2, delayMillis);
        }
    }

    @Test
    void doublesTheDelayWithEveryAttemptWithinJitterBounds() {
        assertJitteredWithin(policy, 1, 100);
        assertJitteredWithin(policy, 2, 200);
        assertJitteredWithin(policy, 3, 400);
        assertJitteredWithin(policy, 4, 800);
        assertJitteredWithin(policy, 5, 1600);
    }

    @Test
    void capsTheDelayAtTheMaximum() {
        assertJitteredWithin(policy, 6, 2000);
        assertJitteredWithin(policy, 7, 2000);
        assertJitteredWithin(policy, 30, 2000);
        assertJitteredWithin(policy, 1000, 2000);
    }

    @Test
    void neverWaitsLessAfterALaterAttemptBelowTheCap() {
        // below the cap the jitter ranges touch but never overlap: [d/2, d], then [d, 2d]
        for (int i = 0; i < SAMPLES; i++) {
            for (int attempt = 1; attempt < 5; attempt++) {
                assertThat(policy.delayAfter(attempt + 1)).isGreaterThanOrEqualTo(policy.delayAfter(attempt));
            }
        }
    }

    @Test
    void spreadsDelaysOverTheJitterRange() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long d = policy.delayAfter(5).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).as("spread of 1000 delays in [800, 1600]").isGreaterThan(400);
    }

    @Test
    void defaultPolicyRidesOutAStorageRestartOfHalfAMinute() {
        long shortest = 0;
        long longest = 0;
        for (int attempt = 1; RetryPolicy.DEFAULT.hasAttemptsAfter(attempt); attempt++) {
            long delay = Math.min(10_000, 500L << (attempt - 1));
            shortest += delay / 2; // equal jitter never waits less than half the delay
            longest += delay;
        }
        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(10);
        assertThat(shortest).as("least total wait").isGreaterThan(25_000L);
        assertThat(longest).as("most total wait").isLessThan(60_000L);
    }

    @Test
    void allowsAnotherAttemptOnlyBeforeTheLast() {
        RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));

        assertThat(three.hasAttemptsAfter(1)).isTrue();
        assertThat(three.hasAttemptsAfter(2)).isTrue();
        assertThat(three.hasAttemptsAfter(3)).isFalse();
        assertThat(three.hasAttemptsAfter(4)).isFalse();
    }

    @Test
    void aSingleAttemptPolicyNeverRetries() {
        assertThat(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(100)).hasAttemptsAfter(1))
                .isFalse();
    }

    @Test
    void rejectsFewerThanOneAttempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
    }

    @Test
    void aZeroBaseDelayRetriesImmediately() {
        RetryPolicy immediate = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

        assertThat(immediate.delayAfter(1)).isZero();
        assertThat(immediate.delayAfter(2)).isZero();
    }
}
