# Thin, documented wrapper over Maven. Everything the build needs comes from Maven Central.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := target/thumbstream.jar
DEV_JAR := target/thumbstream-dev.jar
# The image name and tag live in one place, k8s/kustomization.yaml (images: newName/newTag), so
# `make image` builds exactly what the manifests deploy. Override: make image IMAGE=registry/x:1.2
IMAGE ?= $(shell sed -n 's/^ *newName: *//p' k8s/kustomization.yaml | head -n1):$(shell sed -n 's/^ *newTag: *//p' k8s/kustomization.yaml | head -n1)

.PHONY: help build sizes format run test unit-test fuzz infra bench bench-share compose-up compose-down clean docker-engine image base-images

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

$(JAR) $(DEV_JAR) &: pom.xml $(wildcard thumbstream-*/pom.xml) $(shell find thumbstream-*/src/main -type f 2>/dev/null)
	@echo "make: building $(JAR) and $(DEV_JAR) (mvn package, tests skipped; warnings and errors only)"
	@# -q: Maven's per-plugin banners and the shade plugin's pages of "overlapping resources"
	@# warnings (licence files and module descriptors every jar carries) hide what matters.
	$(MVN) $(MVN_FLAGS) -q -DskipTests -DskipITs package
	@$(MAKE) --no-print-directory sizes

run: $(DEV_JAR) ## build, then run the demo: embedded broker + S3 server, sample images, thumbnails in demo-output/
	java -jar $(DEV_JAR) demo --out demo-output

# The container ITs need a Docker engine: without one they are skipped, loudly; on CI (CI=true) a
# missing engine fails here, before the build, instead of passing with less proven.
test: ## unit tests and integration tests (in-process broker + S3 server; *ContainerIT when a Docker engine answers)
	@if ! docker info >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then \
	    echo "make test: CI=true but no Docker engine answers; run 'make docker-engine' first" >&2; exit 1; \
	  fi; \
	  echo "*** make test: no Docker engine answers: the container ITs (*ContainerIT) will be SKIPPED ***" >&2; \
	  echo "*** ('make docker-engine' installs and starts one on Debian/Ubuntu as root)           ***" >&2; \
	fi
	$(MVN) $(MVN_FLAGS) verify
	@docker info >/dev/null 2>&1 || echo "*** make test: container ITs were SKIPPED (no Docker engine) ***" >&2

unit-test: ## unit tests only
	$(MVN) $(MVN_FLAGS) -DskipITs test

# Fuzz targets (@FuzzTest, Jazzer). `make test` replays their committed seed corpora
# (<module>/src/test/resources/thumbstream/**/<Class>Inputs/<method>/) as ordinary tests; `make fuzz` explores
# each one for FUZZ_SECONDS with JAZZER_FUZZ=1. A finding is written as crash-<sha1> into that
# seed directory, so it fails `make test` until it is fixed: commit it with the fix.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := thumbstream.event.EventDecoderFuzzTest thumbstream.imaging.JpegSegmentsFuzzTest \
  thumbstream.imaging.ImageProbeFuzzTest thumbstream.imaging.PngRowsFuzzTest

fuzz: ## explore every fuzz target for FUZZ_SECONDS each (Jazzer); findings become seed files
	$(MVN) $(MVN_FLAGS) -q -DskipTests -DskipITs test-compile
	@# Jazzer takes the run's length from the annotation only, so timeout ends the run (exit 124 is
	@# "time is up", not a failure); the JVM start and agent install take up to a minute more.
	@# Ending the JVM that way leaves the input it was running as a crash-* file: a real finding
	@# ends the run by itself (exit 1), so after exit 124 the run's new crash-* files are removed.
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  mkdir -p target && touch target/fuzz-started; \
	  JAZZER_FUZZ=1 timeout --kill-after=30 $$(( $(FUZZ_SECONDS) + 90 )) \
	    $(MVN) $(MVN_FLAGS) -q -Dspotless.check.skip=true -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
	    -Dtest=$$t test; rc=$$?; \
	  if [ $$rc -eq 124 ]; then find thumbstream-*/src/test/resources -name 'crash-*' -newer target/fuzz-started -delete; \
	  elif [ $$rc -ne 0 ]; then echo "fuzzing $$t found something (exit $$rc): see crash-* under thumbstream-*/src/test/resources"; exit $$rc; fi; \
	done

