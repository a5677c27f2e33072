package de.pilotregistry.command.web;

import de.pilotregistry.command.UnknownEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The one field parser: every hostile value is refused with a message naming the field, before anything is stored. */
class FieldsTest {

    private static final LocalDate TODAY = LocalDate.of(2012, 3, 1);

    // --- amounts -------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "0,             0.00",
            "812.5,         812.50",
            "900.00,        900.00",
            "12.340,        12.34",
            "9999999.99,    9999999.99",
            "1.5E3,         1500.00",
            "1.23456785E6,  1234567.85",
            "1.0E-2,        0.01",
            "' 410.00 ',    410.00"})
    void givenAnAmountWithinTheLimits_whenRead_thenItHasTwoDecimals(String text, String expected) {
        Fields fields = new Fields();

        BigDecimal amount = fields.amount("monthly_claim", text, false, FieldLimits.MAX_AMOUNT, true);

        assertThat(fields.problems()).isEmpty();
        assertThat(amount).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "1E+11,          out of range",
            "1.0E11,         out of range",
            "1E+20,          out of range",
            "10000000,       out of range",
            "9999999.991,    out of range",
            "99999999999.99, out of range",
            "-0.01,          out of range",
            "12.345,         more than two decimals",
            "1E-3,           more than two decimals",
            "'12,5',         is not a number",
            "1.5.0,          is not a number",
            "abc,            is not a number",
            "Infinity,       is not a number",
            "NaN,            is not a number",
            "0x10,           is not a number",
            "1E+100,         is not a number",
            "1E+100000000,   is not a number",
            "1e-999999999,   is not a number"})
    void givenAnAmountOutsideTheLimits_whenRead_thenRefusedNamingTheField(String text, String message) {
        Fields fields = new Fields();

        BigDecimal amount = fields.amount("monthly_wage", text, false, FieldLimits.MAX_AMOUNT, false);

        assertThat(amount).isNull();
        assertThat(fields.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("monthly_wage");
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void givenAHugeExponentOrAHugeNumeral_whenRead_thenRefusedAtOnceWithoutExpandingIt() {
        List<String> hostile = List.of("1E+100000000", "1E+2147483647", "9.99E-2147483648", "1".repeat(100_000),
                "0." + "0".repeat(100_000) + "1", "1" + "0".repeat(5_000) + "E-4999");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (String text : hostile) {
                Fields fields = new Fields();
                assertThat(fields.amount("monthly_claim", text, false, FieldLimits.MAX_AMOUNT, true)).isNull();
                assertThat(fields.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.field()).isEqualTo("monthly_claim"));
            }
        });
    }

    @Test
    void givenAZeroWhereMoreThanZeroIsRequired_whenRead_thenRefused() {
        Fields fields = new Fields();

        assertThat(fields.amount("weekly_hours", "0.00", true, FieldLimits.MAX_WEEKLY_HOURS, false)).isNull();
        assertThat(fields.amount("weekly_hours", "80.01", true, FieldLimits.MAX_WEEKLY_HOURS, false)).isNull();
        assertThat(fields.amount("weekly_hours", "80", true, FieldLimits.MAX_WEEKLY_HOURS, false))
                .isEqualTo(new BigDecimal("80.00"));

        assertThat(fields.problems()).extracting(Fields.Problem::message).containsExactly(
                "0.00 is out of range: must be more than 0 and at most 80",
                "80.01 is out of range: must be more than 0 and at most 80");
    }

    @Test
    void theAmountLimitsFitTheReadModelColumnsNumeric12And2AndNumeric6And2() {
        BigDecimal numeric12x2 = new BigDecimal("9999999999.99");
        BigDecimal numeric6x2 = new BigDecimal("9999.99");
        assertThat(FieldLimits.MAX_AMOUNT).isLessThanOrEqualTo(numeric12x2);
        assertThat(FieldLimits.MAX_WEEKLY_HOURS).isLessThanOrEqualTo(numeric6x2);
        assertThat(FieldLimits.AMOUNT_MAX_DECIMALS).isEqualTo(2);
    }

    // --- identifiers ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"P-000017", "H-1", "BA-2011/06:17_a.b", "caseworker1", "x"})
    void givenAnIdentifierOfLettersDigitsAndPunctuation_whenRead_thenAccepted(String value) {
        Fields fields = new Fields();

        assertThat(fields.identifier("person", " " + value + " ", true)).isEqualTo(value);
        assertThat(fields.problems()).isEmpty();
    }

    @Test
    void givenAnIdentifierOf128Characters_whenRead_thenAcceptedAnd129AreRefused() {
        Fields fields = new Fields();

        assertThat(fields.identifier("household", "H".repeat(128), true)).hasSize(128);
        assertThat(fields.identifier("household", "H".repeat(129), true)).isNull();

        assertThat(fields.problems()).extracting(Fields.Problem::field, Fields.Problem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("household", "is longer than 128 characters"));
    }

    static Stream<Arguments> identifiersWithOtherCharacters() {
        return Stream.of(
                Arguments.of("P\u00001", "U+0000"),
                Arguments.of("P-1\u0000", "U+0000"),
                Arguments.of("\u0000", "U+0000"),
                Arguments.of("P\u007F1", "U+007F"),
                Arguments.of("P\u00851", "U+0085"),
                Arguments.of("P\uD8001", "U+D800"),
                Arguments.of("P 1", "may contain only"),
                Arguments.of("P;1", "may contain only"),
                Arguments.of("Pers\u00F6nlich", "may contain only"),
                Arguments.of("P-1'--", "may contain only"),
                Arguments.of("<script>", "may contain only"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("identifiersWithOtherCharacters")
    void givenAnIdentifierWithOtherCharacters_whenRead_thenRefused(String value, String message) {
        Fields fields = new Fields();

        assertThat(fields.identifier("source_id", value, false)).isNull();
        assertThat(fields.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("source_id");
            assertThat(problem.message()).contains(message).doesNotContain("\u0000");
        });
    }

    @Test
    void givenAPathThatCannotBeAPilotId_whenRead_thenAnsweredAsAnUnknownPilot() {
        assertThat(Fields.pilotId("3f2b8a4e-0000-4000-8000-000000000001").value())
                .isEqualTo("3f2b8a4e-0000-4000-8000-000000000001");
        assertThatThrownBy(() -> Fields.pilotId("x".repeat(65))).isInstanceOf(UnknownEntity.class);
        assertThatThrownBy(() -> Fields.pilotId("a\u0000b")).isInstanceOf(UnknownEntity.class)
                .hasMessageContaining("U+0000");
    }

    // --- free text -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Bocholt 2011", "Kreis Borken", "Jobcenter M\u00FCnster-L\u00FCdinghausen",
            "\u0141\u00F3d\u017A \uD83D\uDE00", "booked on the wrong person (see ticket #17)"})
    void givenCleanText_whenRead_thenAccepted(String value) {
        Fields fields = new Fields();

        assertThat(fields.text("name", value, FieldLimits.NAME_MAX_LENGTH, true)).isEqualTo(value);
        assertThat(fields.problems()).isEmpty();
    }

    static Stream<Arguments> textWithControlCharacters() {
        return Stream.of(
                Arguments.of("wrong\u0000person", "U+0000"),
                Arguments.of("wrong person\u0000", "U+0000"),
                Arguments.of("\u0000", "U+0000"),
                Arguments.of("line one\nline two", "U+000A"),
                Arguments.of("tab\there", "U+0009"),
                Arguments.of("bell\u0007", "U+0007"),
                Arguments.of("c1\u009Bcontrol", "U+009B"),
                Arguments.of("lone \uDC00 half", "U+DC00"),
                Arguments.of("lone \uD83D half", "U+D83D"),
                Arguments.of("non\uFFFEchar", "U+FFFE"),
                Arguments.of("non\uFFFFchar", "U+FFFF"),
                Arguments.of("non\uFDD0char", "U+FDD0"),
                Arguments.of("line\u2028separator", "U+2028"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("textWithControlCharacters")
    void givenTextWithAControlCharacterOrInvalidUnicode_whenRead_thenRefusedNamingTheCharacter(String value,
                                                                                               String character) {
        Fields fields = new Fields();

        assertThat(fields.text("reason", value, FieldLimits.REASON_MAX_LENGTH, false)).isNull();
        assertThat(fields.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("reason");
            assertThat(problem.message()).contains(character).contains("control characters and invalid Unicode");
        });
    }

    @Test
    void givenTextLongerThanItsLimit_whenRead_thenRefusedCountingCharactersNotCodeUnits() {
        Fields fields = new Fields();

        assertThat(fields.text("name", "n".repeat(200), FieldLimits.NAME_MAX_LENGTH, true)).hasSize(200);
        assertThat(fields.text("name", "\uD83D\uDE00".repeat(200), FieldLimits.NAME_MAX_LENGTH, true)).isNotNull();
        assertThat(fields.text("name", "n".repeat(201), FieldLimits.NAME_MAX_LENGTH, true)).isNull();
        assertThat(fields.text("reason", "r".repeat(501), FieldLimits.REASON_MAX_LENGTH, false)).isNull();

        assertThat(fields.problems()).extracting(Fields.Problem::message)
                .containsExactly("is longer than 200 characters", "is longer than 500 characters");
    }

    @Test
    void givenAMissingRequiredText_whenRead_thenRequired() {
        Fields fields = new Fields();

        assertThat(fields.text("site", "   ", FieldLimits.NAME_MAX_LENGTH, true)).isNull();
        assertThat(fields.text("site", null, FieldLimits.NAME_MAX_LENGTH, false)).isNull();

        assertThat(fields.problems()).containsExactly(new Fields.Problem("site", "is required"));
    }

    // --- dates ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "5874898-01-01,   is not a date",
            "+5874898-01-01,  is not a date",
            "-0001-01-01,     is not a date",
            "2011-02-30,      is not a date",
            "2011-6-1,        is not a date",
            "01.06.2011,      is not a date",
            "1899-12-31,      is before 1900-01-01",
            "2101-01-01,      is after 2100-12-31"})
    void givenAPilotDateOutsideItsLimits_whenRead_thenRefused(String value, String message) {
        Fields fields = new Fields();

        assertThat(fields.date("start", value, FieldLimits.EARLIEST_DATE, FieldLimits.LATEST_PILOT_DATE, true))
                .isNull();
        assertThat(fields.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("start");
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void givenFactDates_whenRead_thenFrom1900UpToToday() {
        Fields fields = new Fields();

        assertThat(fields.pastDate("effective_date", "1900-01-01", TODAY, true)).isEqualTo(FieldLimits.EARLIEST_DATE);
        assertThat(fields.pastDate("effective_date", TODAY.toString(), TODAY, true)).isEqualTo(TODAY);
        assertThat(fields.pastDate("effective_date", "2012-03-02", TODAY, true)).isNull();
        assertThat(fields.pastDate("effective_date", "1899-12-31", TODAY, true)).isNull();

        assertThat(fields.problems()).extracting(Fields.Problem::message).containsExactly(
                "2012-03-02 lies in the future; record a fact once it is true", "1899-12-31 is before 1900-01-01");
    }

    @Test
    void givenBirthMonths_whenRead_thenFrom1900UpToTheCurrentMonth() {
        Fields fields = new Fields();
        YearMonth now = YearMonth.of(2012, 3);

        assertThat(fields.month("birth_month", "1900-01", FieldLimits.EARLIEST_BIRTH_MONTH, now, true))
                .isEqualTo(YearMonth.of(1900, 1));
        assertThat(fields.month("birth_month", "2012-04", FieldLimits.EARLIEST_BIRTH_MONTH, now, true)).isNull();
        assertThat(fields.month("birth_month", "+5874898-01", FieldLimits.EARLIEST_BIRTH_MONTH, now, true)).isNull();
        assertThat(fields.month("birth_month", "1971-13", FieldLimits.EARLIEST_BIRTH_MONTH, now, true)).isNull();

        assertThat(fields.problems()).extracting(Fields.Problem::field).containsOnly("birth_month").hasSize(3);
    }

    // --- whole numbers and booleans --------------------------------------------------------------------------------

    @Test
    void givenWholeNumbersAsJsonOrText_whenRead_thenAccepted() {
        Fields fields = new Fields();

        assertThat(fields.integer("participantPlaces", 10, 1, 100_000, true)).isEqualTo(10);
        assertThat(fields.integer("participantPlaces", 100_000L, 1, 100_000, true)).isEqualTo(100_000);
        assertThat(fields.integer("participantPlaces", " 7 ", 1, 100_000, true)).isEqualTo(7);
        assertThat(fields.problems()).isEmpty();
    }

    @Test
    void givenNonWholeOrOutOfRangeNumbers_whenRead_thenRefusedNamingTheField() {
        Fields fields = new Fields();

        assertThat(fields.integer("participantPlaces", 2.5, 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", new BigDecimal("2.0"), 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", "abc", 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", true, 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", Map.of("a", 1), 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", 0, 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", 100_001, 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", Long.MAX_VALUE, 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", BigInteger.TEN.pow(400), 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", "9".repeat(10_000), 1, 100_000, true)).isNull();
        assertThat(fields.integer("participantPlaces", null, 1, 100_000, true)).isNull();

        assertThat(fields.problems()).hasSize(11).allSatisfy(problem ->
                assertThat(problem.field()).isEqualTo("participantPlaces"));
        assertThat(fields.problems()).extracting(Fields.Problem::message).startsWith(
                "'2.5' is not a whole number", "'2.0' is not a whole number", "'abc' is not a whole number",
                "'true' is not a whole number");
        assertThat(fields.problems().get(5).message()).isEqualTo("0 is not between 1 and 100000");
    }

    @Test
    void givenBooleans_whenRead_thenOnlyTrueOrFalse() {
        Fields fields = new Fields();

        assertThat(fields.bool("marginal_employment", "TRUE", true)).isTrue();
        assertThat(fields.bool("marginal_employment", false, true)).isFalse();
        assertThat(fields.bool("marginal_employment", "yes", true)).isNull();
        assertThat(fields.bool("marginal_employment", 1, true)).isNull();

        assertThat(fields.problems()).extracting(Fields.Problem::message)
                .containsExactly("'yes' is not true or false", "'1' is not true or false");
    }

    // --- codes, JSON shape, echoes ---------------------------------------------------------------------------------

    enum Colour { RED, GREEN }

    @Test
    void givenALongOrHostileCode_whenRefused_thenTheEchoIsShortAndShowsNoControlCharacters() {
        Fields fields = new Fields();

        assertThat(fields.code("colour", "green", Colour.class, true)).isEqualTo(Colour.GREEN);
        assertThat(fields.code("colour", "R\u0000ED" + "x".repeat(10_000), Colour.class, true)).isNull();

        assertThat(fields.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("'RU+0000EDxxx").contains("…' is not one of RED|GREEN")
                    .hasSizeLessThan(100);
        });
    }

    @Test
    void givenAnObjectWhereASingleValueBelongs_whenRead_thenOneProblemNotTwo() {
        Fields fields = new Fields();

        String name = fields.text("name", fields.scalar("name", Map.of("first", "A")), FieldLimits.NAME_MAX_LENGTH,
                true);

        assertThat(name).isNull();
        assertThat(fields.problems()).containsExactly(new Fields.Problem("name", "must be a single value"));
    }

    @Test
    void givenUnknownJsonFields_whenChecked_thenEachIsNamed() {
        Fields fields = new Fields();

        fields.onlyKnown("eligibility.", Map.of("minMonthsInReceiptOfLast24", 21, "bogus", 1),
                List.of("minMonthsInReceiptOfLast24", "requireMarginalEmployment"));

        assertThat(fields.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.field()).isEqualTo("eligibility.bogus"));
    }
}
