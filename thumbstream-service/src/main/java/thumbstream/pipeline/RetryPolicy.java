package thumbstream.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter for transient failures: attempt n waits a random time in
 * [delay/2, delay] where delay = min(max, base * 2^(n-1)). Jitter keeps many workers that failed
 * together (say, when the store went down) from retrying in lock-step; unlike full jitter ([0,
 * delay]) half the delay is always waited, so the retries of one upload still span an outage of a
 * known length before it is dead-lettered.
 *
 * @param maxAttempts attempts in total, the first one included
 */
record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** Between about 28 and 55 s of retries in all: rides out a storage restart without dead-lettering. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** How long to wait after failed attempt {@code attempt} (1-based) before the next one. */
    public Duration delayAfter(int attempt) {
        long base = baseDelay.toMillis();
        long exp = base << Math.min(attempt - 1, 20);
        long delay = Math.min(maxDelay.toMillis(), exp < 0 ? Long.MAX_VALUE : exp);
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay);
    }

    public boolean hasAttemptsAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
