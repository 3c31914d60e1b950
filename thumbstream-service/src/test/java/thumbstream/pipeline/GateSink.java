package thumbstream.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A result sink for poll-loop tests: confirms deliveries only once opened; gives up (the offset
 * stays pending) when the worker stops first.
 */
final class GateSink implements ResultSink {

    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicInteger delivered = new AtomicInteger();

    void open() {
        open.countDown();
    }

    int delivered() {
        return delivered.get();
    }

    @Override
    public void deliver(
            ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
            throws InterruptedException {
        while (!open.await(10, TimeUnit.MILLISECONDS)) {
            if (stopping.getAsBoolean()) {
                return;
            }
        }
        delivered.incrementAndGet();
        onDelivered.run();
    }
}
