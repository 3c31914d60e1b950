package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * What Grafana needs to import deploy/grafana/thumbstream.json and what DashboardQueriesIT relies on
 * to check it: targets found, variables known and substituted, every query on the chosen data source
 * and the selected instances.
 */
class GrafanaDashboardTest {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Set<String> VARIABLES = Set.of("__rate_interval", "__range", "job", "instance", "datasource");
    private final GrafanaDashboard dashboard = GrafanaDashboard.read(ROOT.resolve(GrafanaDashboard.FILE));

    @Test
    void substitutesGrafanaVariablesAndRefusesUnknownOnes() {
        Map<String, String> values = Map.of("__rate_interval", "1m", "instance", "127.0.0.1:8080");

        assertThat(GrafanaDashboard.substitute("rate(x{instance=~\"$instance\"}[$__rate_interval])", values))
                .isEqualTo("rate(x{instance=~\"127.0.0.1:8080\"}[1m])");
        assertThat(GrafanaDashboard.substitute("rate(x{instance=~\"${instance}\"}[1m])", values))
                .isEqualTo("rate(x{instance=~\"127.0.0.1:8080\"}[1m])");
        assertThatThrownBy(() -> GrafanaDashboard.substitute("x[$__interval]", values))
                .hasMessageContaining("$__interval");
    }

    @Test
    void findsEveryTargetAndVariableQuery() {
        assertThat(dashboard.targets())
                .hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(t -> assertThat(t.expr()).isNotBlank());
        assertThat(dashboard.labelValues())
                .extracting(GrafanaDashboard.LabelValues::variable, GrafanaDashboard.LabelValues::label)
                .containsExactly(Tuple.tuple("job", "job"), Tuple.tuple("instance", "instance"));
    }

    @Test
    void everyQuerySelectsTheChosenJobAndInstancesAndUsesOnlyKnownVariables() {
        for (GrafanaDashboard.Target t : dashboard.targets()) {
            assertThat(t.expr()).as(t.toString()).contains("job=~\"$job\"", "instance=~\"$instance\"");
            assertThat(t.expr().replaceAll("\\$\\{?(" + String.join("|", VARIABLES) + ")\\b}?", ""))
                    .as("%s: only %s", t, VARIABLES)
                    .doesNotContain("$");
        }
    }

    @Test
    void everyPanelAndTargetUsesTheDataSourceVariable() {
        JsonNode variable = dashboard.model().path("templating").path("list").get(0);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : panels()) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo("${" + variable.path("name").asText() + "}");
            panel.path("targets")
                    .forEach(t -> assertThat(t.path("datasource").path("uid").asText())
                            .as(panel.path("title").asText())
                            .isEqualTo("${" + variable.path("name").asText() + "}"));
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : panels()) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("id %s", panel.path("id"))
                    .isTrue();
            JsonNode pos = panel.path("gridPos");
            assertThat(pos.path("x").asInt() + pos.path("w").asInt())
                    .as(panel.path("title").asText())
                    .isLessThanOrEqualTo(24);
            for (int x = pos.path("x").asInt();
                    x < pos.path("x").asInt() + pos.path("w").asInt();
                    x++) {
                for (int y = pos.path("y").asInt();
                        y < pos.path("y").asInt() + pos.path("h").asInt();
                        y++) {
                    assertThat(cells.add(x + "," + y))
                            .as("%s overlaps at %d,%d", panel.path("title").asText(), x, y)
                            .isTrue();
                }
            }
        }
        assertThat(dashboard.model().path("id").isNull())
                .as("id null, so an import creates the dashboard")
                .isTrue();
    }

    private List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        dashboard.model().path("panels").forEach(p -> {
            all.add(p);
            p.path("panels").forEach(all::add);
        });
        return all;
    }
}
