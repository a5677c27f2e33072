package de.pilotregistry.command.directory;

import de.pilotregistry.platform.BatchedWrites;
import de.pilotregistry.command.CommandSideConfiguration;
import de.pilotregistry.shared.codes.Group;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps {@link PersonDirectory} in the writer's transaction. */
@Component
@ProcessingGroup(CommandSideConfiguration.LOOKUPS)
class PersonDirectoryUpdater {

    private final BatchedWrites writes;

    PersonDirectoryUpdater(JdbcTemplate jdbc) {
        this.writes = new BatchedWrites(jdbc);
    }

    @EventHandler
    void on(PilotDefined event) {
        writes.add("insert into cmd_pilot_period (pilot_id, start_date, end_date) values (?, ?, ?) "
                + "on conflict do nothing", event.pilotId().value(), event.start(), event.end());
    }

    @EventHandler
    void on(PopulationMemberRecorded event) {
        writes.add("insert into cmd_person_directory (pilot_id, person) values (?, ?) on conflict do nothing",
                event.pilotId().value(), event.person().value());
    }

    @EventHandler
    void on(GroupsDrawn event) {
        String sql = "update cmd_person_directory set grp = ? where pilot_id = ? and person = ?";
        event.participants().forEach(person ->
                writes.add(sql, Group.PARTICIPANT.name(), event.pilotId().value(), person.value()));
        event.comparison().forEach(person ->
                writes.add(sql, Group.COMPARISON.name(), event.pilotId().value(), person.value()));
    }

    /**
     * The caseworker column holds the assignment in force today: assignments neither start nor end in the future,
     * so that is the one not ended (and none after an end).
     */
    @EventHandler
    void on(ParticipantAssigned event) {
        writes.add("update cmd_person_directory set caseworker = ? where pilot_id = ? and person = ?",
                event.caseworker().value(), event.pilotId().value(), event.person().value());
    }

    @EventHandler
    void on(AssignmentEnded event) {
        writes.add("update cmd_person_directory set caseworker = null where pilot_id = ? and person = ?",
                event.pilotId().value(), event.person().value());
    }
}
