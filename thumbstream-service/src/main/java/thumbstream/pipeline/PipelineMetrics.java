package thumbstream.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import thumbstream.event.ThumbnailEvent;
import thumbstream.upload.JobObserver;

/**
 * The service's own meters (names as Prometheus shows them):
 * {@code thumbstream_results_total{status,reason}}, {@code thumbstream_dead_letters_total{reason}},
 * {@code thumbstream_retries_total}, {@code thumbstream_render_seconds},
 * {@code thumbstream_end_to_end_seconds} (record timestamp to result delivered),
 * {@code thumbstream_source_bytes_total}, {@code thumbstream_thumbnail_bytes_total},
 * {@code thumbstream_internal_errors_total}, {@code thumbstream_undeliverable_total},
 * {@code thumbstream_render_timeouts_total} (renders past THUMBSTREAM_RENDER_TIMEOUT: they failed
 * {@code too-large} like oversized sources, and are not in {@code thumbstream_render_seconds}),
 * {@code thumbstream_budget_use_ratio{budget}} (the share of a memory budget held right now:
 * {@code pixels}, {@code source-bytes}, {@code event-decode}).
 * Thread-safe. Delivered results are also handed to a listener (the status page's latest results).
 */
public final class PipelineMetrics implements JobObserver {

    private final MeterRegistry registry;
    private final Timer render;
    private final Timer endToEnd;
    private final Counter retries;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter internalErrors;
    private final Counter undeliverable;
    private final Counter renderTimeouts;
    private final Consumer<ThumbnailEvent> deliveredResults;

    public PipelineMetrics(MeterRegistry registry) {
        this(registry, r -> {});
    }

    /**
     * @param deliveredResults gets every result event once the broker acknowledged it, on the
     *                         worker thread that delivered it: must be thread-safe and quick
     */
    public PipelineMetrics(MeterRegistry registry, Consumer<ThumbnailEvent> deliveredResults) {
        this.registry = registry;
        this.deliveredResults = deliveredResults;
        this.render = Timer.builder("thumbstream.render")
                .description("Decode and all renditions of one upload")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.endToEnd = Timer.builder("thumbstream.end.to.end")
                .description("From the upload record's timestamp to its result being delivered")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.retries = Counter.builder("thumbstream.retries")
                .description("Attempts repeated after a transient failure")
                .register(registry);
        this.bytesIn = Counter.builder("thumbstream.source.bytes")
                .description("Bytes of originals downloaded")
                .baseUnit("bytes")
                .register(registry);
        this.bytesOut = Counter.builder("thumbstream.thumbnail.bytes")
                .description("Bytes of thumbnails stored")
                .baseUnit("bytes")
                .register(registry);
        this.internalErrors = Counter.builder("thumbstream.internal.errors")
                .description("Unexpected errors while processing a record (bugs); each gave a failed/internal result")
                .register(registry);
        this.undeliverable = Counter.builder("thumbstream.undeliverable")
                .description("Records committed without their result or dead letter: the broker refused both for good")
                .register(registry);
        this.renderTimeouts = Counter.builder("thumbstream.render.timeouts")
                .description("Renders that passed THUMBSTREAM_RENDER_TIMEOUT; each failed its upload too-large")
                .register(registry);
    }

    /**
     * Exports the share of one memory budget held right now as
     * {@code thumbstream_budget_use_ratio{budget="<name>"}}; {@code owner} is referenced weakly,
     * as by every Micrometer gauge, so whoever uses the budget must keep it.
     */
    public <T> void budgetUse(String name, T owner, ToDoubleFunction<T> use) {
        Gauge.builder("thumbstream.budget.use", owner, use)
                .description(
                        "Share of a memory budget held right now (pixels, native-bytes, source-bytes, event-decode)")
                .tag("budget", name)
                .baseUnit("ratio")
                .register(registry);
    }

    /** Called once an outcome is delivered, so counts match what consumers of the results see. */
    void delivered(Outcome outcome, long recordTimestampMs) {
        for (ThumbnailEvent r : outcome.results()) {
            String reason = r.error() == null ? "none" : r.error().reason().code();
            Counter.builder("thumbstream.results")
                    .description("Result events delivered, by status and failure reason")
                    .tag("status", r.status().name().toLowerCase(Locale.ROOT))
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
            deliveredResults.accept(r);
        }
        if (outcome.deadLetter() != null) {
            Counter.builder("thumbstream.dead.letters")
                    .description("Records sent to the dead-letter topic")
                    .tag("reason", outcome.deadLetter().reason())
                    .register(registry)
                    .increment();
        }
        if (recordTimestampMs > 0) {
            endToEnd.record(Math.max(0, System.currentTimeMillis() - recordTimestampMs), TimeUnit.MILLISECONDS);
        }
    }

    void internalError() {
        internalErrors.increment();
    }

    void undeliverable() {
        undeliverable.increment();
    }

    void retried() {
        retries.increment();
    }

    @Override
    public void downloaded(long bytes) {
        bytesIn.increment(bytes);
    }

    @Override
    public void rendered(long nanos) {
        render.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void stored(long bytes) {
        bytesOut.increment(bytes);
    }

    @Override
    public void renderTimedOut() {
        renderTimeouts.increment();
    }
}
