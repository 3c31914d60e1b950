package thumbstream.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.event.Decoded;
import thumbstream.event.EventDecoder;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.Budget;
import thumbstream.security.LogText;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.ThumbnailJob;
import thumbstream.upload.TransientJobException;

/**
 * Turns one record's bytes into its {@link Outcome}: decode, run the job for each upload in it,
 * retry transient failures with backoff, and give up into a {@code failed} result plus a dead
 * letter when attempts run out. Errors are classified once, here:
 * <ul>
 *   <li>invalid event: failed result (reason invalid-event) and dead letter, no retry;</li>
 *   <li>permanent (corrupt, not found, too large, unsupported): failed result from the job, no retry;</li>
 *   <li>transient: retried; after the last attempt failed result (reason storage) and dead letter;</li>
 *   <li>anything else thrown while handling (a bug, or an {@code Error} such as a stack overflow):
 *       failed result (reason internal), dead letter, and {@code thumbstream_internal_errors_total};</li>
 *   <li>an {@code Error} after which the JVM is not safe to go on ({@link #leavesJvmUnsafe}): thrown
 *       on, so the pipeline stops without committing.</li>
 * </ul>
 * A record naming more than {@code maxRecordsPerEvent} uploads fails whole as invalid-event: one
 * record must not hold its partition (and be restarted from scratch on every revoke) for long.
 *
 * <p>Decoding is bounded across partitions: each partition worker decodes its own records, so
 * without a bound 48 partitions with a 1 MiB record each would parse 48 MiB (and hold four times
 * that) at once. One {@link Budget} per handler, shared by every worker the pipeline gives
 * it, admits a decode by its {@link #decodeCost}; the rest wait until earlier decodes are done
 * (each is short: the decoder's limits bound its work). Thread-safe; called from worker threads.
 */
