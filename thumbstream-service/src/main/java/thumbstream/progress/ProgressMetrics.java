package thumbstream.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Meters of the job-progress view: {@code thumbstream_progress_unannounced_results_total{outcome}},
 * results of jobs not announced (yet) on the jobs topic, by what became of them: {@code held} (kept
 * for a while in case the announcement follows), {@code counted} (the announcement came, they
 * counted), {@code dropped} (never announced in time, or over a limit: they count nowhere). This
 * process's share only: each instance counts the jobs of its own progress partitions. Thread-safe.
 */
final class ProgressMetrics {

    private final Counter held;
    private final Counter counted;
    private final Counter dropped;

    ProgressMetrics(MeterRegistry registry) {
        held = counter(registry, "held");
        counted = counter(registry, "counted");
        dropped = counter(registry, "dropped");
    }

    /** Meters nobody reads (tests, tools). */
    static ProgressMetrics discarded() {
        return new ProgressMetrics(new SimpleMeterRegistry());
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("thumbstream.progress.unannounced.results")
                .description("Results of jobs not announced on the jobs topic: held, then counted or dropped")
                .tag("outcome", outcome)
                .register(registry);
    }

    void held() {
        held.increment();
    }

    void released(int n) {
        counted.increment(n);
    }

    void dropped(int n) {
        dropped.increment(n);
    }
}
