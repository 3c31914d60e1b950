package thumbstream.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import thumbstream.event.ThumbnailEvent;

/** Counters of what the pipeline published; thread-safe. */
final class PipelineMetrics {

    private final MeterRegistry registry;

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Called once an outcome is acknowledged by the broker, so counts match what consumers see. */
    void published(Outcome outcome) {
        for (ThumbnailEvent r : outcome.results()) {
            String reason = r.error() == null ? "none" : r.error().reason().code();
            Counter.builder("thumbstream.results")
                    .description("Result events published, by status and failure reason")
                    .tag("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
        }
        if (outcome.deadLetter() != null) {
            Counter.builder("thumbstream.dead.letters")
                    .description("Records sent to the dead-letter topic")
                    .tag("reason", outcome.deadLetter().reason())
                    .register(registry)
                    .increment();
        }
    }
}
