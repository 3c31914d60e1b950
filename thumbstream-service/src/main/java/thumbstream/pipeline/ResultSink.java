package thumbstream.pipeline;

import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a worker hands a finished record's {@link Outcome}. The sink calls {@code onDelivered}
 * once the outcome is durable in the sense of the delivery mode; only then may the record's offset
 * be committed.
 */
interface ResultSink {

    /**
     * @param stopping true once the worker is asked to stop: give up instead of waiting longer
     * @throws InterruptedException when the worker is stopping before the outcome was delivered
     *                              (the record then stays unfinished and is redelivered)
     */
    void deliver(ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
            throws InterruptedException;
}
