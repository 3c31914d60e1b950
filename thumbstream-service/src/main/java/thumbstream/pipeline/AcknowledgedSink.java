package thumbstream.pipeline;

import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once delivery: publish the outcome from the worker thread and wait for the broker's
 * acknowledgement, retrying with backoff while the broker is unreachable, before the offset may be
 * committed. A crash between acknowledgement and commit repeats the result (same id), never loses it.
 *
 * <p>A send error that retrying cannot fix ({@link SendErrors#isPermanent}) is not retried: the
 * outcome is published once more cut to a minimal size, and when even that is refused it is logged,
 * counted ({@code thumbstream_undeliverable_total}) and the record counts as done. A record that can
 * never be published must not stop its partition.
 */
final class AcknowledgedSink implements ResultSink {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedSink.class);

    private final ResultPublisher publisher;
    private final RetryPolicy retry;
    private final PipelineMetrics metrics;

    AcknowledgedSink(ResultPublisher publisher, RetryPolicy retry, PipelineMetrics metrics) {
        this.publisher = publisher;
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public void deliver(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
            throws InterruptedException {
        ResultPublisher.Prepared prepared = publisher.prepare(record, outcome); // once, for every attempt
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publish(prepared);
                onDelivered.run();
                return;
            } catch (ExecutionException e) {
                if (SendErrors.isPermanent(e.getCause())) {
                    deliverMinimal(record, outcome, e.getCause(), stopping);
                    onDelivered.run();
                    return;
                }
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping while publishing " + ref(record));
                }
                long wait = retry.delayAfter(Math.min(attempt, 6)).toMillis();
                LOG.warn("{}: publishing the result failed ({}); retrying in {} ms", ref(record), e.getCause(), wait);
                Thread.sleep(wait);
            }
        }
    }

    /** After a permanent error: the outcome cut to a minimum, retried only while the errors are transient. */
    private void deliverMinimal(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, Throwable first, BooleanSupplier stopping)
            throws InterruptedException {
        LOG.warn("{}: the broker refused the result for good ({}); publishing it cut to a minimum", ref(record), first);
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publishMinimal(record, outcome);
                return;
            } catch (ExecutionException e) {
                if (SendErrors.isPermanent(e.getCause())) {
                    // Retrying cannot help: give the record up rather than its partition.
                    metrics.undeliverable();
                    LOG.error(
                            "{}: result and dead letter could not be published ({}); the record is committed without them",
                            ref(record),
                            e.getCause());
                    return;
                }
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping while publishing " + ref(record));
                }
                Thread.sleep(retry.delayAfter(Math.min(attempt, 6)).toMillis());
            }
        }
    }

    private static String ref(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
