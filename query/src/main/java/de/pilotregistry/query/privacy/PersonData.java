package de.pilotregistry.query.privacy;

import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.query.audit.store.EventTable;
import de.pilotregistry.query.audit.store.RecordedEvent;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.privacy.PersonErased;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's personal data as the registry holds it: read from the events themselves (they hold it sealed) and opened
 * at read time with the person's data key. No read model holds it, not even sealed: after an erasure there is nothing
 * to clean up anywhere but the key.
 */
@Component
class PersonData {

    /** A customer number as shown: the value, or null and erased. */
    record CustomerNumber(String value, boolean erased) {
    }

    record PilotMembership(String pilotId, String name, String group, CustomerNumber customerNumber) {
    }

    record Erasure(Instant erasedAt, String erasedBy, String reason) {
    }

    /** A personal value of a case fact as shown: the value, or null and erased. */
    record Opened(String value, boolean erased) {
    }

    /** A job start with its exact wage (null when none was delivered). */
    record JobStart(String eventId, LocalDate effectiveDate, String corrects, Opened monthlyWage) {
    }

    /** A retraction with its free-text reason (null when none was given). */
    record Retraction(String eventId, String corrects, Opened reason) {
    }

    record Person(String person, boolean erased, CustomerNumber customerNumber, List<PilotMembership> pilots,
                  List<JobStart> jobStarts, List<Retraction> retractions, Erasure erasure) {
    }

    private final EventTable events;
    private final PersonalData personalData;
    private final JdbcTemplate jdbc;

    PersonData(EventTable events, PersonalData personalData, JdbcTemplate jdbc) {
        this.events = events;
        this.personalData = personalData;
        this.jdbc = jdbc;
    }

    /** Empty for a person in no population. */
    Optional<Person> of(String person) {
        Map<String, PopulationMemberRecorded> latestByPilot = new LinkedHashMap<>();
        PopulationMemberRecorded latest = null;
        RecordedEvent erased = null;
        List<RecordedEvent> jobStarts = new ArrayList<>();
        List<RecordedEvent> retractions = new ArrayList<>();
        for (RecordedEvent event : events.mayConcern(person)) {
            if (event.payload() instanceof JobStarted job && job.person().value().equals(person)) {
                jobStarts.add(event);
            } else if (event.payload() instanceof FactRetracted retraction
                    && retraction.person().value().equals(person)) {
                retractions.add(event);
            }
            if (event.payload() instanceof PopulationMemberRecorded record && record.person().value().equals(person)) {
                latestByPilot.put(record.pilotId().value(), record);
                latest = record;
            } else if (event.payload() instanceof PersonErased erasure && erasure.person().value().equals(person)) {
                erased = event;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        String subject = PersonalData.person(person);
        byte[] key = personalData.existingKeys(List.of(subject)).get(subject);
        List<PilotMembership> pilots = new ArrayList<>();
        latestByPilot.forEach((pilot, record) -> pilots.add(new PilotMembership(pilot, pilotName(pilot),
                group(pilot, person), customerNumber(key, subject, record))));
        List<JobStart> jobs = jobStarts.stream().map(event -> {
            JobStarted job = (JobStarted) event.payload();
            return new JobStart(event.eventId(), job.effectiveDate(), job.corrects(),
                    opened(key, subject, JobStarted.MONTHLY_WAGE, job.monthlyWage()));
        }).toList();
        List<Retraction> withdrawn = retractions.stream().map(event -> {
            FactRetracted retraction = (FactRetracted) event.payload();
            return new Retraction(event.eventId(), retraction.corrects(),
                    opened(key, subject, FactRetracted.REASON, retraction.reason()));
        }).toList();
        return Optional.of(new Person(person, erased != null, customerNumber(key, subject, latest), pilots, jobs,
                withdrawn, erasure(erased)));
    }

    /** Sealed values opened; plain ones of revision 1 events as they are. */
    private static Opened opened(byte[] key, String subject, String field, String stored) {
        PersonalData.Opened opened = PersonalData.openStored(key, subject, field, stored);
        return opened == null ? null : new Opened(opened.value(), opened.erased());
    }

    private static CustomerNumber customerNumber(byte[] key, String subject, PopulationMemberRecorded record) {
        if (record.customerNumber() == null) {
            return null; // none was delivered
        }
        PersonalData.Opened opened = PersonalData.open(key, subject, PopulationMemberRecorded.CUSTOMER_NUMBER,
                record.customerNumber());
        return new CustomerNumber(opened.value(), opened.erased());
    }

    private Erasure erasure(RecordedEvent stored) {
        if (stored == null) {
            return null;
        }
        PersonErased event = (PersonErased) stored.payload();
        PersonalData.Opened reason = personalData.open("erasure:" + event.person().value(), PersonErased.REASON,
                event.reason());
        return new Erasure(stored.recordedAt(), event.erasedBy(), reason.value());
    }

    private String pilotName(String pilot) {
        return jdbc.query("select name from q_pilot where pilot_id = ?", (rs, row) -> rs.getString(1), pilot).stream()
                .findFirst().orElse(null);
    }

    private String group(String pilot, String person) {
        return jdbc.query("select grp from q_member where pilot_id = ? and person = ?", (rs, row) -> rs.getString(1),
                pilot, person).stream().findFirst().orElse(null);
    }
}
