package thumbstream.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();
    private final RateLimiter.Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        now += nanos;
    };

    @Test
    void spacesCallsEvenlyAtTheRate() throws Exception {
        RateLimiter limiter = new RateLimiter(4, () -> now, sleeper);

        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }

        long quarter = TimeUnit.MILLISECONDS.toNanos(250);
        assertThat(sleeps).containsExactly(quarter, quarter, quarter, quarter);
    }

    @Test
    void anIdlePauseIsNotMadeUpWithABurst() throws Exception {
        RateLimiter limiter = new RateLimiter(10, () -> now, sleeper);
        limiter.acquire();
        now += TimeUnit.SECONDS.toNanos(5);

        limiter.acquire();
        limiter.acquire();

        assertThat(sleeps).containsExactly(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        RateLimiter limiter = new RateLimiter(0, () -> now, sleeper);

        for (int i = 0; i < 1000; i++) {
            limiter.acquire();
        }

        assertThat(sleeps).isEmpty();
    }
}
