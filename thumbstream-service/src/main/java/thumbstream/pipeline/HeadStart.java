package thumbstream.pipeline;

/**
 * How a worker starts on a freshly assigned partition, decided by {@link CrashLoopGuard} from the
 * committed offset's {@link HeadMarker}.
 *
 * @param head       the first offset the worker will read (its committed position), or -1 if unknown
 * @param deaths     process deaths of earlier owners while working from {@code head}
 * @param deadLetter when not null, the outcome to deliver for the record at {@code head} instead of
 *                   processing it: it was at the head through too many deaths
 */
record HeadStart(long head, int deaths, Outcome deadLetter) {

    /**
     * Records after a death that are processed one at a time, each committed before the next starts.
     * Covers what a worker can have had in flight beyond its head (its backlog bound); a record that
     * kills the process further on is reached after one more death, with the head moved this far.
     */
    static final int CAREFUL_WINDOW = Pipeline.MAX_BACKLOG;

    /** No marker information: a plain start (tests, a guard that could not read offsets). */
    static HeadStart plain(long head) {
        return new HeadStart(head, 0, null);
    }

    /**
     * After a death, the record that caused it must be the one at the head when the next death
     * comes, or an innocent record could be blamed: so records are worked one at a time.
     */
    boolean careful() {
        return deaths > 0 && head >= 0;
    }

    /** True for an offset that is worked one at a time, committed before it starts. */
    boolean isCareful(long offset) {
        return careful() && offset >= head && offset - head < CAREFUL_WINDOW;
    }
}
