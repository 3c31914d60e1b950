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

    /**
     * As {@link #deliver(ConsumerRecord, Outcome, BooleanSupplier, Runnable)}, from worker {@code
     * from}. A sink that publishes later, on the poll thread, drops the outcomes of a worker that is
     * no longer its partition's (stopped, lost or replaced): work finished after its worker was given
     * up must never be published under a later owner's commit.
     */
    default void deliver(
            PartitionWorker from,
            ConsumerRecord<byte[], byte[]> record,
            Outcome outcome,
            BooleanSupplier stopping,
            Runnable onDelivered)
            throws InterruptedException {
        deliver(record, outcome, stopping, onDelivered);
    }
}
