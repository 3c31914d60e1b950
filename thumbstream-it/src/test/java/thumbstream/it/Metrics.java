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
}
