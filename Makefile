# Thin, documented wrapper over Maven. Everything the build needs comes from Maven Central.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := target/thumbstream.jar
DEV_JAR := target/thumbstream-dev.jar

.PHONY: help build sizes format run test unit-test infra bench compose-up compose-down clean

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

infra: $(DEV_JAR) ## start a local broker + S3 server for `java -jar target/thumbstream.jar run`
	java -jar $(DEV_JAR) infra

# BENCH_ARGS: extra `thumbstream bench` options, e.g. BENCH_ARGS=--quick or BENCH_ARGS="--images ~/photos".
# compare.sh then runs Pillow and vipsthumbnail on BENCH_CORPUS (default target/bench/corpus, the generated one;
# set BENCH_CORPUS=DIR too when BENCH_ARGS has --images DIR).
# BENCH_RENDITIONS: what every tool renders, so the scorecard compares like with like (compare.sh: SIZE).
BENCH_RENDITIONS ?= small:320x320:fit:jpg
bench: $(DEV_JAR) ## renderer + end-to-end benchmark (target/bench/results.json), Pillow and libvips side by side, one scorecard
	java -jar $(DEV_JAR) bench --renditions $(BENCH_RENDITIONS) $(BENCH_ARGS)
	bench/compare.sh $(BENCH_CORPUS)
	bench/scorecard.py | tee target/bench/scorecard.md

compose-up: ## docker-compose: Kafka, MinIO with notifications, 2 replicas, Prometheus (needs a Docker engine)
	docker compose up --build -d 2>/dev/null || docker-compose up --build -d

compose-down: ## stop and remove the compose stack and its volumes
	docker compose down -v 2>/dev/null || docker-compose down -v

format: ## apply the code format the build checks (Spotless, palantir-java-format)
	$(MVN) $(MVN_FLAGS) -q spotless:apply

clean: ## remove build output and demo output
	$(MVN) $(MVN_FLAGS) clean
	rm -rf demo-output
