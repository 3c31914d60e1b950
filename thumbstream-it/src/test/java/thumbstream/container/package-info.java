/**
 * Container tests ({@code *ContainerIT}): the service's own production image, 1–3 replicas, next to
 * a Kafka broker and an S3 server in containers, on a Docker network the tests create, driven through
 * Testcontainers. They prove what the in-process ITs cannot: the image contract (user, read-only root
 * filesystem, probes, SIGTERM, native codecs inside the image, TLS to the broker and S3 from inside
 * it) and faults at the container level ({@code docker kill}, {@code pause}, network disconnect,
 * broker restart).
 *
 * <p>Images are built from local material only, so the tests run where no registry can be reached:
 * the service image from the Dockerfile on its jlink-made runtime base ({@code scripts/image.sh},
 * {@code scripts/runtime-base.sh}: what {@code make image} ships), and one test-only infrastructure
 * image (the Debian-built JRE stand-in of {@code scripts/base-images.sh} + the dev jar, which
 * carries Kafka's and S3Proxy's Maven jars) that runs either the broker or the S3 server. Where no
 * Docker engine answers the tests are skipped with a loud message, except on CI ({@code CI=true}),
 * where that fails the build.
 */
package thumbstream.container;
