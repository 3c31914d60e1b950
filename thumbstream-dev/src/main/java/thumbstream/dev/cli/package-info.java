/**
 * Developer commands ({@code demo}, {@code infra}): the embedded broker and S3 server behind one
 * command. Dev artifact only; registered through {@link thumbstream.cli.DevCommandProvider}.
 */
package thumbstream.dev.cli;
