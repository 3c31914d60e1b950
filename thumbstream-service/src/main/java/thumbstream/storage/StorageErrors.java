package thumbstream.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InternalException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The one place that decides whether an S3 SDK error is not-found, transient or permanent. */
final class StorageErrors {

    private StorageErrors() {}

    static StorageException classify(String operation, Exception e) {
        if (isInterrupt(e)) {
            // The MinIO SDK wraps an InterruptedException in a plain RuntimeException and clears the
            // thread's flag: restore it, and call it transient, so the caller stops without a verdict.
            Thread.currentThread().interrupt();
            return new StorageException(StorageException.Kind.TRANSIENT, operation + ": interrupted", e);
        }
        if (e instanceof ErrorResponseException ere) {
            String code = ere.errorResponse().code();
            int status = ere.response() == null ? 0 : ere.response().code();
            String message = operation + ": " + code + " (HTTP " + status + ")";
            if ("NoSuchKey".equals(code)
                    || "NoSuchBucket".equals(code)
                    || "NoSuchObject".equals(code)
                    || status == 404) {
                return new StorageException(StorageException.Kind.NOT_FOUND, message, e);
            }
            if (status >= 500
                    || status == 429
                    || "SlowDown".equals(code)
                    || "RequestTimeout".equals(code)
                    // If-Match missed: the object was replaced between two reads; start over.
                    || "PreconditionFailed".equals(code)
                    || status == 412
                    || "InternalError".equals(code)
                    || "ServiceUnavailable".equals(code)) {
                return new StorageException(StorageException.Kind.TRANSIENT, message, e);
            }
            return new StorageException(StorageException.Kind.PERMANENT, message, e);
        }
        if (e instanceof ServerException se) {
            // 5xx answered without a parsable S3 error document.
            return new StorageException(
                    StorageException.Kind.TRANSIENT, operation + ": server error HTTP " + se.statusCode(), e);
        }
        if (e instanceof IOException || e instanceof InternalException) {
            // refused connections, resets, timeouts: the server may be back soon
            return new StorageException(
                    StorageException.Kind.TRANSIENT,
                    operation + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        return new StorageException(
                StorageException.Kind.PERMANENT,
                operation + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    /**
     * True when {@code e} or a cause is an interrupt: {@link InterruptedException}, or an {@link
     * InterruptedIOException} that is not a socket timeout (which is a real timeout, and transient
     * for its own reason).
     */
    static boolean isInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException) {
                return true;
            }
            if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    /** The SDK keeps header case as sent; compare metadata names case-insensitively. */
    static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        Map<String, String> out = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }
}
