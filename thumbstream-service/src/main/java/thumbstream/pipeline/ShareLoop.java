package thumbstream.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import thumbstream.event.FailureReason;
import thumbstream.upload.ResultFactory;

/**
 * The poll thread of share-group mode (KIP-932): the only thread that touches the {@link
 * ShareConsumer}. Every member of a share group takes records from every partition, so the group
 * scales past the partition count.
 *
 * <p>Each pass polls a batch (no more than this instance can start at once: the consumer acquires
 * with {@code share.acquire.mode=record_limit} and {@code max.poll.records} = the render capacity),
 * hands every record to a worker thread, and acknowledges each one on this thread as its work
 * ends. Explicit acknowledgement requires every record of a batch to be acknowledged before the
 * next poll, so the loop waits for the batch; it holds no more than it can work on, so nothing
 * merely queued holds an acquisition lock. The verdicts:
 * <ul>
 *   <li>{@code ACCEPT} once the record's result is acknowledged by the broker;</li>
 *   <li>{@code REJECT} once a failure's result and dead letter are acknowledged;</li>
 *   <li>{@code RELEASE} for work interrupted by shutdown (another member takes it at once) and for
 *       a transient failure that ran out of in-process attempts (redelivered, to any member);</li>
 *   <li>a record on its last allowed delivery ({@code shareDeliveryLimit}) is not processed: its
 *       earlier deliveries ended without an outcome (a member died, or released it), and the broker
 *       would archive it silently after this one. It gets a failed result (reason internal) and a
 *       dead letter, then {@code REJECT}, so a record that kills the process is contained by the
 *       broker's count.</li>
 * </ul>
 * There is no per-key order: two members may work on two events of one object at once; the
 * thumbnails converge through the ETag and stat checks of the job, not through ordering.
 */
