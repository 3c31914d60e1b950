package thumbstream.backfill;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.Iterator;
import thumbstream.config.S3Settings;
import thumbstream.storage.MinioClients;

/**
 * {@link ObjectListing} for any S3-compatible endpoint, through the MinIO SDK: its
 * {@code listObjects} iterable requests the next page (ListObjectsV2, 1,000 keys) only when the
 * previous one is used up.
 */
final class S3ObjectListing implements ObjectListing {

    private static final int PAGE_SIZE = 1000;

    private final MinioClient client;

    public S3ObjectListing(S3Settings settings) {
        this.client = MinioClients.create(settings);
    }

    @Override
    public Iterable<ListedObject> list(String bucket, String prefix) {
        Iterable<Result<Item>> pages = client.listObjects(ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .recursive(true)
                .maxKeys(PAGE_SIZE)
                .build());
        return () -> new Iterator<>() {
            private final Iterator<Result<Item>> it = pages.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public ListedObject next() {
                try {
                    Item item = it.next().get();
                    return new ListedObject(item.objectName(), item.etag(), item.size());
                } catch (Exception e) {
                    throw new ListingException(
                            "listing s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
                }
            }
        };
    }
}
