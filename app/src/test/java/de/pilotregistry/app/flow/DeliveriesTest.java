package de.pilotregistry.app.flow;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every import is a delivery: listed with the name the client gave, its record time, its position range and what
 * became of its rows; a dry run is none, a file that changed nothing is one; a bad name stores nothing.
 */
class DeliveriesTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";

    @Test
    void givenImportsOfPopulationAndFacts_whenListed_thenEachIsADeliveryWithItsTimeRangeAndCounts() {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(5);
        Api.Response population = post("/api/pilots/" + pilot + "/population", Populations.csv(prefix, 30, 3),
                "BA Bestand M%C3%A4rz 2011.csv"); // beyond ASCII, a header is percent-encoded UTF-8
        assertThat(population.status()).as(population.toString()).isEqualTo(200);
        String facts = FACT_HEADER + "\n" + prefix + "000001,CONTACT,2011-03-07," + prefix + "S1,,,,,PHONE,ATTENDED,,\n"
                + prefix + "000002,CONTACT,2011-03-08," + prefix + "S2,,,,,PHONE,ATTENDED,,\n";
        assertThat(post("/api/facts", facts, "KM-Lieferung 2011-03").status()).isEqualTo(200);
        assertThat(post("/api/facts?dryRun=true", facts, "dry").status()).isEqualTo(200);
        Api.Response again = post("/api/facts", facts, null);
        String position = again.raw().headers().firstValue("Registry-Position").orElseThrow();

        Api.Response listed = api.get("evaluator", "/api/deliveries?pilot=" + pilot + "&minPosition=" + position);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<JsonNode> ours = new ArrayList<>();
        listed.json().forEach(delivery -> {
            if (pilot.equals(delivery.path("pilotId").asText()) || delivery.get("lastPosition").asLong()
                    > Long.parseLong(position) - 10 && delivery.get("kind").asText().equals("FACTS")) {
                ours.add(delivery);
            }
        });
        JsonNode populationDelivery = ours.get(0);
        assertThat(populationDelivery.get("kind").asText()).isEqualTo("POPULATION");
        assertThat(populationDelivery.get("source").asText()).isEqualTo("BA Bestand März 2011.csv");
        assertThat(populationDelivery.get("recordedBy").asText()).isEqualTo("steward");
        assertThat(populationDelivery.get("rows").asInt()).isEqualTo(30);
        assertThat(populationDelivery.get("accepted").asInt()).isEqualTo(30);
        long first = populationDelivery.get("firstPosition").asLong();
        long last = populationDelivery.get("lastPosition").asLong();
        List<Map<String, Object>> range = jdbc.queryForList("select aggregateidentifier, timestamp "
                + "from domainevententry where globalindex between ? and ? order by globalindex", first, last);
        assertThat(range).hasSize(31);
        assertThat(range.subList(0, 30)).allMatch(row -> row.get("aggregateidentifier").equals("population@" + pilot));
        assertThat(range).extracting(row -> row.get("timestamp")).as("one record time, the delivery's").containsOnly(
                range.get(0).get("timestamp"));

        assertThat(ours).hasSize(3).as("the dry run is no delivery");
        assertThat(ours.get(1).get("source").asText()).isEqualTo("KM-Lieferung 2011-03");
        assertThat(ours.get(1).get("accepted").asInt()).isEqualTo(2);
        assertThat(ours.get(2).get("unchanged").asInt()).as("a delivery that changed nothing").isEqualTo(2);
        assertThat(ours.get(2).get("firstPosition").asLong()).isEqualTo(ours.get(2).get("lastPosition").asLong());
        assertThat(ours.get(2).path("source").isNull()).isTrue();
    }

    @Test
    void givenASourceNameWithAControlCharacterOrTooLong_whenImporting_then422AndNothingStored() {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(5);
        Long before = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);

        Api.Response tooLong = post("/api/pilots/" + pilot + "/population", Populations.csv(prefix, 3, 3),
                "x".repeat(201));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.json().get("errors").get(0).get("field").asText()).isEqualTo("Registry-Source");
        assertThat(jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class)).isEqualTo(before);
        assertThat(api.get("caseworker1", "/api/deliveries").status()).isEqualTo(403);
    }

    private Api.Response post(String path, String csv, String source) {
        return api.sendBytes("steward", "POST", path, "text/csv", csv.getBytes(StandardCharsets.UTF_8),
                source == null ? Map.of() : Map.of("Registry-Source", source));
    }

}