final class RecordHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordHandler.class);

    /** Share of the maximum heap that record values being decoded may take at once. */
    static final int DECODE_HEAP_DIVISOR = 16;

    static final int DECODE_BYTES_PER_BYTE = 4;

    private final EventDecoder decoder;
    private final Budget decodeBudget;
    private final ThumbnailJob job;
    private final ResultFactory results;
    private final RetryPolicy retry;
    private final Clock clock;
    private final PipelineMetrics metrics;
    private final int maxRecordsPerEvent;

    RecordHandler(
            ThumbnailJob job,
            ResultFactory results,
            RetryPolicy retry,
            Clock clock,
            PipelineMetrics metrics,
            int maxRecordsPerEvent) {
        this(
                job,
                results,
                retry,
                clock,
                metrics,
                maxRecordsPerEvent,
                decodeBudgetFor(Runtime.getRuntime().maxMemory()));
    }

    /** @param decodeBudget heap that record values being decoded may take at once, by {@link #decodeCost} */
    RecordHandler(
            ThumbnailJob job,
            ResultFactory results,
            RetryPolicy retry,
            Clock clock,
            PipelineMetrics metrics,
            int maxRecordsPerEvent,
            Budget decodeBudget) {
        this.metrics = metrics;
        this.maxRecordsPerEvent = maxRecordsPerEvent;
        this.decoder = new EventDecoder(maxRecordsPerEvent); // its token limit follows the record count
        this.decodeBudget = decodeBudget;
        this.job = job;
        this.results = results;
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * @param recordRef  topic-partition@offset, for messages
     * @param stopping   true once the worker is asked to stop: retries give up early (the record is
     *                   then not finished and will be redelivered)
     * @param urgent     live upload (true) or backfill (false): live renders get the CPU first
     * @throws InterruptedException when interrupted while waiting to retry (work not finished)
     */
    Outcome handle(byte[] value, String recordRef, BooleanSupplier stopping, boolean urgent)
            throws InterruptedException {
        Decoded decoded;
        try {
            decoded = decode(value);
        } catch (RuntimeException | Error e) {
            if (leavesJvmUnsafe(e)) {
                throw e;
            }
            return internal(recordRef, null, e);
        }
        if (decoded instanceof Decoded.Ignored ignored) {
            LOG.debug("{}: ignored ({})", recordRef, LogText.message(ignored.why()));
            return Outcome.of(List.of());
        }
        if (decoded instanceof Decoded.Invalid invalid) {
            return invalid(recordRef, invalid.message());
        }
        List<UploadEvent> uploads = ((Decoded.Uploads) decoded).uploads();
        if (uploads.size() > maxRecordsPerEvent) {
            return invalid(
                    recordRef,
                    "too many records in one event: " + uploads.size() + ", the limit is " + maxRecordsPerEvent
                            + " (THUMBSTREAM_MAX_RECORDS_PER_EVENT)");
        }
        List<ThumbnailEvent> out = new ArrayList<>();
        Outcome.DeadLetter deadLetter = null;
        for (UploadEvent upload : lastPerObject(uploads)) {
            Attempted attempted;
            try {
                attempted = runWithRetries(upload, recordRef, stopping, urgent);
            } catch (RuntimeException | Error e) {
                if (leavesJvmUnsafe(e)) {
                    throw e;
                }
                Outcome failed = internal(recordRef, upload, e);
                attempted = new Attempted(Optional.of(failed.results().get(0)), failed.deadLetter());
            }
            attempted.result.ifPresent(out::add);
            if (attempted.deadLetter != null) {
                deadLetter = attempted.deadLetter;
            }
        }
        return new Outcome(List.copyOf(out), deadLetter);
    }

    /**
     * One event per object: when a notification names the same bucket and key more than once, only
     * the last (the object's newest state) is worked on, and it gets the one result. Without this a
     * notification repeating one large object a hundred times would render it a hundred times.
     */
    static List<UploadEvent> lastPerObject(List<UploadEvent> uploads) {
        if (uploads.size() < 2) {
            return uploads;
        }
        java.util.LinkedHashMap<List<String>, UploadEvent> last = new java.util.LinkedHashMap<>();
        for (UploadEvent u : uploads) {
            List<String> object = java.util.Arrays.asList(u.bucket(), u.key());
            last.remove(object); // keep the position of the last occurrence
            last.put(object, u);
        }
        return List.copyOf(last.values());
    }

    /**
     * True for errors after which nothing in this JVM can be trusted (out of memory, internal VM
     * errors): handling them per record could commit work that never happened. A stack overflow is
     * not one of them: it unwinds cleanly, and a deeply nested input is exactly how one happens.
     */
    static boolean leavesJvmUnsafe(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /**
     * The decode budget for a heap of {@code maxHeapBytes}: {@value #DECODE_HEAP_DIVISOR}th of it,
     * so with 512 MiB eight 1 MiB records decode at once, and a backlog of 1 MiB records on every
     * partition waits instead of parsing all at once.
     */
    static Budget decodeBudgetFor(long maxHeapBytes) {
        return Budget.ofBytes(Math.max(1, maxHeapBytes / DECODE_HEAP_DIVISOR));
    }

    /**
     * Heap that parsing {@code value} may take at its peak: Jackson's character buffer (2 bytes a
     * character) plus the tree's strings (up to 2 more), so {@value #DECODE_BYTES_PER_BYTE} per
     * byte; the token limit keeps the tree's nodes small next to that. A value the decoder refuses
     * unread (empty, or over {@link EventDecoder#MAX_VALUE_BYTES}) costs nothing.
     */
    static long decodeCost(byte[] value) {
        if (value == null || value.length > EventDecoder.MAX_VALUE_BYTES) {
            return 0;
        }
        return (long) value.length * DECODE_BYTES_PER_BYTE;
    }

    /** Decodes under a lease of the shared decode budget; blocks while other workers' decodes hold it. */
    private Decoded decode(byte[] value) {
        long cost = decodeCost(value);
        if (cost == 0) {
            return decoder.decode(value);
        }
        try (Budget.Lease lease = decodeBudget.acquire(cost)) {
            return decoder.decode(value);
        }
    }

    private Outcome invalid(String recordRef, String message) {
        LOG.warn(
                "failed record={} reason={} message={}",
                recordRef,
                FailureReason.INVALID_EVENT.code(),
                LogText.message(message));
        Instant now = clock.instant();
        return new Outcome(
                List.of(results.invalid(recordRef, message)),
                new Outcome.DeadLetter(FailureReason.INVALID_EVENT.code(), message, 1, now, now));
    }

    /** A failed/internal result and a dead letter for an unexpected error, counted and logged with its stack. */
    private Outcome internal(String recordRef, UploadEvent upload, Throwable e) {
        metrics.internalError();
        String message = "internal error: " + e;
        LOG.error(
                "failed bucket={} key={} record={} reason={} message={}",
                upload == null ? null : LogText.quoted(upload.bucket()),
                upload == null ? null : LogText.quoted(upload.key()),
                recordRef,
                FailureReason.INTERNAL.code(),
                LogText.message(message),
                e);
        Instant now = clock.instant();
        ThumbnailEvent result = upload == null
                ? results.invalid(recordRef, message)
                : results.failed(upload, FailureReason.INTERNAL, message, 1, System.nanoTime());
        return new Outcome(
                List.of(result), new Outcome.DeadLetter(FailureReason.INTERNAL.code(), message, 1, now, now));
    }

    private record Attempted(Optional<ThumbnailEvent> result, Outcome.DeadLetter deadLetter) {}

    private Attempted runWithRetries(UploadEvent upload, String recordRef, BooleanSupplier stopping, boolean urgent)
            throws InterruptedException {
        Instant firstError = null;
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                Optional<ThumbnailEvent> result = job.process(upload, attempt, urgent);
                result.filter(r -> r.status() == ThumbnailEvent.Status.FAILED)
                        .ifPresent(r -> LOG.warn(
                                "failed bucket={} key={} record={} reason={} message={}",
                                LogText.quoted(upload.bucket()),
                                LogText.quoted(upload.key()),
                                recordRef,
                                r.error().reason().code(),
                                LogText.message(r.error().message())));
                return new Attempted(result, null);
            } catch (TransientJobException e) {
                Instant now = clock.instant();
                firstError = firstError == null ? now : firstError;
                // An interrupt (the worker is stopped, abandoned or shut down) is never a verdict:
                // the record stays unfinished and its partition's next owner does it again.
                if (stopping.getAsBoolean() || Thread.interrupted()) {
                    throw new InterruptedException("stopping while working on " + recordRef);
                }
                if (!retry.hasAttemptsAfter(attempt)) {
                    LOG.warn(
                            "failed bucket={} key={} record={} reason={} attempts={} message={}",
                            LogText.quoted(upload.bucket()),
                            LogText.quoted(upload.key()),
                            recordRef,
                            FailureReason.STORAGE.code(),
                            attempt,
                            LogText.message(e.getMessage()));
                    ThumbnailEvent failed = results.failed(
                            upload,
                            FailureReason.STORAGE,
                            "gave up after " + attempt + " attempts: " + e.getMessage(),
                            attempt,
                            started);
                    return new Attempted(
                            Optional.of(failed),
                            new Outcome.DeadLetter(
                                    FailureReason.STORAGE.code(), e.getMessage(), attempt, firstError, now));
                }
                long waitMs = retry.delayAfter(attempt).toMillis();
                metrics.retried();
                LOG.info(
                        "retrying bucket={} key={} record={} attempt={} in {} ms: {}",
                        LogText.quoted(upload.bucket()),
                        LogText.quoted(upload.key()),
                        recordRef,
                        attempt,
                        waitMs,
                        LogText.message(e.getMessage()));
                Thread.sleep(waitMs);
            }
        }
    }
}
