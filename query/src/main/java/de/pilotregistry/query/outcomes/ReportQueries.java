package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.SmallCounts;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The council report of a pilot, or of several pooled, as JSON or as a printable HTML page. */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class ReportQueries {

    private final ReportReader reports;

    ReportQueries(ReportReader reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/api/pilots/{pilotId}/report", produces = "application/json")
    ReportReader.Report report(@PathVariable String pilotId, @RequestParam(required = false) String months,
                               @RequestParam(required = false) String knownAt, Authentication user) {
        return reports.report(List.of(pilotId), months, knownAt, SmallCounts.exactFor(user));
    }

    @GetMapping(path = "/api/pilots/{pilotId}/report", produces = "text/html")
    String page(@PathVariable String pilotId, @RequestParam(required = false) String months,
                @RequestParam(required = false) String knownAt, Authentication user) {
        return ReportHtml.of(report(pilotId, months, knownAt, user));
    }

    @GetMapping(path = "/api/report", produces = "application/json")
    ReportReader.Report pooled(@RequestParam(name = "pilot", required = false) List<String> pilotIds,
                               @RequestParam(required = false) String months,
                               @RequestParam(required = false) String knownAt, Authentication user) {
        if (pilotIds == null || pilotIds.isEmpty()) {
            throw new BadQuery("pilot", "name at least one pilot: /api/report?pilot=ID&pilot=ID");
        }
        return reports.report(pilotIds.stream().distinct().toList(), months, knownAt, SmallCounts.exactFor(user));
    }

    @GetMapping(path = "/api/report", produces = "text/html")
    String pooledPage(@RequestParam(name = "pilot", required = false) List<String> pilotIds,
                      @RequestParam(required = false) String months, @RequestParam(required = false) String knownAt,
                      Authentication user) {
        return ReportHtml.of(pooled(pilotIds, months, knownAt, user));
    }
}
