# One image per module: docker build --build-arg MODULE=ledger-service -t stock-sync/ledger-service .
# MODULE is one of ingest-service, ledger-service, propagator-service, console, fake-shop.
#
# The build stage does not use MODULE, so docker compose builds the project once and every image reuses that layer.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common/ common/
COPY woo-client/ woo-client/
COPY service-support/ service-support/
COPY ingest-service/ ingest-service/
COPY ledger-service/ ledger-service/
COPY propagator-service/ propagator-service/
COPY console/ console/
COPY fake-shop/ fake-shop/
COPY local-stack/pom.xml local-stack/pom.xml
COPY test-support/ test-support/
COPY system-tests/pom.xml system-tests/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
	./mvnw -B -q -Dmaven.test.skip=true -pl ingest-service,ledger-service,propagator-service,console,fake-shop -am install \
	&& ./mvnw -B -q -pl fake-shop dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/fake-shop/lib \
	&& cp fake-shop/target/fake-shop-*.jar /out/fake-shop/app.jar \
	&& for m in ingest-service ledger-service propagator-service console; do \
		mkdir -p /out/$m/lib && cp $m/target/$m-*-exec.jar /out/$m/app.jar; \
	done
# A module's own JVM options (config/<module>.jvm.options, the ledger's), or an empty file.
COPY config/ config/
RUN for m in ingest-service ledger-service propagator-service console fake-shop; do \
		if [ -f config/$m.jvm.options ]; then cp config/$m.jvm.options /out/$m/service.jvm.options; \
		else printf '# no JVM options of its own\n' > /out/$m/service.jvm.options; fi; \
	done

FROM eclipse-temurin:17-jre
ARG MODULE
# Boot's launcher for the services; fake-shop sets MAIN_CLASS=io.stocksync.fakeshop.FakeShopMain.
# JVM options: config/jvm.options, the same file run-local.sh and the bench use (docs/jvm-options.md), then the
# module's own (service.jvm.options, from config/<module>.jvm.options); JAVA_OPTS adds to them.
# MALLOC_ARENA_MAX=2: glibc keeps up to 8 x cores malloc arenas otherwise (RSS, not speed).
ENV MAIN_CLASS=org.springframework.boot.loader.launch.JarLauncher \
	JAVA_OPTS="" \
	MALLOC_ARENA_MAX=2
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /app stocksync \
	&& mkdir -p /var/lib/stock-sync && chown stocksync /var/lib/stock-sync
WORKDIR /app
COPY --from=build /out/${MODULE}/ /app/
COPY config/jvm.options /app/jvm.options
USER stocksync
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options @/app/service.jvm.options $JAVA_OPTS -cp '/app/app.jar:/app/lib/*' \"$MAIN_CLASS\" \"$@\"", "--"]
