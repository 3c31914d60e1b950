package thumbstream.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and one server certificate it signed (EC P-256, valid two days,
 * names {@code kafka}, {@code s3}, {@code localhost} and 127.0.0.1), made with the test JDK's
 * {@code keytool} in a new temporary directory, once per JVM: the broker's TLS listener and the S3
 * server's https endpoint present it, and the service trusts the CA through {@link #truststore}.
 *
 * <p>The truststore is a PKCS12 file without a password (no integrity MAC, certificates not
 * encrypted): it holds only the public CA certificate, and a password would end up in
 * JAVA_TOOL_OPTIONS, which the JVM prints at start.
 */
final class TestCertificates {

    /** Password of the server keystore (test-only; the CA's key never leaves the directory). */
    static final String KEYSTORE_PASSWORD = "container-it-tls";

    private static TestCertificates created;

    /** The server's key, its certificate and the CA certificate (PKCS12, {@link #KEYSTORE_PASSWORD}). */
    final Path serverKeystore;
    /** The CA certificate alone (PKCS12, no password). */
    final Path truststore;

    private TestCertificates(Path dir) {
        this.serverKeystore = dir.resolve("server.p12");
        this.truststore = dir.resolve("truststore.p12");
    }

    static synchronized TestCertificates get() {
        if (created == null) {
            created = create();
        }
        return created;
    }

    private static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("container-it-tls");
            TestCertificates c = new TestCertificates(dir);
            Path ca = dir.resolve("ca.p12");
            String pw = KEYSTORE_PASSWORD;
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-dname",
                    "CN=thumbstream container-it CA",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "2",
                    "-ext",
                    "bc:c",
                    "-keystore",
                    ca.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
            keytool(
                    dir,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    pw,
                    "-file",
                    "ca.pem");
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-dname",
                    "CN=thumbstream container-it server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "2",
                    "-keystore",
                    c.serverKeystore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
            keytool(
                    dir,
                    "-certreq",
                    "-alias",
                    "server",
                    "-keystore",
                    c.serverKeystore.toString(),
                    "-storepass",
                    pw,
                    "-file",
                    "server.csr");
            keytool(
                    dir,
                    "-gencert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    pw,
                    "-infile",
                    "server.csr",
                    "-outfile",
                    "server.pem",
                    "-validity",
                    "2",
                    "-ext",
                    "san=dns:kafka,dns:s3,dns:localhost,ip:127.0.0.1",
                    "-ext",
                    "eku=serverAuth");
            keytool(
                    dir,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    "ca.pem",
                    "-keystore",
                    c.serverKeystore.toString(),
                    "-storepass",
                    pw);
            keytool(
                    dir,
                    "-importcert",
                    "-alias",
                    "server",
                    "-file",
                    "server.pem",
                    "-keystore",
                    c.serverKeystore.toString(),
                    "-storepass",
                    pw);
            // No MAC and no certificate encryption: a truststore that opens without a password.
            keytool(
                    dir,
                    "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE",
                    "-J-Dkeystore.pkcs12.macAlgorithm=NONE",
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    "ca.pem",
                    "-keystore",
                    c.truststore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
