package thumbstream.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * Share-group meters: {@code thumbstream_share_records_total{outcome}} (acquired, accept, release,
 * reject) and {@code thumbstream_share_delivery_count} (the delivery count of each acquired
 * record). The group's lag is {@link ShareLag}'s gauge. Thread-safe.
 */
final class ShareMetrics {

    private final MeterRegistry registry;
    private final Counter acquired;
    private final DistributionSummary deliveries;

    ShareMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acquired = counter("acquired");
        this.deliveries = DistributionSummary.builder("thumbstream.share.delivery.count")
                .description("Delivery count of each record acquired from the share group (1: first delivery)")
                .register(registry);
        for (AcknowledgeType type :
                new AcknowledgeType[] {AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE, AcknowledgeType.REJECT}) {
            counter(type.name().toLowerCase(Locale.ROOT)); // present from the start, at 0
        }
    }

    void acquired(int deliveryCount) {
        acquired.increment();
        deliveries.record(deliveryCount);
    }

    void acknowledged(AcknowledgeType type) {
        counter(type.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("thumbstream.share.records")
                .description("Records of the share group: acquired, then accept, release or reject")
                .tag("outcome", outcome)
                .register(registry);
    }
}
