package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.Signer;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The store's signer gives the very Authorization header the SDK's signer gives. */
class SigV4Test {

    private static final String ACCESS = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private final SigV4 signer = new SigV4("eu-west-1");

    @Test
    void signsAPutWithMetadataAsTheSdkDoes() throws Exception {
        Request put = new Request.Builder()
                .url("http://127.0.0.1:9000/media/thumbnails/small/originals/shoe%201%2B%C3%A9.jpg")
                .header("Host", "127.0.0.1:9000")
                .header("Accept-Encoding", "identity")
                .header("User-Agent", "MinIO (Linux; amd64) minio-java/8.6.0")
                .header("Content-Type", "image/jpeg")
                .header("x-amz-meta-thumbstream-spec", "small:320x320:fit:jpg")
                .header("x-amz-meta-note", "two  spaces   and more ")
                .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
                .header("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .header("x-amz-date", "20261203T171500Z")
                .put(RequestBody.create(new byte[0], MediaType.parse("image/jpeg")))
                .build();

        assertThat(authorization(signer.sign(put, ACCESS, SECRET)))
                .isEqualTo(authorization(sdk(put)))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/eu-west-1/s3/aws4_request, ");
    }

    @Test
    void signsGetsOfTwoDaysEachWithItsDaysKey() throws Exception {
        for (String date : new String[] {"20261203T235959Z", "20261204T000001Z", "20261203T120000Z"}) {
            Request get = new Request.Builder()
                    .url("http://127.0.0.1:9000/media/originals/a.jpg")
                    .header("Host", "127.0.0.1:9000")
                    .header("Range", "bytes=0-65535")
                    .header("If-Match", "\"abc\"")
                    .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                    .header("x-amz-date", date)
                    .build();

            assertThat(authorization(signer.sign(get, ACCESS, SECRET))).isEqualTo(authorization(sdk(get)));
        }
    }

    @Test
    void aRequestWithAQueryIsSignedByTheSdksSigner() throws Exception {
        Request list = new Request.Builder()
                .url("http://127.0.0.1:9000/media?list-type=2&prefix=a")
                .header("Host", "127.0.0.1:9000")
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-date", "20261203T171500Z")
                .build();

        assertThat(authorization(signer.sign(list, ACCESS, SECRET))).isEqualTo(authorization(sdk(list)));
    }

    private static Request sdk(Request request) throws Exception {
        return Signer.signV4S3(request, "eu-west-1", ACCESS, SECRET, request.header("x-amz-content-sha256"));
    }

    private static String authorization(Request signed) {
        return signed.header("Authorization");
    }
}
