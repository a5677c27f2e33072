package de.pilotregistry.app.flow;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person in several pilots: the import says how many persons of a file are in another pilot's population, and a
 * draw leaves out persons already in a group of a pilot whose period overlaps, saying how many and why.
 */
class SharedPersonsTest extends RegistryTest {

    @Test
    void givenPersonsDrawnInAnOverlappingPilot_whenDrawing_thenTheyAreLeftOutAndCounted() {
        String prefix = Populations.uniquePrefix();
        String fresh = Populations.uniquePrefix();
        String first = pilot("2011-03-01", "2012-02-29");
        assertThat(importPopulation(first, population(prefix, 0, 20)).get("sharedWithOtherPilots").asLong()).isZero();
        JsonNode firstDraw = draw(first);
        assertThat(firstDraw.get("participants").asInt() + firstDraw.get("comparison").asInt()).isEqualTo(20);
        assertThat(firstDraw.get("excluded").get("persons").asInt()).isZero();

        // overlaps the first pilot by six months; its population has the 20 drawn there and 20 others
        String overlapping = pilot("2011-09-01", "2012-08-31");
        JsonNode imported = importPopulation(overlapping, population(prefix, 0, 20) + population(fresh, 0, 20));
        assertThat(imported.get("accepted").asInt()).isEqualTo(40);
        assertThat(imported.get("sharedWithOtherPilots").asLong()).isEqualTo(20);
        JsonNode drawn = draw(overlapping);
        assertThat(drawn.get("excluded").get("persons").asInt()).isEqualTo(20);
        assertThat(drawn.get("excluded").get("byPilot").get(first).asLong()).isEqualTo(20);
        assertThat(drawn.get("excluded").get("reason").asText()).contains("overlaps");
        assertThat(drawn.get("participants").asInt() + drawn.get("comparison").asInt()).isEqualTo(20);
        String position = api.postJson("admin", "/api/pilots/" + overlapping + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"Anna\"}").raw().headers()
                .firstValue("Registry-Position").orElseThrow();
        assertThat(api.get("admin", "/api/pilots/" + overlapping + "?minPosition=" + position).status()).isEqualTo(200);
        List<String> drawnThere = jdbc.queryForList("select person from q_member where pilot_id = ? "
                + "and grp <> 'UNSELECTED'", String.class, overlapping);
        assertThat(drawnThere).hasSize(20).allMatch(person -> person.startsWith(fresh));
        JsonNode flow = api.get("evaluator", "/api/pilots/" + overlapping + "/report").json()
                .get("parts").get(0).get("flow");
        assertThat(flow.get("inOverlappingPilotGroup").asInt()).isEqualTo(20);
        assertThat(flow.get("notDrawn").asInt()).isZero();

        // a later pilot that does not overlap may draw them again
        String later = pilot("2013-03-01", "2014-02-28");
        assertThat(importPopulation(later, population(prefix, 0, 20)).get("sharedWithOtherPilots").asLong())
                .isEqualTo(20);
        assertThat(draw(later).get("excluded").get("persons").asInt()).isZero();
    }

    private String pilot(String start, String end) {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Shared","jobcenter":"Kreis Borken","site":"Vreden","start":"%s","end":"%s",
                 "participantPlaces":10,"strata":["SEX"]}""".formatted(start, end));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        return defined.json().get("pilotId").asText();
    }

    private static String population(String prefix, int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < to; i++) {
            rows.append(prefix).append(String.format("%02d", i)).append(',').append(i % 2 == 0 ? "FEMALE" : "MALE")
                    .append(',').append(1960 + i).append("-05,MARKET,24,false,500.00,H").append(prefix).append(i)
                    .append('\n');
        }
        return rows.toString();
    }

    private JsonNode importPopulation(String pilot, String rows) {
        Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.HEADER + "\n" + rows);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        return imported.json();
    }

    private JsonNode draw(String pilot) {
        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        return drawn.json();
    }
}
