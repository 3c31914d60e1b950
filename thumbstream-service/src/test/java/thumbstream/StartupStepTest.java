package thumbstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import thumbstream.config.ConfigException;

/** Start-up steps overlap: each runs on its own thread, and its error reaches the wiring as it was thrown. */
class StartupStepTest {

    /**
     * Each step can finish only once the other has started: run one after the other, the first
     * would give up waiting and both would answer false.
     */
    @Test
    void independentStepsRunAtTheSameTimeAndNeitherWaitsForTheOther() {
        CountDownLatch topicsStarted = new CountDownLatch(1);
        CountDownLatch codecsStarted = new CountDownLatch(1);
        StartupStep<Boolean> topics = StartupStep.begin("test-topics", () -> {
            topicsStarted.countDown();
            return await(codecsStarted);
        });
        StartupStep<Boolean> codecs = StartupStep.begin("test-codecs", () -> {
            codecsStarted.countDown();
            return await(topicsStarted);
        });

        assertThat(codecs.join()).isTrue();
        assertThat(topics.join()).isTrue();
    }

    @Test
    void runsOnANamedDaemonThreadOfItsOwn() {
        StartupStep<Thread> step = StartupStep.begin("thumbstream-startup-test", Thread::currentThread);

        Thread thread = step.join();
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).isEqualTo("thumbstream-startup-test");
        assertThat(thread.isDaemon()).isTrue();
    }

    /** A missing uploads topic still fails start-up with its ConfigException (exit code 2), not a wrapper. */
    @Test
    void joinThrowsTheStepsOwnUncheckedException() {
        ConfigException missing = new ConfigException("topic 'uploads' (THUMBSTREAM_UPLOADS_TOPIC) does not exist");
        StartupStep<Object> step = StartupStep.begin("test-topics", () -> {
            throw missing;
        });

        assertThatThrownBy(step::join).isSameAs(missing);
        assertThatThrownBy(step::join).isSameAs(missing); // joined twice: the same answer
    }

    @Test
    void joinThrowsTheStepsError() {
        LinkageError unavailable = new UnsatisfiedLinkError("libjnidispatch.so");
        StartupStep<Object> step = StartupStep.begin("test-codecs", () -> {
            throw unavailable;
        });

        assertThatThrownBy(step::join).isSameAs(unavailable);
    }

    @Test
    void anInterruptedJoinStillWaitsForTheResultAndKeepsTheInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StartupStep<String> step = StartupStep.begin("test-slow", () -> {
            await(release);
            return "done";
        });
        Thread.currentThread().interrupt();
        Thread releaser = new Thread(release::countDown);
        releaser.start();
        try {
            assertThat(step.join()).isEqualTo("done");
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            Thread.interrupted();
            releaser.join();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
