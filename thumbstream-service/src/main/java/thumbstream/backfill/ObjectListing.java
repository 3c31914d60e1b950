package thumbstream.backfill;

/** Lists the objects of a bucket under a prefix, in key order. */
interface ObjectListing {

    /**
     * The objects under {@code prefix}, fetched lazily one page at a time as the iteration goes on:
     * a listing of millions of keys never holds more than a page in memory.
     *
     * @throws ListingException from the iteration when a page cannot be fetched
     */
    Iterable<ListedObject> list(String bucket, String prefix);

    /** A page of the listing could not be fetched. */
    final class ListingException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public ListingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
