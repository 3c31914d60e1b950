package thumbstream.config;

/**
 * Where the object store is and how to sign requests to it.
 *
 * @param endpoint   e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com}
 * @param region     signing region; S3-compatible servers mostly accept {@code us-east-1}
 * @param pathStyle  true for {@code endpoint/bucket/key} URLs (MinIO, most self-hosted stores)
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, boolean pathStyle) {

    /** Never prints the secret key: this string ends up in logs. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=****, region=" + region
                + ", pathStyle=" + pathStyle + "]";
    }
}
