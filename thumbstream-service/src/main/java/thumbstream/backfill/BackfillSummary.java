package thumbstream.backfill;

import java.time.Duration;
import java.util.Locale;

/**
 * What a backfill did.
 *
 * @param listed      objects the listing returned
 * @param published   upload events published and acknowledged: the job's announced total
 * @param thumbnails  objects skipped because they are under the output prefix
 * @param notImages   objects skipped because they are not images the service renders
 * @param current     objects skipped by {@code --missing-only} because their thumbnails are current
 * @param checkErrors objects whose check (a stat) failed; published anyway, the service decides
 */
public record BackfillSummary(
        String jobId,
        long listed,
        long published,
        long thumbnails,
        long notImages,
        long current,
        long checkErrors,
        Duration elapsed) {

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : published / seconds;
    }

    /** One line for people, e.g. at the end of {@code thumbstream backfill}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "job %s: published %,d upload event%s (%,d objects listed; skipped: %,d "
                        + "thumbnails, %,d not images, %,d current%s) in %.1f s, %,.1f events/s",
                jobId,
                published,
                published == 1 ? "" : "s",
                listed,
                thumbnails,
                notImages,
                current,
                checkErrors == 0 ? "" : "; " + checkErrors + " checks failed, published anyway",
                elapsed.toNanos() / 1e9,
                eventsPerSecond());
    }
}
