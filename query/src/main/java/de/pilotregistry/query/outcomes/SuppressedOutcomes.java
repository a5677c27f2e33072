package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.shared.codes.EmploymentType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small counts of one outcome answer suppressed as one system of {@link SmallCounts} (docs/outcome-definitions.md,
 * "Small counts"): per table (the overall one, each stratum) and group, the members {@code n}, and per outcome those
 * with it, those without it (n minus them, never shown but recoverable) and the job starts; each stratum column adds
 * up to the overall cell, and the first-labour-market job starts to the starts of its employment types. A share,
 * effect, test or contact density is left out when a count it is computed from is.
 */
final class SuppressedOutcomes {

    private static final String ALL = "all";
    private static final List<String> GROUPS = List.of("participant", "comparison");
    private static final List<String> MEASURES = List.of("persons", "without", "starts");
    private static final String SHARED = "sharedPersons";

    private final SmallCounts counts = new SmallCounts();
    private final Set<String> suppressed;

    private SuppressedOutcomes(OutcomeReader.Outcomes answer, boolean exact) {
        List<String> tables = new ArrayList<>();
        tables.add(ALL);
        add(ALL, answer.outcomes());
        List<OutcomeReader.StratumOutcomes> strata = answer.strata() == null ? List.of() : answer.strata();
        for (int i = 0; i < strata.size(); i++) {
            tables.add("s" + i);
            add("s" + i, strata.get(i).outcomes());
        }
        List<String> parts = tables.subList(1, tables.size());
        if (!parts.isEmpty()) {
            for (String group : GROUPS) {
                counts.line(parts.stream().map(t -> members(t, group)).toList(), members(ALL, group));
                for (OutcomeTable.Outcome outcome : answer.outcomes()) {
                    for (String measure : MEASURES) {
                        if (measure.equals("starts") && outcome.jobStarts() == null) {
                            continue;
                        }
                        counts.line(parts.stream().map(t -> cell(t, outcome.outcome(), group, measure)).toList(),
                                cell(ALL, outcome.outcome(), group, measure));
                    }
                }
            }
        }
        counts.cell(SHARED, answer.sharedPersons());
        suppressed = counts.suppressed(exact);
    }

    /** The answer as {@code exact} or not (then with small counts and what follows from them left null). */
    static OutcomeReader.Outcomes of(OutcomeReader.Outcomes answer, boolean exact) {
        SuppressedOutcomes table = new SuppressedOutcomes(answer, exact);
        if (table.suppressed.isEmpty()) {
            return answer;
        }
        List<OutcomeReader.StratumOutcomes> strata = null;
        if (answer.strata() != null) {
            strata = new ArrayList<>();
            for (int i = 0; i < answer.strata().size(); i++) {
                OutcomeReader.StratumOutcomes stratum = answer.strata().get(i);
                String t = "s" + i;
                strata.add(new OutcomeReader.StratumOutcomes(stratum.pilot(), stratum.stratum(),
                        table.outcomes(t, stratum.outcomes()), table.density(t, stratum.contactDensity()),
                        table.densitySuppressed(t)));
            }
        }
        boolean shared = table.suppressed.contains(SHARED);
        List<String> flags = new ArrayList<>(table.densitySuppressed(ALL));
        if (shared) {
            flags.add(SHARED);
        }
        return new OutcomeReader.Outcomes(answer.pilot(), answer.from(), answer.to(), answer.windows(),
                answer.knownAt(), answer.provisional(), answer.finalAfter(), answer.counting(),
                shared ? null : answer.sharedPersons(), table.outcomes(ALL, answer.outcomes()), answer.stratified(),
                table.density(ALL, answer.contactDensity()), strata, flags);
    }

