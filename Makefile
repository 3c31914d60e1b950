# Thin, documented wrapper over Maven. Everything the build needs comes from Maven Central.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := target/thumbstream.jar

.PHONY: help build run test unit-test infra bench compose-up compose-down clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## compile, run unit tests, build the runnable jar target/thumbstream.jar
	$(MVN) $(MVN_FLAGS) -DskipITs package

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -DskipTests -DskipITs package

run: $(JAR) ## build, then run the demo: embedded broker + S3 server, sample images, thumbnails in demo-output/
	java -jar $(JAR) demo --out demo-output

test: ## unit tests and integration tests (real in-process Kafka broker and S3 server)
	$(MVN) $(MVN_FLAGS) verify

unit-test: ## unit tests only
	$(MVN) $(MVN_FLAGS) -DskipITs test

infra: $(JAR) ## start a local broker + S3 server for `java -jar target/thumbstream.jar run`
	java -jar $(JAR) infra

# BENCH_ARGS: extra `thumbstream bench` options, e.g. BENCH_ARGS=--quick or BENCH_ARGS="--images ~/photos".
# compare.sh then runs Pillow and vipsthumbnail on BENCH_CORPUS (default target/bench/corpus, the generated one;
# set BENCH_CORPUS=DIR too when BENCH_ARGS has --images DIR).
bench: $(JAR) ## renderer + end-to-end benchmark (target/bench/results.json), then side by side with Pillow and libvips
	java -jar $(JAR) bench $(BENCH_ARGS)
	bench/compare.sh $(BENCH_CORPUS)

compose-up: ## docker-compose: Kafka, MinIO with notifications, 2 replicas, Prometheus (needs a Docker engine)
	docker compose up --build -d 2>/dev/null || docker-compose up --build -d

compose-down: ## stop and remove the compose stack and its volumes
	docker compose down -v 2>/dev/null || docker-compose down -v

clean: ## remove build output and demo output
	$(MVN) $(MVN_FLAGS) clean
	rm -rf demo-output
