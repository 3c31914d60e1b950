package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.Budget;

/** {@code thumbstream_budget_use_ratio{budget}} reads the share of the budget held at scrape time. */
class BudgetUseGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    private double gauge(String budget) {
        return registry.get("thumbstream.budget.use")
                .tag("budget", budget)
                .gauge()
                .value();
    }

    @Test
    void followsTheLeasesHeldAndGivenBack() {
        // given a 4 MiB budget exported as source-bytes
        Budget budget = Budget.ofBytes(4L << 20);
        metrics.budgetUse("source-bytes", budget, Budget::use);
        assertThat(gauge("source-bytes")).isZero();

        // when jobs hold 1 MiB and then 2 MiB more
        Budget.Lease first = budget.acquire(1L << 20);
        Budget.Lease second = budget.acquire(2L << 20);

        // then the gauge says three quarters, and nothing once both are given back
        assertThat(gauge("source-bytes")).isEqualTo(0.75);
        first.close();
        second.close();
        assertThat(gauge("source-bytes")).isZero();
    }

    @Test
    void aLeaseAboveTheWholeBudgetShowsItFull() {
        Budget budget = Budget.ofBytes(1L << 20);
        metrics.budgetUse("event-decode", budget, Budget::use);

        try (Budget.Lease lease = budget.acquire(10L << 20)) {
            assertThat(gauge("event-decode")).isEqualTo(1.0);
        }
    }

    @Test
    void eachBudgetIsItsOwnSeries() {
        Budget sources = Budget.ofBytes(1L << 20);
        Budget decodes = Budget.ofBytes(1L << 20);
        metrics.budgetUse("source-bytes", sources, Budget::use);
        metrics.budgetUse("event-decode", decodes, Budget::use);

        try (Budget.Lease lease = decodes.acquire(512 * 1024)) {
            assertThat(gauge("event-decode")).isEqualTo(0.5);
            assertThat(gauge("source-bytes")).isZero();
        }
    }
}
