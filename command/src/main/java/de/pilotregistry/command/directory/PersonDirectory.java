package de.pilotregistry.command.directory;

import de.pilotregistry.shared.codes.Group;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.DrawExclusion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Who is in which pilot's population, group and caseload, as the command side must know it to check a write. */
@Component
public class PersonDirectory {

    public record Entry(String pilotId, Pseudonym person, Group group, String caseworker) {
    }

    private final JdbcTemplate jdbc;

    PersonDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Entry> entriesOf(Pseudonym person) {
        return jdbc.query("select pilot_id, person, grp, caseworker from cmd_person_directory where person = ?",
                (rs, row) -> new Entry(rs.getString(1), Pseudonym.of(rs.getString(2)), Group.valueOf(rs.getString(3)),
                        rs.getString(4)), person.value());
    }

    /**
     * Whether the caseworker may record facts for the person: only for participants assigned to them today. The
     * directory's caseworker is the assignment not ended; as no assignment starts or ends in the future, that is
     * the one valid today (an assignment ended today, its end date being the first day without it, is not).
     */
    public boolean isCaseworkerOf(String caseworker, Pseudonym person) {
        return entriesOf(person).stream().anyMatch(entry -> entry.group() == Group.PARTICIPANT
                && caseworker.equals(entry.caseworker()));
    }

    /**
     * The persons of the pilot's population who are in the participant or comparison group of another pilot whose
     * period overlaps this one's (the first such pilot by id for each).
     */
    public List<DrawExclusion> inGroupsOfOverlappingPilots(String pilotId) {
        return jdbc.query("""
                        select d.person, min(o.pilot_id) from cmd_person_directory d
                        join cmd_pilot_period mine on mine.pilot_id = d.pilot_id
                        join cmd_person_directory o on o.person = d.person and o.pilot_id <> d.pilot_id
                             and o.grp in ('PARTICIPANT', 'COMPARISON')
                        join cmd_pilot_period theirs on theirs.pilot_id = o.pilot_id
                        where d.pilot_id = ? and theirs.start_date <= mine.end_date
                          and mine.start_date <= theirs.end_date
                        group by d.person order by d.person""",
                (rs, row) -> new DrawExclusion(Pseudonym.of(rs.getString(1)), PilotId.of(rs.getString(2))), pilotId);
    }

    /** How many persons of the pilot's population are also in the population of another pilot. */
    public long sharedWithOtherPilots(String pilotId) {
        Long shared = jdbc.queryForObject("select count(*) from cmd_person_directory d where d.pilot_id = ? "
                + "and exists (select 1 from cmd_person_directory o where o.person = d.person "
                + "and o.pilot_id <> d.pilot_id)", Long.class, pilotId);
        return shared == null ? 0 : shared;
    }

    public boolean isKnown(Pseudonym person) {
        return !entriesOf(person).isEmpty();
    }

    public Set<String> knownAmong(Collection<String> persons) {
        Set<String> known = new HashSet<>();
        jdbc.query("select distinct person from cmd_person_directory where person = any(?)",
                rs -> {
                    known.add(rs.getString(1));
                }, (Object) persons.toArray(String[]::new));
        return known;
    }
}
