package de.pilotregistry.command.population;

import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.delivery.Deliveries;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.command.web.Uploads;
import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A population file, stored whole or not at all, in memory that does not grow with the file (apart from the duplicate
 * check). The file is spooled to disk and read twice: first every cell is checked (no lock held, nothing decided);
 * then, in one transaction under the append lock, rows are compared with the pilot's {@link PopulationRoll} and the
 * changed ones appended chunk by chunk. A row equal to the person's latest record is unchanged and stores nothing.
 *
 * <p>The events of a population go to a stream of their own ({@value #POPULATION}, id {@code population@<pilot>}), not
 * to the pilot's: the pilot aggregate then stays small, and nothing in it can go stale while an import appends.
 * Earlier registries kept them in the pilot's stream; every reader takes them by type and pilot, wherever they are.
 */
@Component
class PopulationImport {

    static final String POPULATION = "Population";
    static final int CHUNK = 2000;

    record Result(int accepted, int unchanged) {
    }

    private final PopulationRoll roll;
    private final Deliveries deliveries;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PersonalData personalData;

    PopulationImport(PopulationRoll roll, Deliveries deliveries, EventStore eventStore,
                     TransactionManager transactionManager, JdbcTemplate jdbc, Clock clock,
                     PersonalData personalData) {
        this.personalData = personalData;
        this.roll = roll;
        this.deliveries = deliveries;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static String streamOf(PilotId pilot) {
        return PopulationMemberRecorded.streamOf(pilot);
    }

    /** The record a row becomes: age class and eligibility as on the pilot start; without its customer number. */
    static PopulationMemberRecorded recordOf(PilotId pilot, PopulationRoll.PilotTerms terms, PopulationMember member) {
        return new PopulationMemberRecorded(pilot, member.person(), member.sex(), member.birthMonth(),
                AgeClass.of(member.birthMonth(), terms.start()), member.applicantType(),
                member.monthsInReceiptOfLast24(), member.marginalEmployment(), member.monthlyClaim(), member.household(),
                terms.eligibility().admits(member.monthsInReceiptOfLast24(), member.marginalEmployment()),
                terms.start());
    }

    Result importFile(PilotId pilot, Uploads.Upload file, boolean dryRun, String source, String recordedBy)
            throws IOException {
        YearMonth latestBirthMonth = YearMonth.now(clock);
        try (BufferedReader csv = file.open()) {
            PopulationCsv.check(csv, latestBirthMonth);
        }
        Transaction transaction = transactionManager.startTransaction();
        Chunks chunks;
        try {
            // Taken before the roll is read: no draw and no other import can come between decision and append.
            AppendLock.acquire(jdbc);
            PopulationRoll.PilotTerms terms = roll.termsOf(pilot).orElseThrow(() -> new UnknownEntity(
                    "No pilot with id '" + Fields.shown(pilot.value()) + "'."));
            if (terms.drawn()) {
                throw new RuleViolation("The groups of this pilot are drawn; its population can no longer change.");
            }
            chunks = new Chunks(pilot, terms, dryRun, MetaData.with("recordedBy", recordedBy));
            try (BufferedReader csv = file.open()) {
                PopulationCsv.read(csv, latestBirthMonth, chunks::add);
            }
            chunks.decideAndAppend();
            if (!dryRun) {
                deliveries.record(DeliveryRecorded.Kind.POPULATION, pilot, source, chunks.accepted + chunks.unchanged,
                        chunks.accepted, chunks.unchanged, 0, recordedBy);
            }
        } catch (IOException | RuntimeException | Error e) {
            rollBack(transaction, e);
            throw e;
        }
        if (dryRun) {
            transaction.rollback(); // it only read
        } else {
            transaction.commit(); // a failed commit rolls back by itself
        }
        return new Result(chunks.accepted, chunks.unchanged);
    }

    private static void rollBack(Transaction transaction, Throwable failure) {
        try {
            transaction.rollback();
        } catch (RuntimeException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
    }

    /** Rows a chunk at a time: compared with the persons' latest records in one query, the changed ones appended. */
    private final class Chunks {

        private final PilotId pilot;
        private final PopulationRoll.PilotTerms terms;
        private final boolean dryRun;
        private final MetaData metaData;
        private final String stream;
        private final List<PopulationMember> rows = new ArrayList<>(CHUNK);
        private long nextSequence = -1;
        int accepted;
        int unchanged;

        Chunks(PilotId pilot, PopulationRoll.PilotTerms terms, boolean dryRun, MetaData metaData) {
            this.pilot = pilot;
            this.terms = terms;
            this.dryRun = dryRun;
            this.metaData = metaData;
            this.stream = streamOf(pilot);
        }

        void add(PopulationMember row) {
            rows.add(row);
            if (rows.size() == CHUNK) {
                decideAndAppend();
            }
        }

        void decideAndAppend() {
            if (rows.isEmpty()) {
                return;
            }
            Map<Pseudonym, PopulationMemberRecorded> latest = roll.recordsOf(pilot, terms.start(),
                    rows.stream().map(PopulationMember::person).toList());
            Map<String, byte[]> keys = keysOf(latest);
            List<DomainEventMessage<?>> changes = new ArrayList<>();
            Instant recordedAt = clock.instant(); // the store replaces it with the transaction's record time
            for (PopulationMember row : rows) {
                PopulationMemberRecorded record = recordOf(pilot, terms, row);
                PopulationMemberRecorded previous = latest.get(row.person());
                // Sealed values differ at every sealing (fresh IV): the customer number is compared opened. A plain
                // hash kept next to it would outlive an erasure, so there is none.
                if (previous != null && record.equals(previous.withCustomerNumber(null))
                        && sameCustomerNumber(previous, row.customerNumber(), keys)) {
                    unchanged++;
                    continue;
                }
                accepted++;
                if (row.customerNumber() != null) {
                    String subject = PersonalData.person(row.person().value());
                    record = record.withCustomerNumber(PersonalData.seal(keys.get(subject), subject,
                            PopulationMemberRecorded.CUSTOMER_NUMBER, row.customerNumber()));
                }
                if (!dryRun) {
                    changes.add(new GenericDomainEventMessage<>(POPULATION, stream, nextSequence(), record, metaData,
                            UUID.randomUUID().toString(), recordedAt));
                }
            }
            rows.clear();
            if (!changes.isEmpty()) {
                // No unit of work is active: the store appends (and the roll follows) at once, in this transaction.
                eventStore.publish(changes);
            }
        }

        /**
         * The data keys the chunk needs: of the persons whose latest record holds a customer number (to compare) and,
         * created where missing, of those whose row has one (to seal). A person whose key was destroyed (erased)
         * cannot be given a customer number again: 409.
         */
        private Map<String, byte[]> keysOf(Map<Pseudonym, PopulationMemberRecorded> latest) {
            Map<String, byte[]> keys = new HashMap<>(personalData.existingKeys(latest.values().stream()
                    .filter(record -> record.customerNumber() != null)
                    .map(record -> PersonalData.person(record.person().value())).toList()));
            List<String> sealing = rows.stream().filter(row -> row.customerNumber() != null)
                    .map(row -> PersonalData.person(row.person().value())).toList();
            try {
                keys.putAll(personalData.keysFor(sealing)); // in this transaction: a dry run leaves no key behind
            } catch (PersonalData.SubjectErased e) {
                throw new RuleViolation("The personal data of person '" + Fields.shown(
                        e.subject().substring("person:".length())) + "' was erased; no customer number can be "
                        + "recorded for them again.");
            }
            return keys;
        }

        private static boolean sameCustomerNumber(PopulationMemberRecorded previous, String customerNumber,
                                                  Map<String, byte[]> keys) {
            if (previous.customerNumber() == null || customerNumber == null) {
                return previous.customerNumber() == null && customerNumber == null;
            }
            String subject = PersonalData.person(previous.person().value());
            PersonalData.Opened opened = PersonalData.open(keys.get(subject), subject,
                    PopulationMemberRecorded.CUSTOMER_NUMBER, previous.customerNumber());
            return !opened.erased() && Objects.equals(opened.value(), customerNumber);
        }

        private long nextSequence() {
            if (nextSequence < 0) {
                Long last = jdbc.queryForObject("select max(sequencenumber) from domainevententry "
                        + "where aggregateidentifier = ?", Long.class, stream);
                nextSequence = last == null ? 0 : last + 1;
            }
            return nextSequence++;
        }
    }
}
