package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.NotPermitted;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.delivery.Deliveries;
import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.casefile.FactReceipt.Outcome;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
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

import de.pilotregistry.command.web.Uploads;
import java.io.BufferedReader;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
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
     * Rows decided and appended at a time, all in the one transaction of the batch. Each chunk reads its persons'
     * facts, serializes, inserts and updates the lookup, so nothing of a chunk is held once the next one starts.
     */
    static final int APPEND_CHUNK = 2000;

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
    record Decided(Outcome outcome, String eventId, CaseFactEvent event, Fields.Problem problem, boolean forbidden) {

        Decided(Outcome outcome, String eventId, CaseFactEvent event, Fields.Problem problem) {
            this(outcome, eventId, event, problem, false);
        }

        static Decided problem(String field, String message) {
            return new Decided(null, null, null, new Fields.Problem(field, message));
        }

        boolean rejected() {
            return problem != null;
        }
    }

    /** A problem of a row; the file and the single fact each answer it in their own form. */
    record RowProblem(Row row, Fields.Problem problem, boolean forbidden) {

        RowProblem(Row row, Fields.Problem problem) {
            this(row, problem, false);
        }
    }

    /**
     * The decide step: rows one after another, each against the facts its person held before the batch and the
     * rows decided before it (a later row may repeat or correct an earlier one).
     */
    static final class Decider {

        private final Set<String> loaded = new HashSet<>();
        private final Set<String> knownPersons;
        private final Map<String, CaseFacts> facts;
        private final Map<String, byte[]> keys = new HashMap<>();
        private final Supplier<String> eventIds;
        private final RecordedAs recordedAs;

        /**
         * @param knownPersons the persons of the rows that are in a pilot's population (kept, not copied)
         * @param facts        the facts each person's case holds, by person; persons without any may be missing
         * @param recordedAs   in which capacity the rows are recorded (decides what they may correct)
         */
        Decider(Set<String> knownPersons, Map<String, CaseFacts> facts, Supplier<String> eventIds,
                RecordedAs recordedAs) {
            this.knownPersons = knownPersons;
            this.facts = facts;
            this.eventIds = eventIds;
            this.recordedAs = recordedAs;
        }

        /** Adds what further persons' rows are decided against. */
        void include(Set<String> known, Map<String, CaseFacts> factsOfPersons) {
            knownPersons.addAll(known);
            facts.putAll(factsOfPersons);
        }

        /** The persons not yet included, among {@code persons}; from now on they count as included. */
        Set<String> notYetIncluded(Set<String> persons) {
            Set<String> fresh = new LinkedHashSet<>(persons);
            fresh.removeAll(loaded);
            loaded.addAll(fresh);
            return fresh;
        }

        /** Adds data keys of persons (by subject), which the fingerprints of facts with personal values need. */
        void include(Map<String, byte[]> keysOfSubjects) {
            keys.putAll(keysOfSubjects);
        }

        /** Forgets every person: what was decided so far is in the lookup now, where the next rows find it. */
        void forget() {
            loaded.clear();
            knownPersons.clear();
            facts.clear();
            keys.clear();
        }

        static Fields.Problem unknown(Pseudonym person) {
            return new Fields.Problem("person", "'" + Fields.shown(person.value()) + "' is in no pilot's population");
        }

        Decided decide(Row row) {
            String person = row.person().value();
            if (!knownPersons.contains(person)) {
                return new Decided(null, null, null, unknown(row.person()));
            }
            CaseFacts caseFacts = facts.computeIfAbsent(person, p -> new CaseFacts());
            FactPolicy.Decision decision = FactPolicy.decide(caseFacts, row.person(), row.fact(), recordedAs,
                    keys.get(PersonalData.person(person)));
            if (decision.rejected()) {
                return new Decided(null, null, null, decision.problem(), decision.forbidden());
            }
            if (decision.event() == null) {
                return new Decided(decision.outcome(), decision.unchangedEventId(), null, null);
            }
            String eventId = eventIds.get();
            // later rows may repeat or correct this one
            caseFacts.add(eventId, decision.event(), decision.fingerprint(), recordedAs);
            return new Decided(decision.outcome(), eventId, decision.event(), null);
        }
    }

    /** What a batch became: the counts, and the receipt of its last row (of the only one, for a single fact). */
    private record Written(Result result, FactReceipt last) {
    }

    private record Pending(String eventId, CaseFactEvent event) {
    }

    private final PersonDirectory directory;
    private final Deliveries deliveries;
    private final CaseFactLookup lookup;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PersonalData personalData;

    FactImport(PersonDirectory directory, Deliveries deliveries, CaseFactLookup lookup, EventStore eventStore,
               TransactionManager transactionManager, JdbcTemplate jdbc, Clock clock, PersonalData personalData) {
        this.directory = directory;
        this.deliveries = deliveries;
        this.lookup = lookup;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.clock = clock;
        this.personalData = personalData;
    }

    /** Rows of a batch, handed one after another to what decides them; a file is read again for each pass. */
    private interface RowSource {
        void each(Consumer<Row> rows) throws IOException;
    }

    /**
     * A fact file, in memory that does not grow with it: the file is on disk and read twice. The first pass checks
     * every cell and, a chunk at a time, that its persons are in a population; the second decides and appends chunk by
     * chunk in one transaction. Every problem is answered with its line and column, and nothing is stored.
     */
    Result importFacts(Uploads.Upload file, boolean dryRun, String source, String recordedBy) throws IOException {
        LocalDate today = LocalDate.now(clock);
        PersonCheck persons = new PersonCheck();
        try (BufferedReader csv = file.open()) {
            read(csv, today, persons::add);
        }
        persons.finish();
        RowSource rows = handler -> {
            try (BufferedReader csv = file.open()) {
                read(csv, today, handler);
            }
        };
        return write(rows, dryRun, recordedBy, RecordedAs.DATA_STEWARD, MetaData.with("channel", BULK_IMPORT),
                FactImport::rejected,
                result -> deliveries.record(DeliveryRecorded.Kind.FACTS, null, source,
                        result.accepted() + result.unchanged() + result.corrected(), result.accepted(),
                        result.unchanged(), result.corrected(), recordedBy)).result();
    }

    /**
     * A single fact: a batch of one row. Its problem is answered by field; a person in no population as unknown
     * (the caller has already checked who may record for the person); a correction the caller may not make as
     * {@link NotPermitted}.
     */
    FactReceipt record(Pseudonym person, CaseFact fact, String recordedBy, RecordedAs recordedAs) {
        RowSource row = handler -> handler.accept(new Row(0, person, fact));
        Function<List<RowProblem>, RuntimeException> rejection = problems -> {
            Fields.Problem problem = problems.get(0).problem();
            if (problem.field().equals("person")) {
                return UnknownEntity.person(person.value());
            }
            if (problems.get(0).forbidden()) {
                return new NotPermitted("Your role may not correct this fact; nothing was stored.",
                        List.of(InvalidRequest.Problem.field(problem.field(), problem.message())));
            }
            return new InvalidRequest("The fact cannot be recorded.",
                    List.of(InvalidRequest.Problem.field(problem.field(), problem.message())));
        };
        try {
            return write(row, false, recordedBy, recordedAs, NO_CHANNEL, rejection, result -> {
                // a single fact is no delivery
            }).last();
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
    }

    /** Reads a file's rows, each cell checked; any problem rejects the file (after reading all of it). */
    private void read(Reader csv, LocalDate today, Consumer<Row> handler) throws IOException {
        List<InvalidRequest.Problem> problems = new ArrayList<>();
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
                if (reading.ok() && pseudonym != null && problems.isEmpty()) {
                    CsvFiles.hand(new Row(line, Pseudonym.of(pseudonym), reading.fact()), handler);
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
            if (!problems.isEmpty()) {
                CsvFiles.requireUtf8(csv);
            }
        } catch (CsvFiles.RowFailed e) {
            throw e.failure(); // not a problem of the file
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw CsvFiles.unreadable(e); // the file's one problem: what was found before does not matter
        }
        if (!problems.isEmpty()) {
            throw rejectedFile(problems);
        }
    }

    /**
     * The first pass's check that every row's person is in a population, a chunk at a time: the common mistake is
     * found before the append lock is taken and anything is appended (population membership only ever grows).
     */
    private final class PersonCheck {

        private final List<Row> rows = new ArrayList<>(APPEND_CHUNK);
        private final List<RowProblem> problems = new ArrayList<>();

        void add(Row row) {
            rows.add(row);
            if (rows.size() == APPEND_CHUNK) {
                check();
            }
        }

        void finish() {
            check();
            if (!problems.isEmpty()) {
                throw rejected(problems);
            }
        }

        private void check() {
            Set<String> persons = new HashSet<>();
            rows.forEach(row -> persons.add(row.person().value()));
            Set<String> known = persons.isEmpty() ? Set.of() : directory.knownAmong(persons);
            for (Row row : rows) {
                if (!known.contains(row.person().value()) && problems.size() < MAX_PROBLEMS) {
                    problems.add(new RowProblem(row, Decider.unknown(row.person())));
                }
            }
            rows.clear();
        }
    }

    /**
     * Decides all rows and appends their events in one transaction, under the append lock, a chunk at a time (a dry
     * run only decides, without either).
     */
    private Written write(RowSource source, boolean dryRun, String recordedBy, RecordedAs recordedAs,
                          MetaData channel, Function<List<RowProblem>, RuntimeException> rejection,
                          Consumer<Result> beforeCommit) throws IOException {
        Batch batch = new Batch(dryRun, recordedAs, channel.and("recordedBy", recordedBy)
                .and(RecordedAs.METADATA, recordedAs.name()));
        Transaction transaction = transactionManager.startTransaction();
        if (dryRun) {
            try {
                source.each(batch::add);
                return batch.finish(rejection);
            } finally {
                transaction.rollback(); // the data keys made to decide leave nothing behind
            }
        }
        Written written;
        try {
            // Every append takes this lock; taken before the cases are read, no other write can come between
            // what this batch decides on and what it appends. Other writers wait, they never fail.
            AppendLock.acquire(jdbc);
            source.each(batch::add);
            written = batch.finish(rejection);
            beforeCommit.accept(written.result());
        } catch (IOException | RuntimeException | Error e) {
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

    /**
     * The rows of a batch, decided and appended a chunk at a time. Each chunk reads what its persons hold from the
     * lookup, which holds what earlier chunks appended (in this transaction), so a later row sees the earlier ones and
     * only a chunk is in memory. A dry run appends nothing, so it keeps the persons it decided for (their facts), to
     * answer exactly what the import would.
     */
    private final class Batch {

        private final boolean dryRun;
        private final MetaData metaData;
        private final List<Row> rows = new ArrayList<>(APPEND_CHUNK);
        private final Decider decider;
        private final List<RowProblem> problems = new ArrayList<>();
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        private Decided last;
        private long lastSequence = -1;

        Batch(boolean dryRun, RecordedAs recordedAs, MetaData metaData) {
            this.dryRun = dryRun;
            this.metaData = metaData;
            this.decider = new Decider(new HashSet<>(), new HashMap<>(), () -> UUID.randomUUID().toString(),
                    recordedAs);
        }

        void add(Row row) {
            if (problems.size() >= MAX_PROBLEMS) {
                return;
            }
            rows.add(row);
            if (rows.size() == APPEND_CHUNK) {
                decideAndAppend();
            }
        }

        Written finish(Function<List<RowProblem>, RuntimeException> rejection) {
            decideAndAppend();
            if (!problems.isEmpty()) {
                throw rejection.apply(problems);
            }
            Result result = new Result(counts.getOrDefault(Outcome.ACCEPTED, 0),
                    counts.getOrDefault(Outcome.UNCHANGED, 0), counts.getOrDefault(Outcome.CORRECTED, 0));
            FactReceipt receipt = last == null ? null : new FactReceipt(last.outcome(), last.eventId(),
                    last.outcome() == Outcome.UNCHANGED ? -1 : lastSequence);
            return new Written(result, receipt);
        }

        private void decideAndAppend() {
            if (rows.isEmpty()) {
                return;
            }
            Set<String> persons = new LinkedHashSet<>();
            rows.forEach(row -> persons.add(row.person().value()));
            Set<String> fresh = decider.notYetIncluded(persons);
            if (!fresh.isEmpty()) {
                decider.include(directory.knownAmong(fresh), lookup.factsOf(fresh));
            }
            Map<String, byte[]> keys = keysOfPersonalValues(rows);
            decider.include(keys);
            List<Pending> pending = new ArrayList<>();
            for (Row row : rows) {
                String subject = PersonalData.person(row.person().value());
                Decided decided = PersonalFacts.holdsPersonalValue(row.fact()) && !keys.containsKey(subject)
                        ? Decided.problem(row.fact().type() == FactType.JOB_START ? "monthly_wage" : "reason",
                        "is personal data of person '" + Fields.shown(row.person().value()) + "', whose personal "
                                + "data was erased; it cannot be recorded for them again")
                        : decider.decide(row);
                if (decided.rejected()) {
                    problems.add(new RowProblem(row, decided.problem(), decided.forbidden()));
                    if (problems.size() >= MAX_PROBLEMS) {
                        break;
                    }
                    continue;
                }
                last = decided;
                counts.merge(decided.outcome(), 1, Integer::sum);
                if (decided.event() != null) {
                    pending.add(new Pending(decided.eventId(), PersonalFacts.seal(decided.event(), keys.get(subject))));
                }
            }
            rows.clear();
            if (!dryRun && problems.isEmpty()) {
                if (!pending.isEmpty()) {
                    lastSequence = append(pending, metaData);
                }
                decider.forget();
            }
        }
    }

    /**
     * The data keys of the chunk's persons whose rows hold a personal value, made where missing (in the batch's
     * transaction); an erased person has none (no key is ever made again for them).
     */
    private Map<String, byte[]> keysOfPersonalValues(List<Row> rows) {
        Set<String> subjects = new LinkedHashSet<>();
        rows.forEach(row -> {
            if (PersonalFacts.holdsPersonalValue(row.fact())) {
                subjects.add(PersonalData.person(row.person().value()));
            }
        });
        while (true) {
            try {
                return subjects.isEmpty() ? Map.of() : personalData.keysFor(subjects);
            } catch (PersonalData.SubjectErased erased) {
                subjects.remove(erased.subject());
            }
        }
    }

    /**
     * Appends a chunk in the caller's transaction, continuing each case's sequence. Answers the sequence number of
     * the last event.
     */
    private long append(List<Pending> pending, MetaData metaData) {
        Map<String, Long> nextSequence = nextSequences(pending);
        Instant recordedAt = clock.instant(); // the store replaces it with the transaction's record time
        long sequence = -1;
        List<DomainEventMessage<?>> messages = new ArrayList<>(pending.size());
        for (Pending event : pending) {
            String person = event.event().person().value();
            sequence = nextSequence.merge(person, 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>(CASE_FILE, person, sequence, event.event(), metaData,
                    event.eventId(), recordedAt));
        }
        // No unit of work is active: the store appends (and the lookup follows) at once, in this transaction.
        eventStore.publish(messages);
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
