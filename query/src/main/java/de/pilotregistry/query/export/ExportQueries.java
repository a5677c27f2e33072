package de.pilotregistry.query.export;

import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.platform.SpreadsheetSafe;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static de.pilotregistry.query.export.ResearchPersons.band;
import static de.pilotregistry.query.export.ResearchPersons.number;

/**
 * A pilot's scientific-use file: the persons drawn into a group and their facts under research ids, amounts in bands,
 * no free text, caseworkers as codes, quasi-identifiers k-anonymous; summary and stratum tables with small counts
 * suppressed so that none can be derived; a codebook and a README that says what protection was applied. Every
 * export is recorded as an event (who, what, as of when). docs/exports.md has the rules.
 */
@RestController
@PreAuthorize("hasRole('EVALUATOR')")
class ExportQueries {

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final NamedParameterJdbcTemplate jdbc;
    private final EventGateway events;
    private final AccessLog access;
    private final ResearchPersons research;
    private final PersonalData personalData;

    ExportQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency,
                  NamedParameterJdbcTemplate jdbc, EventGateway events, AccessLog access, ResearchPersons research,
                  PersonalData personalData) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.jdbc = jdbc;
        this.events = events;
        this.access = access;
        this.research = research;
        this.personalData = personalData;
    }

    @GetMapping("/api/pilots/{pilotId}/export")
    void export(@PathVariable String pilotId, @RequestParam(required = false) String validAt,
                @RequestParam(required = false) String knownAt, Authentication user, HttpServletResponse response)
            throws IOException {
        List<BadQuery.Problem> problems = TimeParameters.problems();
        LocalDate valid = time.date("validAt", validAt, time.today(), problems);
        Instant requestedKnown = time.requestedKnownAt(knownAt, problems);
        TimeParameters.throwIfAny(problems);
        ReadConsistency.Known settled = consistency.settle(requestedKnown);
        Instant known = settled.at();
        PilotFacts.Pilot pilot = pilots.get(pilotId);

        ResearchPersons.Released released = research.of(pilotId, pilot, states.of(pilotId, valid, known));
        List<CaseStates.PersonState> persons = released.rows().stream().map(ResearchPersons.Row::state).toList();
        Map<String, String> researchIds = new HashMap<>();
        released.rows().forEach(r -> researchIds.put(r.state().person(), r.researchId()));
        int k = released.k();
        int generalized = released.generalized();

        byte[] personsCsv = csv(Codebook.PERSON_COLUMNS, printer -> {
            for (ResearchPersons.Row r : released.rows()) {
                CaseStates.PersonState p = r.state();
                printer.printRecord(SpreadsheetSafe.row(r.researchId(), p.group(), r.stratum(), r.sex(),
                        r.ageClass(), r.applicantType(), r.claimAtStartBand(), p.entitled() ? 1 : 0,
                        r.monthlyClaimBand(), p.employmentType(), r.caseworker(), p.contacts(),
                        r.suppressed() ? 1 : 0));
            }
        });
        // exact wages are sealed (q_fact holds them as the events do): opened here, only to be banded
        Map<String, byte[]> keys = personalData.existingKeys(persons.stream()
                .map(p -> PersonalData.person(p.person())).toList());
        long[] factCount = new long[1];
        Map<String, Long> factNumbers = new HashMap<>();
        byte[] factsCsv = csv(Codebook.FACT_COLUMNS, printer -> jdbc.query("""
                select f.event_id, f.person, f.type, f.effective_date, f.recorded_at,
                       case when f.withdrawn_at <= :known then f.withdrawn_at end as withdrawn_at,
                       f.corrects, f.employment_type, f.weekly_hours, f.monthly_wage, f.monthly_claim, f.channel,
                       f.outcome, f.reason
                from q_fact f join q_member m on m.person = f.person
                where m.pilot_id = :pilot and m.first_recorded_at <= :known and f.recorded_at <= :known
                order by f.global_index""",
                new MapSqlParameterSource("pilot", pilotId).addValue("known", known.atOffset(ZoneOffset.UTC)), rs -> {
                    String researchId = researchIds.get(rs.getString(2));
                    if (researchId == null) {
                        return; // not drawn into a group
                    }
                    long number = factCount[0] + 1;
                    factNumbers.put(rs.getString(1), number);
                    String type = rs.getString(3);
                    try {
                        // reason: the code lists' codes only; a retraction's reason is free text and stays behind
                        printer.printRecord(SpreadsheetSafe.row(number, researchId, type,
                                rs.getObject(4, LocalDate.class), day(rs.getObject(5, OffsetDateTime.class)),
                                day(rs.getObject(6, OffsetDateTime.class)), factNumbers.get(rs.getString(7)),
                                rs.getString(8), rs.getBigDecimal(9), number(band(wage(keys, rs.getString(2), rs.getString(10)))),
                                number(band(rs.getBigDecimal(11))), rs.getString(12), rs.getString(13),
                                "RETRACTION".equals(type) ? null : rs.getString(14), rs.getObject(6) == null ? 1 : 0));
                        factCount[0] = number;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));

        SummaryTables tables = SummaryTables.of(persons, pilot);
        Set<String> suppressed = tables.counts().suppressed();
        byte[] summaryCsv = csv(Codebook.SUMMARY_COLUMNS, printer -> tables.printSummary(printer, suppressed));
        byte[] strataCsv = csv(Codebook.STRATA_COLUMNS, printer -> tables.printStrata(printer, suppressed));

        List<String> files = List.of("persons.csv", "facts.csv", "summary.csv", "strata.csv", "codebook.csv",
                "README.txt");
        // Recorded before a byte leaves: no export without its trace in the event store.
        access.record(pilotId, persons.size(), null);
        events.publish(new DataExported(PilotId.of(pilotId), user.getName(), valid, known, files, persons.size(),
                factCount[0]));

        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"pilot-" + pilotId + "-" + valid + ".zip\"");
        try (ZipOutputStream zip = new ZipOutputStream(response.getOutputStream())) {
            entry(zip, "persons.csv", personsCsv);
            entry(zip, "facts.csv", factsCsv);
            entry(zip, "summary.csv", summaryCsv);
            entry(zip, "strata.csv", strataCsv);
            entry(zip, "codebook.csv", csv(Codebook.CODEBOOK_COLUMNS, Codebook::print));
            entry(zip, "README.txt", Codebook.readme(pilot, valid, known, user.getName(),
                    new Codebook.Protection(persons.size(), k, generalized, suppressed.size()))
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A stored wage opened; null when none was given or the person's data was erased. */
    private static BigDecimal wage(Map<String, byte[]> keys, String person, String stored) {
        String subject = PersonalData.person(person);
        PersonalData.Opened wage = PersonalData.openStored(keys.get(subject), subject, JobStarted.MONTHLY_WAGE, stored);
        return wage == null || wage.erased() ? null : new BigDecimal(wage.value());
    }

    private static LocalDate day(OffsetDateTime moment) {
        return moment == null ? null : moment.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private static byte[] csv(String[] header, Rows rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader(header).get())) {
            rows.print(printer);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
