package de.pilotregistry.query.export;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuasiIdentifiersTest {

    @Test
    void givenAUniqueRow_whenAnonymized_thenItAndOneWholeGroupGiveWay() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new String[]{"850", "F", "MARKET"});
            rows.add(new String[]{"900", "F", "MARKET"});
        }
        rows.add(new String[]{"1250", "F", "MARKET"});
        int k = new QuasiIdentifiers(3, rows).anonymize();
        // alone even without its band, the unique row is emptied and joined by a whole group of three
        assertThat(k).isEqualTo(3);
        assertThat(rows.get(6)).containsOnlyNulls();
        assertThat(rows.stream().filter(r -> r[0] == null).count()).isEqualTo(4);
    }

    @Test
    void givenRandomPersons_whenAnonymized_thenEveryCombinationIsSharedByAtLeastThree() {
        Random random = new Random(2011);
        for (int round = 0; round < 100; round++) {
            List<String[]> rows = new ArrayList<>();
            int n = 3 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                rows.add(new String[]{String.valueOf(random.nextInt(20) * 50), String.valueOf(random.nextInt(6)),
                        String.valueOf(random.nextInt(3)), random.nextBoolean() ? "F" : "M"});
            }
            assertThat(new QuasiIdentifiers(3, rows).anonymize()).as("round " + round).isGreaterThanOrEqualTo(3);
        }
    }
}
