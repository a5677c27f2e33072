package de.pilotregistry.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every read of person-level data leaves a row in the hash-chained access log, which an auditor can search. */
class AccessLogTest extends RegistryTest {

    @Test
    void givenPersonLevelReads_whenTheAuditorReadsTheAccessLog_thenEachIsThereWithWhoWhatAndHowMany() {
        String since = jdbc.queryForObject("select to_char(clock_timestamp() at time zone 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')", String.class);
        String pilot = definePilot(4);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(Populations.uniquePrefix(), 20, 29)).status()).isEqualTo(200);
        String position = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").raw().headers()
                .firstValue("Registry-Position").orElseThrow();
        Api.Response cohort = api.sendBytes("evaluator", "GET", "/api/pilots/" + pilot + "/cohort?validAt=2011-05-01"
                + "&size=5&minPosition=" + position, null, null, Map.of("X-Request-Id", "access-cohort-1"));
        assertThat(cohort.status()).isEqualTo(200);
        assertThat(api.getCsv("evaluator", "/api/pilots/" + pilot + "/cohort?validAt=2011-05-01").status())
                .isEqualTo(200);
        assertThat(api.get("admin", "/api/pilots/" + pilot + "/participants").status()).isEqualTo(200);
        api.download("evaluator", "/api/pilots/" + pilot + "/export?validAt=2011-05-01");
        assertThat(api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs").status()).isEqualTo(200);
        String person = api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs").json()
                .get("participants").get(0).asText();
        assertThat(api.get("auditor", "/api/audit/persons/" + person + "/timeline").status()).isEqualTo(200);
        assertThat(api.get("auditor", "/api/audit/pilots/" + pilot + "/replay?validAt=2011-05-01").status())
                .isEqualTo(200);
        assertThat(api.get("evaluator", "/api/pilots/" + pilot).status()).as("no person-level data").isEqualTo(200);

        JsonNode log = api.get("auditor", "/api/audit/access-log?from=" + since).json();
        List<String> endpoints = new ArrayList<>();
        for (JsonNode entry : log.get("entries")) {
            if (pilot.equals(entry.get("pilotId").asText())) {
                endpoints.add(entry.get("endpoint").asText());
            }
        }
        String base = "GET /api/pilots/" + pilot;
        String audit = "GET /api/audit/pilots/" + pilot;
        assertThat(endpoints).containsExactly(base + "/cohort", base + "/cohort", base + "/participants",
                base + "/export", audit + "/draw/inputs", audit + "/draw/inputs", audit + "/replay");
        assertThat(log.get("chain").get("firstBrokenId").isNull()).isTrue();
        assertThat(log.get("chain").get("rowsChecked").asLong()).isGreaterThanOrEqualTo(log.get("entries").size());

        JsonNode first = api.get("auditor", "/api/audit/access-log?user=evaluator&from=" + since).json()
                .get("entries");
        JsonNode page = null;
        for (JsonNode entry : first) {
            if (entry.get("requestId").asText().equals("access-cohort-1")) {
                page = entry;
            }
        }
        assertThat(page).as("the cohort page read").isNotNull();
        assertThat(page.get("user").asText()).isEqualTo("evaluator");
        assertThat(page.get("role").asText()).isEqualTo("EVALUATOR");
        assertThat(page.get("parameters").asText()).isEqualTo("validAt=2011-05-01&size=5&minPosition=" + position);
        assertThat(page.get("persons").asInt()).isEqualTo(5);
        assertThat(page.get("person").isNull()).isTrue();

        JsonNode single = api.get("auditor", "/api/audit/access-log?person=" + person).json().get("entries");
        assertThat(single).hasSize(1);
        assertThat(single.get(0).get("endpoint").asText()).endsWith("/timeline");
        assertThat(single.get(0).get("persons").asInt()).isEqualTo(1);
        assertThat(api.get("auditor", "/api/audit/access-log?person=" + person + "&to=2011-01-01").json()
                .get("entries")).isEmpty();
    }

    @Test
    void givenTheAccessLog_whenSomeoneTriesToChangeARow_thenTheDatabaseRefuses() {
        assertThat(api.get("admin", "/api/audit/access-log").status()).isEqualTo(403);
        api.get("admin", "/api/pilots/" + definePilot(2) + "/participants");
        assertThatThrownBy(() -> jdbc.update("update audit_access set persons = 0 where id = "
                + "(select max(id) from audit_access)")).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> jdbc.update("delete from audit_access")).isInstanceOf(DataAccessException.class);
    }

    @Test
    void givenARowAlteredWithTheTriggerSwitchedOff_whenTheChainIsChecked_thenThatRowIsNamed() {
        api.get("admin", "/api/pilots/" + definePilot(2) + "/participants");
        long last = jdbc.queryForObject("select max(id) from audit_access", Long.class);
        int persons = jdbc.queryForObject("select persons from audit_access where id = ?", Integer.class, last);
        jdbc.execute("alter table audit_access disable trigger audit_access_append_only");
        try {
            jdbc.update("update audit_access set persons = ? where id = ?", persons + 1, last);

            JsonNode chain = api.get("auditor", "/api/audit/access-log?from=2999-01-01T00:00:00Z").json().get("chain");

            assertThat(chain.get("firstBrokenId").asLong()).isEqualTo(last);
        } finally {
            jdbc.update("update audit_access set persons = ? where id = ?", persons, last);
            jdbc.execute("alter table audit_access enable trigger audit_access_append_only");
        }
        assertThat(api.get("auditor", "/api/audit/access-log?from=2999-01-01T00:00:00Z").json().get("chain")
                .get("firstBrokenId").isNull()).isTrue();
    }
}