final class ShareLoop implements ConsumeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ShareLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The MDC key of the delivery count on a worker's log lines. */
    static final String DELIVERY_MDC = "delivery";

    /** What a worker decided for one record; acknowledged by the poll thread. */
    private record Verdict(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {}

    private final ShareConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final String liveTopic;
    private final RecordHandler handler;
    private final ResultSink sink;
    private final ResultFactory results;
    private final PipelineMetrics metrics;
    private final ShareMetrics shareMetrics;
    private final int deliveryLimit;
    /** The group's acquisition lock: records not started within half of it are given back. */
    private final Duration lock;

    private final Duration stopBound;
    private final Clock clock;
    private final Consumer<Throwable> onFatal;
    private final ExecutorService threads;
    private final BlockingQueue<Verdict> verdicts = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean running = true;
    /** Workers give up at once (retries, publishing): set when the shutdown deadline passed. */
    private volatile boolean stopping;

    private volatile boolean failed;
    private volatile boolean halted;
    private volatile long lastPollNanos = System.nanoTime();

    /**
     * @param capacity records worked on at once; the consumer's {@code max.poll.records}
     * @param onFatal  told about an error that leaves the JVM unsafe (the pipeline halts)
     */
    ShareLoop(
            ShareConsumer<byte[], byte[]> consumer,
            List<String> topics,
            String liveTopic,
            RecordHandler handler,
            ResultSink sink,
            ResultFactory results,
            PipelineMetrics metrics,
            ShareMetrics shareMetrics,
            int capacity,
            int deliveryLimit,
            Duration lock,
            Duration stopBound,
            Clock clock,
            Consumer<Throwable> onFatal) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.liveTopic = liveTopic;
        this.handler = handler;
        this.sink = sink;
        this.results = results;
        this.metrics = metrics;
        this.shareMetrics = shareMetrics;
        this.deliveryLimit = deliveryLimit;
        this.lock = lock;
        this.stopBound = stopBound;
        this.clock = clock;
        this.onFatal = onFatal;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(
                capacity, r -> new Thread(r, "thumbstream-share-worker-" + n.incrementAndGet()));
    }

    @Override
    public void run() {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        try {
            consumer.subscribe(topics);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                lastPollNanos = System.nanoTime();
                long acquiredNanos = lastPollNanos;
                batch.clear();
                records.forEach(batch::add);
                List<ConsumerRecord<byte[], byte[]>> suspects = new ArrayList<>();
                int fresh = 0;
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    shareMetrics.acquired(deliveryCount(r));
                    if (deliveryCount(r) > 1) {
                        suspects.add(r);
                    } else {
                        start(r);
                        fresh++;
                    }
                }
                acknowledgeBatch(fresh);
                if (!suspects.isEmpty() && running) {
                    workAlone(suspects, acquiredNanos);
                }
            }
        } catch (WakeupException e) {
            if (running && !halted) {
                failed = true;
                LOG.error("share poll loop woken up unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            LOG.error("share poll loop failed; stopping (the process should be restarted)", e);
        } finally {
            threads.shutdownNow();
            try {
                if (!halted) {
                    consumer.commitSync(CLOSE_TIMEOUT); // send the last acknowledgements
                }
            } catch (RuntimeException e) {
                LOG.warn("final acknowledgement failed; those records are redelivered: {}", e.toString());
            }
            consumer.close(CLOSE_TIMEOUT); // records acquired and not acknowledged go back to the group
            LOG.info("share poll loop stopped");
        }
    }

    private void start(ConsumerRecord<byte[], byte[]> r) {
        inFlight.incrementAndGet();
        threads.execute(() -> verdicts.add(new Verdict(r, work(r))));
    }

    private static int deliveryCount(ConsumerRecord<byte[], byte[]> r) {
        return r.deliveryCount().map(Short::intValue).orElse(1);
    }

    /**
     * Poll thread: records delivered before may have killed a member (every record a member holds
     * when it dies counts one more delivery), so they are worked on one at a time, each with
     * nothing else started: the verdicts of the batch's other records are acknowledged to the
     * broker first, and each one's before the next starts. The ones not yet started are still
     * held, though, and count a delivery too if the one running kills this member; {@link
     * #soloOrder} keeps a good record from riding along with a killer to the last delivery.
     *
     * <p>Worked on one at a time, the last ones may wait longer than their acquisition lock; the
     * broker would then give them to another member while this one starts them, and refuse their
     * acknowledgement. So what has not started when half the lock is gone is released at once.
     */
    private void workAlone(List<ConsumerRecord<byte[], byte[]>> suspects, long acquiredNanos) {
        commit();
        suspects = soloOrder(suspects);
        LOG.info(
                "working alone, one at a time, on {} records delivered before (offset:delivery) {}",
                suspects.size(),
                suspects.stream()
                        .map(r -> r.topic() + "-" + r.partition() + "@" + r.offset() + ":" + deliveryCount(r))
                        .toList());
        for (int i = 0; i < suspects.size(); i++) {
            if (!running) {
                return; // not started: released to the group when the consumer closes
            }
            if (System.nanoTime() - acquiredNanos > lock.toNanos() / 2) {
                List<ConsumerRecord<byte[], byte[]>> rest = suspects.subList(i, suspects.size());
                LOG.info(
                        "releasing {} records delivered before without starting them: half of the {} s acquisition"
                                + " lock has passed",
                        rest.size(),
                        lock.toSeconds());
                for (ConsumerRecord<byte[], byte[]> r : rest) {
                    consumer.acknowledge(r, AcknowledgeType.RELEASE);
                    shareMetrics.acknowledged(AcknowledgeType.RELEASE);
                }
                commit();
                return;
            }
            start(suspects.get(i));
            acknowledgeBatch(1);
            commit();
        }
    }

    /**
     * Poll thread: sends the acknowledgements so far and waits for the broker's answer. One the
     * broker refused (its lock had expired: the record went to another member) is logged; the
     * record's result was delivered, so at worst it is worked on twice, with the same result id.
     */
    private void commit() {
        consumer.commitSync(CLOSE_TIMEOUT)
                .forEach((partition, error) -> error.ifPresent(e -> LOG.warn(
                        "acknowledgements for {} refused by the broker ({}); those records are redelivered",
                        partition,
                        e.toString())));
    }

    /**
     * The order in which suspects are worked on. A record that kills whoever works on it is held at
     * every death, so its delivery count is the highest: the others are worked on first, lowest
     * count first. Among equal counts (a good record acquired with the killer every time) offsets
     * go up when the highest count is even and down when it is odd; that count grows by one with
     * each death of the killer, so a good record on the wrong side of it once is on the right side
     * the next time, and is done at most one delivery after it caught up with the killer.
     */
    static List<ConsumerRecord<byte[], byte[]>> soloOrder(List<ConsumerRecord<byte[], byte[]>> suspects) {
        int highest = suspects.stream().mapToInt(ShareLoop::deliveryCount).max().orElse(1);
        Comparator<ConsumerRecord<byte[], byte[]>> byOffset = Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(
                        ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset);
        Comparator<ConsumerRecord<byte[], byte[]>> order = Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(
                        ShareLoop::deliveryCount)
                .thenComparing(highest % 2 == 0 ? byOffset : byOffset.reversed());
        return suspects.stream().sorted(order).toList();
    }

    /**
     * Poll thread: acknowledges the {@code count} records of the batch as their verdicts come in.
     * On shutdown, waits for them until the stop bound, then releases the rest to other members.
     */
    private void acknowledgeBatch(int count) {
        int left = count;
        long deadline = Long.MAX_VALUE;
        List<Verdict> seen = new ArrayList<>();
        while (left > 0) {
            if (!running && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + stopBound.toNanos();
            }
            if (halted) {
                return; // nothing more is acknowledged: the records go back when the consumer closes
            }
            Verdict v;
            try {
                v = verdicts.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
                return;
            }
            lastPollNanos = System.nanoTime(); // waiting for its own batch is progress, not a hang
            if (v != null) {
                acknowledge(v);
                seen.add(v);
                left--;
            } else if (System.nanoTime() > deadline) {
                // Shutdown: what has not finished by now is given back; the workers stop trying.
                stopping = true;
                LOG.warn("shutdown: releasing {} records still in progress to the other members", left);
                return; // closing the consumer releases every record it did not acknowledge
            }
        }
    }

    private void acknowledge(Verdict v) {
        if (v.type() == null) {
            return; // the JVM is unsafe: halting
        }
        consumer.acknowledge(v.record(), v.type());
        shareMetrics.acknowledged(v.type());
    }

    /**
     * Worker thread: works on one record and says how to acknowledge it. While it runs, the
     * thread's log lines carry the record's delivery count (MDC key {@value #DELIVERY_MDC}: a
     * {@code delivery=N} suffix in the text format, an {@code mdc} field in JSON).
     */
    private AcknowledgeType work(ConsumerRecord<byte[], byte[]> record) {
        String ref = record.topic() + "-" + record.partition() + "@" + record.offset();
        int delivery = deliveryCount(record);
        MDC.put(DELIVERY_MDC, Integer.toString(delivery));
        try {
            Outcome outcome;
            if (delivery >= deliveryLimit) {
                outcome = lastDelivery(ref, delivery);
            } else {
                outcome = handler.handle(
                        record.value(), ref, () -> stopping, record.topic().equals(liveTopic));
                if (isTransientGiveUp(outcome)) {
                    LOG.info("released record={}: storage still failing; it is redelivered", ref);
                    return AcknowledgeType.RELEASE;
                }
            }
            outcome = outcome.withDeliveryCount(delivery);
            AtomicBoolean delivered = new AtomicBoolean();
            sink.deliver(record, outcome, () -> stopping, () -> delivered.set(true));
            if (!delivered.get()) {
                return AcknowledgeType.RELEASE;
            }
            metrics.delivered(outcome, record.timestamp());
            if (outcome.deadLetter() != null) {
                LOG.info(
                        "rejected record={} reason={}",
                        ref,
                        outcome.deadLetter().reason());
                return AcknowledgeType.REJECT;
            }
            return AcknowledgeType.ACCEPT;
        } catch (InterruptedException e) {
            return AcknowledgeType.RELEASE; // stopping: another member does it
        } catch (RuntimeException | Error e) {
            if (RecordHandler.leavesJvmUnsafe(e)) {
                LOG.error("{}: fatal error; stopping the pipeline without acknowledging", ref, e);
                halted = true;
                onFatal.accept(e);
                return null;
            }
            LOG.error("{}: unexpected error delivering the outcome; released for redelivery", ref, e);
            return AcknowledgeType.RELEASE;
        } finally {
            MDC.remove(DELIVERY_MDC);
            inFlight.decrementAndGet();
        }
    }

    /** A transient failure that ran out of in-process attempts: the broker redelivers it instead. */
    private static boolean isTransientGiveUp(Outcome outcome) {
        return outcome.deadLetter() != null
                && FailureReason.STORAGE.code().equals(outcome.deadLetter().reason());
    }

    private Outcome lastDelivery(String ref, int delivery) {
        String message = "delivered " + delivery + " times (the share group's limit) without an outcome: earlier "
                + "deliveries were released or their member died; dead-lettered without processing it again";
        LOG.error("failed record={} reason={} message={}", ref, FailureReason.INTERNAL.code(), message);
        Instant now = clock.instant();
        return new Outcome(
                List.of(results.unprocessed(ref, FailureReason.INTERNAL, message)),
                new Outcome.DeadLetter(FailureReason.INTERNAL.code(), message, delivery, now, now));
    }

    @Override
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void haltWithoutCommitting(Throwable cause) {
        LOG.error("halting the share poll loop without acknowledging: {}", cause.toString());
        halted = true;
        failed = true;
        running = false;
        consumer.wakeup();
    }

    @Override
    public long nanosSinceLastPoll() {
        return System.nanoTime() - lastPollNanos;
    }

    @Override
    public boolean hasFailed() {
        return failed;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }
}
