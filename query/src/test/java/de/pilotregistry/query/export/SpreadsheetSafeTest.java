package de.pilotregistry.query.export;

import de.pilotregistry.platform.SpreadsheetSafe;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetSafeTest {

    @Test
    void givenTextsThatASpreadsheetWouldRun_whenWritten_thenTheyStartWithAnApostrophe() {
        for (String formula : new String[]{"=1+1", "+1+1", "-1-1", "@SUM(A1)", "\t=1", "\r=1"}) {
            assertThat(SpreadsheetSafe.cell(formula)).isEqualTo("'" + formula);
        }
        assertThat(SpreadsheetSafe.row("P-1", "", null, BigDecimal.valueOf(-1.5), 2))
                .containsExactly("P-1", "", null, BigDecimal.valueOf(-1.5), 2);
    }
}
