package de.pilotregistry.app.flow;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A population file larger than one chunk (rows are compared and appended 2,000 at a time, in one transaction): every
 * row of every chunk is compared with the person's latest record, the pilot's population stream continues without
 * gaps under one record time, and the draw takes the population exactly as imported.
 */
class PopulationImportTest extends RegistryTest {

    private static final int PERSONS = 4_500;

    @Test
    void givenAFileOfSeveralChunks_whenImportedAgainAndChanged_thenEveryRowIsDecidedAgainstItsLatestRecord() {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(100);
        String population = Populations.csv(prefix, PERSONS, 5);

        Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population", population);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(PERSONS);
        assertThat(jdbc.queryForList("select sequencenumber from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber", Long.class, "population@" + pilot))
                .as("the population stream, without gaps").hasSize(PERSONS).last().isEqualTo(PERSONS - 1L);
        assertThat(jdbc.queryForObject("select count(distinct timestamp) from domainevententry "
                + "where aggregateidentifier = ?", Long.class, "population@" + pilot)).as("one record time").isEqualTo(1);

        Api.Response again = api.postCsv("steward", "/api/pilots/" + pilot + "/population", population);
        assertThat(again.json().get("unchanged").asInt()).as(again.toString()).isEqualTo(PERSONS);

        // an eligible person in the third chunk is no longer long-term in receipt: only that row changes
        String last = prefix + String.format("%06d", PERSONS - 2);
        String changed = population.replaceFirst("(" + last + ",[A-Z]+,\\d{4}-\\d{2},[A-Z]+,)\\d+", "$13");
        Api.Response dryRun = api.postCsv("steward", "/api/pilots/" + pilot + "/population?dryRun=true", changed);
        assertThat(dryRun.json().get("accepted").asInt()).as(dryRun.toString()).isEqualTo(1);
        assertThat(eventsOf(pilot)).as("a dry run stores nothing").isEqualTo(PERSONS + 1);
        Api.Response update = api.postCsv("steward", "/api/pilots/" + pilot + "/population", changed);
        assertThat(update.json().get("accepted").asInt()).as(update.toString()).isEqualTo(1);
        assertThat(update.json().get("unchanged").asInt()).isEqualTo(PERSONS - 1);

        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        long eligible = population.lines().skip(1).filter(row -> !row.split(",")[4].equals("12")).count() - 1;
        long drawnFrom = 0;
        for (var stratum : drawn.json().get("strata")) {
            drawnFrom += stratum.get("eligible").asLong();
        }
        assertThat(drawnFrom).as("every eligible person, by their latest record").isEqualTo(eligible);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population).status())
                .as("the population is frozen by the draw").isEqualTo(409);
    }
}
