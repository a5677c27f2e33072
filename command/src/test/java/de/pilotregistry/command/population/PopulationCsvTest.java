package de.pilotregistry.command.population;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.InvalidRequest.Problem;
import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.PopulationMember;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Reading a population file: every cell is checked, and any problem rejects the whole file with all problems. */
class PopulationCsvTest {

    private static final YearMonth NOW = YearMonth.of(2011, 2);
    private static final String HEADER =
            "person,sex,birth_month,applicant_type,months_in_receipt_24,marginal_employment,monthly_claim,household\n";
    private static final String SEXES = "MALE|FEMALE|DIVERSE|UNSPECIFIED";
    private static final String TYPES = "MARKET|ACTIVATION|SUPPORT|DEVELOPMENT|STABILISATION|ASSISTANCE";

    @Test
    void givenAValidFile_whenRead_thenEveryPersonIsReadWithNormalisedValues() throws IOException {
        List<PopulationMember> members = read(new StringReader(HEADER
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.5,H-1\n"
                + "P-2, male ,1990-11,market,21,TRUE,0,H-2\n"
                + "P-3,DIVERSE,1955-01,ASSISTANCE,0,false,1200.00,\"H-1\"\n"), NOW);

        assertThat(members).containsExactly(
                new PopulationMember(Pseudonym.of("P-1"), Sex.FEMALE, YearMonth.of(1971, 3), ApplicantType.ACTIVATION,
                        24, false, new BigDecimal("812.50"), "H-1"),
                new PopulationMember(Pseudonym.of("P-2"), Sex.MALE, YearMonth.of(1990, 11), ApplicantType.MARKET,
                        21, true, new BigDecimal("0.00"), "H-2"),
                new PopulationMember(Pseudonym.of("P-3"), Sex.DIVERSE, YearMonth.of(1955, 1), ApplicantType.ASSISTANCE,
                        0, false, new BigDecimal("1200.00"), "H-1"));
    }

    @Test
    void givenColumnsInAnotherOrderAndCase_whenRead_thenTheyAreMatchedByName() throws IOException {
        List<PopulationMember> members = read(new StringReader(
                "Household,PERSON,monthly_claim,marginal_employment,months_in_receipt_24,applicant_type,birth_month,Sex\n"
                        + "H-9,P-9,100,false,22,SUPPORT,1980-05,UNSPECIFIED\n"), NOW);

        assertThat(members).containsExactly(new PopulationMember(Pseudonym.of("P-9"), Sex.UNSPECIFIED,
                YearMonth.of(1980, 5), ApplicantType.SUPPORT, 22, false, new BigDecimal("100.00"), "H-9"));
    }

    @Test
    void givenSeveralBadRows_whenRead_thenTheFileIsRejectedWithEveryProblemByLineAndColumn() {
        InvalidRequest rejected = rejected(HEADER
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n"        // line 2: fine
                + "P-2,X,1971-13,FOO,25,yes,12.345,H-2\n"                     // line 3: six problems
                + ",FEMALE,2011-03,MARKET,abc,false,-5,\n"                    // line 4: five problems
                + "P-4,MALE,1899-12,MARKET,24,false,1.5.0,H-4\n"              // line 5: two problems
                + "P-5,MALE,1980-01,MARKET,24,false\n");                      // line 6: too few values

        assertThat(rejected.problems()).containsExactly(
                Problem.cell(3, "sex", "'X' is not one of " + SEXES),
                Problem.cell(3, "birth_month", "'1971-13' is not a month YYYY-MM"),
                Problem.cell(3, "applicant_type", "'FOO' is not one of " + TYPES),
                Problem.cell(3, "months_in_receipt_24", "25 is not between 0 and 24"),
                Problem.cell(3, "marginal_employment", "'yes' is not true or false"),
                Problem.cell(3, "monthly_claim", "12.345 has more than two decimals (EUR and cent)"),
                Problem.cell(4, "person", "is required"),
                Problem.cell(4, "birth_month", "2011-03 is not a plausible month (from 1900-01 to 2011-02)"),
                Problem.cell(4, "months_in_receipt_24", "'abc' is not a whole number"),
                Problem.cell(4, "monthly_claim", "-5 is out of range: must be at least 0 and at most 9999999.99"),
                Problem.cell(4, "household", "is required"),
                Problem.cell(5, "birth_month", "1899-12 is not a plausible month (from 1900-01 to 2011-02)"),
                Problem.cell(5, "monthly_claim", "'1.5.0' is not a number (use a dot for decimals)"),
                Problem.cell(6, null, "has 6 values, the header has 8"));
        assertThat(rejected.getMessage()).contains("14 problems").contains("nothing was stored");
    }

