package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * Live uploads overtake a running backfill: between a live upload's announcement and its result,
 * only a handful of backfill results come out (the renders already running), not the backlog.
 * Measured in results, not seconds, so the test does not depend on the machine's speed.
 */
class PriorityLaneIT {

    private static final int BACKFILL = 1200;
    private static final int LIVE = 10;

    @Test
    void liveUploadsAreServedBeforeTheBackfillBacklog() throws Exception {
        Scenario s = new Scenario("priority", 3);
        liveUploadsOvertakeTheBacklog(s, s.config);
    }

    /**
     * Share-group mode reads the lane in a share group of its own and has no partitions to pause:
     * the lane acquires no more than its render threads at a time, and the render gate gives every
     * free permit to a waiting live upload first.
     */
    @Test
    void inShareGroupModeTooLiveUploadsAreServedBeforeTheBackfillBacklog() throws Exception {
        Scenario s = new Scenario("priority-share", 3);
        liveUploadsOvertakeTheBacklog(s, new EnvConfigLoader(s.env(Map.of("THUMBSTREAM_GROUP_TYPE", "share"))).load());
    }

    private static void liveUploadsOvertakeTheBacklog(Scenario s, ThumbstreamConfig config) throws Exception {
        List<UploadEvent> backfill = s.uploadImages(BACKFILL);
        List<UploadEvent> live = new ArrayList<>();
        for (int i = 0; i < LIVE; i++) {
            String key = s.prefix + "live-" + i + ".jpg";
            s.store.put("media", key, TestImages.jpeg(96, 64), "image/jpeg", Map.of());
            live.add(UploadEvent.created("media", key));
        }

        Map<String, Integer> backfillResultsWhileWaiting = new HashMap<>();
        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                UploadPublisher backfillLane = new UploadPublisher(
                        s.config.bootstrapServers(), s.config.topics().backfill());
                UploadPublisher liveLane = new UploadPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            backfillLane.publish(backfill);
            List<ThumbnailEvent> seen = new ArrayList<>(reader.read(100, Scenario.LONG)); // backfill is running

            for (UploadEvent upload : live) {
                liveLane.publish(List.of(upload));
                int before = seen.size();
                seen.addAll(reader.readUntil(
                        r -> r.stream().anyMatch(e -> e.key().equals(upload.key())), Scenario.LONG, r -> {}));
                long overtaken = seen.subList(before, seen.size()).stream()
                        .filter(e -> !e.key().contains("/live-"))
                        .count();
                backfillResultsWhileWaiting.put(upload.key(), (int) overtaken);
            }
            int backfillDoneWhenLiveFinished =
                    (int) seen.stream().filter(e -> !e.key().contains("/live-")).count();
            System.out.printf(
                    "%s group: backfill results while each live upload waited: %s (backfill %d of %d done)%n",
                    config.pipeline().groupType().name().toLowerCase(java.util.Locale.ROOT),
                    backfillResultsWhileWaiting.values(),
                    backfillDoneWhenLiveFinished,
                    BACKFILL);
            assertThat(backfillDoneWhenLiveFinished)
                    .as("the backfill was still running")
                    .isLessThan(BACKFILL);
        }
        // One queue would put each live upload behind the whole remaining backlog (over 900 here). The
        // lane pauses the backfill partitions while live work waits, so at most what was already
        // buffered for their workers (3 partitions x 50 records) can come out first; in practice a
        // few dozen (the renders in progress while the live record is fetched). In share mode the
        // same bound holds with room to spare: the lane holds at most its render threads' worth.
        assertThat(backfillResultsWhileWaiting).hasSize(LIVE);
        assertThat(backfillResultsWhileWaiting.values())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3 * 50));
    }
}
