package de.pilotregistry.query.audit.draw;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.audit.store.EventTable;
import de.pilotregistry.query.audit.store.RecordedEvent;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
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

    private final EventTable events;

    DrawHistory(EventTable events) {
        this.events = events;
    }

    RecordedDraw of(String pilotId) {
        PilotDefined defined = null;
        GroupsDrawn drawn = null;
        Map<Pseudonym, PopulationMemberRecorded> population = new LinkedHashMap<>();
        // In global order: the population records stored before the draw are the ones it drew on.
        for (RecordedEvent event : events.pilotEvents(pilotId)) {
            Object payload = event.payload();
            if (payload instanceof PilotDefined definition) {
                defined = definition;
            } else if (payload instanceof PopulationMemberRecorded member) {
                population.put(member.person(), member); // the latest record before the draw counts
            } else if (payload instanceof GroupsDrawn groups) {
                drawn = groups;
                break;
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
