package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.ids.Pseudonym;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one write path of case facts: a fact file (CSV) and a single fact (JSON, a batch of one row) are decided
 * and appended by the same code. A batch is one transaction: it takes the append lock, reads the facts its
 * persons hold from {@link CaseFactLookup} (kept in the writers' transactions, so it is exactly the store's state
 * under the lock), decides every row in order with {@link FactPolicy} (a later row sees the earlier ones), and
 * appends the events to each person's {@code CaseFile} stream, continuing its sequence numbers (all read in one
 * query). A batch is all or nothing: a problem in any row stores none. Concurrent writers queue on the lock.
 */
@Component
class FactImport {

    /** The aggregate type of case events in the store; events are forever, so the name stays. */
    static final String CASE_FILE = "CaseFile";

    private static final int MAX_PROBLEMS = ProblemLimits.MAX_PROBLEMS;

    /**
     * Events handed to the event store at a time, all in the one transaction of the batch. Each call serializes,
     * inserts and updates the lookup for its chunk, so the Axon messages, their serialized forms and the lookup's
     * writes of a chunk are garbage before the next; only the decided events are held for the whole file.
     */
    static final int APPEND_CHUNK = 1000;

    private static final MetaData NO_CHANNEL = MetaData.emptyInstance();
    private static final String BULK_IMPORT = "bulk-import";

    record Result(int accepted, int unchanged, int corrected) {
    }

    /** A delivered fact and where it came from: its line in a file (0 for a single fact). */
    record Row(int line, Pseudonym person, CaseFact fact) {
    }

    /**
     * What one row became: a new event with its id (ACCEPTED or CORRECTED), UNCHANGED naming the earlier event,
     * or a problem (field and message).
     */
    record Decided(Outcome outcome, String eventId, CaseFactEvent event, Fields.Problem problem) {

        static Decided problem(String field, String message) {
            return new Decided(null, null, null, new Fields.Problem(field, message));
        }

        boolean rejected() {
            return problem != null;
        }
    }

    /** A problem of a row; the file and the single fact each answer it in their own form. */
    record RowProblem(Row row, Fields.Problem problem) {
    }

    /**
     * The decide step: rows one after another, each against the facts its person held before the batch and the
     * rows decided before it (a later row may repeat or correct an earlier one).
     */
    static final class Decider {

        private final Set<String> knownPersons;
        private final Map<String, CaseFacts> facts;
        private final Supplier<String> eventIds;

        /**
         * @param knownPersons the persons of the rows that are in a pilot's population
         * @param facts        the facts each person's case holds, by person; persons without any may be missing
         */
        Decider(Set<String> knownPersons, Map<String, CaseFacts> facts, Supplier<String> eventIds) {
            this.knownPersons = knownPersons;
            this.facts = facts;
            this.eventIds = eventIds;
        }

        Decided decide(Row row) {
            String person = row.person().value();
            if (!knownPersons.contains(person)) {
                return Decided.problem("person", "'" + Fields.shown(person) + "' is in no pilot's population");
            }
            CaseFacts caseFacts = facts.computeIfAbsent(person, p -> new CaseFacts());
            FactPolicy.Decision decision = FactPolicy.decide(caseFacts, row.person(), row.fact());
            if (decision.rejected()) {
                return new Decided(null, null, null, decision.problem());
            }
            if (decision.event() == null) {
                return new Decided(decision.outcome(), decision.unchangedEventId(), null, null);
            }
            String eventId = eventIds.get();
            caseFacts.add(eventId, decision.event()); // later rows may repeat or correct this one
            return new Decided(decision.outcome(), eventId, decision.event(), null);
        }
    }

    /** What a batch became: the counts, and the receipt of its last row (of the only one, for a single fact). */
    private record Written(Result result, FactReceipt last) {
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

    /** A fact file; every problem is answered with its line and column, and nothing is stored. */
    Result importFacts(Reader csv, boolean dryRun, String recordedBy) throws IOException {
        List<Row> rows = read(csv);
        return write(rows, dryRun, recordedBy, MetaData.with("channel", BULK_IMPORT), FactImport::rejected).result();
    }

    /**
     * A single fact: a batch of one row. Its problem is answered by field; a person in no population as unknown
     * (the caller has already checked who may record for the person).
     */
    FactReceipt record(Pseudonym person, CaseFact fact, String recordedBy) {
        return write(new ArrayList<>(List.of(new Row(0, person, fact))), false, recordedBy, NO_CHANNEL, problems -> {
            Fields.Problem problem = problems.get(0).problem();
            if (problem.field().equals("person")) {
                return UnknownEntity.person(person.value());
            }
            return new InvalidRequest("The fact cannot be recorded.",
                    List.of(InvalidRequest.Problem.field(problem.field(), problem.message())));
        }).last();
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
                throw rejectedFile(problems);
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
            throw rejectedFile(problems);
        }
        return rows;
    }

