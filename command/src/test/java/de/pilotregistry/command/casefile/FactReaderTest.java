package de.pilotregistry.command.casefile;

import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.FactType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FactReaderTest {

    private static final LocalDate TODAY = LocalDate.of(2012, 3, 1);

    @Test
    void givenAValidJobStart_whenRead_thenTheFactCarriesEveryValue() {
        FactReader.Reading reading = FactReader.read(row("type", "JOB_START", "effective_date", "2011-06-01",
                "source_id", "BA-1", "employment_type", "PART_TIME", "weekly_hours", "20", "monthly_wage", "900.00"),
                TODAY);

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.fact().type()).isEqualTo(FactType.JOB_START);
        assertThat(reading.fact().effectiveDate()).isEqualTo(LocalDate.of(2011, 6, 1));
        assertThat(reading.fact().employmentType()).isEqualTo(EmploymentType.PART_TIME);
        assertThat(reading.fact().weeklyHours()).isEqualByComparingTo("20");
        assertThat(reading.fact().monthlyWage()).isEqualByComparingTo(new BigDecimal("900.00"));
        assertThat(reading.fact().sourceId()).isEqualTo("BA-1");
    }

    @Test
    void givenAnImpossibleDateAndAnUnknownCode_whenRead_thenEachColumnIsNamed() {
        FactReader.Reading reading = FactReader.read(row("type", "CONTACT", "effective_date", "2011-02-30",
                "channel", "TELEPATHY", "outcome", "ATTENDED"), TODAY);

        assertThat(reading.ok()).isFalse();
        assertThat(reading.problems()).extracting(FactReader.Problem::column)
                .containsExactlyInAnyOrder("effective_date", "channel");
    }

    @Test
    void givenAFutureDate_whenRead_thenRefusedBecauseAFactIsRecordedOnceTrue() {
        FactReader.Reading reading = FactReader.read(row("type", "EXIT", "effective_date", "2012-03-02"), TODAY);

        assertThat(reading.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("future"));
    }

    @Test
    void givenAColumnTheTypeDoesNotUse_whenRead_thenThatColumnIsNamed() {
        FactReader.Reading reading = FactReader.read(row("type", "CONTACT", "effective_date", "2011-06-01",
                "channel", "PHONE", "outcome", "MISSED", "monthly_claim", "400.00"), TODAY);

        assertThat(reading.problems()).extracting(FactReader.Problem::column).containsExactly("monthly_claim");
    }

    @Test
    void givenARetractionWithoutCorrects_whenRead_thenCorrectsIsRequired() {
        FactReader.Reading reading = FactReader.read(row("type", "RETRACTION"), TODAY);

        assertThat(reading.problems()).extracting(FactReader.Problem::column).containsExactly("corrects");
    }

    @Test
    void givenABenefitChangeToZero_whenRead_thenAnExitIsAskedFor() {
        FactReader.Reading reading = FactReader.read(row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01",
                "monthly_claim", "0.00"), TODAY);

        assertThat(reading.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("EXIT"));
    }

    @Test
    void givenNoType_whenRead_thenTypeIsRequired() {
        FactReader.Reading reading = FactReader.read(row("effective_date", "2011-06-01"), TODAY);

        assertThat(reading.problems()).extracting(FactReader.Problem::column).containsExactly("type");
    }

    /** All columns of a fact file, empty unless given. */
    private static Map<String, String> row(String... columnsAndValues) {
        Map<String, String> row = new HashMap<>();
        FactReader.COLUMNS.forEach(column -> row.put(column, ""));
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }
}
