/**
 * The management HTTP server: {@code /healthz} (liveness), {@code /readyz} (readiness) and
 * {@code /metrics} (Prometheus text format).
 */
package thumbstream.http;
