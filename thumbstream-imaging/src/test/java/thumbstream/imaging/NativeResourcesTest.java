package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The libjpeg-turbo path leaks neither native memory nor handles: buffers are reused per thread,
 * and a thread's handles are destroyed once the thread is gone. No timing is asserted.
 */
class NativeResourcesTest {

    private static final long MB = 1024 * 1024;

    @BeforeEach
    void requireLibrary() {
        Assumptions.assumeTrue(JpegBackend.LIBJPEG_TURBO.available(), "libturbojpeg.so.0 is not installed");
    }

    @Test
    void fiveHundredRendersKeepNativeMemoryBounded() throws Exception {
        ThumbnailRenderer renderer = JpegBackends.renderer(JpegBackend.LIBJPEG_TURBO);
        List<RenditionSpec> specs = RenditionSpec.parseList("s:320x320,m:1024x1024");
        byte[] source = TestImages.jpeg(1600, 1200);
        for (int i = 0; i < 50; i++) {
            renderer.render(source, specs); // warm up: buffers, JIT
        }
        System.gc();
        long before = nativeBytes();

        for (int i = 0; i < 500; i++) {
            assertThat(renderer.render(source, specs)).hasSize(2);
        }
        System.gc();

        // Each render decodes 1200x900 (4.3 MB of pixels) into a native buffer: leaking that, or
        // even a tenth of it, per render would add hundreds of MB. Reused buffers add nothing.
        assertThat(nativeBytes() - before).as("malloc'd bytes growth").isLessThan(16 * MB);
    }

    /**
     * Bytes malloc has handed out and not got back (glibc mallinfo2: small chunks plus mmapped
     * ones): what libjpeg-turbo and JNA buffers hold, unlike RSS unaffected by the Java heap
     * touching more of its committed pages. JNA's buffers that the GC frees go through a cleaner
     * thread, so give it a moment.
     */
    private static long nativeBytes() throws InterruptedException {
        Assumptions.assumeTrue(Platform.isLinux() && !Platform.isAndroid(), "mallinfo2 is glibc's");
        System.gc();
        Thread.sleep(200);
        try {
            MallInfo2 info = LibC.INSTANCE.mallinfo2();
            return info.uordblks + info.hblkhd;
        } catch (UnsatisfiedLinkError e) {
            Assumptions.abort("no mallinfo2 (glibc < 2.33 or not glibc)");
            return 0;
        }
    }

    /** glibc's {@code struct mallinfo2}, all size_t. */
    @Structure.FieldOrder({
        "arena",
        "ordblks",
        "smblks",
        "hblks",
        "hblkhd",
        "usmblks",
        "fsmblks",
        "uordblks",
        "fordblks",
        "keepcost"
    })
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        MallInfo2 mallinfo2();
    }

    @Test
    void aThreadsHandlesAreFreedAfterItEnds() throws Exception {
        ThumbnailRenderer renderer = JpegBackends.renderer(JpegBackend.LIBJPEG_TURBO);
        byte[] source = TestImages.jpeg(400, 300);
        renderer.render(source, RenditionSpec.parseList("s:100x100")); // this thread's handles exist now
        int baseline = TurboJpeg.liveHandles();

        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            threads.submit(() -> renderer.render(source, RenditionSpec.parseList("s:100x100")))
                    .get();
        }
        assertThat(TurboJpeg.liveHandles()).isGreaterThan(baseline);
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return TurboJpeg.liveHandles() <= baseline;
                });
    }
}