infra: $(DEV_JAR) ## start a local broker + S3 server for `java -jar target/thumbstream.jar run`
	java -jar $(DEV_JAR) infra

# The bench measures first the real-photo corpus (bench/photo-corpus.sh: 600 crops of ~1 MP + 24 photos of
# 2-8 MP cut from Debian's wallpaper packages, fetched with apt-get download; cached in BENCH_PHOTOS), then the
# generated corpora; each corpus once per event shape (bare, notification), each in a fresh service process:
# cold pass, second, third, then the steady state.
# BENCH_ARGS: extra `thumbstream bench` options, e.g. BENCH_ARGS=--quick (smaller generated corpora; the photo
# corpus stays whole), BENCH_ARGS="--no-generated --share-members 0" (photos only), or
# BENCH_ARGS="--service-jvm-args '-Xmx512m -XX:AOTCache=app.aot'".
# compare.sh then runs Pillow and vipsthumbnail on BENCH_PHOTOS and BENCH_CORPUS (default target/bench/corpus,
# the generated one; BENCH_CORPUS= with --no-generated, BENCH_CORPUS=DIR with --images DIR).
# BENCH_RENDITIONS: what every tool renders, so the scorecard compares like with like (compare.sh: SIZE).
BENCH_RENDITIONS ?= small:320x320:fit:jpg
BENCH_PHOTOS ?= target/bench/photo-corpus
BENCH_CORPUS ?= target/bench/corpus
# BENCH_SHARE_MEMBERS: the share-group figure's second configuration (the first is always one member);
# 0 leaves it out of `make bench`.
BENCH_SHARE_MEMBERS ?= 4
bench: $(DEV_JAR) ## photo + generated corpora: renderer, end to end (cold / second / steady, both event shapes), share group; Pillow and libvips side by side, one scorecard
	python3 -m unittest discover -s bench -p 'test_*.py'
	bench/photo-corpus.sh $(BENCH_PHOTOS)
	java -jar $(DEV_JAR) bench --photos $(BENCH_PHOTOS) --renditions $(BENCH_RENDITIONS) --share-members $(BENCH_SHARE_MEMBERS) $(BENCH_ARGS)
	bench/compare.sh $(BENCH_PHOTOS) $(BENCH_CORPUS)
	bench/scorecard.py | tee target/bench/scorecard.md

bench-share: $(DEV_JAR) ## only the share-group figure on a one-partition topic: uploads/s of 1 member vs BENCH_SHARE_MEMBERS, and each member's share
	java -jar $(DEV_JAR) bench --renditions $(BENCH_RENDITIONS) --share-group-only --share-members $(BENCH_SHARE_MEMBERS) $(BENCH_ARGS)

docker-engine: ## make sure a Docker engine answers: installs and starts Debian's docker.io where there is none (root)
	scripts/docker-engine.sh

base-images: ## build the Debian JRE 17 stand-in image (base of the test broker/S3 image, or a RUNTIME_IMAGE; mmdebstrap); skipped when its tag exists
	scripts/base-images.sh

image: $(JAR) ## build the service image (name:tag from k8s/kustomization.yaml) on a jlink-made Java 25 base (RUNTIME_IMAGE=<JRE image> for another) with its AOT cache from a training run (skipped while up to date); prints size and layers, fails over 150 MB without the cache or a cache over 90 MB
	scripts/image.sh $(IMAGE)

compose-up: ## docker-compose: Kafka, MinIO with notifications, 2 replicas, Prometheus (needs a Docker engine)
	docker compose up --build -d 2>/dev/null || docker-compose up --build -d

compose-down: ## stop and remove the compose stack and its volumes
	docker compose down -v 2>/dev/null || docker-compose down -v

format: ## apply the code format the build checks (Spotless, palantir-java-format)
	$(MVN) $(MVN_FLAGS) -q spotless:apply

clean: ## remove build output and demo output
	$(MVN) $(MVN_FLAGS) clean
	rm -rf demo-output
