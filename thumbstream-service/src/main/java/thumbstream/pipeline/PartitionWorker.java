package thumbstream.pipeline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one assigned partition: up to {@code maxInFlight} named threads that handle the
 * partition's records, records with the same Kafka key one at a time and in offset order
 * ({@link KeyedExecutor}), and hand each outcome to the {@link ResultSink}. An offset becomes
 * finished in the {@link OffsetTracker} only when the sink says the outcome was delivered.
 *
 * <p>After an earlier owner died working from this partition's head ({@link HeadStart#careful}), the
 * first {@link HeadStart#CAREFUL_WINDOW} records are worked one at a time, in offset order, and each
 * waits until the poll thread committed its offset ({@link #awaitingCommit}, {@link #committedUpTo})
 * before it starts: if it kills the process, the next owner finds it at the head and counts the
 * death against it ({@link CrashLoopGuard}). A record at the head through too many deaths gets the
 * start's dead letter instead of being processed.
 *
 * <p>Thread ownership: {@link #submit}, {@link #backlog} and the stop methods are called by the
 * poll thread; records are handled on this worker's threads; the tracker is shared.
 */
final class PartitionWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);
    /** After a stop's deadline: how long the interrupted work of all stopped workers gets together. */
    static final Duration ABANDON_WAIT = Duration.ofSeconds(1);

    private final TopicPartition partition;
    private final boolean urgent;
    private final RecordHandler handler;
    private final ResultSink sink;
    private final PipelineMetrics metrics;
    private final Consumer<Throwable> onFatal;
    private final OffsetTracker tracker = new OffsetTracker();
    private final AtomicInteger backlog = new AtomicInteger();
    /** Key and value bytes of the records in {@link #backlog}: what a producer's record size costs in heap. */
    private final AtomicLong backlogBytes = new AtomicLong();

    private final ExecutorService threads;
    private final KeyedExecutor keyed;
    /** Guards highestStarted and stopFence: a record's "may I start" check and its "started" mark
     * must not be split by a stop request, or a record could start above the fence the stop set. */
    private final Object startLock = new Object();

    private long highestStarted = -1;
    /** Records above this offset are not started any more; Long.MAX_VALUE while running. */
    private long stopFence = Long.MAX_VALUE;

    private volatile boolean stopping;

    private final HeadStart headStart;
    /** The one key of the records worked one at a time after a death. */
    private static final Object CAREFUL = new Object();
    /** Careful records queued or running: while there are any, the poll thread commits promptly. */
    private final AtomicInteger carefulBacklog = new AtomicInteger();
    /** Guards committedUpTo and awaiting. */
    private final Object commitLock = new Object();
    /** The highest offset the poll thread told this worker is committed (careful records wait for it). */
    private long committedUpTo = -1;
    /** The offset of a careful record waiting for its commit, or -1. */
    private volatile long awaiting = -1;

    /**
     * @param urgent  true for a partition of the live uploads topic, false for the backfill lane
     * @param onFatal told about an error that leaves the JVM unsafe ({@link RecordHandler#leavesJvmUnsafe});
     *                the record stays unfinished and the pipeline must stop without committing
     */
    PartitionWorker(
            TopicPartition partition,
            boolean urgent,
            RecordHandler handler,
            ResultSink sink,
            int maxInFlight,
            PipelineMetrics metrics,
            Consumer<Throwable> onFatal) {
        this(partition, urgent, handler, sink, maxInFlight, metrics, onFatal, HeadStart.plain(-1));
    }

    /** @param start how to start, from the {@link CrashLoopGuard}: careful after a death, or with a dead letter */
    PartitionWorker(
            TopicPartition partition,
            boolean urgent,
            RecordHandler handler,
            ResultSink sink,
            int maxInFlight,
            PipelineMetrics metrics,
            Consumer<Throwable> onFatal,
            HeadStart start) {
        this.headStart = start;
        this.committedUpTo = start.head();
        this.onFatal = onFatal;
        this.partition = partition;
        this.urgent = urgent;
        this.handler = handler;
        this.sink = sink;
        this.metrics = metrics;
        String prefix = "thumbstream-worker-" + partition.topic() + "-" + partition.partition() + "-";
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(maxInFlight, r -> new Thread(r, prefix + n.incrementAndGet()));
        this.keyed = new KeyedExecutor(threads, maxInFlight);
    }

    /** Poll thread: queue a record. Its offset counts as pending from now on. */
    void submit(ConsumerRecord<byte[], byte[]> record) {
        tracker.begin(record.offset());
        backlog.incrementAndGet();
        long bytes = sizeOf(record);
        backlogBytes.addAndGet(bytes);
        boolean careful = headStart.isCareful(record.offset());
        if (careful) {
            carefulBacklog.incrementAndGet();
        }
        // Records without a key have no order to keep: each gets its own.
        Object key = careful
                ? CAREFUL
                : record.key() == null ? Long.valueOf(record.offset()) : ByteBuffer.wrap(record.key());
        keyed.submit(key, () -> {
            try {
                boolean start;
                synchronized (startLock) {
                    start = record.offset() <= stopFence;
                    if (start) {
                        highestStarted = Math.max(highestStarted, record.offset());
                    }
                }
                if (start) {
                    handle(record, careful);
                }
            } finally {
                if (careful) {
                    carefulBacklog.decrementAndGet();
                }
                backlogBytes.addAndGet(-bytes);
                backlog.decrementAndGet();
            }
        });
    }

    /** Records queued or in progress; the poll thread pauses the partition when this is too high. */
    int backlog() {
        return backlog.get();
    }

    /**
     * Bytes of the records queued or in progress; the poll thread also pauses the partition when
     * these are too many, so a producer of 1 MiB records cannot fill the heap with a full backlog.
     */
    long backlogBytes() {
        return backlogBytes.get();
    }

    private static long sizeOf(ConsumerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    /** The offset this worker started reading at, or -1 when unknown. */
    long head() {
        return headStart.head();
    }

    /** Poll thread: true while records of the careful start are queued or running (commit promptly). */
    boolean inCarefulStart() {
        return carefulBacklog.get() > 0;
    }

    /** Poll thread: true when a careful record waits for its offset to be committed. */
    boolean awaitingCommit() {
        return awaiting >= 0;
    }

    /** Poll thread: offsets below {@code position} are committed, {@code position} is the head now. */
    void committedUpTo(long position) {
        synchronized (commitLock) {
            committedUpTo = Math.max(committedUpTo, position);
            commitLock.notifyAll();
        }
    }

    /** Worker thread, careful start: wait until the head is {@code offset}, committed with its marker. */
    private void awaitCommitted(long offset) throws InterruptedException {
        synchronized (commitLock) {
            try {
                while (committedUpTo < offset) {
                    if (stopping) {
                        throw new InterruptedException("stopping before " + partition + "@" + offset + " started");
                    }
                    awaiting = offset;
                    commitLock.wait(50);
                }
            } finally {
                awaiting = -1;
            }
        }
    }

    OffsetTracker tracker() {
        return tracker;
    }

    TopicPartition partition() {
        return partition;
    }

    boolean isUrgent() {
        return urgent;
    }

    /**
     * Poll thread: stop starting records above the highest offset already started, but still run
     * the queued records below it. Those are the gaps that records of other keys overtook; filling
     * them lets the commit position reach everything that finished, so a clean stop or a revoke
     * repeats (almost) nothing. Records above the fence stay pending and are processed by whoever
     * owns the partition next.
     */
    void requestStop() {
        synchronized (startLock) {
            stopFence = highestStarted;
        }
        stopping = true;
    }

    /** Poll thread: the partition is lost; skip everything queued and interrupt what runs. */
    void abandon() {
        synchronized (startLock) {
            stopFence = -1;
        }
        stopping = true;
        threads.shutdownNow();
    }

    /**
     * Poll thread, after {@link #requestStop}: wait until {@code deadlineNanos} (a {@code
     * System.nanoTime()} value) for the records in progress and the gaps to finish, then interrupt
     * whatever still runs, without waiting for it ({@link #stopAll} waits for all of them at once).
     *
     * @return true when the worker finished in time
     */
    boolean awaitStop(long deadlineNanos) {
        try {
            while (backlog.get() > 0 && System.nanoTime() < deadlineNanos) {
                Thread.sleep(5);
            }
            threads.shutdown();
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            if (threads.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("{}: in-flight work did not finish in time, abandoning it", partition);
            abandon();
            return false;
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt(); // keep the interrupt for the caller
            return false;
        }
    }

    /**
     * Stops several workers in parallel, all within one bound: one deadline for all of them, and one
     * short wait after it for the interrupted work of all of them together, so a revoke of many
     * partitions takes {@code bound} plus at most {@link #ABANDON_WAIT}, never one wait per
     * partition. Work still running after that is abandoned: its outcome is dropped, never
     * committed, and the partition's next owner does it again.
     */
    static void stopAll(Collection<PartitionWorker> workers, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        workers.forEach(PartitionWorker::requestStop);
        List<PartitionWorker> late =
                workers.stream().filter(w -> !w.awaitStop(deadline)).toList();
        long abandonDeadline = System.nanoTime() + ABANDON_WAIT.toNanos();
        for (PartitionWorker w : late) {
            try {
                long left = Math.max(0, abandonDeadline - System.nanoTime());
                w.threads.awaitTermination(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, boolean careful) {
        String ref = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            if (careful) {
                awaitCommitted(record.offset());
            }
            Outcome outcome = headStart.deadLetter() != null && record.offset() == headStart.head()
                    ? headStart.deadLetter() // it killed the process too often: not processed again
                    : handler.handle(record.value(), ref, () -> stopping, urgent);
            sink.deliver(this, record, outcome, () -> stopping, () -> {
                tracker.complete(record.offset());
                metrics.delivered(outcome, record.timestamp());
            });
        } catch (InterruptedException e) {
            // Stopping: the record stays pending and will be redelivered.
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            if (RecordHandler.leavesJvmUnsafe(e)) {
                // Out of memory or worse: nothing here can be trusted, so nothing more is committed.
                LOG.error("{}: fatal error; stopping the pipeline without committing", ref, e);
                onFatal.accept(e);
                return;
            }
            // The handler turns every error of a job into a result, so this is a bug in delivering
            // one. Leave the offset pending so the record is not lost; it is processed again when the
            // partition is next assigned.
            LOG.error("{}: unexpected error delivering the outcome; offset left uncommitted", ref, e);
        }
    }
}
