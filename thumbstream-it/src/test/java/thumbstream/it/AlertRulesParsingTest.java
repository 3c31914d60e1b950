package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** AlertMetricsIT checks the right names only if AlertRules finds them in an expression. */
class AlertRulesParsingTest {

    private static final String EXPR = "sum by (job, instance) (jvm_memory_used_bytes{area=\"heap\", id!=\"x\"})\n"
            + "  / sum by (job) (rate(thumbstream_results_total{status=\"failed\",reason=~\"a|b\"}[10m])) > 0.9\n"
            + "or up unless thumbstream_dead_letters_total offset 10m\n"
            + "and on (job, instance) thumbstream_ready";

    @Test
    void takesMetricNamesButNotFunctionsKeywordsLabelsOrDurations() {
        assertThat(AlertRules.metricNames(EXPR))
                .containsExactlyInAnyOrder(
                        "jvm_memory_used_bytes",
                        "thumbstream_results_total",
                        "up",
                        "thumbstream_dead_letters_total",
                        "thumbstream_ready");
    }

    @Test
    void takesEqualityMatchersOnly() {
        assertThat(AlertRules.equalityMatchers(EXPR))
                .containsExactly(
                        new AlertRules.LabelMatch("jvm_memory_used_bytes", "area", "heap"),
                        new AlertRules.LabelMatch("thumbstream_results_total", "status", "failed"));
    }

    @Test
    void readsEveryAlertOfTheRuleFile() {
        assertThat(new AlertRules(Path.of(System.getProperty("basedir", "."))
                                .toAbsolutePath()
                                .getParent())
                        .expressions())
                .containsKeys("ThumbstreamConsumerLagGrowing", "ThumbstreamHeapNearLimit");
    }
}
