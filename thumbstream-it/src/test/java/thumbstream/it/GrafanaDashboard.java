package thumbstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries of a Grafana dashboard JSON model (deploy/grafana/thumbstream.json): every panel
 * target's {@code expr}, rows' nested panels included, and the {@code label_values(...)} queries of
 * its template variables; and the substitution of Grafana variables with concrete values, so an
 * expression can be sent to Prometheus as it is.
 */
final class GrafanaDashboard {

    static final String FILE = "deploy/grafana/thumbstream.json";

    /** One query of one panel, e.g. "Render latency", "B", histogram_quantile(0.95, ...). */
    record Target(String panel, String refId, String expr) {
        @Override
        public String toString() {
            return panel + " [" + refId + "]: " + expr;
        }
    }

    /** A variable's {@code label_values(selector, label)} query. */
    record LabelValues(String variable, String selector, String label) {}

    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\s*\\)");

    private final JsonNode model;

    private GrafanaDashboard(JsonNode model) {
        this.model = model;
    }

    static GrafanaDashboard read(Path file) {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    JsonNode model() {
        return model;
    }

    /** Every panel's targets, in file order, with the panels inside collapsed rows. */
    List<Target> targets() {
        List<Target> found = new ArrayList<>();
        collect(model.path("panels"), found);
        return found;
    }

    private static void collect(JsonNode panels, List<Target> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                found.add(new Target(
                        panel.path("title").asText(),
                        target.path("refId").asText(),
                        target.path("expr").asText()));
            }
            collect(panel.path("panels"), found);
        }
    }

    /** The query variables' {@code label_values} queries (Prometheus' variable query syntax). */
    List<LabelValues> labelValues() {
        List<LabelValues> found = new ArrayList<>();
        for (JsonNode variable : model.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text =
                    query.isTextual() ? query.asText() : query.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(text.trim());
            if (!m.matches()) {
                throw new AssertionError("variable " + variable.path("name").asText()
                        + ": only label_values(selector, label) is understood here, got " + text);
            }
            found.add(new LabelValues(variable.path("name").asText(), m.group(1).trim(), m.group(2)));
        }
        return found;
    }

    /**
     * {@code expr} with every {@code $name} and {@code ${name}} replaced by {@code values.get(name)}.
     * A variable with no value fails: a query Grafana would expand differently is no query checked.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("no value for the Grafana variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
