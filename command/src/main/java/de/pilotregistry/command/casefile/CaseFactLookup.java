package de.pilotregistry.command.casefile;

import de.pilotregistry.platform.BatchedWrites;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.command.CommandSideConfiguration;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.codes.FactType;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every case fact by event id and source id: what every fact (single or in a file) is decided against. Kept in the
 * writer's transaction, so under the append lock it is exactly the state of the event store.
 */
@Component
@ProcessingGroup(CommandSideConfiguration.LOOKUPS)
class CaseFactLookup {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;
    private final PersonalData personalData;

    CaseFactLookup(JdbcTemplate jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc);
        this.personalData = personalData;
    }

    @EventHandler
    void on(CaseFactEvent event, @MessageIdentifier String eventId,
            @MetaDataValue(RecordedAs.METADATA) String recordedAs) {
        if (event.corrects() != null) {
            writes.add("update cmd_case_fact set withdrawn = true where event_id = ?", event.corrects());
        }
        writes.add("insert into cmd_case_fact (event_id, person, type, source_id, fingerprint, recorded_as) "
                        + "values (?, ?, ?, ?, ?, ?)", eventId, event.person().value(), event.type().name(),
                event.sourceId(), fingerprint(event), RecordedAs.parse(recordedAs) == null ? null
                        : RecordedAs.parse(recordedAs).name());
    }

    /**
     * Of the fact opened, keyed with the person's data key where it holds a sealed value; null when that value was
     * erased (rebuilt after an erasure): no re-delivery is the same fact then.
     */
    private String fingerprint(CaseFactEvent event) {
        if (!PersonalFacts.holdsSealedValue(event)) {
            return Fingerprint.of(event, null); // no personal value, or a plain one of a revision 1 event
        }
        String subject = PersonalFacts.subjectOf(event);
        byte[] key = personalData.existingKeys(List.of(subject)).get(subject);
        CaseFactEvent opened = PersonalFacts.open(event, key);
        return opened == null ? null : Fingerprint.of(opened, key);
    }

    /** The facts of the given persons, each in the order recorded. */
    Map<String, CaseFacts> factsOf(Collection<String> persons) {
        Map<String, CaseFacts> facts = new HashMap<>();
        jdbc.query("select person, event_id, type, source_id, fingerprint, withdrawn, recorded_as from cmd_case_fact "
                        + "where person = any(?) order by seq",
                rs -> {
                    facts.computeIfAbsent(rs.getString(1), p -> new CaseFacts()).add(new CaseFacts.Known(
                            rs.getString(2), FactType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), RecordedAs.CASEWORKER.name().equals(rs.getString(7))));
                }, (Object) persons.toArray(String[]::new));
        return facts;
    }
}
