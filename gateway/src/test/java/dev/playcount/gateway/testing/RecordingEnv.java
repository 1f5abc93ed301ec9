package dev.playcount.gateway.testing;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * An empty environment that notes every variable asked of it: handed to a configuration's {@code
 * fromEnv}, it lists the settings the process reads, from the code itself.
 */
public final class RecordingEnv extends AbstractMap<String, String> {

    private final Set<String> asked = Collections.synchronizedSet(new TreeSet<>());

    @Override
    public String get(Object key) {
        asked.add((String) key);
        return null;
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
        asked.add((String) key);
        return fallback;
    }

    @Override
    public boolean containsKey(Object key) {
        asked.add((String) key);
        return false;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Set.of();
    }

    /** The variables asked for so far, sorted. */
    public Set<String> asked() {
        return new TreeSet<>(asked);
    }
}
