package de.pilotregistry.query.cases;

import de.pilotregistry.query.QuerySideConfiguration;
import de.pilotregistry.platform.BatchedWrites;
import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Every case fact as a bitemporal row of {@code q_fact}: valid from its effective date, known from its record
 * time until a later correction or retraction withdraws it. Nothing is deleted, so any (validAt, knownAt)
 * can be answered from the table without replaying events.
 */
@Component
@ProcessingGroup(QuerySideConfiguration.CASES)
public class CaseFactsProjection {

    private final BatchedWrites writes;
    private final String facts;

    @Autowired
    CaseFactsProjection(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /** @param suffix of the table names written, for a rebuild into fresh tables beside the live ones */
    public CaseFactsProjection(JdbcTemplate jdbc, String suffix) {
        this.writes = new BatchedWrites(jdbc);
        this.facts = "q_fact" + suffix;
    }

    @EventHandler
    void on(CaseFactEvent event, @MessageIdentifier String eventId, @Timestamp Instant recordedAt,
            TrackingToken token, @MetaDataValue("recordedBy") String recordedBy) {
        OffsetDateTime recorded = recordedAt.atOffset(ZoneOffset.UTC);
        if (event.corrects() != null) {
            writes.add("update " + facts + " set withdrawn_at = ?, withdrawn_by = ? where event_id = ? "
                    + "and withdrawn_at is null", recorded, eventId, event.corrects());
        }
        Row row = Row.of(event);
        writes.add("insert into " + facts + " (global_index, event_id, person, type, effective_date, recorded_at, "
                        + "corrects, source_id, employment_type, weekly_hours, monthly_wage, monthly_claim, channel, "
                        + "outcome, reason, recorded_by) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "on conflict (global_index) do nothing",
                token.position().orElseThrow(), eventId, event.person().value(), event.type().name(),
                row.effectiveDate, recorded, event.corrects(), event.sourceId(), row.employmentType,
                row.weeklyHours, row.monthlyWage, row.monthlyClaim, row.channel, row.outcome, row.reason, recordedBy);
    }

    /** The columns each kind of fact fills. */
    private static final class Row {
        LocalDate effectiveDate;
        String employmentType;
        BigDecimal weeklyHours;
        String monthlyWage; // sealed (revision 1: plain decimal text), as the event holds it
        BigDecimal monthlyClaim;
        String channel;
        String outcome;
        String reason;

        static Row of(CaseFactEvent event) {
            Row row = new Row();
            if (event instanceof ContactRecorded e) {
                row.effectiveDate = e.effectiveDate();
                row.channel = e.channel().name();
                row.outcome = e.outcome().name();
            } else if (event instanceof JobStarted e) {
                row.effectiveDate = e.effectiveDate();
                row.employmentType = e.employmentType().name();
                row.weeklyHours = e.weeklyHours();
                row.monthlyWage = e.monthlyWage();
            } else if (event instanceof JobEnded e) {
                row.effectiveDate = e.effectiveDate();
                row.reason = e.reason() == null ? null : e.reason().name();
            } else if (event instanceof BenefitChanged e) {
                row.effectiveDate = e.effectiveDate();
                row.monthlyClaim = e.monthlyClaim();
                row.reason = e.reason() == null ? null : e.reason().name();
            } else if (event instanceof BenefitReceiptExited e) {
                row.effectiveDate = e.effectiveDate();
                row.reason = e.reason() == null ? null : e.reason().name();
            } else if (event instanceof BenefitReceiptReentered e) {
                row.effectiveDate = e.effectiveDate();
                row.monthlyClaim = e.monthlyClaim();
            } else if (event instanceof FactRetracted e) {
                row.reason = e.reason(); // sealed (revision 1: plain text), as the event holds it
            }
            return row;
        }
    }
}
