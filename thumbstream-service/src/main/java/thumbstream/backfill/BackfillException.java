package thumbstream.backfill;

/** The backfill stopped: the listing, the store or Kafka failed. Re-running the same job is safe. */
public final class BackfillException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackfillException(String message, Throwable cause) {
        super(message, cause);
    }
}
