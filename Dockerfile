# The gateway and launcher image (one jar, two roles) with the pipeline job's jar beside it.
# Build stage: the repository's own Maven build; run stage: a JRE only.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so source edits do not download them again
COPY pom.xml ./
COPY pipeline-job/pom.xml pipeline-job/
COPY gateway/pom.xml gateway/
COPY bench/pom.xml bench/
RUN mvn -B -q -pl pipeline-job dependency:go-offline || true
COPY . .
RUN mvn -B -q -pl pipeline-job,gateway -am package -DskipTests -Dspotless.check.skip

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app playcount \
    && mkdir -p /data && chown playcount /data
WORKDIR /app
COPY --from=build /src/gateway/target/gateway.jar /app/gateway.jar
COPY --from=build /src/pipeline-job/target/pipeline-job-cluster.jar /app/pipeline-job-cluster.jar
USER playcount
ENV STORAGE_DIR=/data \
    PIPELINE_JAR=/app/pipeline-job-cluster.jar
EXPOSE 5002
ENTRYPOINT ["java", "-jar", "/app/gateway.jar"]
