# Shared by the bench scripts; sourced from the repository root.
BENCH_CP='bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'

# Builds the bench module (and pipeline-job, which it needs) once, when it has not been built yet.
ensure_bench_built() {
    if [[ ! -d bench/target/lib || ! -f bench/target/bench-0.1.0-SNAPSHOT.jar ]]; then
        echo "building bench (first run) ..." >&2
        mvn -q -B -pl bench -am package -DskipTests >&2
    fi
}
