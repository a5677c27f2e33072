package de.pilotregistry.app.support;

import de.pilotregistry.app.PilotRegistryApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole registry on a random port, on embedded PostgreSQL (or on the PostgreSQL named by
 * SPRING_DATASOURCE_URL); tests talk to it over real HTTP. All such tests share one running registry.
 */
@SpringBootTest(classes = PilotRegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class RegistryTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** The events of a case file, or of a pilot with its population (a stream of its own, {@code population@<pilot>}). */
    protected long eventsOf(String aggregateIdentifier) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier in (?, ?)",
                Long.class, aggregateIdentifier, "population@" + aggregateIdentifier);
    }

    protected long eventCount() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }

    protected String definePilot(int places) {
        Api.Response defined = api.postJson("admin", "/api/pilots", """
                {"name":"Test pilot","jobcenter":"Kreis Borken","site":"Bocholt","start":"2011-03-01",
                 "end":"2012-02-29","caseloadRatio":50,"participantPlaces":%d,
                 "eligibility":{"minMonthsInReceiptOfLast24":21,"requireMarginalEmployment":false},
                 "strata":["SEX","AGE_CLASS","APPLICANT_TYPE"]}""".formatted(places));
        if (defined.status() != 201) {
            throw new AssertionError("pilot not defined: " + defined);
        }
        return defined.json().get("pilotId").asText();
    }
}
