/**
 * Test and development infrastructure, in a module of its own so the production jar cannot reach
 * it: a real KRaft Kafka broker and a real S3-compatible server in this JVM, both bound to
 * 127.0.0.1, topic creation, an upload publisher and a results reader. Used by the integration
 * tests (thumbstream-it) and the dev jar's {@code infra}, {@code demo} and {@code bench}; never by
 * {@code thumbstream run}.
 */
package thumbstream.testkit;
