package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import thumbstream.upload.SourceBudget;

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
        SourceBudget budget = new SourceBudget(4L << 20);
        metrics.budgetUse("source-bytes", budget, SourceBudget::use);
        assertThat(gauge("source-bytes")).isZero();

        // when jobs hold 1 MiB and then 2 MiB more
        SourceBudget.Lease first = budget.acquire(1L << 20);
        SourceBudget.Lease second = budget.acquire(2L << 20);

        // then the gauge says three quarters, and nothing once both are given back
        assertThat(gauge("source-bytes")).isEqualTo(0.75);
        first.close();
        second.close();
        assertThat(gauge("source-bytes")).isZero();
    }

    @Test
    void aLeaseAboveTheWholeBudgetShowsItFull() {
        SourceBudget budget = new SourceBudget(1L << 20);
        metrics.budgetUse("event-decode", budget, SourceBudget::use);

        try (SourceBudget.Lease lease = budget.acquire(10L << 20)) {
            assertThat(gauge("event-decode")).isEqualTo(1.0);
        }
    }

    @Test
    void eachBudgetIsItsOwnSeries() {
        SourceBudget sources = new SourceBudget(1L << 20);
        SourceBudget decodes = new SourceBudget(1L << 20);
        metrics.budgetUse("source-bytes", sources, SourceBudget::use);
        metrics.budgetUse("event-decode", decodes, SourceBudget::use);

        try (SourceBudget.Lease lease = decodes.acquire(512 * 1024)) {
            assertThat(gauge("event-decode")).isEqualTo(0.5);
            assertThat(gauge("source-bytes")).isZero();
        }
    }
}
