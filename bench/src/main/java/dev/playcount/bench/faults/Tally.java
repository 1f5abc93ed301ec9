package dev.playcount.bench.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one fault's row: injections, and how its tasks ended. */
final class Tally {

    private int injections;
    private int cuts;
    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> hit = new TreeMap<>();

    void add(Cycle.Outcome outcome) {
        injections++;
        cuts += outcome.cuts();
        outcome.verdicts().forEach(v -> verdicts.merge(v, 1, Integer::sum));
        notes.addAll(outcome.notes());
        outcome.hit().forEach((state, n) -> hit.merge(state, n, Integer::sum));
    }

    void addAll(Tally other) {
        injections += other.injections;
        cuts += other.cuts;
        other.verdicts.forEach((v, n) -> verdicts.merge(v, n, Integer::sum));
        other.hit.forEach((state, n) -> hit.merge(state, n, Integer::sum));
    }

    int injections() {
        return injections;
    }

    int count(Verdict v) {
        return verdicts.getOrDefault(v, 0);
    }

    /** Tasks uploaded, accepted or not. */
    int tasks() {
        return verdicts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int cuts() {
        return cuts;
    }

    /** How many tasks were in each state (uploading, QUEUED, IN_PROGRESS, ended) when hit. */
    Map<String, Integer> hit() {
        return hit;
    }

    List<String> notes() {
        return notes;
    }
}
