package de.pilotregistry.command.casefile;

import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.codes.BenefitChangeReason;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.ExitReason;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.JobEndReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Reading one fact from its columns: every type, and field-level problems. */
class FactReaderTest {

    private static final LocalDate TODAY = LocalDate.of(2012, 3, 1);

    // --- a valid row of each type -----------------------------------------------------------------------------

    @Test
    void givenAValidContact_whenRead_thenTheFactCarriesEveryValue() {
        CaseFact fact = valid(row("type", "CONTACT", "effective_date", "2011-06-01", "source_id", "KM-1",
                "channel", "HOME_VISIT", "outcome", "MISSED"));

        assertThat(fact).isEqualTo(new CaseFact(FactType.CONTACT, LocalDate.of(2011, 6, 1), "KM-1", null, null, null,
                null, ContactChannel.HOME_VISIT, ContactOutcome.MISSED, null, null));
    }

    @Test
    void givenAValidJobStart_whenRead_thenTheFactCarriesEveryValueWithAmountsInCents() {
        CaseFact fact = valid(row("type", "JOB_START", "effective_date", "2011-06-01", "source_id", "BA-1",
                "employment_type", "PART_TIME", "weekly_hours", "20", "monthly_wage", "900"));

        assertThat(fact).isEqualTo(new CaseFact(FactType.JOB_START, LocalDate.of(2011, 6, 1), "BA-1",
                EmploymentType.PART_TIME, new BigDecimal("20.00"), new BigDecimal("900.00"), null, null, null, null,
                null));
    }

    @Test
    void givenAValidJobEnd_whenRead_thenTheReasonIsItsCode() {
        CaseFact fact = valid(row("type", "JOB_END", "effective_date", "2011-09-30", "reason", "FIXED_TERM_END"));

        assertThat(fact.type()).isEqualTo(FactType.JOB_END);
        assertThat(fact.effectiveDate()).isEqualTo(LocalDate.of(2011, 9, 30));
        assertThat(fact.reason()).isEqualTo(JobEndReason.FIXED_TERM_END.name());
    }

    @Test
    void givenAValidBenefitChange_whenRead_thenClaimAndReasonAreRead() {
        CaseFact fact = valid(row("type", "BENEFIT_CHANGE", "effective_date", "2011-07-01", "monthly_claim", "412.5",
                "reason", "EARNED_INCOME"));

        assertThat(fact).isEqualTo(new CaseFact(FactType.BENEFIT_CHANGE, LocalDate.of(2011, 7, 1), null, null, null,
                null, new BigDecimal("412.50"), null, null, BenefitChangeReason.EARNED_INCOME.name(), null));
    }

    @Test
    void givenAValidExit_whenRead_thenTheReasonIsItsCode() {
        CaseFact fact = valid(row("type", "EXIT", "effective_date", "2011-10-01", "reason", "EMPLOYMENT"));

        assertThat(fact.type()).isEqualTo(FactType.EXIT);
        assertThat(fact.reason()).isEqualTo(ExitReason.EMPLOYMENT.name());
    }

    @Test
    void givenAValidReentry_whenRead_thenTheClaimIsRead() {
        CaseFact fact = valid(row("type", "REENTRY", "effective_date", "2012-01-01", "monthly_claim", "650.00"));

        assertThat(fact.type()).isEqualTo(FactType.REENTRY);
        assertThat(fact.monthlyClaim()).isEqualTo(new BigDecimal("650.00"));
    }

    @Test
    void givenAValidRetraction_whenRead_thenItNeedsNoDateAndKeepsItsFreeTextReason() {
        CaseFact fact = valid(row("type", "RETRACTION", "corrects", "BA-9", "reason", "booked on the wrong person"));

        assertThat(fact).isEqualTo(new CaseFact(FactType.RETRACTION, null, null, null, null, null, null, null, null,
                "booked on the wrong person", "BA-9"));
    }

    @Test
    void givenCodesInLowerCaseAndPaddedValues_whenRead_thenTheyAreAccepted() {
        CaseFact fact = valid(row("type", " contact ", "effective_date", " 2011-06-01 ", "channel", "phone",
                "outcome", "attended", "source_id", "  KM-7  "));

        assertThat(fact.type()).isEqualTo(FactType.CONTACT);
        assertThat(fact.channel()).isEqualTo(ContactChannel.PHONE);
        assertThat(fact.outcome()).isEqualTo(ContactOutcome.ATTENDED);
        assertThat(fact.sourceId()).isEqualTo("KM-7");
    }

    @Test
    void givenAFactDatedToday_whenRead_thenAccepted() {
        assertThat(valid(row("type", "EXIT", "effective_date", TODAY.toString())).effectiveDate()).isEqualTo(TODAY);
    }

