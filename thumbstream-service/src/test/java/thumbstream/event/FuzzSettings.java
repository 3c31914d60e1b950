package thumbstream.event;

/** Shared settings of the fuzz tests; the Makefile's {@code make fuzz FUZZ_SECONDS=…} bounds a run from outside. */
final class FuzzSettings {

    /**
     * Upper bound of one fuzzing run ({@code JAZZER_FUZZ=1}); regression runs ignore it. Jazzer
     * reads it from the annotation only, so {@code make fuzz} stops a run earlier with FUZZ_SECONDS.
     */
    static final String MAX_DURATION = "30m";

    private FuzzSettings() {}
}
