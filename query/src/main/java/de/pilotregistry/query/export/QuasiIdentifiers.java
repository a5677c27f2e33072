package de.pilotregistry.query.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * k-anonymity of person-level rows by local suppression: the quasi-identifiers a person could be recognised by are
 * columns, in the order they give way (the claim bands first, then applicant type, age class, sex). A row whose
 * combination of values is shared by fewer than k rows loses its next column (the value becomes empty, which counts
 * as a value of its own), until every combination is shared by at least k rows. Rows whose every column is empty and
 * that are still fewer than k are joined by rows of another group, emptied too: as many as needed from a group that
 * keeps at least k, else the smallest group whole.
 */
final class QuasiIdentifiers {

    private final int k;
    private final List<String[]> rows;

    /** Each row's values in the order the columns give way; empty (null) values are kept as they are. */
    QuasiIdentifiers(int k, List<String[]> rows) {
        this.k = k;
        this.rows = rows;
    }

    /** Suppresses in place; answers the smallest group size afterwards (0 without rows). */
    int anonymize() {
        if (rows.isEmpty()) {
            return 0;
        }
        int columns = rows.get(0).length;
        for (int column = 0; column < columns; column++) {
            Map<List<String>, Integer> groups = groups();
            for (String[] row : rows) {
                if (groups.get(Arrays.asList(row)) < k) {
                    // a column gives way together with every column before it
                    Arrays.fill(row, 0, column + 1, null);
                }
            }
        }
        Map<List<String>, Integer> groups = groups();
        List<String> allEmpty = Arrays.asList(new String[columns]);
        int emptied = groups.getOrDefault(allEmpty, 0);
        if (emptied > 0 && emptied < k) {
            // rows of one other group join them: a few of a group that stays at least k, else a whole group
            int needed = k - emptied;
            groups.remove(allEmpty);
            Optional<List<String>> spare = groups.entrySet().stream().filter(e -> e.getValue() >= k + needed)
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            Optional<List<String>> whole = groups.entrySet().stream().min(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey);
            List<String> donor = spare.or(() -> whole).orElse(null);
            int take = spare.isPresent() ? needed : Integer.MAX_VALUE;
            for (String[] row : rows) {
                if (take > 0 && Arrays.asList(row).equals(donor)) {
                    Arrays.fill(row, null);
                    take--;
                }
            }
        }
        return smallestGroup();
    }

    int smallestGroup() {
        return groups().values().stream().min(Comparator.naturalOrder()).orElse(0);
    }

    private Map<List<String>, Integer> groups() {
        Map<List<String>, Integer> groups = new HashMap<>();
        for (String[] row : rows) {
            groups.merge(new ArrayList<>(Arrays.asList(row)), 1, Integer::sum);
        }
        return groups;
    }
}
