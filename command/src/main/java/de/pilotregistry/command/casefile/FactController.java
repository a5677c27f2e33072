package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.AppendedPosition;
import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.delivery.Deliveries;
import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.Uploads;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.ids.Pseudonym;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Case facts: one at a time as JSON, or many as CSV; both are written by {@link FactImport}. */
@RestController
class FactController {

    record Recorded(String eventId, Long position, FactReceipt.Outcome outcome) {
    }

    private final PersonDirectory directory;
    private final FactImport factImport;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Uploads uploads;

    FactController(PersonDirectory directory, FactImport factImport, JdbcTemplate jdbc, Clock clock, Uploads uploads) {
        this.directory = directory;
        this.factImport = factImport;
        this.jdbc = jdbc;
        this.clock = clock;
        this.uploads = uploads;
    }

    /** Caseworkers record for their own participants only; for anyone else the person is answered as unknown. */
    @PostMapping(path = "/api/persons/{person}/facts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('CASEWORKER', 'DATA_STEWARD')")
    ResponseEntity<Recorded> record(@PathVariable String person, @RequestBody Map<String, Object> body,
                                    Authentication user) {
        if (!Fields.isIdentifier(person, FieldLimits.IDENTIFIER_MAX_LENGTH)) {
            throw UnknownEntity.person(person); // no such pseudonym can be in any population
        }
        Pseudonym pseudonym = Pseudonym.of(person);
        boolean steward = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_DATA_STEWARD"));
        if (steward ? !directory.isKnown(pseudonym) : !directory.isCaseworkerOf(user.getName(), pseudonym)) {
            throw UnknownEntity.person(person);
        }
        Fields fields = new Fields();
        List<String> known = FactReader.COLUMNS.subList(1, FactReader.COLUMNS.size()); // the person is the path
        fields.onlyKnown("", body, known);
        Map<String, String> columns = new HashMap<>();
        body.forEach((name, value) -> {
            if (known.contains(name)) {
                String text = fields.scalar(name, value);
                if (text != null) {
                    columns.put(name, text);
                }
            }
        });
        FactReader.Reading reading = FactReader.read(columns, LocalDate.now(clock));
        List<InvalidRequest.Problem> problems = new ArrayList<>(fields.asFieldProblems());
        reading.problems().forEach(p -> problems.add(InvalidRequest.Problem.field(p.field(), p.message())));
        if (!problems.isEmpty()) {
            throw new InvalidRequest("The fact has invalid fields; nothing was stored.", problems);
        }
        // A batch of one row: decided and appended like a file's rows, under the append lock.
        FactReceipt receipt = factImport.record(pseudonym, reading.fact(), user.getName(),
                steward ? RecordedAs.DATA_STEWARD : RecordedAs.CASEWORKER);
        // The position of a new event comes from the append itself: an acknowledged write never fails on a query
        // made after it. A repeat (UNCHANGED) names the position of the event it repeats.
        Long position = AppendedPosition.ofThisRequest().isPresent() ? AppendedPosition.ofThisRequest().getAsLong()
                : jdbc.query("select globalindex from domainevententry where eventidentifier = ?",
                (rs, row) -> rs.getLong(1), receipt.eventId()).stream().findFirst().orElse(null);
        HttpStatus status = receipt.outcome() == FactReceipt.Outcome.UNCHANGED ? HttpStatus.OK : HttpStatus.CREATED;
        return ResponseEntity.status(status).body(new Recorded(receipt.eventId(), position, receipt.outcome()));
    }

    @PostMapping(path = "/api/facts", consumes = "text/csv")
    @PreAuthorize("hasRole('DATA_STEWARD')")
    FactImport.Result importFacts(@RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request,
                                  Authentication user) throws IOException {
        String source = Deliveries.source(request.getHeader(Deliveries.SOURCE_HEADER));
        try (Uploads.Upload file = uploads.spool(request.getInputStream())) {
            return factImport.importFacts(file, dryRun, source, user.getName());
        }
    }
}