    private void add(String table, List<OutcomeTable.Outcome> outcomes) {
        for (OutcomeTable.Outcome outcome : outcomes) {
            for (String group : GROUPS) {
                OutcomeTable.GroupFigure figure = figure(outcome, group);
                String persons = cell(table, outcome.outcome(), group, "persons");
                String without = cell(table, outcome.outcome(), group, "without");
                counts.cell(members(table, group), figure.n()).cell(persons, figure.persons())
                        .cell(without, figure.n() - figure.persons())
                        .line(List.of(persons, without), members(table, group));
                if (outcome.jobStarts() != null) {
                    counts.cell(cell(table, outcome.outcome(), group, "starts"), outcome.jobStarts().get(group));
                }
            }
        }
        List<String> firstLabourMarket = Arrays.stream(EmploymentType.values())
                .filter(EmploymentType::isFirstLabourMarket).map(type -> "INTEGRATION_" + type.name()).toList();
        for (String group : GROUPS) {
            counts.line(firstLabourMarket.stream().map(name -> cell(table, name, group, "starts")).toList(),
                    cell(table, OutcomeTable.FIRST_LABOUR_MARKET, group, "starts"));
        }
    }

    private List<OutcomeTable.Outcome> outcomes(String table, List<OutcomeTable.Outcome> outcomes) {
        List<OutcomeTable.Outcome> shown = new ArrayList<>();
        for (OutcomeTable.Outcome o : outcomes) {
            OutcomeTable.GroupFigure participant = shown(table, o, "participant");
            OutcomeTable.GroupFigure comparison = shown(table, o, "comparison");
            // The effect and the test follow from the four counts, so one hidden count hides them all.
            boolean effect = participant.suppressed().isEmpty() && comparison.suppressed().isEmpty();
            List<String> flags = new ArrayList<>();
            if (!effect) {
                flags.addAll(List.of("difference", "differenceCi95", "ratio", "ratioCi95", "fisherP"));
            }
            Map<String, Long> starts = null;
            if (o.jobStarts() != null) {
                starts = new LinkedHashMap<>();
                for (String group : GROUPS) {
                    boolean hidden = suppressed.contains(cell(table, o.outcome(), group, "starts"));
                    starts.put(group, hidden ? null : o.jobStarts().get(group));
                    if (hidden) {
                        flags.add("jobStarts." + group);
                    }
                }
            }
            shown.add(new OutcomeTable.Outcome(o.outcome(), o.estimate(), participant, comparison,
                    effect ? o.difference() : null, effect ? o.differenceCi95() : null, effect ? o.ratio() : null,
                    effect ? o.ratioCi95() : null, effect ? o.fisherP() : null, starts, o.provisional(),
                    o.finalAfter(), flags));
        }
        return shown;
    }

    private OutcomeTable.GroupFigure shown(String table, OutcomeTable.Outcome outcome, String group) {
        OutcomeTable.GroupFigure figure = figure(outcome, group);
        boolean persons = suppressed.contains(cell(table, outcome.outcome(), group, "persons"));
        boolean n = suppressed.contains(members(table, group));
        if (!persons && !n) {
            return figure;
        }
        List<String> flags = new ArrayList<>();
        if (persons) {
            flags.add("persons");
        }
        if (n) {
            flags.add("n");
        }
        flags.add("share");
        return new OutcomeTable.GroupFigure(persons ? null : figure.persons(), n ? null : figure.n(), null, flags);
    }

    /** A contact density is a mean over the group's members: left out when their number is. */
    private Map<String, Double> density(String table, Map<String, Double> density) {
        Map<String, Double> shown = new LinkedHashMap<>(density);
        GROUPS.stream().filter(group -> suppressed.contains(members(table, group)))
                .forEach(group -> shown.put(group, null));
        return shown;
    }

    private List<String> densitySuppressed(String table) {
        return GROUPS.stream().filter(group -> suppressed.contains(members(table, group)))
                .map(group -> "contactDensity." + group).toList();
    }

    private static OutcomeTable.GroupFigure figure(OutcomeTable.Outcome outcome, String group) {
        return group.equals("participant") ? outcome.participant() : outcome.comparison();
    }

    private static String members(String table, String group) {
        return table + "|" + group + "|n";
    }

    private static String cell(String table, String outcome, String group, String measure) {
        return table + "|" + outcome + "|" + group + "|" + measure;
    }
}
