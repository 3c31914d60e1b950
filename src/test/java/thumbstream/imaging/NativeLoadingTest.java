package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When JNA cannot load its own native stub (as on a {@code noexec} /tmp, where it unpacks it), the
 * native codecs are reported absent and the process goes on; it must not die in class loading.
 */
class NativeLoadingTest {

    @Test
    void codecsAreAbsentNotFatalWhenJnaCannotLoadItsStub() throws IOException, InterruptedException {
        // JNA may look neither on the class path nor in the system's library path: it cannot start.
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djna.noclasspath=true",
                        "-Djna.nosys=true",
                        "-Djna.boot.library.path=/nonexistent",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NativeCodecsProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("turbojpeg=false", "webp=false", "heif=false")
                .contains("JNA could not load its native stub");
    }
}
