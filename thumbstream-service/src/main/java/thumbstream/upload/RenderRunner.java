package thumbstream.upload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import thumbstream.imaging.ImagingException;
import thumbstream.imaging.Rendering;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.imaging.crop.FocusPoint;

/**
 * Runs one render under the {@link RenderGate} with a deadline. The render runs on a thread of its
 * own ({@code thumbstream-render-N}); the caller waits at most the deadline, then fails the upload
 * {@code too-large} and interrupts the render (the ImageIO decoder aborts its reader on interrupt).
 *
 * <p>Why a thread of its own: decoders cannot be stopped from outside in the middle of native
 * code, and a worker must not be held by one file (a progressive JPEG with thousands of scans, a
 * PNG that inflates forever) while its partition waits. What the render holds (its gate permit,
 * its downloaded bytes) is given back only when the render really ends, so a timed-out render that
 * is still running keeps counting against the CPU cap and the memory budget.
 *
 * <p>Thread-safe. Render threads are daemon threads, kept 60 s when idle.
 */
final class RenderRunner {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService RENDER_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "thumbstream-render-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** What runs under the deadline: {@link ThumbnailRenderer#render} in the service. */
    @FunctionalInterface
    interface Render {
        Rendering render(byte[] source, List<RenditionSpec> specs, FocusPoint focus) throws ImagingException;
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int OVERDUE = 2;

    private final Render renderer;
    private final RenderGate gate;
    private final Duration timeout;
    private final JobObserver observer;

    RenderRunner(Render renderer, RenderGate gate, Duration timeout) {
        this(renderer, gate, timeout, JobObserver.NONE);
    }

    /** @param observer told of every render that passed its deadline */
    RenderRunner(Render renderer, RenderGate gate, Duration timeout, JobObserver observer) {
        this.renderer = renderer;
        this.gate = gate;
        this.timeout = timeout;
        this.observer = observer;
    }

    /**
     * Renders {@code specs} from {@code source}, {@code crop=focus} around {@code focus} (null for
     * none); {@code heldUntilDone} is closed when the render
     * ends, whether it finished in time or not (and also when this method fails before it starts).
     *
     * @throws ImagingException what the renderer threw, or TOO_LARGE when the deadline passed
     * @throws TransientJobException when this thread was interrupted while waiting (the caller is
     *                               stopping; the interrupt stays set)
     */
    Rendering render(
            byte[] source, List<RenditionSpec> specs, FocusPoint focus, boolean urgent, AutoCloseable heldUntilDone)
            throws ImagingException, TransientJobException {
        Future<Rendering> render;
        // RUNNING until the render returns (DONE) or its deadline passes first (OVERDUE): the one
        // that changes it first decides whether the gate counts an overdue render.
        AtomicInteger state = new AtomicInteger(RUNNING);
        gate.acquire(urgent);
        try {
            render = RENDER_THREADS.submit(() -> {
                try {
                    return renderer.render(source, specs, focus);
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        gate.overdueEnded();
                    }
                    gate.release();
                    heldUntilDone.close();
                }
            });
        } catch (RuntimeException | Error e) {
            gate.release();
            closeQuietly(heldUntilDone);
            throw e;
        }
        try {
            return render.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (state.compareAndSet(RUNNING, OVERDUE)) {
                gate.overdueStarted();
            }
            render.cancel(true);
            observer.renderTimedOut();
            throw new ImagingException(
                    ImagingException.Kind.TOO_LARGE,
                    "rendering took longer than THUMBSTREAM_RENDER_TIMEOUT (" + timeout.toMillis() + " ms)");
        } catch (InterruptedException e) {
            render.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransientJobException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImagingException imaging) {
                throw imaging;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("render failed", cause);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // a lease's close does not throw; nothing else is passed here
        }
    }
}
