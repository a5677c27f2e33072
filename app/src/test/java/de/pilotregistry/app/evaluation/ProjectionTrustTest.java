package de.pilotregistry.app.evaluation;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent writers commit out of order while the projections run. The live read model must end with every
 * event (none skipped for a gap that closed late), and a rebuild from the first event must equal it.
 */
class ProjectionTrustTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final String FACT_COLUMNS = "global_index, event_id, person, type, effective_date, recorded_at, "
            + "withdrawn_at, withdrawn_by, corrects, source_id, employment_type, weekly_hours, monthly_wage, "
            + "monthly_claim, channel, outcome, reason, recorded_by";

    @org.springframework.beans.factory.annotation.Autowired
    private org.axonframework.common.transaction.TransactionManager axonTransactions;

    @Test
    void givenTheRegistry_whenAxonRunsAUnitOfWork_thenItRunsInADatabaseTransaction() {
        // Axon's auto-configuration silently falls back to no transactions on Spring Boot 4 (see
        // TransactionConfiguration); appends would then commit statement by statement.
        org.axonframework.common.transaction.Transaction transaction = axonTransactions.startTransaction();
        try {
            assertThat(org.springframework.transaction.support.TransactionSynchronizationManager
                    .isActualTransactionActive()).isTrue();
            Long inTransaction = jdbc.queryForObject("select count(*) from pg_stat_activity "
                    + "where pid = pg_backend_pid() and xact_start is not null and state = 'active'", Long.class);
            assertThat(jdbc.queryForObject("select now() = statement_timestamp()", Boolean.class))
                    .as("now() is the transaction's start, before this statement").isFalse();
            assertThat(inTransaction).isEqualTo(1);
        } finally {
            transaction.rollback();
        }
    }

    @Test
    void givenManyConcurrentWriters_whenTheyFinish_thenTheLiveProjectionHasEveryEventAndEqualsARebuild()
            throws Exception {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(20);
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", Populations.csv(prefix, 80, 3))
                .status()).isEqualTo(200);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/draw", "").status()).isEqualTo(201);

        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> written = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            written.add(pool.submit(() -> {
                Api client = new Api(port);
                int events = 0;
                for (int round = 0; round < 15; round++) {
                    String person = prefix + String.format("%06d", (writer * 10 + round) % 80);
                    Api.Response one = client.postJson("steward", "/api/persons/" + person + "/facts",
                            "{\"type\":\"CONTACT\",\"effective_date\":\"2011-05-0" + (1 + round % 9)
                                    + "\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}");
                    assertThat(one.status()).as(one.toString()).isEqualTo(201);
                    events++;
                    StringBuilder bulk = new StringBuilder(FACT_HEADER).append('\n');
                    for (int i = 0; i < 20; i++) {
                        bulk.append(prefix).append(String.format("%06d", (writer * 7 + round * 3 + i) % 80))
                                .append(",BENEFIT_CHANGE,2011-06-").append(String.format("%02d", 1 + i))
                                .append(",,,,,").append(300 + writer + round).append(".00,,,OTHER,\n");
                    }
                    Api.Response many = client.postCsv("steward", "/api/facts", bulk.toString());
                    assertThat(many.status()).as(many.toString()).isEqualTo(200);
                    events += many.json().get("accepted").asInt();
                }
                return events;
            }));
        }
        int total = 0;
        for (Future<Integer> writer : written) {
            total += writer.get();
        }
        pool.shutdown();
        assertThat(total).isEqualTo(writers * 15 * 21);

        long stored = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ?",
                Long.class, prefix + "%");
        assertThat(stored).isEqualTo(total);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from q_fact where person like ?", Long.class, prefix + "%") >= stored);
        List<Long> inStore = jdbc.queryForList("select globalindex from domainevententry where aggregateidentifier like ? "
                + "order by globalindex", Long.class, prefix + "%");
        List<Long> inReadModel = jdbc.queryForList("select global_index from q_fact where person like ? "
                + "order by global_index", Long.class, prefix + "%");
        assertThat(inReadModel).as("event for event").isEqualTo(inStore);

        List<String> live = rows("q_fact", FACT_COLUMNS);
        List<String> livePilots = rows("q_member", "pilot_id, person, sex, birth_month, age_class, applicant_type, "
                + "months_24, marginal, claim_at_start, household, eligible, grp, caseworker, recorded_at, first_recorded_at");
        String assignmentColumns = "pilot_id, person, caseworker, effective_date, recorded_at, global_index, end_date, "
                + "end_recorded_at, end_reason";
        List<String> liveAssignments = rows("q_assignment", assignmentColumns);
        rebuild("cases");
        rebuild("pilots");
        assertThat(rows("q_fact", FACT_COLUMNS)).as("rebuilt cases projection equals the live one").isEqualTo(live);
        assertThat(rows("q_member", "pilot_id, person, sex, birth_month, age_class, applicant_type, months_24, "
                + "marginal, claim_at_start, household, eligible, grp, caseworker, recorded_at, first_recorded_at"))
                .as("rebuilt pilots projection equals the live one").isEqualTo(livePilots);
        assertThat(rows("q_assignment", assignmentColumns)).as("rebuilt assignments equal the live ones")
                .isEqualTo(liveAssignments);
        assertThat(api.get(null, "/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    private void rebuild(String projection) {
        Api.Response started = api.postJson("admin", "/api/admin/projections/" + projection + "/replay", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String state = api.get("admin", "/api/admin/projections/" + projection + "/replay").json()
                    .get("state").asText();
            assertThat(state).isNotEqualTo("FAILED");
            return state.equals("DONE");
        });
        Api.Response progress = api.get("admin", "/api/admin/projections/" + projection + "/replay");
        assertThat(progress.json().get("eventsDone").asLong()).isPositive();
    }

    private List<String> rows(String table, String columns) {
        return jdbc.queryForList("select concat_ws('|', " + columns + ") from " + table + " order by 1", String.class);
    }
}
