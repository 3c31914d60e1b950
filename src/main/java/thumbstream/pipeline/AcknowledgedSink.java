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
 */
final class AcknowledgedSink implements ResultSink {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedSink.class);

    private final ResultPublisher publisher;
    private final RetryPolicy retry;

    AcknowledgedSink(ResultPublisher publisher, RetryPolicy retry) {
        this.publisher = publisher;
        this.retry = retry;
    }

    @Override
    public void deliver(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publish(record, outcome);
                onDelivered.run();
                return;
            } catch (ExecutionException e) {
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping while publishing " + record.topic() + "-"
                            + record.partition() + "@" + record.offset());
                }
                long wait = retry.delayAfter(Math.min(attempt, 6)).toMillis();
                LOG.warn(
                        "{}-{}@{}: publishing the result failed ({}); retrying in {} ms",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getCause(),
                        wait);
                Thread.sleep(wait);
            }
        }
    }
}
