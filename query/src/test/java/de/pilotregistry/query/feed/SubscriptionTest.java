package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.pilotregistry.platform.PersonalData;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a subscription admits and how it shapes the published JSON. */
class SubscriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETRACTED = "de.pilotregistry.casefile.FactRetracted";
    private static final String ERASED = "de.pilotregistry.privacy.PersonErased";
    private static final Subscription.Opener NEVER = (type, data, field, sealed) -> {
        throw new AssertionError("nothing to open");
    };

    @Test
    void admitsItsTypesOfItsPilots() {
        Subscription some = new Subscription("partner", Set.of(RETRACTED), Set.of("A"), false, false);
        assertThat(some.admits(RETRACTED, Set.of("A", "B"))).isTrue();
        assertThat(some.admits(RETRACTED, Set.of("B"))).isFalse();
        assertThat(some.admits(RETRACTED, Set.of())).as("an event of no pilot").isFalse();
        assertThat(some.admits(ERASED, Set.of("A"))).isFalse();
        Subscription all = new Subscription("integration", null, null, false, false);
        assertThat(all.limitsPilots()).isFalse();
        assertThat(all.admits(ERASED, Set.of())).isTrue();
    }

    @Test
    void sealedFieldsNeverLeaveAndFreeTextOnlyWhenSubscribed() throws Exception {
        Subscription plain = new Subscription("integration", null, null, false, false);
        ObjectNode member = data("{\"pilotId\":\"A\",\"person\":\"P-1\",\"customerNumber\":\"v1:abc:def\"}");
        assertThat(plain.shape("de.pilotregistry.pilot.PopulationMemberRecorded", member, NEVER).has("customerNumber"))
                .isFalse();
        Subscription freeText = new Subscription("reader", null, null, true, false);
        ObjectNode caseworker = data("{\"pilotId\":\"A\",\"caseworker\":\"c1\",\"name\":\"v1:abc:def\"}");
        assertThat(freeText.shape("de.pilotregistry.pilot.CaseworkerRegistered", caseworker, NEVER).has("name"))
                .as("sealed, not free text: withheld even with free text").isFalse();

        String retraction = "{\"person\":\"P-1\",\"corrects\":\"e-0\",\"reason\":\"wrong person\"}";
        assertThat(plain.shape(RETRACTED, data(retraction), NEVER).has("reason")).isFalse();
        assertThat(freeText.shape(RETRACTED, data(retraction), NEVER).path("reason").asText())
                .isEqualTo("wrong person");

        String erasure = "{\"person\":\"P-1\",\"erasedBy\":\"admin\",\"reason\":\"v1:abc:def\"}";
        assertThat(plain.shape(ERASED, data(erasure), NEVER).has("reason")).isFalse();
        ObjectNode opened = freeText.shape(ERASED, data(erasure),
                (type, data, field, sealed) -> new PersonalData.Opened("Art. 17", false));
        assertThat(opened.path("reason").asText()).isEqualTo("Art. 17");
        assertThat(opened.has("reasonErased")).isFalse();
        ObjectNode gone = freeText.shape(ERASED, data(erasure),
                (type, data, field, sealed) -> new PersonalData.Opened(null, true));
        assertThat(gone.get("reason").isNull()).isTrue();
        assertThat(gone.path("reasonErased").asBoolean()).isTrue();
        ObjectNode unopenable = freeText.shape(ERASED, data(erasure), (type, data, field, sealed) -> null);
        assertThat(unopenable.has("reason")).as("never published sealed").isFalse();
    }

    @Test
    void theComparisonGroupOnlyWhenSubscribed() throws Exception {
        String drawn = "{\"pilotId\":\"A\",\"participants\":[\"P-1\"],\"comparison\":[\"P-2\"]}";
        ObjectNode blinded = new Subscription("integration", null, null, false, false)
                .shape("de.pilotregistry.pilot.GroupsDrawn", data(drawn), NEVER);
        assertThat(blinded.path("comparison")).isEmpty();
        assertThat(blinded.path("comparisonWithheld").asBoolean()).isTrue();
        ObjectNode entitled = new Subscription("evaluation", null, null, false, true)
                .shape("de.pilotregistry.pilot.GroupsDrawn", data(drawn), NEVER);
        assertThat(entitled.path("comparison")).hasSize(1);
        assertThat(entitled.has("comparisonWithheld")).isFalse();
    }

    @Test
    void anUnknownTypeIsRefusedNamingIt() {
        assertThatThrownBy(() -> new FeedProperties(java.util.Map.of("partner", new FeedProperties.Entry(
                Set.of("de.pilotregistry.casefile.JobStartd"), null, false, false)), null))
                .hasMessageContaining("registry.feed.subscriptions.partner.types names "
                        + "de.pilotregistry.casefile.JobStartd, which is no published event type");
    }

    private static ObjectNode data(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
