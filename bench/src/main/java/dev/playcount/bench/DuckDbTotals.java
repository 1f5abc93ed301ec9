package dev.playcount.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The speed peer: the same totals computed by DuckDB (in-memory, via JDBC) in one COPY statement.
 */
public final class DuckDbTotals {

    private DuckDbTotals() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println(
                    "usage: DuckDbTotals IN.csv OUT.csv THREADS (env DUCKDB_MEMORY_LIMIT, e.g. 1GB;"
                            + " DUCKDB_TEMP_DIR, default /tmp/duckdb-bench)");
            System.exit(2);
        }
        Path in = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int threads = Integer.parseInt(args[2]);
        String memoryLimit = System.getenv("DUCKDB_MEMORY_LIMIT");
        String tempDir = System.getenv().getOrDefault("DUCKDB_TEMP_DIR", "/tmp/duckdb-bench");
        Files.createDirectories(Path.of(tempDir));

        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            if (memoryLimit != null && !memoryLimit.isBlank()) {
                s.execute("SET memory_limit = " + literal(memoryLimit));
            }
            // row order is not part of the contract, and keeping it costs DuckDB memory and speed
            s.execute("SET preserve_insertion_order = false");
            s.execute("SET temp_directory = " + literal(tempDir));
            long written = copy(s, in, out);
            System.out.printf(
                    "duckdb: %,d rows written to %s in %.2f s with %d threads%n",
                    written, out, (System.nanoTime() - started) / 1e9, threads);
        }
    }

    private static long copy(Statement s, Path in, Path out) throws SQLException {
        // explicit dialect and types, so DuckDB's sniffer cannot guess differently per file;
        // strict_mode off because files built from the sample mix CRLF and LF line endings
        String sql =
                "COPY (SELECT Song, Date, SUM(\"Number of Plays\") AS \"Total Number of Plays for"
                        + " Date\" FROM read_csv("
                        + literal(in.toString())
                        + ", header = true, delim = ',', quote = '\"', escape = '\"', auto_detect ="
                        + " false, strict_mode = false, columns = {'Song': 'VARCHAR', 'Date':"
                        + " 'DATE', 'Number of Plays': 'BIGINT'}) GROUP BY ALL) TO "
                        + literal(out.toString())
                        + " (HEADER, DELIMITER ',')";
        if (s.execute(sql)) {
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
        return s.getUpdateCount();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
