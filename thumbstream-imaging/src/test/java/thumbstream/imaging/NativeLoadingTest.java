package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When JNA cannot load its own native stub (as on a {@code noexec} /tmp, where it unpacks it), the
 * native codecs are reported absent and the process goes on; it must not die in class loading.
 * PNGs then inflate through {@code java.util.zip}, as they do when told to.
 */
class NativeLoadingTest {

    @Test
    void codecsAreAbsentNotFatalWhenJnaCannotLoadItsStub() throws IOException, InterruptedException {
        // JNA may look neither on the class path nor in the system's library path: it cannot start.
        String output = probe("-Djna.noclasspath=true", "-Djna.nosys=true", "-Djna.boot.library.path=/nonexistent");

        assertThat(output)
                .contains("turbojpeg=false", "webp=false", "heif=false", "deflate=false")
                .contains("JNA could not load its native stub");
        // PNGs still decode, inflated by java.util.zip
        assertThat(output).contains("png-whole-inflate=false", "png-rows-decode=true");
    }

    @Test
    void pngsInflateThroughJavaUtilZipWhenTheOptionSaysSo() throws IOException, InterruptedException {
        String output = probe("-Dthumbstream.png=zlib");

        assertThat(output)
                .contains("png-whole-inflate=false", "png-rows-decode=true")
                .contains("PNG inflate: java.util.zip (forced by -Dthumbstream.png=zlib)");
    }

    /** Runs {@link NativeCodecsProbe} in a child JVM with {@code options}; its output, after it exited 0. */
    private static String probe(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeCodecsProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
