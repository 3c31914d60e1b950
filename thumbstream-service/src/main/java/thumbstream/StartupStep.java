package thumbstream;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * One start-up step that needs nothing else of the service (a broker round trip, loading native
 * libraries), run on a thread of its own from {@link #begin} so that independent steps overlap
 * instead of waiting for each other; {@link #join} waits for its result where it is needed.
 *
 * <p>Why: a cold pod's start-up used to run them one after the other on the main thread (the native
 * codecs, then the admin client's topic and record-size checks), and readiness waited for the sum.
 * An error of the step (a {@link thumbstream.config.ConfigException} naming a missing topic, say)
 * is thrown by {@link #join} as it was thrown, so start-up fails the same way.
 */
final class StartupStep<T> {

    private final FutureTask<T> task;

    private StartupStep(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts {@code step} now on a daemon thread called {@code name}. */
    static <T> StartupStep<T> begin(String name, Supplier<T> step) {
        FutureTask<T> task = new FutureTask<>(step::get);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true); // a failed start-up exits without waiting for the other steps
        thread.start();
        return new StartupStep<>(task);
    }

    /** Waits for the step; throws what it threw (unchecked as is, anything else wrapped). */
    T join() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // start-up is not interruptible; the shutdown hook halts the JVM
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("start-up step failed", cause);
                } catch (CancellationException e) {
                    throw new IllegalStateException("start-up step cancelled", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
