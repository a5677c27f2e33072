package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Outcome view of one pilot and of several pooled ({@link OutcomeReader}, docs/outcome-definitions.md); small counts
 * suppressed for evaluators.
 */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class OutcomeQueries {

    private final OutcomeReader reader;

    OutcomeQueries(OutcomeReader reader) {
        this.reader = reader;
    }

    @GetMapping("/api/pilots/{pilotId}/outcomes")
    OutcomeReader.Outcomes outcomes(@PathVariable String pilotId, @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String months,
                                    @RequestParam(required = false) String knownAt,
                                    @RequestParam(required = false) String breakdown, Authentication user) {
        return reader.read(List.of(pilotId), from, to, months, knownAt, breakdown, pilotId,
                SmallCounts.exactFor(user));
    }

    /**
     * Several pilots pooled: each pilot counts over its own period (start to end, or its first {@code months}),
     * never over a calendar window common to all.
     */
    @GetMapping("/api/outcomes")
    OutcomeReader.Outcomes acrossPilots(@RequestParam(name = "pilot", required = false) List<String> pilotIds,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String months,
                                        @RequestParam(required = false) String knownAt,
                                        @RequestParam(required = false) String breakdown,
                                        Authentication user) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        if (pilotIds == null || pilotIds.isEmpty()) {
            problems.add(new BadQuery.Problem("pilot", "name at least one pilot: /api/outcomes?pilot=ID&pilot=ID"));
        }
        for (String[] field : new String[][]{{"from", from}, {"to", to}}) {
            if (field[1] != null) {
                problems.add(new BadQuery.Problem(field[0], "pooled pilots each count over their own period; "
                        + "use months=N for the first N months from each pilot's start"));
            }
        }
        TimeParameters.throwIfAny(problems);
        return reader.read(pilotIds.stream().distinct().toList(), null, null, months, knownAt, breakdown, pilotIds,
                SmallCounts.exactFor(user));
    }
}
