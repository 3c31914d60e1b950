/**
 * The management HTTP server: {@code /healthz} (liveness), {@code /readyz} (readiness) and
 * {@code /metrics} (Prometheus text format); the service adds {@code /jobs} and the HTML status page
 * at {@code /} (both in {@code thumbstream.progress}) with {@link thumbstream.http.ManagementServer#route}.
 */
package thumbstream.http;
