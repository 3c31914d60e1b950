package thumbstream.pipeline;

/**
 * The thread that owns the Kafka consumer, whichever kind: {@link PollLoop} for a consumer group,
 * {@link ShareLoop} for a share group. What the rest of the service asks of it.
 */
interface ConsumeLoop extends Runnable {

    /** Any thread: stop; finish or give back in-flight work, commit or acknowledge, close. */
    void shutdown();

    /** Any thread: the JVM is unsafe (out of memory); stop at once and commit nothing more. */
    void haltWithoutCommitting(Throwable cause);

    /** For liveness checks: when the loop last returned from poll. */
    long nanosSinceLastPoll();

    /** True when the loop ended because of an error rather than {@link #shutdown}. */
    boolean hasFailed();

    /**
     * False when the loop runs but gets nowhere and should be restarted (exactly-once: the last
     * transactions all aborted); the liveness probe then fails.
     */
    default boolean makesProgress() {
        return true;
    }

    /** Records queued or being processed. */
    int inFlight();
}
