/**
 * Turns the process environment into one typed, validated {@link thumbstream.config.ThumbstreamConfig}
 * at start-up. Every {@code THUMBSTREAM_*} variable is read here and nowhere else; a bad value stops
 * the service with one message that names the variable and what it expects.
 */
package thumbstream.config;
