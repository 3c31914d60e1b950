package thumbstream.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share group's lag (records of the uploads topic not yet acknowledged by the group), read
 * with the Admin API every {@value #PERIOD_SECONDS} s on a thread of its own, as the gauge {@code
 * thumbstream_share_lag{group,topic}}. A consumer's own records-lag metric does not exist for share
 * groups, and KEDA's Kafka scaler reads consumer-group offsets only, so this gauge is what a
 * share-mode Deployment scales on (KEDA's Prometheus scaler, k8s/optional/).
 */
final class ShareLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShareLag.class);
    static final long PERIOD_SECONDS = 10;

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "thumbstream-share-lag"));
    private final long[] lag;

    ShareLag(Admin admin, String groupId, List<String> topics, MeterRegistry registry) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.lag = new long[this.topics.size()];
        for (int i = 0; i < this.topics.size(); i++) {
            int index = i;
            Gauge.builder("thumbstream.share.lag", this, l -> l.lagOf(index))
                    .description("Records of the topic the share group has not acknowledged yet (Admin API)")
                    .tag("group", groupId)
                    .tag("topic", this.topics.get(i))
                    .register(registry);
        }
    }

    void start() {
        timer.scheduleWithFixedDelay(this::refresh, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private synchronized double lagOf(int index) {
        return lag[index];
    }

    private void refresh() {
        try {
            var offsets = ShareGroupSetup.offsets(admin, groupId);
            synchronized (this) {
                for (int i = 0; i < topics.size(); i++) {
                    lag[i] = ShareGroupSetup.lag(offsets, List.of(topics.get(i)));
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.debug("share group lag not read: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close();
    }
}
