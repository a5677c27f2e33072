package de.pilotregistry.query.audit.draw;

import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.draw.Seed;
import de.pilotregistry.shared.draw.StratifiedDraw;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-check names the first place where a recorded draw departs from the published algorithm. */
class DrawCheckTest {

    private static final PilotId PILOT = PilotId.of("pilot-1");
    private static final LocalDate START = LocalDate.of(2011, 3, 1);
    private static final List<StratumVariable> STRATA = List.of(StratumVariable.SEX, StratumVariable.AGE_CLASS);

    private final Seed seed = new Seed("ab".repeat(32));
    private final List<PopulationMemberRecorded> population = population();
    private final PilotDefined defined = new PilotDefined(PILOT, "Test", "Jobcenter", "Site", START,
            START.plusYears(1), 50, 4, Eligibility.LONG_TERM_RECIPIENTS, STRATA, seed.commitment(), START);

    @Test
    void givenAnHonestDraw_whenVerified_thenEverythingMatches() {
        assertThat(DrawCheck.verify(new RecordedDraw(defined, population, honestDraw(seed.hex()))))
                .isEqualTo(new DrawCheck.Verification(true, true, null));
    }

    @Test
    void givenADrawWithTwoPersonsSwappedBetweenTheGroups_whenVerified_thenTheFirstSwappedPersonIsNamed() {
        GroupsDrawn honest = honestDraw(seed.hex());
        List<Pseudonym> participants = new ArrayList<>(honest.participants());
        List<Pseudonym> comparison = new ArrayList<>(honest.comparison());
        participants.set(1, honest.comparison().get(1));
        comparison.set(1, honest.participants().get(1));
        GroupsDrawn swapped = new GroupsDrawn(PILOT, honest.seed(), honest.algorithm(), participants, comparison,
                honest.strata(), START);

        DrawCheck.Verification verification = DrawCheck.verify(new RecordedDraw(defined, population, swapped));

        assertThat(verification.commitmentMatches()).isTrue();
        assertThat(verification.groupsMatch()).isFalse();
        assertThat(verification.firstDifference()).isEqualTo(new DrawCheck.Difference("participants", 1,
                honest.comparison().get(1).value(), honest.participants().get(1).value()));
    }

    @Test
    void givenASeedOtherThanTheCommittedOne_whenVerified_thenTheCommitmentDoesNotMatch() {
        String other = "cd".repeat(32);
        DrawCheck.Verification verification = DrawCheck.verify(new RecordedDraw(defined, population,
                honestDraw(other)));

        assertThat(verification.commitmentMatches()).isFalse();
        assertThat(verification.groupsMatch()).isTrue(); // drawn honestly, but with a seed chosen afterwards
    }

    @Test
    void givenAPersonRecordedInAnotherStratumThanDrawnOn_whenVerified_thenTheGroupsDoNotMatch() {
        GroupsDrawn honest = honestDraw(seed.hex());
        List<PopulationMemberRecorded> changed = new ArrayList<>(population);
        PopulationMemberRecorded first = changed.get(0);
        changed.set(0, member(first.person().value(), first.sex() == Sex.MALE ? Sex.FEMALE : Sex.MALE,
                first.ageClass()));

        assertThat(DrawCheck.verify(new RecordedDraw(defined, changed, honest)).groupsMatch()).isFalse();
    }

    private GroupsDrawn honestDraw(String seedHex) {
        StratifiedDraw.Result result = StratifiedDraw.draw(StratifiedDraw.candidates(population, STRATA), 4,
                new Seed(seedHex));
        return new GroupsDrawn(PILOT, seedHex, StratifiedDraw.ALGORITHM, result.participants(), result.comparison(),
                result.strata(), START);
    }

    private static List<PopulationMemberRecorded> population() {
        List<PopulationMemberRecorded> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(member("P-" + i, i % 2 == 0 ? Sex.MALE : Sex.FEMALE,
                    i % 3 == 0 ? AgeClass.UNDER_25 : AgeClass.FROM_25_TO_49));
        }
        return members;
    }

    private static PopulationMemberRecorded member(String person, Sex sex, AgeClass ageClass) {
        return new PopulationMemberRecorded(PILOT, Pseudonym.of(person), sex, YearMonth.of(1980, 1), ageClass,
                ApplicantType.MARKET, 24, false, new BigDecimal("500.00"), "H-" + person, true, START);
    }
}
