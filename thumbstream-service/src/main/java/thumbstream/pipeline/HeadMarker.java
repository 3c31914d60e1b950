package thumbstream.pipeline;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service writes into a committed offset's metadata: the partition's head (the committed
 * offset itself) and how many owners started working from that head without stopping cleanly.
 *
 * <p>{@code starts} is 1 while an owner works (written at assignment and with every commit that
 * moves the head), 0 once an owner stopped cleanly (revoke, shutdown), and counts up when a new
 * owner finds the head where a previous one started and never stopped: each of those previous
 * owners died. Metadata someone else wrote, or none, parses as no marker.
 *
 * @param head   the committed offset the marker belongs to
 * @param starts owners that started from {@code head} and did not stop cleanly
 */
record HeadMarker(long head, int starts) {

    private static final Pattern FORMAT = Pattern.compile("thumbstream/1 head=(\\d{1,19}) starts=(\\d{1,9})");

    /** The marker an owner writes while it works from {@code head} (its {@code starts}-th start there). */
    static String working(long head, int starts) {
        return new HeadMarker(head, starts).toString();
    }

    /** The marker of a clean stop at {@code head}: the next owner starts with no death counted. */
    static String stopped(long head) {
        return new HeadMarker(head, 0).toString();
    }

    /** The marker in {@code metadata}, or empty when it holds none (or anything else). */
    static Optional<HeadMarker> parse(String metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(metadata);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HeadMarker(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }

    /** Owners that died working from {@code head}: this marker's starts when it is about that head. */
    static int deathsAt(long head, String metadata) {
        return parse(metadata)
                .filter(m -> m.head() == head)
                .map(HeadMarker::starts)
                .orElse(0);
    }

    @Override
    public String toString() {
        return "thumbstream/1 head=" + head + " starts=" + starts;
    }
}