    /**
     * Decides all rows and appends their events in one transaction, under the append lock (a dry run only
     * decides, without either). {@code rows} is emptied on the way: a decided row is no longer held.
     */
    private Written write(List<Row> rows, boolean dryRun, String recordedBy, MetaData channel,
                          Function<List<RowProblem>, RuntimeException> rejection) {
        if (dryRun) {
            return decide(rows, rejection, new ArrayList<>());
        }
        Transaction transaction = transactionManager.startTransaction();
        Written written;
        try {
            // Every append takes this lock; taken before the cases are read, no other write can come between
            // what this batch decides on and what it appends. Other writers wait, they never fail.
            AppendLock.acquire(jdbc);
            List<Pending> pending = new ArrayList<>();
            written = decide(rows, rejection, pending);
            if (!pending.isEmpty()) {
                long sequence = append(pending, channel.and("recordedBy", recordedBy));
                FactReceipt last = written.last();
                if (last.outcome() != Outcome.UNCHANGED) {
                    written = new Written(written.result(), new FactReceipt(last.outcome(), last.eventId(), sequence));
                }
            }
        } catch (RuntimeException | Error e) {
            try {
                transaction.rollback();
            } catch (RuntimeException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        transaction.commit(); // a failed commit rolls back by itself
        return written;
    }

    private Written decide(List<Row> rows, Function<List<RowProblem>, RuntimeException> rejection,
                           List<Pending> pending) {
        Set<String> persons = new LinkedHashSet<>();
        rows.forEach(row -> persons.add(row.person().value()));
        Decider decider = new Decider(directory.knownAmong(persons), lookup.factsOf(persons),
                () -> UUID.randomUUID().toString());
        List<RowProblem> problems = new ArrayList<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        Decided last = null;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            rows.set(i, null);
            last = decider.decide(row);
            if (last.rejected()) {
                problems.add(new RowProblem(row, last.problem()));
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
                continue;
            }
            counts.merge(last.outcome(), 1, Integer::sum);
            if (last.event() != null) {
                pending.add(new Pending(last.eventId(), last.event()));
            }
        }
        if (!problems.isEmpty()) {
            throw rejection.apply(problems);
        }
        Result result = new Result(counts.getOrDefault(Outcome.ACCEPTED, 0), counts.getOrDefault(Outcome.UNCHANGED, 0),
                counts.getOrDefault(Outcome.CORRECTED, 0));
        return new Written(result, last == null ? null : new FactReceipt(last.outcome(), last.eventId(), -1));
    }

    /**
     * Appends in chunks in the caller's transaction, continuing each case's sequence; {@code pending} is emptied
     * on the way. Answers the sequence number of the last event.
     */
    private long append(List<Pending> pending, MetaData metaData) {
        Map<String, Long> nextSequence = nextSequences(pending);
        Instant recordedAt = clock.instant(); // the store replaces it with the transaction's record time
        long sequence = -1;
        for (int from = 0; from < pending.size(); from += APPEND_CHUNK) {
            int to = Math.min(pending.size(), from + APPEND_CHUNK);
            List<DomainEventMessage<?>> messages = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                Pending event = pending.set(i, null);
                String person = event.event().person().value();
                sequence = nextSequence.merge(person, 1L, Long::sum) - 1;
                messages.add(new GenericDomainEventMessage<>(CASE_FILE, person, sequence, event.event(), metaData,
                        event.eventId(), recordedAt));
            }
            // No unit of work is active: the store appends (and the lookup follows) at once, in this transaction.
            eventStore.publish(messages);
        }
        return sequence;
    }

    /** The next sequence number of every affected case, in one query. */
    private Map<String, Long> nextSequences(Collection<Pending> pending) {
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

    private static RuntimeException rejected(List<RowProblem> problems) {
        List<InvalidRequest.Problem> cells = new ArrayList<>();
        for (RowProblem problem : problems) {
            cells.add(InvalidRequest.Problem.cell(problem.row().line(), problem.problem().field(),
                    problem.problem().message()));
        }
        return rejectedFile(cells);
    }

    private static InvalidRequest rejectedFile(List<InvalidRequest.Problem> problems) {
        return new InvalidRequest("The fact file was rejected: " + problems.size()
                + (problems.size() >= MAX_PROBLEMS ? " or more" : "") + " problems; nothing was stored.", problems);
    }
}
