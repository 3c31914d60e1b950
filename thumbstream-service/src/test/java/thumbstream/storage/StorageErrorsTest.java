package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StorageErrors#classify}: an interrupt is found wherever the SDK buried it. */
class StorageErrorsTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptTheSdkWrappedInARuntimeExceptionIsTransientAndTheFlagIsRestored() {
        // MinIO's synchronous calls: catch (InterruptedException e) { throw new RuntimeException(e); }
        RuntimeException wrapped = new RuntimeException(new InterruptedException());

        StorageException e = StorageErrors.classify("get media/a.jpg", wrapped);

        assertThat(e.kind()).isEqualTo(StorageException.Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptDeeperInTheCauseChainIsFoundToo() {
        Exception deep = new RuntimeException(new ExecutionException(new InterruptedIOException("read")));

        assertThat(StorageErrors.classify("put", deep).kind()).isEqualTo(StorageException.Kind.TRANSIENT);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void aSocketTimeoutIsATimeoutNotAnInterrupt() {
        StorageException e = StorageErrors.classify("get", new SocketTimeoutException("Read timed out"));

        assertThat(e.kind()).isEqualTo(StorageException.Kind.TRANSIENT);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aPlainRuntimeExceptionStaysPermanent() {
        StorageException e = StorageErrors.classify("get", new IllegalArgumentException("bad"));

        assertThat(e.kind()).isEqualTo(StorageException.Kind.PERMANENT);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
