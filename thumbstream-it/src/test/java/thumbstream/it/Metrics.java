package thumbstream.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Scrapes a service's /metrics and reads single samples from the Prometheus text format. */
final class Metrics {

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    static Metrics scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        return new Metrics(response.body());
    }

    /** The value of the sample whose name-and-labels part is exactly {@code series}, or 0 when absent. */
    double value(String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    boolean has(String metricName) {
        return text.lines().anyMatch(l -> l.startsWith(metricName));
    }

    /** True when a sample is named exactly {@code metricName} (a histogram's are NAME_bucket, NAME_count, ...). */
    boolean hasSeries(String metricName) {
        return samples().anyMatch(sample -> sample.startsWith(metricName + "{") || sample.startsWith(metricName + " "));
    }

    /** True when a sample named {@code metricName} carries {@code label="value"}. */
    boolean hasSeries(String metricName, String label, String value) {
        String pair = label + "=\"" + value + "\"";
        return samples()
                .filter(sample -> sample.startsWith(metricName + "{"))
                .map(sample -> sample.substring(metricName.length(), sample.indexOf('}') + 1))
                .anyMatch(labels -> labels.contains("{" + pair) || labels.contains("," + pair));
    }

    /** The whole exposition, as served. */
    /** The series of this scrape and {@code other}'s, as one scrape. */
    Metrics and(Metrics other) {
        return new Metrics(text + other.text);
    }

    String text() {
        return text;
    }

    private java.util.stream.Stream<String> samples() {
        return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank());
    }
}
