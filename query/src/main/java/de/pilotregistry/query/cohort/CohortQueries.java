package de.pilotregistry.query.cohort;

import de.pilotregistry.platform.SpreadsheetSafe;
import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.export.ResearchPersons;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.query.support.TimeParameters;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
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

/**
 * Cohort snapshot: the persons of a pilot on {@code validAt} as known at {@code knownAt}. ADMIN, who sees persons
 * anyway, gets every person exactly; everyone else (EVALUATOR) gets the rows of the export's persons.csv
 * ({@link ResearchPersons}): otherwise counting these rows would give back every count suppressed elsewhere.
 */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN')")
class CohortQueries {

    static final String[] CSV_COLUMNS = {"person", "group", "stratum", "entitled", "monthly_claim", "employment_type",
            "caseworker", "contacts"};
    static final String[] RESEARCH_CSV_COLUMNS = {"person", "group", "stratum", "entitled", "monthly_claim_band",
            "employment_type", "caseworker", "contacts", "quasi_identifiers_suppressed"};

    record Person(String person, String group, String stratum, boolean entitled, BigDecimal monthlyClaim,
                  String employmentType, String caseworker, int contacts) {
    }

    /** A person as in the export: research id, claim band, caseworker code, suppressed values null and flagged. */
    record ResearchPerson(String person, String group, String stratum, boolean entitled, Long monthlyClaimBand,
                          String employmentType, String caseworker, int contacts,
                          boolean quasiIdentifiersSuppressed) {
    }

    /** {@code persons}: {@link Person}s for ADMIN, {@link ResearchPerson}s for everyone else. */
    record Snapshot(String pilot, LocalDate validAt, Instant knownAt, int page, int size, long total,
                    List<?> persons) {
    }

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final AccessLog access;
    private final ResearchPersons research;

    CohortQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency,
                  AccessLog access, ResearchPersons research) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.access = access;
        this.research = research;
    }

    @GetMapping(path = "/api/pilots/{pilotId}/cohort", produces = "application/json")
    Snapshot snapshot(@PathVariable String pilotId, @RequestParam(required = false) String validAt,
                      @RequestParam(required = false) String knownAt, @RequestParam(defaultValue = "0") int page,
                      @RequestParam(defaultValue = "100") int size, Authentication user) {
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
        if (!SmallCounts.exactFor(user)) {
            // k-anonymity holds over the whole answer, so it is computed on every row and then paged
            List<ResearchPersons.Row> rows = research.of(pilotId, pilot, states.of(pilotId, valid, known)).rows();
            List<ResearchPerson> persons = rows.subList((int) Math.min((long) page * size, rows.size()),
                    (int) Math.min((long) page * size + size, rows.size())).stream()
                    .map(CohortQueries::researchPerson).toList();
            access.record(pilotId, persons.size(), null);
            return new Snapshot(pilotId, valid, known, page, size, rows.size(), persons);
        }
        List<Person> persons = new ArrayList<>();
        states.forEach(pilotId, valid, known, (long) page * size, size, state -> persons.add(person(pilot, state)));
        access.record(pilotId, persons.size(), null);
        return new Snapshot(pilotId, valid, known, page, size, states.count(pilotId, known), persons);
    }

    /** All rows as CSV, streamed. */
    @GetMapping(path = "/api/pilots/{pilotId}/cohort", produces = "text/csv")
    void snapshotCsv(@PathVariable String pilotId, @RequestParam(required = false) String validAt,
                     @RequestParam(required = false) String knownAt, Authentication user,
                     HttpServletResponse response) throws IOException {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate valid = time.date("validAt", validAt, time.today(), problems);
        Instant requestedKnown = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        PilotFacts.Pilot pilot = pilots.get(pilotId);
        if (!SmallCounts.exactFor(user)) {
            List<ResearchPersons.Row> rows = research.of(pilotId, pilot, states.of(pilotId, valid, known)).rows();
            access.record(pilotId, rows.size(), null); // every row follows
            try (CSVPrinter csv = csv(pilotId, valid, RESEARCH_CSV_COLUMNS, response)) {
                for (ResearchPersons.Row row : rows) {
                    ResearchPerson p = researchPerson(row);
                    csv.printRecord(SpreadsheetSafe.row(p.person(), p.group(), p.stratum(), p.entitled(),
                            p.monthlyClaimBand(), p.employmentType(), p.caseworker(), p.contacts(),
                            p.quasiIdentifiersSuppressed() ? 1 : 0));
                }
            }
            return;
        }
        access.record(pilotId, (int) states.count(pilotId, known), null); // every row follows
        try (CSVPrinter csv = csv(pilotId, valid, CSV_COLUMNS, response)) {
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

    private static CSVPrinter csv(String pilotId, LocalDate valid, String[] columns, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cohort-" + pilotId + "-" + valid + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        return new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(columns).get());
    }

    private static ResearchPerson researchPerson(ResearchPersons.Row row) {
        CaseStates.PersonState state = row.state();
        return new ResearchPerson(row.researchId(), state.group().name(), row.stratum(), state.entitled(),
                row.monthlyClaimBand(), state.employmentType(), row.caseworker(), state.contacts(), row.suppressed());
    }

    private static Person person(PilotFacts.Pilot pilot, CaseStates.PersonState state) {
        return new Person(state.person(), state.group().name(),
                pilot.stratumOf(state.sex(), state.ageClass(), state.applicantType()), state.entitled(),
                state.monthlyClaim(), state.employmentType(), state.caseworker(), state.contacts());
    }
}
