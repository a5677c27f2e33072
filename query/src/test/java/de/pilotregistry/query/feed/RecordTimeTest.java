package de.pilotregistry.query.feed;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed reads record times digit by digit: the same instants as {@link Instant#parse}, or its error. */
class RecordTimeTest {

    private static final DateTimeFormatter APPEND_PATH = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void givenRecordTimesAsTheAppendPathWritesThem_whenRead_thenEachIsTheInstantInstantParseReads() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Instant written = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000) * 1_000L);
            String text = APPEND_PATH.format(written);
            assertThat(EventFeed.recordTime(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(written);
        }
    }

    @Test
    void givenOtherForms_whenRead_thenInstantParseDecides() {
        assertThat(EventFeed.recordTime("2011-03-01T10:15:30Z")).isEqualTo(Instant.parse("2011-03-01T10:15:30Z"));
        assertThat(EventFeed.recordTime("2011-03-01T10:15:30.123456789Z"))
                .isEqualTo(Instant.parse("2011-03-01T10:15:30.123456789Z"));
        for (String bad : new String[] {"2011-02-30T10:15:30.000000Z", "2011-03-01T24:15:30.000000Z",
                "2011-03-01T10:15:3x.000000Z", "+011-03-01T10:15:30.000000Z"}) {
            assertThatThrownBy(() -> EventFeed.recordTime(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }
}
