package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.ids.Pseudonym;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Bulk import of case facts as delivered late by the regular case management and BA data. The whole file
 * is one transaction: every row is checked first (all problems reported), then all events are appended
 * in one batch. The events are ordinary events of each person's {@link CaseFile}: their sequence numbers
 * continue each case's stream (all read in one query), so loading a case and replaying stay correct. The
 * cases are read and decided under the append lock, so no concurrent write can change them in between.
 */
@Component
class FactImport {

    private static final int MAX_PROBLEMS = ProblemLimits.MAX_PROBLEMS;

    record Result(int accepted, int unchanged, int corrected) {
    }

    private record Row(int line, Pseudonym person, CaseFact fact) {
    }

    private record Pending(String eventId, CaseFactEvent event) {
    }

    private final PersonDirectory directory;
    private final CaseFactLookup lookup;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    FactImport(PersonDirectory directory, CaseFactLookup lookup, EventStore eventStore,
               TransactionManager transactionManager, JdbcTemplate jdbc, Clock clock) {
        this.directory = directory;
        this.lookup = lookup;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Result importFacts(Reader csv, boolean dryRun, String recordedBy) throws IOException {
        List<Row> rows = read(csv);
        return decideAndAppend(rows, dryRun, recordedBy);
    }

    private List<Row> read(Reader csv) throws IOException {
        List<InvalidRequest.Problem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        try (CSVParser parser = CsvFiles.parse(csv)) {
            Set<String> header = new LinkedHashSet<>();
            for (String name : parser.getHeaderNames()) {
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
                String column = name.trim().toLowerCase(Locale.ROOT);
                if (!FactReader.COLUMNS.contains(column)) {
                    problems.add(InvalidRequest.Problem.cell(1, Fields.shown(name), "is not a column of a fact file (expected "
                            + String.join(",", FactReader.COLUMNS) + ")"));
                }
                header.add(column);
            }
            for (String required : List.of("person", "type", "effective_date")) {
                if (!header.contains(required)) {
                    problems.add(InvalidRequest.Problem.cell(1, required, "is missing from the header"));
                }
            }
            if (!problems.isEmpty()) {
                CsvFiles.requireUtf8(csv);
                throw rejected(problems);
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1; // the header is line 1
                if (!record.isConsistent()) {
                    problems.add(InvalidRequest.Problem.cell(line, null, "has " + record.size()
                            + " values, the header has " + header.size()));
                    continue;
                }
                Map<String, String> columns = new HashMap<>();
                record.toMap().forEach((name, value) -> columns.put(name.trim().toLowerCase(Locale.ROOT), value));
                Fields person = new Fields();
                String pseudonym = person.identifier("person", columns.get("person"), true);
                FactReader.Reading reading = FactReader.read(columns, today);
                problems.addAll(person.asCellProblems(line));
                reading.problems().forEach(p -> problems.add(InvalidRequest.Problem.cell(line, p.field(), p.message())));
                if (reading.ok() && pseudonym != null) {
                    rows.add(new Row(line, Pseudonym.of(pseudonym), reading.fact()));
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
            if (!problems.isEmpty()) {
                CsvFiles.requireUtf8(csv);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw CsvFiles.unreadable(e); // the file's one problem: what was found before does not matter
        }
        if (!problems.isEmpty()) {
            throw rejected(problems);
        }
        return rows;
    }

    private Result decideAndAppend(List<Row> rows, boolean dryRun, String recordedBy) {
        if (dryRun) {
            return decide(rows, new ArrayList<>());
        }
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        try {
            // Every append takes this lock; taken before the cases are read, no other write can come between
            // what this import decides on and what it appends. Other writers wait, they never fail.
            AppendLock.acquire(jdbc);
            List<Pending> pending = new ArrayList<>();
            Result result = decide(rows, pending);
            if (!pending.isEmpty()) {
                append(pending, recordedBy);
            }
            unitOfWork.commit();
            return result;
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    private Result decide(List<Row> rows, List<Pending> pending) {
        Set<String> persons = new LinkedHashSet<>();
        rows.forEach(row -> persons.add(row.person().value()));
        Set<String> known = directory.knownAmong(persons);
        Map<String, CaseFacts> facts = lookup.factsOf(persons);

        List<InvalidRequest.Problem> problems = new ArrayList<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Row row : rows) {
            if (!known.contains(row.person().value())) {
                problems.add(InvalidRequest.Problem.cell(row.line(), "person",
                        "'" + Fields.shown(row.person().value()) + "' is in no pilot's population"));
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
                continue;
            }
            CaseFacts caseFacts = facts.computeIfAbsent(row.person().value(), p -> new CaseFacts());
            FactPolicy.Decision decision = FactPolicy.decide(caseFacts, row.person(), row.fact());
            if (decision.rejected()) {
                problems.add(InvalidRequest.Problem.cell(row.line(), decision.problem().field(),
                        decision.problem().message()));
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
                continue;
            }
            counts.merge(decision.outcome(), 1, Integer::sum);
            if (decision.event() != null) {
                String eventId = UUID.randomUUID().toString();
                caseFacts.add(eventId, decision.event()); // later rows may correct this one
                pending.add(new Pending(eventId, decision.event()));
            }
        }
        if (!problems.isEmpty()) {
            throw rejected(problems);
        }
        return new Result(counts.getOrDefault(Outcome.ACCEPTED, 0), counts.getOrDefault(Outcome.UNCHANGED, 0),
                counts.getOrDefault(Outcome.CORRECTED, 0));
    }

    /** Appends in the caller's unit of work, continuing each case's sequence. */
    private void append(List<Pending> pending, String recordedBy) {
        Map<String, Long> nextSequence = nextSequences(pending);
        Map<String, Object> metaData = Map.of("recordedBy", recordedBy, "channel", "bulk-import");
        Instant recordedAt = clock.instant();
        List<DomainEventMessage<?>> messages = new ArrayList<>(pending.size());
        for (Pending event : pending) {
            String person = event.event().person().value();
            long sequence = nextSequence.merge(person, 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>(CaseFile.class.getSimpleName(), person, sequence,
                    event.event(), metaData, event.eventId(), recordedAt));
        }
        eventStore.publish(messages);
    }

    /** The next sequence number of every affected case, in one query. */
    private Map<String, Long> nextSequences(List<Pending> pending) {
        Set<String> persons = new LinkedHashSet<>();
        pending.forEach(event -> persons.add(event.event().person().value()));
        Map<String, Long> next = new HashMap<>();
        persons.forEach(person -> next.put(person, 0L));
        jdbc.query("select aggregateidentifier, max(sequencenumber) from domainevententry "
                        + "where aggregateidentifier = any(?) group by aggregateidentifier",
                rs -> {
                    next.put(rs.getString(1), rs.getLong(2) + 1);
                }, (Object) persons.toArray(String[]::new));
        return next;
    }

    private static InvalidRequest rejected(List<InvalidRequest.Problem> problems) {
        return new InvalidRequest("The fact file was rejected: " + problems.size()
                + (problems.size() >= MAX_PROBLEMS ? " or more" : "") + " problems; nothing was stored.", problems);
    }
}
