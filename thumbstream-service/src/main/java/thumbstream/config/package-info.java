/**
 * Turns the process environment into one typed, validated {@link thumbstream.config.ThumbstreamConfig}
 * at start-up. Every {@code THUMBSTREAM_*} variable is listed once in {@link thumbstream.config.EnvVariable}
 * and read here and nowhere else; a bad value stops the service with one message that names the
 * variable and what it expects. {@code config.with(b -> b.httpPort = 0)} makes a changed copy for the
 * demo and the tests.
 */
package thumbstream.config;