    @Test
    void givenAnUnknownExtraColumn_whenRead_thenRejectedOnTheHeaderLine() {
        InvalidRequest rejected = rejected(HEADER.replace("\n", ",nickname\n")
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1,Anni\n");

        assertThat(rejected.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo("nickname");
            assertThat(problem.message()).startsWith("is not a column of a population file");
        });
    }

    @Test
    void givenAMissingColumn_whenRead_thenRejectedNamingIt() {
        InvalidRequest rejected = rejected(HEADER.replace(",household", "")
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50\n");

        assertThat(rejected.problems()).containsExactly(Problem.cell(1, "household", "is missing from the header"));
    }

    @Test
    void givenAColumnTwice_whenRead_thenRejected() {
        InvalidRequest rejected = rejected(HEADER.replace("\n", ",Sex\n")
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1,FEMALE\n");

        assertThat(rejected.problems()).containsExactly(Problem.cell(1, "Sex", "appears twice"));
    }

    @Test
    void givenTheSamePersonTwice_whenRead_thenTheLaterLineIsRejectedNamingTheFirst() {
        InvalidRequest rejected = rejected(HEADER
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n"
                + "P-2,MALE,1970-03,ACTIVATION,24,false,812.50,H-2\n"
                + "P-1,FEMALE,1971-03,ACTIVATION,23,false,812.50,H-1\n");

        assertThat(rejected.problems()).containsExactly(
                Problem.cell(4, "person", "'P-1' is listed already on line 2"));
    }

    @Test
    void givenAHeaderWithoutPersons_whenRead_thenRejected() {
        InvalidRequest rejected = rejected(HEADER);

        assertThat(rejected.problems()).containsExactly(Problem.cell(1, null, "The file has a header but no persons."));
    }

    @Test
    void givenAnEmptyLineBetweenPersons_whenRead_thenThatLineIsNamed() {
        InvalidRequest rejected = rejected(HEADER
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n"
                + "\n"
                + "P-2,MALE,1970-03,ACTIVATION,24,false,812.50,H-2\n");

        assertThat(rejected.problems()).containsExactly(Problem.cell(3, null, "has 1 values, the header has 8"));
    }

    @Test
    void givenHostileValues_whenRead_thenEachIsRefusedAtOnceByLineAndColumn() {
        InvalidRequest rejected = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> rejected(HEADER
                + "P-1,FEMALE,1971-03,ACTIVATION,24,false,1E+20,H-1\n"                     // line 2
                + "P-2,FEMALE,1971-03,ACTIVATION,24,false,812.50," + "H".repeat(129) + "\n"  // line 3
                + "P-\u00003,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-3\n"              // line 4
                + "P-4,FEMALE,+5874898-01,ACTIVATION,24,false,812.50,H-4\n"               // line 5
                + "P-5,FEMALE,1971-03,ACTIVATION,24,false,1E+100000000,H-5\n"             // line 6
                + "P-6,FEMALE,1971-03,ACTIVATION,99999999999,false,812.50,H 6\n"));       // line 7

        assertThat(rejected.problems()).extracting(Problem::line, Problem::column).containsExactly(
                tuple(2, "monthly_claim"), tuple(3, "household"), tuple(4, "person"), tuple(5, "birth_month"),
                tuple(6, "monthly_claim"), tuple(7, "months_in_receipt_24"), tuple(7, "household"));
        assertThat(rejected.problems().get(0).message()).contains("out of range").contains("9999999.99");
        assertThat(rejected.problems().get(1).message()).isEqualTo("is longer than 128 characters");
        assertThat(rejected.problems().get(2).message()).contains("U+0000");
        assertThat(rejected.problems().get(4).message()).contains("is not a number");
    }

    @Test
    void givenBytesThatAreNotUtf8_whenRead_thenTheFileIsRejectedNotStoredWithReplacementCharacters() {
        byte[] latin1 = (HEADER + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-M\u00FCnster\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        InvalidRequest rejected = catchThrowableOfType(InvalidRequest.class,
                () -> read(CsvFiles.utf8(new ByteArrayInputStream(latin1)), NOW));

        assertThat(rejected).isNotNull();
        assertThat(rejected.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("not valid UTF-8"));
    }

    @Test
    void givenAByteOrderMark_whenRead_thenItIsSkipped() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] file = (HEADER + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + file.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(file, 0, withBom, bom.length, file.length);

        assertThat(read(CsvFiles.utf8(new ByteArrayInputStream(withBom)), NOW)).hasSize(1);
    }

    @Test
    void givenSemicolonsOrBrokenEncodings_whenRead_thenOneProblemSaysHowToSaveTheFile() {
        String semicolons = (HEADER + "P-1,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n").replace(',', ';');
        InvalidRequest excel = catchThrowableOfType(InvalidRequest.class,
                () -> read(new StringReader(semicolons), NOW));
        assertThat(excel.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("';'").contains("comma"));

        byte[] utf16 = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_16LE);
        InvalidRequest unicodeText = catchThrowableOfType(InvalidRequest.class,
                () -> read(CsvFiles.utf8(new ByteArrayInputStream(utf16)), NOW));
        assertThat(unicodeText.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("UTF-16"));

        // rows with problems before the first byte that is not UTF-8: only the encoding is reported
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 0; i < 3000; i++) {
            file.append("P-").append(i).append(",X,1971-03,ACTIVATION,24,false,812.50,H-1\n");
        }
        file.append("P-M\u00FCller,FEMALE,1971-03,ACTIVATION,24,false,812.50,H-1\n");
        byte[] windows1252 = file.toString().getBytes(StandardCharsets.ISO_8859_1);
        InvalidRequest ansi = catchThrowableOfType(InvalidRequest.class,
                () -> read(CsvFiles.utf8(new ByteArrayInputStream(windows1252)), NOW));
        assertThat(ansi.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("not valid UTF-8").contains("save it"));
    }

    @Test
    void givenAHeaderWithThousandsOfUnknownColumns_whenRead_thenAtMost1000ProblemsAreListed() {
        StringBuilder header = new StringBuilder(HEADER.strip());
        for (int i = 0; i < 5000; i++) {
            header.append(",extra").append(i);
        }
        assertThat(rejected(header + "\n").problems()).hasSize(1000);
    }

    private static InvalidRequest rejected(String csv) {
        InvalidRequest rejected = catchThrowableOfType(InvalidRequest.class,
                () -> read(new StringReader(csv), NOW));
        assertThat(rejected).as("the file must be rejected").isNotNull();
        assertThat(rejected.getMessage()).startsWith("The population file was rejected");
        return rejected;
    }

    /** Both passes of an import: every cell checked, then the rows read. */
    private static List<PopulationMember> read(java.io.Reader csv, YearMonth now) throws IOException {
        java.io.StringWriter copy = new java.io.StringWriter();
        try {
            csv.transferTo(copy);
        } catch (IOException e) {
            throw CsvFiles.unreadable(e); // as the check would find it
        }
        String text = copy.toString();
        PopulationCsv.check(new StringReader(text), now);
        List<PopulationMember> members = new java.util.ArrayList<>();
        PopulationCsv.read(new StringReader(text), now, members::add);
        return members;
    }
}
