package de.pilotregistry.query.support;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts published in tables, with cells of 1 or 2 suppressed (primary) and as many more as it takes (secondary) so
 * that no suppressed cell follows from a total and the other cells that add up to it: every <em>line</em> (a total
 * and its parts, within one file or across the files of one export) holds either no suppressed cell or at least two.
 * Secondary cells are taken smallest first, parts before totals, non-zero before zero. Zeros are never suppressed
 * primarily. A cell that is not published but follows from a line (such as "members without the outcome" = members −
 * members with it) is a cell too, so that a small complement is protected like a small count.
 * <p>
 * The one rule for every table evaluators see: the export's files and the API's outcome, balance, series, report and
 * draw answers (docs/outcome-definitions.md, "Small counts"). Only ADMIN and DATA_STEWARD, who see the persons themselves,
 * get exact counts in the API ({@link #exactFor}).
 */
public final class SmallCounts {

    public static final int SMALLEST_SHOWN = 3;

    /** The roles that see persons' data anyway, so suppressing counts would protect nobody from them. */
    private static final Set<String> EXACT = Set.of("ROLE_ADMIN", "ROLE_DATA_STEWARD");

    /** A line: {@code total} is the sum of {@code parts}. */
    public record Line(List<String> parts, String total) {
    }

    private final Map<String, Long> cells = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final Set<String> totals = new HashSet<>();

    public SmallCounts cell(String name, long count) {
        cells.put(name, count);
        return this;
    }

    public SmallCounts line(List<String> parts, String total) {
        long sum = 0;
        for (String part : parts) {
            sum += value(part);
        }
        if (sum != value(total)) {
            throw new IllegalArgumentException("the parts of " + total + " add up to " + sum + ", not " + value(total));
        }
        lines.add(new Line(List.copyOf(parts), total));
        totals.add(total);
        return this;
    }

    /** Whether {@code user} sees counts as they are (ADMIN, DATA_STEWARD) rather than suppressed. */
    public static boolean exactFor(Authentication user) {
        return user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(EXACT::contains);
    }

    /** The cells to leave empty for a reader who sees exact counts ({@code exact}) or not. */
    public Set<String> suppressed(boolean exact) {
        return exact ? Set.of() : suppressed();
    }

    /** The names of the cells to leave empty. */
    public Set<String> suppressed() {
        Set<String> suppressed = new HashSet<>();
        cells.forEach((name, count) -> {
            if (count > 0 && count < SMALLEST_SHOWN) {
                suppressed.add(name);
            }
        });
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Line line : lines) {
                List<String> all = new ArrayList<>(line.parts());
                all.add(line.total());
                if (all.stream().filter(suppressed::contains).count() == 1) {
                    Optional<String> next = all.stream().filter(name -> !suppressed.contains(name))
                            .min(Comparator.<String, Boolean>comparing(totals::contains)
                                    .thenComparing(name -> value(name) == 0)
                                    .thenComparing(this::value));
                    if (next.isPresent()) {
                        suppressed.add(next.get());
                        changed = true;
                    }
                }
            }
        }
        return suppressed;
    }

    public long value(String name) {
        Long count = cells.get(name);
        if (count == null) {
            throw new IllegalArgumentException("no cell " + name);
        }
        return count;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }
}
