/**
 * The picocli commands of the production artifact: {@code run}, {@code backfill}, {@code watch},
 * {@code replay-dlq}. Each parses options, builds config and hands over; none holds pipeline logic.
 * Developer commands come from the dev artifact through {@link thumbstream.cli.DevCommandProvider}.
 */
package thumbstream.cli;
