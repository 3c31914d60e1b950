/**
 * Development infrastructure shipped in the product, like {@code vault server -dev}: a real KRaft
 * Kafka broker and a real S3-compatible server in this JVM, both bound to 127.0.0.1, plus sample
 * images. Used by {@code thumbstream infra}, {@code thumbstream demo}, the benchmarks and the
 * integration tests; never by {@code thumbstream run}.
 */
package thumbstream.dev;
