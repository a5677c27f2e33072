package de.pilotregistry.query.cohort;

import de.pilotregistry.platform.SpreadsheetSafe;
import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Cohort snapshot: every person of a pilot on {@code validAt} as known at {@code knownAt}. */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class CohortQueries {

    static final String[] CSV_COLUMNS = {"person", "group", "stratum", "entitled", "monthly_claim", "employment_type",
            "caseworker", "contacts"};

    record Person(String person, String group, String stratum, boolean entitled, BigDecimal monthlyClaim,
                  String employmentType, String caseworker, int contacts) {
    }

    record Snapshot(String pilot, LocalDate validAt, Instant knownAt, int page, int size, long total,
                    List<Person> persons) {
    }

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final AccessLog access;

    CohortQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency,
                  AccessLog access) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.access = access;
    }

    @GetMapping(path = "/api/pilots/{pilotId}/cohort", produces = "application/json")
    Snapshot snapshot(@PathVariable String pilotId, @RequestParam(required = false) String validAt,
                      @RequestParam(required = false) String knownAt, @RequestParam(defaultValue = "0") int page,
                      @RequestParam(defaultValue = "100") int size) {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate valid = time.date("validAt", validAt, time.today(), problems);
        Instant requestedKnown = time.requestedKnownAt(knownAt, problems);
        if (page < 0) {
            problems.add(new BadQuery.Problem("page", "must be 0 or more"));
        }
        if (size < 1 || size > 10_000) {
            problems.add(new BadQuery.Problem("size", "must be between 1 and 10000"));
        }
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        List<Person> persons = new ArrayList<>();
        states.forEach(pilotId, valid, known, (long) page * size, size, state -> persons.add(person(pilot, state)));
        access.record(pilotId, persons.size(), null);
        return new Snapshot(pilotId, valid, known, page, size, states.count(pilotId, known), persons);
    }

    /** All rows as CSV, streamed. */
    @GetMapping(path = "/api/pilots/{pilotId}/cohort", produces = "text/csv")
    void snapshotCsv(@PathVariable String pilotId, @RequestParam(required = false) String validAt,
                     @RequestParam(required = false) String knownAt, HttpServletResponse response) throws IOException {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate valid = time.date("validAt", validAt, time.today(), problems);
        Instant requestedKnown = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        access.record(pilotId, (int) states.count(pilotId, known), null); // every row follows
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cohort-" + pilotId + "-" + valid + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_COLUMNS).get())) {
            states.forEach(pilotId, valid, known, 0, -1, state -> {
                Person p = person(pilot, state);
                try {
                    csv.printRecord(SpreadsheetSafe.row(p.person(), p.group(), p.stratum(), p.entitled(),
                            p.monthlyClaim(), p.employmentType(), p.caseworker(), p.contacts()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Person person(PilotFacts.Pilot pilot, CaseStates.PersonState state) {
        return new Person(state.person(), state.group().name(),
                pilot.stratumOf(state.sex(), state.ageClass(), state.applicantType()), state.entitled(),
                state.monthlyClaim(), state.employmentType(), state.caseworker(), state.contacts());
    }
}
