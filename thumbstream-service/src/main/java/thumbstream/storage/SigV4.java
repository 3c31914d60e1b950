package thumbstream.storage;

import io.minio.Signer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * AWS Signature Version 4 for the store's own requests, the same signature as the SDK's {@link
 * Signer#signV4S3} (same canonical request: every header but Accept-Encoding, Authorization and
 * User-Agent; runs of spaces in values made one) at a fraction of its cost. The SDK derives the
 * signing key with four HMACs, looks up a new {@code Mac} for each of its five HMACs, compiles a
 * regular expression for each header value and parses the date back from its header, on every
 * request; here the key is derived once a day and the {@code Mac} and digest are kept per thread.
 * A request with a query string (none of the store's) is signed by the SDK's signer. {@code
 * SigV4Test} holds the two to the same Authorization header. Thread-safe.
 */
final class SigV4 {

    private static final Set<String> UNSIGNED = Set.of("accept-encoding", "authorization", "user-agent");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JVM", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    });

    /** The signing key of one day, region and secret: it changes once a day. */
    private record DayKey(String day, String secretKey, byte[] key) {}

    private final String region;
    private volatile DayKey dayKey;

    SigV4(String region) {
        this.region = region;
    }

    /** {@code request} with its Authorization header; it must carry x-amz-date and x-amz-content-sha256. */
    Request sign(Request request, String accessKey, String secretKey) throws GeneralSecurityException {
        String contentSha256 = request.header("x-amz-content-sha256");
        if (request.url().encodedQuery() != null) {
            return Signer.signV4S3(request, region, accessKey, secretKey, contentSha256);
        }
        String amzDate = request.header("x-amz-date"); // yyyyMMdd'T'HHmmss'Z'
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/s3/aws4_request";

        Map<String, String> canonical = new TreeMap<>();
        Headers headers = request.headers();
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.US);
            if (!UNSIGNED.contains(lower)) {
                StringBuilder values = new StringBuilder();
                for (String value : headers.values(name)) {
                    values.append(values.isEmpty() ? "" : ",")
                            .append((value.contains("  ")
                                            ? SPACES.matcher(value).replaceAll(" ")
                                            : value)
                                    .trim());
                }
                canonical.put(lower, values.toString());
            }
        }
        String signedHeaders = String.join(";", canonical.keySet());
        StringBuilder canonicalRequest = new StringBuilder(512)
                .append(request.method())
                .append('\n')
                .append(request.url().encodedPath())
                .append("\n\n");
        canonical.forEach((name, value) ->
                canonicalRequest.append(name).append(':').append(value).append('\n'));
        canonicalRequest.append('\n').append(signedHeaders).append('\n').append(contentSha256);

        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(SHA256.get().digest(canonicalRequest.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(signingKey(day, secretKey), stringToSign));
        return request.newBuilder()
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                                + ", Signature=" + signature)
                .build();
    }

    private byte[] signingKey(String day, String secretKey) throws GeneralSecurityException {
        DayKey current = dayKey;
        if (current == null
                || !current.day().equals(day)
                || !current.secretKey().equals(secretKey)) {
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
            key = hmac(key, region);
            key = hmac(key, "s3");
            key = hmac(key, "aws4_request");
            current = new DayKey(day, secretKey, key);
            dayKey = current;
        }
        return current.key();
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = MAC.get();
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
