package de.pilotregistry.command.population;

import de.pilotregistry.platform.BatchedWrites;
import de.pilotregistry.command.CommandSideConfiguration;
import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every pilot's population as the write side decides on it: the latest record of each person, and what of the pilot
 * an import needs (start, eligibility, drawn). Kept in the writer's transaction from the events, so under the append
 * lock it is exactly the state of the event store. A population import and the draw both read it under that lock:
 * an import never changes a drawn population, and the draw sees every import committed before it and no other.
 */
@Component
@ProcessingGroup(CommandSideConfiguration.LOOKUPS)
public class PopulationRoll implements EligiblePersons {

    /** What an import needs of its pilot. */
    public record PilotTerms(LocalDate start, Eligibility eligibility, boolean drawn) {
    }

    private static final String COLUMNS = "pilot_id, person, sex, birth_month, age_class, applicant_type, "
            + "months_in_receipt_24, marginal_employment, monthly_claim, household, eligible, customer_number";

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    PopulationRoll(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc);
    }

    @EventHandler
    void on(PilotDefined event) {
        writes.add("insert into cmd_pilot_terms (pilot_id, start_date, min_months_in_receipt, require_marginal) "
                        + "values (?, ?, ?, ?)", event.pilotId().value(), Date.valueOf(event.start()),
                event.eligibility().minMonthsInReceiptOfLast24(), event.eligibility().requireMarginalEmployment());
    }

    @EventHandler
    void on(GroupsDrawn event) {
        writes.add("update cmd_pilot_terms set drawn = true where pilot_id = ?", event.pilotId().value());
    }

    @EventHandler
    void on(PopulationMemberRecorded event) {
        writes.add("insert into cmd_population (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (pilot_id, person) do update set sex = excluded.sex, "
                        + "birth_month = excluded.birth_month, age_class = excluded.age_class, "
                        + "applicant_type = excluded.applicant_type, "
                        + "months_in_receipt_24 = excluded.months_in_receipt_24, "
                        + "marginal_employment = excluded.marginal_employment, monthly_claim = excluded.monthly_claim, "
                        + "household = excluded.household, eligible = excluded.eligible, "
                        + "customer_number = excluded.customer_number",
                event.pilotId().value(), event.person().value(), event.sex().name(), event.birthMonth().toString(),
                event.ageClass().name(), event.applicantType().name(), event.monthsInReceiptOfLast24(),
                event.marginalEmployment(), event.monthlyClaim(), event.household(), event.eligible(),
                event.customerNumber());
    }

    /** The pilot's terms, empty for a pilot never defined. */
    public Optional<PilotTerms> termsOf(PilotId pilot) {
        return jdbc.query("select start_date, min_months_in_receipt, require_marginal, drawn from cmd_pilot_terms "
                        + "where pilot_id = ?", (rs, row) -> new PilotTerms(rs.getDate(1).toLocalDate(),
                        new Eligibility(rs.getInt(2), rs.getBoolean(3)), rs.getBoolean(4)), pilot.value())
                .stream().findFirst();
    }

    /** The latest record of each of the given persons that has one, by person; all are effective on the pilot start. */
    public Map<Pseudonym, PopulationMemberRecorded> recordsOf(PilotId pilot, LocalDate start,
                                                              Collection<Pseudonym> persons) {
        Map<Pseudonym, PopulationMemberRecorded> records = new HashMap<>();
        RowMapper<PopulationMemberRecorded> mapper = recordEffectiveOn(start);
        jdbc.query("select " + COLUMNS + " from cmd_population where pilot_id = ? and person = any(?)",
                rs -> {
                    PopulationMemberRecorded record = mapper.mapRow(rs, 0);
                    records.put(record.person(), record);
                }, pilot.value(), persons.stream().map(Pseudonym::value).toArray(String[]::new));
        return records;
    }

    /**
     * In pseudonym order. Takes the append lock first (held until the draw's transaction ends), so no import can commit
     * between what the draw reads and what it records.
     */
    @Override
    public List<Eligible> eligibleForDraw(PilotId pilot) {
        AppendLock.acquire(jdbc);
        return jdbc.query("select person, sex, age_class, applicant_type from cmd_population "
                        + "where pilot_id = ? and eligible order by person",
                (rs, row) -> new Eligible(Pseudonym.of(rs.getString(1)), Sex.valueOf(rs.getString(2)),
                        AgeClass.valueOf(rs.getString(3)), ApplicantType.valueOf(rs.getString(4))), pilot.value());
    }

    private static RowMapper<PopulationMemberRecorded> recordEffectiveOn(LocalDate start) {
        return (rs, row) -> new PopulationMemberRecorded(
                PilotId.of(rs.getString(1)), Pseudonym.of(rs.getString(2)), Sex.valueOf(rs.getString(3)),
                YearMonth.parse(rs.getString(4)), AgeClass.valueOf(rs.getString(5)),
                ApplicantType.valueOf(rs.getString(6)), rs.getInt(7), rs.getBoolean(8), rs.getBigDecimal(9),
                rs.getString(10), rs.getBoolean(11), start, rs.getString(12));
    }
}
