package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplacementBudgetTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong(1_000);
    private final ReplacementBudget budget = new ReplacementBudget(3, WINDOW, now::get);

    @Test
    void grantsUpToItsLimitWithinTheWindowThenRefuses() {
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();

        assertThat(budget.tryReplace()).isFalse();
        assertThat(budget.recent()).isEqualTo(3);
    }

    @Test
    void aHealthyPeriodAsLongAsTheWindowGivesTheWholeBudgetBack() {
        budget.tryReplace();
        budget.tryReplace();
        budget.tryReplace();

        now.addAndGet(WINDOW.toNanos());

        assertThat(budget.recent()).isEqualTo(3); // forgotten on the next failure, not before
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isFalse();
    }

    @Test
    void onlyFailuresOlderThanTheWindowAreForgotten() {
        budget.tryReplace(); // t0
        now.addAndGet(WINDOW.toNanos() / 2);
        budget.tryReplace(); // t0 + 5 min
        budget.tryReplace();
        assertThat(budget.tryReplace()).isFalse();

        now.addAndGet(WINDOW.toNanos() / 2); // t0 + 10 min: only the first is old enough

        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isFalse();
    }
}
