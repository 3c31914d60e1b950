package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarnThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final WarnThrottle throttle = new WarnThrottle(Duration.ofMinutes(1), now::get);

    @Test
    void warnsOncePerIntervalAndSaysHowManyItLeftOut() {
        assertThat(throttle.next()).as("the first warns").isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.next()).as("within the minute: debug only").isEqualTo(-1);
        }

        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(throttle.next())
                .as("the next minute's first warns, counting the rest")
                .isEqualTo(1000);
        assertThat(throttle.next()).isEqualTo(-1);
    }
}
