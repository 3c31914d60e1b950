# Thin, documented wrapper over Maven. Everything the build needs comes from Maven Central.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := target/thumbstream.jar
DEV_JAR := target/thumbstream-dev.jar

.PHONY: help build sizes format run test unit-test fuzz infra bench compose-up compose-down clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## compile, run unit tests, build both jars: production target/thumbstream.jar, dev target/thumbstream-dev.jar
	$(MVN) $(MVN_FLAGS) -DskipITs package
	@$(MAKE) --no-print-directory sizes

sizes: ## print the sizes of the two jars
	@for j in $(JAR) $(DEV_JAR); do \
	  printf '%-28s %6.1f MiB  %s\n' $$j $$(stat -c %s $$j | awk '{print $$1/1048576}') \
	    "$$(case $$j in *-dev.jar) echo 'dev: + demo, infra, bench (embedded broker and S3 server)';; *) echo 'production: run, backfill, watch, replay-dlq';; esac)"; \
	done

$(JAR) $(DEV_JAR) &: pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -DskipTests -DskipITs package

run: $(DEV_JAR) ## build, then run the demo: embedded broker + S3 server, sample images, thumbnails in demo-output/
	java -jar $(DEV_JAR) demo --out demo-output

test: ## unit tests and integration tests (real in-process Kafka broker and S3 server)
	$(MVN) $(MVN_FLAGS) verify

unit-test: ## unit tests only
	$(MVN) $(MVN_FLAGS) -DskipITs test

# Fuzz targets (@FuzzTest, Jazzer). `make test` replays their committed seed corpora
# (src/test/resources/thumbstream/**/<Class>Inputs/<method>/) as ordinary tests; `make fuzz` explores
# each one for FUZZ_SECONDS with JAZZER_FUZZ=1. A finding is written as crash-<sha1> into that
# seed directory, so it fails `make test` until it is fixed: commit it with the fix.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := thumbstream.event.EventDecoderFuzzTest thumbstream.imaging.JpegSegmentsFuzzTest \
  thumbstream.imaging.ImageProbeFuzzTest

fuzz: ## explore every fuzz target for FUZZ_SECONDS each (Jazzer); findings become seed files
	$(MVN) $(MVN_FLAGS) -q -DskipTests -DskipITs test-compile
	@# Jazzer takes the run's length from the annotation only, so timeout ends the run (exit 124 is
	@# "time is up", not a failure); the JVM start and agent install take up to a minute more.
	@# Ending the JVM that way leaves the input it was running as a crash-* file: a real finding
	@# ends the run by itself (exit 1), so after exit 124 the run's new crash-* files are removed.
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  touch target/fuzz-started; \
	  JAZZER_FUZZ=1 timeout --kill-after=30 $$(( $(FUZZ_SECONDS) + 90 )) \
	    $(MVN) $(MVN_FLAGS) -q -Dspotless.check.skip=true -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
	    -Dtest=$$t test; rc=$$?; \
	  if [ $$rc -eq 124 ]; then find src/test/resources -name 'crash-*' -newer target/fuzz-started -delete; \
	  elif [ $$rc -ne 0 ]; then echo "fuzzing $$t found something (exit $$rc): see crash-* under src/test/resources"; exit $$rc; fi; \
	done

infra: $(DEV_JAR) ## start a local broker + S3 server for `java -jar target/thumbstream.jar run`
	java -jar $(DEV_JAR) infra

# BENCH_ARGS: extra `thumbstream bench` options, e.g. BENCH_ARGS=--quick or BENCH_ARGS="--images ~/photos".
# compare.sh then runs Pillow and vipsthumbnail on BENCH_CORPUS (default target/bench/corpus, the generated one;
# set BENCH_CORPUS=DIR too when BENCH_ARGS has --images DIR).
bench: $(DEV_JAR) ## renderer + end-to-end benchmark (target/bench/results.json), then side by side with Pillow and libvips
	java -jar $(DEV_JAR) bench $(BENCH_ARGS)
	bench/compare.sh $(BENCH_CORPUS)

compose-up: ## docker-compose: Kafka, MinIO with notifications, 2 replicas, Prometheus (needs a Docker engine)
	docker compose up --build -d 2>/dev/null || docker-compose up --build -d

compose-down: ## stop and remove the compose stack and its volumes
	docker compose down -v 2>/dev/null || docker-compose down -v

format: ## apply the code format the build checks (Spotless, palantir-java-format)
	$(MVN) $(MVN_FLAGS) -q spotless:apply

clean: ## remove build output and demo output
	$(MVN) $(MVN_FLAGS) clean
	rm -rf demo-output
