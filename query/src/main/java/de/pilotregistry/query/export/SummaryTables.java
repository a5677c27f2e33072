package de.pilotregistry.query.export;

import de.pilotregistry.platform.SpreadsheetSafe;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.shared.codes.Group;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The export's tables: {@code summary.csv} (each group and the total: persons, entitled, exited, employed on validAt)
 * and {@code strata.csv} (each stratum of the draw and group: persons, exited, employed). Both are one system of
 * {@link SmallCounts}: a stratum column adds up to the summary's cell, so suppression protects across both files.
 */
final class SummaryTables {

    static final List<String> SUMMARY_MEASURES = List.of("persons", "entitled", "exited", "employed");
    static final List<String> STRATA_MEASURES = List.of("persons", "exited", "employed");
    private static final List<String> GROUPS = List.of(Group.PARTICIPANT.name(), Group.COMPARISON.name());
    private static final String TOTAL = "TOTAL";

    private final SmallCounts counts;
    private final Set<String> strata;

    private SummaryTables(SmallCounts counts, Set<String> strata) {
        this.counts = counts;
        this.strata = strata;
    }

    static SummaryTables of(List<CaseStates.PersonState> persons, PilotFacts.Pilot pilot) {
        SmallCounts counts = new SmallCounts();
        Set<String> strata = new TreeSet<>();
        persons.forEach(p -> strata.add(pilot.stratumOf(p.sex(), p.ageClass(), p.applicantType())));
        for (String group : GROUPS) {
            List<CaseStates.PersonState> members = persons.stream().filter(p -> p.group().name().equals(group)).toList();
            summaryCells(counts, group, members);
            for (String stratum : strata) {
                List<CaseStates.PersonState> inStratum = members.stream()
                        .filter(p -> pilot.stratumOf(p.sex(), p.ageClass(), p.applicantType()).equals(stratum)).toList();
                counts.cell(strataCell(stratum, group, "persons"), inStratum.size())
                        .cell(strataCell(stratum, group, "exited"), exited(inStratum))
                        .cell(strataCell(stratum, group, "employed"), employed(inStratum));
            }
        }
        summaryCells(counts, TOTAL, persons);
        for (String group : List.of(GROUPS.get(0), GROUPS.get(1), TOTAL)) {
            counts.line(List.of(summaryCell(group, "entitled"), summaryCell(group, "exited")),
                    summaryCell(group, "persons"));
        }
        for (String measure : SUMMARY_MEASURES) {
            counts.line(GROUPS.stream().map(group -> summaryCell(group, measure)).toList(), summaryCell(TOTAL, measure));
        }
        for (String measure : STRATA_MEASURES) {
            for (String group : GROUPS) {
                counts.line(strata.stream().map(stratum -> strataCell(stratum, group, measure)).toList(),
                        summaryCell(group, measure));
            }
        }
        return new SummaryTables(counts, strata);
    }

    SmallCounts counts() {
        return counts;
    }

    void printSummary(CSVPrinter printer, Set<String> suppressed) throws IOException {
        for (String group : List.of(GROUPS.get(0), GROUPS.get(1), TOTAL)) {
            List<Object> row = new ArrayList<>(List.of(group));
            for (String measure : SUMMARY_MEASURES) {
                addCell(row, summaryCell(group, measure), suppressed);
            }
            printer.printRecord(SpreadsheetSafe.row(row.toArray()));
        }
    }

    void printStrata(CSVPrinter printer, Set<String> suppressed) throws IOException {
        for (String stratum : strata) {
            for (String group : GROUPS) {
                List<Object> row = new ArrayList<>(List.of(stratum, group));
                for (String measure : STRATA_MEASURES) {
                    addCell(row, strataCell(stratum, group, measure), suppressed);
                }
                printer.printRecord(SpreadsheetSafe.row(row.toArray()));
            }
        }
    }

    /** The count (empty when suppressed) and its flag, so that R and Stata read the counts as numbers. */
    private void addCell(List<Object> row, String cell, Set<String> suppressed) {
        boolean hidden = suppressed.contains(cell);
        row.add(hidden ? null : counts.value(cell));
        row.add(hidden ? 1 : 0);
    }

    private static void summaryCells(SmallCounts counts, String group, List<CaseStates.PersonState> members) {
        long entitled = members.stream().filter(CaseStates.PersonState::entitled).count();
        counts.cell(summaryCell(group, "persons"), members.size())
                .cell(summaryCell(group, "entitled"), entitled)
                .cell(summaryCell(group, "exited"), members.size() - entitled)
                .cell(summaryCell(group, "employed"), employed(members));
    }

    private static long exited(List<CaseStates.PersonState> members) {
        return members.stream().filter(p -> !p.entitled()).count();
    }

    private static long employed(List<CaseStates.PersonState> members) {
        return members.stream().filter(p -> p.employmentType() != null).count();
    }

    static String summaryCell(String group, String measure) {
        return "summary.csv|" + group + "|" + measure;
    }

    static String strataCell(String stratum, String group, String measure) {
        return "strata.csv|" + stratum + "|" + group + "|" + measure;
    }
}
