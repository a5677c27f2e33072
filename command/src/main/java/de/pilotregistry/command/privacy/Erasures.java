package de.pilotregistry.command.privacy;

import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.privacy.CaseworkerErased;
import de.pilotregistry.shared.privacy.PersonErased;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Erasure of a person's or a caseworker's personal data (crypto-shredding, docs/data-protection.md): their data key is
 * destroyed and {@link PersonErased} or {@link CaseworkerErased} recorded, in one transaction under the append lock, so
 * no write can seal anything for them between the two and no one sees the event without the key being gone.
 */
@Component
class Erasures {

    /** The aggregate type of erasures in the store: one stream of one event per person. */
    static final String ERASURE = "Erasure";

    private final PersonalData personalData;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    Erasures(PersonalData personalData, EventStore eventStore, TransactionManager transactionManager,
             JdbcTemplate jdbc, Clock clock) {
        this.personalData = personalData;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** 404 for a person in no population, 409 for one erased before. */
    PersonErased erase(Pseudonym person, String reason, String erasedBy) {
        return transactionManager.fetchInTransaction(() -> {
            AppendLock.acquire(jdbc);
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from cmd_population where person = ?)",
                    Boolean.class, person.value()))) {
                throw new UnknownEntity("No person '" + Fields.shown(person.value()) + "' in any population.");
            }
            if (!personalData.destroy(PersonalData.person(person.value()))) {
                // Not idempotent on purpose: a second erasure would record a second event with another reason and
                // time, and an admin should learn that the first one stands.
                throw new RuleViolation("The personal data of person '" + Fields.shown(person.value())
                        + "' is erased already.");
            }
            String erasure = "erasure:" + person.value();
            PersonErased event = new PersonErased(person, erasedBy,
                    personalData.seal(erasure, PersonErased.REASON, reason));
            eventStore.publish(new GenericDomainEventMessage<>(ERASURE, PersonErased.streamOf(person), 0, event,
                    MetaData.with("recordedBy", erasedBy), UUID.randomUUID().toString(), clock.instant()));
            return event;
        });
    }

    /** 404 for a caseworker not registered in the pilot, 409 for one erased before. */
    CaseworkerErased erase(PilotId pilot, CaseworkerId caseworker, String reason, String erasedBy) {
        return transactionManager.fetchInTransaction(() -> {
            AppendLock.acquire(jdbc);
            // from the pilot's own stream: registrations are kept in no command-side table
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from domainevententry "
                            + "where aggregateidentifier = ? and payloadtype = any(?) "
                            + "and convert_from(payload, 'UTF8')::jsonb ->> 'caseworker' = ?)", Boolean.class,
                    pilot.value(), EventTypes.storedNames(CaseworkerRegistered.class).toArray(String[]::new),
                    caseworker.value()))) {
                throw new UnknownEntity("No caseworker '" + Fields.shown(caseworker.value()) + "' in pilot '"
                        + Fields.shown(pilot.value()) + "'.");
            }
            if (!personalData.destroy(CaseworkerRegistered.subjectOf(caseworker))) {
                throw new RuleViolation("The personal data of caseworker '" + Fields.shown(caseworker.value())
                        + "' is erased already.");
            }
            CaseworkerErased event = new CaseworkerErased(pilot, caseworker, erasedBy, personalData.seal(
                    CaseworkerErased.reasonSubjectOf(caseworker), CaseworkerErased.REASON, reason));
            eventStore.publish(new GenericDomainEventMessage<>(ERASURE, CaseworkerErased.streamOf(caseworker), 0,
                    event, MetaData.with("recordedBy", erasedBy), UUID.randomUUID().toString(), clock.instant()));
            return event;
        });
    }
}
