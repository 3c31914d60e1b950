/**
 * What the service may touch, decided before it touches anything: the bucket allow-list
 * ({@code THUMBSTREAM_BUCKETS}) and the checks an object key must pass before it is used in a
 * request or turned into a thumbnail key. Producers to {@code uploads} are not trusted (DESIGN.md
 * §7): every rule here is about what a record may make the service do.
 */
package thumbstream.security;
