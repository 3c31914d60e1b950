package thumbstream.event;

/**
 * Thrown inside the decoders when a value is not a valid event; {@link EventDecoder} turns it into
 * {@link Decoded.Invalid}. It never leaves this package, so the public contract stays "decode never throws".
 */
final class InvalidEventException extends RuntimeException {

    InvalidEventException(String message) {
        // No stack trace: this is an expected outcome for bad input, and poison records can come in floods.
        super(message, null, false, false);
    }
}
