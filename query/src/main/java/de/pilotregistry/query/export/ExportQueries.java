package de.pilotregistry.query.export;

import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.cases.CaseStates;
import de.pilotregistry.query.pilots.PilotFacts;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import de.pilotregistry.query.support.TimeParameters;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.ids.PilotId;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A pilot's data set for statisticians: person-level and event-level CSV under pseudonyms, a summary with
 * small counts suppressed, and a codebook. Every export is recorded as an event (who, what, as of when).
 */
@RestController
@PreAuthorize("hasRole('EVALUATOR')")
class ExportQueries {

    /** Counts below this are shown as "<3", as the BA does in published statistics. */
    static final int SMALLEST_SHOWN_COUNT = 3;

    private final CaseStates states;
    private final PilotFacts pilots;
    private final TimeParameters time;
    private final ReadConsistency consistency;
    private final NamedParameterJdbcTemplate jdbc;
    private final EventGateway events;
    private final AccessLog access;

    ExportQueries(CaseStates states, PilotFacts pilots, TimeParameters time, ReadConsistency consistency, NamedParameterJdbcTemplate jdbc,
                  EventGateway events, AccessLog access) {
        this.states = states;
        this.pilots = pilots;
        this.time = time;
        this.consistency = consistency;
        this.jdbc = jdbc;
        this.events = events;
        this.access = access;
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

        List<CaseStates.PersonState> persons = states.of(pilotId, valid, known);
        byte[] personsCsv = csv(Codebook.PERSON_COLUMNS, printer -> {
            for (CaseStates.PersonState p : persons) {
                printer.printRecord(p.person(), p.group(), pilot.stratumOf(p.sex(), p.ageClass(), p.applicantType()),
                        p.sex(), p.ageClass(), p.applicantType(), p.claimAtStart(), p.entitled() ? 1 : 0,
                        p.monthlyClaim(), p.employmentType(), p.caseworker(), p.contacts());
            }
        });
        long[] factCount = new long[1];
        byte[] factsCsv = csv(Codebook.FACT_COLUMNS, printer -> jdbc.query("""
                select f.event_id, f.person, f.type, f.effective_date, f.recorded_at,
                       case when f.withdrawn_at <= :known then f.withdrawn_at end as withdrawn_at,
                       f.corrects, f.employment_type, f.weekly_hours, f.monthly_wage, f.monthly_claim, f.channel,
                       f.outcome, f.reason
                from q_fact f join q_member m on m.person = f.person
                where m.pilot_id = :pilot and m.first_recorded_at <= :known and f.recorded_at <= :known
                order by f.global_index""",
                new MapSqlParameterSource("pilot", pilotId).addValue("known", known.atOffset(ZoneOffset.UTC)), rs -> {
                    try {
                        printer.printRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), rs.getObject(5, java.time.OffsetDateTime.class),
                                rs.getObject(6, java.time.OffsetDateTime.class), rs.getString(7), rs.getString(8),
                                rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getString(12),
                                rs.getString(13), rs.getString(14), rs.getObject(6) == null ? 1 : 0);
                        factCount[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        byte[] summaryCsv = csv(Codebook.SUMMARY_COLUMNS, printer -> {
            Map<String, long[]> byGroup = new TreeMap<>();
            for (CaseStates.PersonState p : persons) {
                long[] counts = byGroup.computeIfAbsent(p.group().name(), g -> new long[4]);
                counts[0]++;
                counts[1] += p.entitled() ? 1 : 0;
                counts[2] += p.entitled() ? 0 : 1;
                counts[3] += p.employmentType() != null ? 1 : 0;
            }
            for (Map.Entry<String, long[]> group : byGroup.entrySet()) {
                long[] c = group.getValue();
                printer.printRecord(group.getKey(), shown(c[0]), shown(c[1]), shown(c[2]), shown(c[3]));
            }
        });
        List<String> files = List.of("persons.csv", "facts.csv", "summary.csv", "codebook.csv", "README.txt");
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
            entry(zip, "codebook.csv", csv(Codebook.CODEBOOK_COLUMNS, Codebook::print));
            entry(zip, "README.txt", Codebook.readme(pilot, valid, known, user.getName())
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    static String shown(long count) {
        return count > 0 && count < SMALLEST_SHOWN_COUNT ? "<" + SMALLEST_SHOWN_COUNT : Long.toString(count);
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
