package de.pilotregistry.query.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SmallCountsTest {

    @Test
    void givenOneSmallCellInARow_whenSuppressed_thenASecondCellOfTheRowGoesToo() {
        SmallCounts counts = new SmallCounts().cell("a", 2).cell("b", 40).cell("c", 7).cell("total", 49)
                .line(List.of("a", "b", "c"), "total");
        Set<String> suppressed = counts.suppressed();
        assertThat(suppressed).containsExactlyInAnyOrder("a", "c"); // the smallest other part, not the total
        assertThat(derivable(counts, suppressed)).isEmpty();
    }

    @Test
    void givenOnlyPrimarySuppression_thenTheCellFollowsFromTheTotal() {
        SmallCounts counts = new SmallCounts().cell("a", 2).cell("b", 40).cell("total", 42)
                .line(List.of("a", "b"), "total");
        assertThat(derivable(counts, Set.of("a"))).as("the check itself finds a recoverable cell")
                .containsExactly("a");
    }

    @Test
    void givenLinkedTablesOfRandomCounts_whenSuppressed_thenNoSmallCountIsShownAndNoSuppressedCellCanBeDerived() {
        Random random = new Random(20111);
        for (int round = 0; round < 300; round++) {
            int strata = 2 + random.nextInt(10);
            SmallCounts counts = new SmallCounts();
            long[] columnTotals = new long[2];
            for (int s = 0; s < strata; s++) {
                for (int g = 0; g < 2; g++) {
                    long count = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(12);
                    counts.cell("s" + s + "g" + g, count);
                    columnTotals[g] += count;
                }
            }
            for (int g = 0; g < 2; g++) {
                counts.cell("g" + g, columnTotals[g]);
                List<String> parts = new ArrayList<>();
                for (int s = 0; s < strata; s++) {
                    parts.add("s" + s + "g" + g);
                }
                counts.line(parts, "g" + g);
            }
            counts.cell("total", columnTotals[0] + columnTotals[1]).line(List.of("g0", "g1"), "total");

            Set<String> suppressed = counts.suppressed();
            for (int s = 0; s < strata; s++) {
                for (int g = 0; g < 2; g++) {
                    long value = counts.value("s" + s + "g" + g);
                    if (value == 1 || value == 2) {
                        assertThat(suppressed).contains("s" + s + "g" + g);
                    }
                }
            }
            assertThat(derivable(counts, suppressed)).as("round " + round).isEmpty();
        }
    }

    /**
     * The suppressed cells that follow from the published ones: unknown x_i is determined when the unit vector e_i
     * lies in the row space of the lines' equations over the unknowns (rank does not grow when it is added).
     */
    static List<String> derivable(SmallCounts counts, Set<String> suppressed) {
        List<String> unknowns = new ArrayList<>(suppressed);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < unknowns.size(); i++) {
            column.put(unknowns.get(i), i);
        }
        List<double[]> rows = new ArrayList<>();
        for (SmallCounts.Line line : counts.lines()) {
            double[] row = new double[unknowns.size()];
            for (String part : line.parts()) {
                if (column.containsKey(part)) {
                    row[column.get(part)] += 1;
                }
            }
            if (column.containsKey(line.total())) {
                row[column.get(line.total())] -= 1;
            }
            rows.add(row);
        }
        int rank = rank(rows, unknowns.size());
        List<String> found = new ArrayList<>();
        for (int i = 0; i < unknowns.size(); i++) {
            List<double[]> with = new ArrayList<>(rows);
            double[] unit = new double[unknowns.size()];
            unit[i] = 1;
            with.add(unit);
            if (rank(with, unknowns.size()) == rank) {
                found.add(unknowns.get(i));
            }
        }
        return found;
    }

    private static int rank(List<double[]> source, int columns) {
        double[][] m = source.stream().map(double[]::clone).toArray(double[][]::new);
        int rank = 0;
        for (int c = 0; c < columns && rank < m.length; c++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (Math.abs(m[r][c]) > 1e-9 && (pivot < 0 || Math.abs(m[r][c]) > Math.abs(m[pivot][c]))) {
                    pivot = r;
                }
            }
            if (pivot < 0) {
                continue;
            }
            double[] swap = m[rank];
            m[rank] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < m.length; r++) {
                if (r != rank && Math.abs(m[r][c]) > 1e-9) {
                    double factor = m[r][c] / m[rank][c];
                    for (int k = c; k < columns; k++) {
                        m[r][k] -= factor * m[rank][k];
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
