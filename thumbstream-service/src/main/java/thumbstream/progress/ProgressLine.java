package thumbstream.progress;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One status line on a terminal, redrawn in place ({@code \r}) at most ten times a second; when the
 * stream is not a terminal (a log file, CI), a plain line every few seconds instead, so logs stay
 * readable. Thread-safe.
 */
public final class ProgressLine {

    private static final long TERMINAL_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastDrawn;
    private int lastWidth;
    private boolean drawn;

    /**
     * @param terminal      redraw in place; otherwise print a new line each time
     * @param plainInterval seconds between lines when not a terminal
     */
    public ProgressLine(PrintStream out, boolean terminal, long plainInterval) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? TERMINAL_INTERVAL : TimeUnit.SECONDS.toNanos(plainInterval);
    }

    /** On stderr; redrawn in place when this process has a terminal. */
    public static ProgressLine stderr() {
        return new ProgressLine(System.err, System.console() != null, 2);
    }

    /** Shows {@code text} unless a line was shown very recently. */
    public void update(String text) {
        update(() -> text);
    }

    /** Like {@link #update(String)}, building the text only when it will be shown (for per-item calls). */
    public synchronized void update(Supplier<String> text) {
        long now = System.nanoTime();
        if (drawn && now - lastDrawn < intervalNanos) {
            return;
        }
        draw(text.get());
        lastDrawn = now;
        drawn = true;
    }

    /** Shows {@code text} now and ends the line. */
    public synchronized void finish(String text) {
        draw(text);
        if (terminal) {
            out.println();
        }
        out.flush();
        drawn = false;
        lastWidth = 0;
    }

    private void draw(String text) {
        if (terminal) {
            // pad with blanks so a shorter line fully covers a longer previous one
            out.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }
}
