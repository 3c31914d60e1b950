package thumbstream.progress;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import thumbstream.event.ThumbnailEvent;

/**
 * The "latest results" table of the {@link StatusPage}: one row per result with its placeholder
 * colours as swatches. A swatch is an inline SVG whose {@code fill} is a colour that passed
 * {@link Html#colour} (so no CSS is built from event data); a colour that did not pass is shown as
 * escaped text marked invalid.
 */
final class ResultsTable {

    private static final int MAX_KEY_CHARS = 300;
    private static final int MAX_NAME_CHARS = 200;
    private static final int MAX_MESSAGE_CHARS = 120;

    private ResultsTable() {}

    static void render(StringBuilder h, List<ThumbnailEvent> results) {
        if (results.isEmpty()) {
            h.append("<p class=\"muted\">No results delivered by this instance yet.</p>\n");
            return;
        }
        h.append("<table class=\"results\"><thead><tr><th>at</th><th>status</th><th>object</th><th>job</th>")
                .append("<th>placeholder</th><th>renditions</th><th>ms</th></tr></thead><tbody>\n");
        for (ThumbnailEvent r : results) {
            if (r == null) {
                continue;
            }
            String status = r.status().code();
            h.append("<tr data-status=\"")
                    .append(status)
                    .append("\"><td class=\"nw\">")
                    .append(r.processedAt() == null ? "" : r.processedAt().truncatedTo(ChronoUnit.SECONDS))
                    .append("</td><td class=\"nw ")
                    .append(status)
                    .append("\">")
                    .append(status);
            if (r.error() != null && r.error().reason() != null) {
                h.append(": ").append(Html.text(r.error().reason().code(), 40));
            }
            h.append("</td><td class=\"key\">")
                    .append(Html.text(r.bucket(), MAX_NAME_CHARS))
                    .append('/')
                    .append(Html.text(r.key(), MAX_KEY_CHARS));
            if (r.error() != null && r.error().message() != null) {
                h.append("<br><span class=\"muted\">")
                        .append(Html.text(r.error().message(), MAX_MESSAGE_CHARS))
                        .append("</span>");
            }
            h.append("</td><td>").append(Html.text(r.jobId(), MAX_NAME_CHARS)).append("</td><td class=\"nw\">");
            if (r.placeholder() != null) {
                swatch(h, "dominant", r.placeholder().dominantColor());
                swatch(h, "average", r.placeholder().averageColor());
            }
            h.append("</td><td>")
                    .append(
                            r.renditions() == null
                                    ? ""
                                    : Integer.toString(r.renditions().size()))
                    .append("</td><td>")
                    .append(r.durationMs())
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void swatch(StringBuilder h, String which, String colour) {
        if (colour == null) {
            return;
        }
        Optional<String> valid = Html.colour(colour);
        if (valid.isEmpty()) {
            h.append("<code class=\"warn\" title=\"")
                    .append(which)
                    .append(" colour is not #rrggbb\">invalid ")
                    .append(Html.text(colour, 20))
                    .append("</code> ");
            return;
        }
        String c = valid.get();
        h.append("<svg class=\"swatch\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" role=\"img\" aria-label=\"")
                .append(which)
                .append(' ')
                .append(c)
                .append("\" data-colour=\"")
                .append(c)
                .append("\"><rect width=\"14\" height=\"14\" fill=\"")
                .append(c)
                .append("\"/></svg><code>")
                .append(c)
                .append("</code> ");
    }
}
