package de.pilotregistry.query.audit.draw;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a pilot's draw from the event store itself, not from a read model an auditor would have to trust. */
@Component
class DrawHistory {

    private final EventStore eventStore;

    DrawHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    RecordedDraw of(String pilotId) {
        PilotDefined defined = null;
        GroupsDrawn drawn = null;
        Map<Pseudonym, PopulationMemberRecorded> population = new LinkedHashMap<>();
        // From sequence 0: a snapshot, if one were ever taken, is the aggregate's state, not what was recorded.
        DomainEventStream events = eventStore.readEvents(pilotId, 0);
        while (events.hasNext() && drawn == null) {
            DomainEventMessage<?> event = events.next();
            Object payload = event.getPayload();
            if (payload instanceof PilotDefined definition) {
                defined = definition;
            } else if (payload instanceof PopulationMemberRecorded member) {
                population.put(member.person(), member); // the latest record before the draw counts
            } else if (payload instanceof GroupsDrawn groups) {
                drawn = groups;
            }
        }
        if (defined == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No pilot with id '" + Excerpt.of(pilotId) + "'.");
        }
        if (drawn == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The groups of pilot '" + Excerpt.of(pilotId)
                    + "' are not drawn yet.");
        }
        ArrayList<PopulationMemberRecorded> members = new ArrayList<>(population.values());
        members.sort(Comparator.comparing(member -> member.person().value()));
        return new RecordedDraw(defined, members, drawn);
    }
}
