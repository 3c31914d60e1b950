package thumbstream.event;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of decoding one record value on {@code uploads}. Exactly one of three things:
 * work to do, nothing to do, or a value that cannot be understood (and belongs in the dead-letter topic).
 *
 * <p>Sealed so a {@code switch} over it is checked for completeness: a caller cannot forget to handle
 * {@link Invalid}.
 */
public sealed interface Decoded {

    /**
     * The value named one or more objects to process, in the order the producer listed them.
     *
     * @param uploads never empty; when nothing is left to do the decoder returns {@link Ignored} instead
     */
    record Uploads(List<UploadEvent> uploads) implements Decoded {
        public Uploads {
            uploads = List.copyOf(uploads);
            if (uploads.isEmpty()) {
                throw new IllegalArgumentException(
                        "uploads must not be empty; use Ignored when there is nothing to do");
            }
        }
    }

    /**
     * A well-formed value that asks for no work, such as S3's test event or a read notification.
     * Skipping it is correct; it is not an error.
     *
     * @param why a short explanation for logs, naming what was ignored
     */
    record Ignored(String why) implements Decoded {
        public Ignored {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * A value that is not a valid event. Retrying will not help.
     *
     * @param message what is wrong, phrased for the user who produced the value
     */
    record Invalid(String message) implements Decoded {
        public Invalid {
            Objects.requireNonNull(message, "message");
        }
    }
}
