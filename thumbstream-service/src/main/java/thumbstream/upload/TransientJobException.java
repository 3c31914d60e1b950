package thumbstream.upload;

/** A job failed for a reason that may go away (storage unreachable, 5xx): the caller may retry it. */
public final class TransientJobException extends Exception {

    private static final long serialVersionUID = 1L;

    public TransientJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
