package de.pilotregistry.app.database;

import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.shared.codes.AssignmentEndReason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the write side accepts, the read side must be able to store: every limit of {@link FieldLimits} lies
 * within the column that holds the value, as Flyway created it (checked against the live schema, not the SQL text).
 */
class FieldLimitsFitTheReadModelTest extends RegistryTest {

    @Test
    void identifiersFitEveryColumnThatHoldsThem() {
        List<String> columns = List.of("q_member.person", "q_member.household", "q_member.caseworker",
                "q_fact.person", "q_fact.source_id", "q_caseworker.caseworker", "q_assignment.person",
                "q_assignment.caseworker", "cmd_person_directory.person", "cmd_person_directory.caseworker",
                "cmd_case_fact.person", "cmd_case_fact.source_id");
        for (String column : columns) {
            assertThat(textCapacity(column)).as(column).isGreaterThanOrEqualTo(FieldLimits.IDENTIFIER_MAX_LENGTH);
        }
    }

    @Test
    void freeTextFitsItsColumns() {
        for (String column : List.of("q_pilot.name", "q_pilot.jobcenter", "q_pilot.site", "q_caseworker.name")) {
            assertThat(textCapacity(column)).as(column).isGreaterThanOrEqualTo(FieldLimits.NAME_MAX_LENGTH);
        }
        assertThat(textCapacity("q_fact.reason")).isGreaterThanOrEqualTo(FieldLimits.REASON_MAX_LENGTH);
    }

    /** A sealed value is longer than its plain text (base64 of ciphertext, IV and tag): no limit fits, so text. */
    @Test
    void sealedValuesHaveTextColumns() {
        for (String column : List.of("q_fact.monthly_wage", "q_fact.reason", "q_caseworker.name")) {
            assertThat(textCapacity(column)).as(column).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Test
    void assignmentEndReasonsFitTheirColumn() {
        for (AssignmentEndReason reason : AssignmentEndReason.values()) {
            assertThat(textCapacity("q_assignment.end_reason")).as(reason.name())
                    .isGreaterThanOrEqualTo(reason.name().length());
        }
    }

    @Test
    void amountsAndHoursFitTheirNumericColumns() {
        for (String column : List.of("q_member.claim_at_start", "q_fact.monthly_claim")) {
            assertFits(column, FieldLimits.MAX_AMOUNT);
        }
        assertFits("q_fact.weekly_hours", FieldLimits.MAX_WEEKLY_HOURS);
    }

    @Test
    void theExtremeAcceptedValuesCanBeStoredInTheColumnTypes() {
        Map<String, Object> row = jdbc.queryForMap("select ?::numeric(12,2) as amount, ?::numeric(6,2) as hours, "
                        + "?::date as earliest, ?::date as latest, ?::char(7) as birth_month",
                FieldLimits.MAX_AMOUNT, FieldLimits.MAX_WEEKLY_HOURS, FieldLimits.EARLIEST_DATE,
                FieldLimits.LATEST_PILOT_DATE, FieldLimits.EARLIEST_BIRTH_MONTH.toString());
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo(FieldLimits.MAX_AMOUNT);
        assertThat((BigDecimal) row.get("hours")).isEqualByComparingTo(FieldLimits.MAX_WEEKLY_HOURS);
        assertThat(row.get("birth_month")).isEqualTo("1900-01");
    }

    /** Characters a text column holds; {@code text} holds any length. */
    private int textCapacity(String tableAndColumn) {
        String[] name = tableAndColumn.split("\\.");
        Map<String, Object> column = jdbc.queryForMap("select data_type, character_maximum_length "
                + "from information_schema.columns where table_schema = current_schema() "
                + "and table_name = ? and column_name = ?", name[0], name[1]);
        if ("text".equals(column.get("data_type"))) {
            return Integer.MAX_VALUE;
        }
        assertThat(column.get("data_type")).as(tableAndColumn).isEqualTo("character varying");
        return ((Number) column.get("character_maximum_length")).intValue();
    }

    private void assertFits(String tableAndColumn, BigDecimal max) {
        String[] name = tableAndColumn.split("\\.");
        Map<String, Object> column = jdbc.queryForMap("select numeric_precision, numeric_scale "
                + "from information_schema.columns where table_schema = current_schema() "
                + "and table_name = ? and column_name = ?", name[0], name[1]);
        int precision = ((Number) column.get("numeric_precision")).intValue();
        int scale = ((Number) column.get("numeric_scale")).intValue();
        assertThat(scale).as(tableAndColumn + " scale").isGreaterThanOrEqualTo(FieldLimits.AMOUNT_MAX_DECIMALS);
        assertThat(precision - scale).as(tableAndColumn + " integer digits")
                .isGreaterThanOrEqualTo(max.precision() - max.scale());
    }
}
