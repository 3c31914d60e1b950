package thumbstream.upload;

/**
 * Caps how many renders run at once (they are CPU-bound) and lets urgent work go first: a waiting
 * urgent render (a live upload) always gets the next free permit before any waiting background
 * render (a backfill). So a fresh upload waits for at most the renders already running, however
 * large the backfill behind it.
 *
 * <p>Thread-safe; waiting ignores interrupts (a render is short, and callers stop by skipping work
 * they have not started).
 */
public final class RenderGate {

    private final int permits;
    private int running;
    private int urgentWaiting;
    /** Renders past their deadline that still hold their permit (they have not returned yet). */
    private int overdue;

    public RenderGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        this.permits = permits;
    }

    /** No limit, no priorities: for tests and tools that render alone. */
    public static RenderGate unlimited() {
        return new RenderGate(Integer.MAX_VALUE);
    }

    public synchronized void acquire(boolean urgent) {
        boolean interrupted = false;
        if (urgent) {
            urgentWaiting++;
        }
        try {
            while (running >= permits || (!urgent && urgentWaiting > 0)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            running++;
        } finally {
            if (urgent) {
                urgentWaiting--;
            }
            if (interrupted) {
                Thread.currentThread().interrupt(); // keep it for the caller
            }
        }
    }

    public synchronized void release() {
        running--;
        notifyAll(); // urgent and background waiters wait on different conditions
    }

    /** A render passed its deadline and still runs, holding its permit. */
    synchronized void overdueStarted() {
        overdue++;
    }

    /** An overdue render finally returned (its permit is released separately). */
    synchronized void overdueEnded() {
        overdue--;
    }

    /**
     * True when every permit is held by a render past its deadline: nothing can render any more
     * until one of them returns, which a render stuck in native code may never do. The liveness
     * probe then fails, so the orchestrator restarts the process.
     */
    public synchronized boolean allHeldByOverdueRenders() {
        return permits != Integer.MAX_VALUE && overdue >= permits;
    }

    synchronized int running() {
        return running;
    }
}
