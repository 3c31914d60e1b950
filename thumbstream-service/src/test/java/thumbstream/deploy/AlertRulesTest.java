package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yml is a valid rule file whose unit tests pass, each alert is tested
 * both ways, and the PrometheusRule under k8s/optional/ carries the same groups. That the metrics
 * it uses are exported is AlertMetricsIT's (thumbstream-it): it needs a running service.
 */
class AlertRulesTest {

    static final String RULES = "deploy/prometheus/alerts.yml";
    static final String RULE_TESTS = "deploy/prometheus/alerts-test.yml";
    static final String PROMETHEUS_RULE = "k8s/optional/prometheus-rule.yaml";
    private static final String INSTALL = "apt-get install --no-install-recommends prometheus (it ships promtool)";

    @Test
    void promtoolAcceptsTheRuleFile() throws Exception {
        Path promtool = ExternalTools.required("promtool", INSTALL);

        ExternalTools.Result result = ExternalTools.run(promtool.toString(), "check", "rules", RULES);

        assertThat(result.exitCode())
                .as("`promtool check rules %s` failed:%n%s", RULES, result.output())
                .isZero();
    }

    @Test
    void promtoolAcceptsTheComposePrometheusConfigWithTheRules() throws Exception {
        Path promtool = ExternalTools.required("promtool", INSTALL);

        ExternalTools.Result result =
                ExternalTools.run(promtool.toString(), "check", "config", "deploy/prometheus.yml");

        assertThat(result.exitCode())
                .as("`promtool check config deploy/prometheus.yml` failed:%n%s", result.output())
                .isZero();
        assertThat(result.output()).as("the rule files it loads").contains(RULES);
    }

    @Test
    void promtoolUnitTestsOfTheAlertsPass() throws Exception {
        Path promtool = ExternalTools.required("promtool", INSTALL);

        ExternalTools.Result result = ExternalTools.run(promtool.toString(), "test", "rules", RULE_TESTS);

        assertThat(result.exitCode())
                .as("`promtool test rules %s` failed:%n%s", RULE_TESTS, result.output())
                .isZero();
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItDoesNot() {
        Set<String> alerts = alertNames();
        Set<String> fires = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        for (JsonNode test : DeployFiles.yaml(RULE_TESTS).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.path("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
            }
        }
        List<String> untested = new ArrayList<>();
        for (String alert : alerts) {
            if (!fires.contains(alert)) {
                untested.add(alert + ": no case where it fires");
            }
            if (!quiet.contains(alert)) {
                untested.add(alert + ": no case where it stays quiet (exp_alerts: [])");
            }
        }

        assertThat(alerts).as("alerts in %s", RULES).isNotEmpty();
        assertThat(untested).as("%s, alert_rule_test of %s", RULE_TESTS, RULES).isEmpty();
    }

    @Test
    void prometheusRuleCarriesTheSameGroupsAsTheRuleFile() {
        JsonNode rule = DeployFiles.yaml(PROMETHEUS_RULE);

        assertThat(rule.path("apiVersion").asText() + " " + rule.path("kind").asText())
                .as(PROMETHEUS_RULE)
                .isEqualTo("monitoring.coreos.com/v1 PrometheusRule");
        assertThat(rule.path("spec").path("groups"))
                .as(
                        "%s spec.groups must equal the groups of %s (the file Prometheus loads and promtool "
                                + "tests): change both",
                        PROMETHEUS_RULE, RULES)
                .isEqualTo(DeployFiles.yaml(RULES).path("groups"));
    }

    private static Set<String> alertNames() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode group : DeployFiles.yaml(RULES).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    names.add(r.path("alert").asText());
                }
            });
        }
        return names;
    }
}