    // --- field-level problems ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "2011-02-30, is not a date",
            "01.06.2011, is not a date",
            "2011-6-1,   is not a date",
            "2012-03-02, lies in the future",
            "2099-01-01, lies in the future"})
    void givenABadEffectiveDate_whenRead_thenTheProblemIsOnEffectiveDate(String date, String message) {
        FactReader.Reading reading = FactReader.read(row("type", "EXIT", "effective_date", date), TODAY);

        assertThat(reading.ok()).isFalse();
        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("effective_date");
            assertThat(problem.message()).contains(message);
        });
    }

    static Stream<Arguments> unknownCodes() {
        return Stream.of(
                Arguments.of(row("type", "CONTACT", "effective_date", "2011-06-01", "channel", "TELEPATHY",
                        "outcome", "ATTENDED"), "channel", "TELEPATHY"),
                Arguments.of(row("type", "CONTACT", "effective_date", "2011-06-01", "channel", "PHONE",
                        "outcome", "MAYBE"), "outcome", "MAYBE"),
                Arguments.of(row("type", "JOB_START", "effective_date", "2011-06-01", "employment_type", "GIG"),
                        "employment_type", "GIG"),
                Arguments.of(row("type", "JOB_END", "effective_date", "2011-06-01", "reason", "EARNED_INCOME"),
                        "reason", "EARNED_INCOME"),
                Arguments.of(row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01", "monthly_claim", "10",
                        "reason", "SANCTION"), "reason", "SANCTION"),
                Arguments.of(row("type", "EXIT", "effective_date", "2011-06-01", "reason", "LOTTERY"),
                        "reason", "LOTTERY"),
                Arguments.of(row("type", "HOLIDAY", "effective_date", "2011-06-01"), "type", "HOLIDAY"));
    }

    @ParameterizedTest(name = "[{index}] {1} = {2}")
    @MethodSource("unknownCodes")
    void givenAnUnknownCode_whenRead_thenTheProblemNamesTheColumnTheValueAndTheValidCodes(Map<String, String> row,
                                                                                          String column, String value) {
        FactReader.Reading reading = FactReader.read(row, TODAY);

        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(column);
            assertThat(problem.message()).contains("'" + value + "'").contains("is not one of");
        });
    }

    @Test
    void givenAnUnknownReason_whenRead_thenTheValidCodesOfThatTypeAreListed() {
        FactReader.Reading reading = FactReader.read(row("type", "JOB_END", "effective_date", "2011-06-01",
                "reason", "LOTTERY"), TODAY);

        assertThat(reading.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains(FactReader.list(JobEndReason.class)));
    }

    static Stream<Arguments> missingRequiredColumns() {
        return Stream.of(
                Arguments.of(row("type", "CONTACT"), List.of("effective_date", "channel", "outcome")),
                Arguments.of(row("type", "JOB_START", "effective_date", "2011-06-01"), List.of("employment_type")),
                Arguments.of(row("type", "JOB_END"), List.of("effective_date")),
                Arguments.of(row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01"), List.of("monthly_claim")),
                Arguments.of(row("type", "EXIT"), List.of("effective_date")),
                Arguments.of(row("type", "REENTRY"), List.of("effective_date")),
                Arguments.of(row("type", "RETRACTION"), List.of("corrects")),
                Arguments.of(row("effective_date", "2011-06-01"), List.of("type")));
    }

    @ParameterizedTest(name = "[{index}] {0} misses {1}")
    @MethodSource("missingRequiredColumns")
    void givenARowWithoutARequiredColumnOfItsType_whenRead_thenEveryMissingColumnIsNamed(Map<String, String> row,
                                                                                       List<String> missing) {
        FactReader.Reading reading = FactReader.read(row, TODAY);

        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).extracting(Fields.Problem::field)
                .containsExactlyInAnyOrderElementsOf(missing);
        assertThat(reading.problems()).allSatisfy(problem -> assertThat(problem.message()).contains("required"));
    }

    @ParameterizedTest
    @EnumSource(FactType.class)
    void givenAColumnTheTypeDoesNotUse_whenRead_thenThatColumnIsNamed(FactType type) {
        String unused = type == FactType.JOB_START ? "channel" : "employment_type";
        Map<String, String> row = minimal(type);
        row.put(unused, "PHONE");

        FactReader.Reading reading = FactReader.read(row, TODAY);

        assertThat(reading.problems()).extracting(Fields.Problem::field, Fields.Problem::message)
                .containsExactly(tuple(unused, "is not used by a " + type + " fact; leave it empty"));
    }

    @ParameterizedTest
    @EnumSource(FactType.class)
    void givenTheMinimalRowOfEachType_whenRead_thenItIsValid(FactType type) {
        assertThat(valid(minimal(type)).type()).isEqualTo(type);
    }

    @ParameterizedTest(name = "[{index}] weekly_hours={0}")
    @CsvSource({
            "0,      must be more than 0 and at most 80",
            "80.5,   must be more than 0 and at most 80",
            "-3,     must be more than 0 and at most 80",
            "12.345, has more than two decimals",
            "'12,5', is not a number"})
    void givenBadWeeklyHours_whenRead_thenTheProblemIsOnWeeklyHours(String hours, String message) {
        FactReader.Reading reading = FactReader.read(row("type", "JOB_START", "effective_date", "2011-06-01",
                "employment_type", "FULL_TIME", "weekly_hours", hours), TODAY);

        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).extracting(Fields.Problem::field).contains("weekly_hours");
        assertThat(reading.problems()).anySatisfy(problem -> assertThat(problem.message()).contains(message));
    }

    @Test
    void givenABenefitChangeToZero_whenRead_thenAnExitIsAskedFor() {
        FactReader.Reading reading = FactReader.read(row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01",
                "monthly_claim", "0.00"), TODAY);

        assertThat(reading.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("monthly_claim");
            assertThat(problem.message()).contains("EXIT");
        });
    }

    @Test
    void givenASourceIdLongerThan128Characters_whenRead_thenRefused() {
        FactReader.Reading reading = FactReader.read(row("type", "EXIT", "effective_date", "2011-06-01",
                "source_id", "x".repeat(129)), TODAY);

        assertThat(reading.problems()).extracting(Fields.Problem::field).containsExactly("source_id");
    }

    @Test
    void givenSeveralProblems_whenRead_thenAllAreReportedAtOnce() {
        FactReader.Reading reading = FactReader.read(row("type", "JOB_START", "effective_date", "2011-13-01",
                "employment_type", "GIG", "weekly_hours", "100", "monthly_wage", "-1", "outcome", "ATTENDED"), TODAY);

        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).extracting(Fields.Problem::field).containsExactlyInAnyOrder(
                "outcome", "effective_date", "employment_type", "weekly_hours", "monthly_wage");
    }

    // --- hostile values: refused before they can become events the read model cannot hold ---------------------

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of(row("type", "JOB_START", "effective_date", "2011-06-01", "employment_type", "FULL_TIME",
                        "monthly_wage", "1E+11"), "monthly_wage", "out of range"),
                Arguments.of(row("type", "JOB_START", "effective_date", "2011-06-01", "employment_type", "FULL_TIME",
                        "monthly_wage", "10000000.00"), "monthly_wage", "out of range"),
                Arguments.of(row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01",
                        "monthly_claim", "1E+20"), "monthly_claim", "out of range"),
                Arguments.of(row("type", "REENTRY", "effective_date", "2011-06-01",
                        "monthly_claim", "1E+100000000"), "monthly_claim", "is not a number"),
                Arguments.of(row("type", "JOB_START", "effective_date", "2011-06-01", "employment_type", "FULL_TIME",
                        "weekly_hours", "1E+100000000"), "weekly_hours", "is not a number"),
                Arguments.of(row("type", "RETRACTION", "corrects", "BA-9", "reason", "wrong\u0000person"),
                        "reason", "U+0000"),
                Arguments.of(row("type", "RETRACTION", "corrects", "BA-9", "reason", "r".repeat(501)),
                        "reason", "longer than 500"),
                Arguments.of(row("type", "RETRACTION", "corrects", "BA\u00009"), "corrects", "U+0000"),
                Arguments.of(row("type", "RETRACTION", "corrects", "c".repeat(129)), "corrects", "longer than 128"),
                Arguments.of(row("type", "EXIT", "effective_date", "2011-06-01", "source_id", "BA 1"),
                        "source_id", "may contain only"),
                Arguments.of(row("type", "EXIT", "effective_date", "+5874898-01-01"), "effective_date",
                        "is not a date"),
                Arguments.of(row("type", "EXIT", "effective_date", "1899-12-31"), "effective_date",
                        "is before 1900-01-01"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("hostileValues")
    void givenAHostileValue_whenRead_thenRefusedAtOnceNamingTheColumn(Map<String, String> row, String column,
                                                                      String message) {
        FactReader.Reading reading = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> FactReader.read(row, TODAY));

        assertThat(reading.fact()).isNull();
        assertThat(reading.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(column);
            assertThat(problem.message()).contains(message);
        });
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static CaseFact valid(Map<String, String> row) {
        FactReader.Reading reading = FactReader.read(row, TODAY);
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.ok()).isTrue();
        assertThat(reading.fact()).isNotNull();
        return reading.fact();
    }

    /** A row of {@code type} with only its required columns. */
    private static Map<String, String> minimal(FactType type) {
        return switch (type) {
            case CONTACT -> row("type", "CONTACT", "effective_date", "2011-06-01", "channel", "PHONE",
                    "outcome", "ATTENDED");
            case JOB_START -> row("type", "JOB_START", "effective_date", "2011-06-01", "employment_type", "MARGINAL");
            case JOB_END, EXIT, REENTRY -> row("type", type.name(), "effective_date", "2011-06-01");
            case BENEFIT_CHANGE -> row("type", "BENEFIT_CHANGE", "effective_date", "2011-06-01",
                    "monthly_claim", "300");
            case RETRACTION -> row("type", "RETRACTION", "corrects", "BA-1");
        };
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
