package de.pilotregistry.app.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assignments in valid time over HTTP, for a pilot of 2011 (2011-03-01 to 2012-02-29) with a caseload ratio of 1:
 * a participant with caseworker1 from 2011-03-01, the assignment ended on 2011-06-30 (the first day without it),
 * then with caseworker2 from 2011-06-30. The cohort snapshot names the caseworker of the day asked for, as known
 * at the moment asked for.
 */
class AssignmentsInValidTimeTest extends RegistryTest {

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("pilotCache")
    private Cache pilotCache;

    @Test
    void givenA2011Pilot_whenAssigningEndingAndReassigningInThePast_thenTheSnapshotNamesTheCaseworkerOfEachDayAsKnown() {
        String pilot = drawnPilot();
        List<String> participants = jdbc.queryForList("select person from cmd_person_directory "
                + "where pilot_id = ? and grp = 'PARTICIPANT' order by person", String.class, pilot);
        String p = participants.get(0);
        String q = participants.get(1);

        Api.Response assigned = assign(pilot, p, "caseworker1", "2011-03-01");
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        assertThat(assigned.json().get("effectiveDate").asText()).isEqualTo("2011-03-01");
        String assignmentRecordedAt = lastRecordTime(pilot);

        // the dates: within the pilot period, not in the future; by default today, which lies after this pilot
        assertInvalidEffectiveDate(assign(pilot, q, "caseworker2", "2011-02-28"), "outside the pilot period");
        assertInvalidEffectiveDate(assign(pilot, q, "caseworker2", "2012-03-01"), "outside the pilot period");
        String tomorrow = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(1).toString();
        assertInvalidEffectiveDate(assign(pilot, q, "caseworker2", tomorrow), "future");
        assertInvalidEffectiveDate(api.postJson("admin", "/api/pilots/" + pilot + "/assignments",
                "{\"person\":\"" + q + "\",\"caseworker\":\"caseworker2\"}"), "outside the pilot period");
        // ratio 1 on every day: caseworker1 holds p from March on
        assertThat(assign(pilot, q, "caseworker1", "2011-05-01").status()).isEqualTo(409);
        assertThat(assign(pilot, p, "caseworker2", "2011-05-01").status()).as("end first").isEqualTo(409);

        assertInvalidEffectiveDate(end(pilot, p, "2011-02-28"), "before the start");
        Api.Response badReason = api.postJson("admin", "/api/pilots/" + pilot + "/assignments/" + p + "/end",
                "{\"effectiveDate\":\"2011-06-30\",\"reason\":\"BORED\"}");
        assertThat(badReason.status()).isEqualTo(422);
        assertThat(badReason.json().get("errors").get(0).get("field").asText()).isEqualTo("reason");
        assertThat(api.postJson("caseworker1", "/api/pilots/" + pilot + "/assignments/" + p + "/end",
                "{\"effectiveDate\":\"2011-06-30\",\"reason\":\"OTHER\"}").status()).isEqualTo(403);
        Api.Response ended = end(pilot, p, "2011-06-30");
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.json().get("caseworker").asText()).isEqualTo("caseworker1");
        assertThat(ended.json().get("reason").asText()).isEqualTo("CASEWORKER_CHANGE");
        String endRecordedAt = lastRecordTime(pilot);
        assertThat(end(pilot, p, "2011-07-01").status()).as("no assignment left to end").isEqualTo(409);
        Api.Response comparison = end(pilot, comparisonPerson(pilot), "2011-06-30");
        Api.Response unknown = end(pilot, "nobody-" + Populations.uniquePrefix(), "2011-06-30");
        assertThat(comparison.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(comparison.json().get("detail").asText().replace(comparisonPerson(pilot), "X"))
                .isEqualTo(unknown.json().get("detail").asText().replaceAll("nobody-T[^']*", "X"));

        assertThat(assign(pilot, p, "caseworker2", "2011-06-29").status()).as("overlaps the ended one").isEqualTo(409);
        Api.Response reassigned = assign(pilot, p, "caseworker2", "2011-06-30");
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(201);
        String reassignmentRecordedAt = lastRecordTime(pilot);
        assertThat(assign(pilot, q, "caseworker1", "2011-06-29").status()).as("p still with caseworker1")
                .isEqualTo(409);
        Api.Response freed = assign(pilot, q, "caseworker1", "2011-06-30");
        assertThat(freed.status()).as("the end freed caseworker1's place on 2011-06-30").isEqualTo(201);
        String position = freed.raw().headers().firstValue("Registry-Position").orElseThrow();

        assertThat(caseworkerOf(pilot, p, "validAt=2011-02-28", position)).isNull();
        assertThat(caseworkerOf(pilot, p, "validAt=2011-03-01", position)).isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-04-01", position)).isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-06-29", position)).isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-06-30", position)).as("the end date is the first day without")
                .isEqualTo("caseworker2");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-07-15", position)).isEqualTo("caseworker2");
        assertThat(caseworkerOf(pilot, q, "validAt=2011-07-15", position)).isEqualTo("caseworker1");
        // as known before the end was recorded, caseworker1 held p on every day from March on
        assertThat(caseworkerOf(pilot, p, "validAt=2011-07-15&knownAt=" + assignmentRecordedAt, position))
                .isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-04-01&knownAt=" + assignmentRecordedAt, position))
                .isEqualTo("caseworker1");
        // as known once the end was recorded, before the reassignment was: nobody
        assertThat(caseworkerOf(pilot, p, "validAt=2011-07-15&knownAt=" + endRecordedAt, position)).isNull();
        assertThat(caseworkerOf(pilot, p, "validAt=2011-04-01&knownAt=" + endRecordedAt, position))
                .isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-07-15&knownAt=" + reassignmentRecordedAt, position))
                .isEqualTo("caseworker2");

        // today: p is caseworker2's, q is caseworker1's, in the participants list and for recording facts
        assertThat(participantsOf(pilot, "caseworker2", position)).containsExactly(p + ":caseworker2");
        assertThat(participantsOf(pilot, "caseworker1", position)).containsExactly(q + ":caseworker1");
        assertThat(participantsOf(pilot, "admin", position)).contains(p + ":caseworker2", q + ":caseworker1");
        String contact = "{\"type\":\"CONTACT\",\"effective_date\":\"2011-07-04\",\"channel\":\"PHONE\","
                + "\"outcome\":\"ATTENDED\"}";
        assertThat(api.postJson("caseworker1", "/api/persons/" + p + "/facts", contact).status())
                .as("no longer caseworker1's participant").isEqualTo(404);
        assertThat(api.postJson("caseworker2", "/api/persons/" + p + "/facts", contact).status()).isEqualTo(201);
    }

    @Test
    void givenAMoveRecordedInTheOldForm_whenReadingAndDecidingOnIt_thenThePreviousAssignmentEndedOnTheMoveDay() {
        String pilot = drawnPilot();
        List<String> participants = jdbc.queryForList("select person from cmd_person_directory "
                + "where pilot_id = ? and grp = 'PARTICIPANT' order by person", String.class, pilot);
        String p = participants.get(0);
        String q = participants.get(1);
        assertThat(assign(pilot, p, "caseworker1", "2011-03-01").status()).isEqualTo(201);
        // Before assignments could end, a move was one event naming the previous caseworker.
        String aggregateType = jdbc.queryForObject("select type from domainevententry where aggregateidentifier = ? "
                + "limit 1", String.class, pilot);
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, pilot, eventsOf(pilot),
                new ParticipantAssigned(PilotId.of(pilot), Pseudonym.of(p), CaseworkerId.of("caseworker2"),
                        CaseworkerId.of("caseworker1"), LocalDate.of(2011, 5, 2))));
        pilotCache.removeAll(); // the aggregate is loaded anew from its events

        String position = String.valueOf(jdbc.queryForObject("select max(globalindex) from domainevententry",
                Long.class));
        assertThat(caseworkerOf(pilot, p, "validAt=2011-05-01", position)).isEqualTo("caseworker1");
        assertThat(caseworkerOf(pilot, p, "validAt=2011-05-02", position)).isEqualTo("caseworker2");
        assertThat(participantsOf(pilot, "admin", position)).containsExactly(p + ":caseworker2");
        assertThat(jdbc.queryForObject("select caseworker from cmd_person_directory where pilot_id = ? and person = ?",
                String.class, pilot, p)).isEqualTo("caseworker2");

        assertThat(assign(pilot, q, "caseworker1", "2011-05-01").status()).as("caseworker1 full on 2011-05-01")
                .isEqualTo(409);
        assertThat(assign(pilot, q, "caseworker1", "2011-05-02").status()).as("freed by the move").isEqualTo(201);
        Api.Response ended = end(pilot, p, "2011-09-01");
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.json().get("caseworker").asText()).isEqualTo("caseworker2");
    }

    private String drawnPilot() {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Assignments in valid time","jobcenter":"Kreis Borken","site":"Rhede","start":"2011-03-01",
                 "end":"2012-02-29","caseloadRatio":1,"participantPlaces":3,"strata":["SEX"]}""");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        String pilot = defined.json().get("pilotId").asText();
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), 20, 5)).status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);
        for (String caseworker : List.of("caseworker1", "caseworker2")) {
            assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                    "{\"caseworker\":\"" + caseworker + "\",\"name\":\"" + caseworker + "\"}").status()).isEqualTo(201);
        }
        return pilot;
    }

    private Api.Response assign(String pilot, String person, String caseworker, String effectiveDate) {
        return api.postJson("admin", "/api/pilots/" + pilot + "/assignments", "{\"person\":\"" + person
                + "\",\"caseworker\":\"" + caseworker + "\",\"effectiveDate\":\"" + effectiveDate + "\"}");
    }

    private Api.Response end(String pilot, String person, String effectiveDate) {
        return api.postJson("admin", "/api/pilots/" + pilot + "/assignments/" + person + "/end",
                "{\"effectiveDate\":\"" + effectiveDate + "\",\"reason\":\"CASEWORKER_CHANGE\"}");
    }

    private static void assertInvalidEffectiveDate(Api.Response response, String because) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("errors")).as(response.toString()).anySatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo("effectiveDate");
            assertThat(error.get("message").asText()).contains(because);
        });
    }

    /** The record time of the pilot's latest event, as the store keeps it (ISO 8601, UTC). */
    private String lastRecordTime(String pilot) {
        return jdbc.queryForObject("select timestamp from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber desc limit 1", String.class, pilot);
    }

    private String comparisonPerson(String pilot) {
        return jdbc.queryForObject("select min(person) from cmd_person_directory where pilot_id = ? "
                + "and grp = 'COMPARISON'", String.class, pilot);
    }

    private String caseworkerOf(String pilot, String person, String times, String position) {
        // the caseworker's registry id: ADMIN's cohort (evaluators get per-pilot codes)
        Api.Response snapshot = api.get("admin", "/api/pilots/" + pilot + "/cohort?" + times
                + "&minPosition=" + position);
        assertThat(snapshot.status()).as(snapshot.toString()).isEqualTo(200);
        JsonNode row = StreamSupport.stream(snapshot.json().get("persons").spliterator(), false)
                .filter(candidate -> candidate.get("person").asText().equals(person)).findFirst().orElseThrow();
        return row.get("caseworker").isNull() ? null : row.get("caseworker").asText();
    }

    private List<String> participantsOf(String pilot, String user, String position) {
        Api.Response list = api.get(user, "/api/pilots/" + pilot + "/participants?minPosition=" + position);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return StreamSupport.stream(list.json().spliterator(), false)
                .filter(row -> !row.get("caseworker").isNull())
                .map(row -> row.get("person").asText() + ":" + row.get("caseworker").asText()).toList();
    }
}
