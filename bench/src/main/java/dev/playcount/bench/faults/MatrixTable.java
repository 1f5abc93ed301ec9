package dev.playcount.bench.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The matrix as a Markdown table: a row per fault and a total. */
final class MatrixTable {

    private static final int NOTE_CHARS = 300;

    private MatrixTable() {}

    static String render(Map<Fault, Tally> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | injections | tasks | ended right | lost | wrong | notes |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        Tally total = new Tally();
        for (Map.Entry<Fault, Tally> row : rows.entrySet()) {
            line(out, row.getKey().label(), row.getValue());
            if (row.getKey() != Fault.NONE) {
                total.addAll(row.getValue());
            }
        }
        line(out, "**total (faults)**", total);
        return out.toString();
    }

    private static void line(StringBuilder out, String label, Tally t) {
        out.append(
                String.format(
                        "| %s | %d | %d | %d | %d | %d | %s |%n",
                        label,
                        t.injections(),
                        t.tasks(),
                        t.count(Verdict.RIGHT),
                        t.count(Verdict.LOST),
                        t.count(Verdict.WRONG),
                        notes(t)));
    }

    private static String notes(Tally t) {
        List<String> parts = new ArrayList<>();
        if (!t.hit().isEmpty()) {
            parts.add(
                    "hit "
                            + t.hit().entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey())
                                    .collect(Collectors.joining(", ")));
        }
        if (t.count(Verdict.FAILED) > 0) {
            parts.add(t.count(Verdict.FAILED) + " FAILED");
        }
        if (t.cuts() > 0) {
            parts.add(t.cuts() + " upload(s) cut and retried");
        }
        if (t.count(Verdict.NOT_ACCEPTED) > 0) {
            parts.add(t.count(Verdict.NOT_ACCEPTED) + " upload(s) never accepted");
        }
        // the same note from several injections once, with its count
        Map<String, Long> counted =
                t.notes().stream()
                        .collect(
                                Collectors.groupingBy(
                                        n -> n, LinkedHashMap::new, Collectors.counting()));
        counted.forEach((n, c) -> parts.add(c > 1 ? n + " (x" + c + ")" : n));
        String text = String.join("; ", parts).replace('|', '/');
        return text.length() > NOTE_CHARS ? text.substring(0, NOTE_CHARS) + "..." : text;
    }
}
