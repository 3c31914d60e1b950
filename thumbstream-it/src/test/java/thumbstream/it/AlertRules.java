package thumbstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expressions of deploy/prometheus/alerts.yml and what they select: metric names, and the
 * equality label matchers written on them ({@code thumbstream_results_total{status="failed"}}).
 *
 * <p>Not a PromQL parser: it removes strings, ranges and grouping label lists ({@code by (job)}),
 * then takes every identifier that is no keyword and not called like a function. That is enough
 * for rule expressions, and errs towards finding too many names, which fails loudly.
 */
final class AlertRules {

    static final String FILE = "deploy/prometheus/alerts.yml";

    /** One equality matcher of a selector, e.g. thumbstream_results_total, status, failed. */
    record LabelMatch(String metric, String label, String value) {}

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern EQUALS = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    private final Map<String, String> expressions = new LinkedHashMap<>();

    AlertRules(Path root) {
        JsonNode rules;
        try {
            rules = new YAMLMapper().readTree(Files.readString(root.resolve(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert")
                        ? rule.path("alert").asText()
                        : rule.path("record").asText();
                expressions.put(name, rule.path("expr").asText());
            }
        }
    }

    /** Alert (or recording rule) name to its expression, in file order. */
    Map<String, String> expressions() {
        return expressions;
    }

    static Set<String> metricNames(String expr) {
        String text = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name) && !calledAt(text, m.end())) {
                names.add(name);
            }
        }
        return names;
    }

    static List<LabelMatch> equalityMatchers(String expr) {
        List<LabelMatch> found = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            Matcher eq = EQUALS.matcher(selector.group(2));
            while (eq.find()) { // `label="x"` only: in `!=` and `=~` no name stands right before the `=`
                found.add(new LabelMatch(selector.group(1), eq.group(1), eq.group(2)));
            }
        }
        return found;
    }

    private static boolean calledAt(String text, int end) {
        int i = end;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }
}
