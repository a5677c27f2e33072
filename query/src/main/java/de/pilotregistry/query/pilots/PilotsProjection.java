package de.pilotregistry.query.pilots;

import de.pilotregistry.query.QuerySideConfiguration;
import de.pilotregistry.platform.BatchedWrites;
import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.codes.Group;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pilots, their population with group and caseworker, their draw and the assignments in valid and record time, and
 * the deliveries (imports) of population and fact files.
 */
@Component
@ProcessingGroup(QuerySideConfiguration.PILOTS)
public class PilotsProjection {

    private final BatchedWrites writes;
    private final String pilots;
    private final String members;
    private final String drawStrata;
    private final String caseworkers;
    private final String assignments;
    private final String deliveries;

    @Autowired
    PilotsProjection(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /** @param suffix of the table names written, for a rebuild into fresh tables beside the live ones */
    public PilotsProjection(JdbcTemplate jdbc, String suffix) {
        this.writes = new BatchedWrites(jdbc);
        this.pilots = "q_pilot" + suffix;
        this.members = "q_member" + suffix;
        this.drawStrata = "q_draw_stratum" + suffix;
        this.caseworkers = "q_caseworker" + suffix;
        this.assignments = "q_assignment" + suffix;
        this.deliveries = "q_delivery" + suffix;
    }

    @EventHandler
    void on(PilotDefined e, @Timestamp Instant recordedAt) {
        writes.add("insert into " + pilots + " (pilot_id, name, jobcenter, site, start_date, end_date, caseload_ratio, "
                        + "participant_places, min_months_24, require_marginal, strata, seed_commitment, defined_at) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?,?) on conflict (pilot_id) do nothing",
                e.pilotId().value(), e.name(), e.jobcenter(), e.site(), e.start(), e.end(), e.caseloadRatio(),
                e.participantPlaces(), e.eligibility().minMonthsInReceiptOfLast24(),
                e.eligibility().requireMarginalEmployment(),
                e.strata().stream().map(Enum::name).collect(Collectors.joining(",")), e.seedCommitment(),
                utc(recordedAt));
    }

    /** The import's own events are the positions right before its delivery record (one transaction, one lock). */
    @EventHandler
    void on(DeliveryRecorded e, @Timestamp Instant recordedAt, TrackingToken token,
            @MetaDataValue("recordedBy") String recordedBy) {
        long last = token.position().orElseThrow();
        writes.add("insert into " + deliveries + " (delivery_id, kind, pilot_id, source, recorded_at, recorded_by, "
                        + "first_position, last_position, rows_total, accepted, unchanged, corrected) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?) on conflict (delivery_id) do nothing",
                e.deliveryId(), e.kind().name(), e.pilotId() == null ? null : e.pilotId().value(), e.source(),
                utc(recordedAt), recordedBy, last - e.changes(), last, e.rows(), e.accepted(), e.unchanged(),
                e.corrected());
    }

    @EventHandler
    void on(PopulationMemberRecorded e, @Timestamp Instant recordedAt) {
        writes.add("insert into " + members + " (pilot_id, person, sex, birth_month, age_class, applicant_type, "
                        + "months_24, marginal, claim_at_start, household, eligible, recorded_at, first_recorded_at) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "on conflict (pilot_id, person) do update set sex = excluded.sex, "
                        + "birth_month = excluded.birth_month, age_class = excluded.age_class, "
                        + "applicant_type = excluded.applicant_type, months_24 = excluded.months_24, "
                        + "marginal = excluded.marginal, claim_at_start = excluded.claim_at_start, "
                        + "household = excluded.household, eligible = excluded.eligible, "
                        + "recorded_at = excluded.recorded_at",
                e.pilotId().value(), e.person().value(), e.sex().name(), e.birthMonth().toString(),
                e.ageClass().name(), e.applicantType().name(), e.monthsInReceiptOfLast24(), e.marginalEmployment(),
                e.monthlyClaim(), e.household(), e.eligible(), utc(recordedAt), utc(recordedAt));
    }

    @EventHandler
    void on(GroupsDrawn e, @Timestamp Instant recordedAt) {
        String pilot = e.pilotId().value();
        writes.add("update " + pilots + " set seed = ?, algorithm = ?, drawn_at = ?, excluded_overlapping = ? "
                + "where pilot_id = ?", e.seed(), e.algorithm(), utc(recordedAt), e.excluded().size(), pilot);
        String setGroup = "update " + members + " set grp = ? where pilot_id = ? and person = ?";
        e.participants().forEach(p -> writes.add(setGroup, Group.PARTICIPANT.name(), pilot, p.value()));
        e.comparison().forEach(p -> writes.add(setGroup, Group.COMPARISON.name(), pilot, p.value()));
        List<StratumAllocation> allocations = e.strata();
        for (int i = 0; i < allocations.size(); i++) {
            StratumAllocation s = allocations.get(i);
            writes.add("insert into " + drawStrata + " (pilot_id, ordinal, stratum, eligible, participants, comparison) "
                            + "values (?,?,?,?,?,?) on conflict do nothing", pilot, i, Strata.format(s.stratum()),
                    s.eligible(), s.participants(), s.comparison());
        }
    }

    @EventHandler
    void on(CaseworkerRegistered e) {
        writes.add("insert into " + caseworkers + " (pilot_id, caseworker, name) values (?,?,?) on conflict do nothing",
                e.pilotId().value(), e.caseworker().value(), e.name());
    }

    /**
     * An assignment row, open until an end arrives. {@code q_member.caseworker} holds the assignment not ended, which
     * is the one valid today (no assignment starts or ends in the future).
     */
    @EventHandler
    void on(ParticipantAssigned e, @Timestamp Instant recordedAt, TrackingToken token) {
        if (e.previousCaseworker() != null) {
            // recorded before assignments could end: moving the participant ended the previous assignment
            endOpenAssignment(e.pilotId().value(), e.person().value(), e.effectiveDate(), recordedAt,
                    AssignmentEndReason.CASEWORKER_CHANGE);
        }
        writes.add("update " + members + " set caseworker = ? where pilot_id = ? and person = ?",
                e.caseworker().value(), e.pilotId().value(), e.person().value());
        writes.add("insert into " + assignments + " (pilot_id, person, caseworker, effective_date, recorded_at, "
                        + "global_index) values (?,?,?,?,?,?) on conflict do nothing", e.pilotId().value(),
                e.person().value(), e.caseworker().value(), e.effectiveDate(), utc(recordedAt),
                token.position().orElseThrow());
    }

    /** The end is kept beside the assignment with its own record time, like a withdrawal in {@code q_fact}. */
    @EventHandler
    void on(AssignmentEnded e, @Timestamp Instant recordedAt) {
        endOpenAssignment(e.pilotId().value(), e.person().value(), e.effectiveDate(), recordedAt, e.reason());
        writes.add("update " + members + " set caseworker = null where pilot_id = ? and person = ?",
                e.pilotId().value(), e.person().value());
    }

    private void endOpenAssignment(String pilot, String person, LocalDate endDate, Instant recordedAt,
                                   AssignmentEndReason reason) {
        writes.add("update " + assignments + " set end_date = ?, end_recorded_at = ?, end_reason = ? "
                + "where pilot_id = ? and person = ? and end_date is null", endDate, utc(recordedAt), reason.name(),
                pilot, person);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
