package de.pilotregistry.query.feed;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The subscription of each integration user (FeedProperties). A user without one gets the default: every type, every
 * pilot, no free text, and no comparison group. The comparison group is what the evaluation compares the participants
 * against; a jobcenter system that knows it can treat those persons differently and bias the result, so it goes only
 * to a subscription with {@code comparison-group}, a user named in {@code comparison-entitled}, or ADMIN (who sees the
 * groups through the draw endpoint anyway).
 */
@Component
@EnableConfigurationProperties(FeedProperties.class)
public class FeedSubscriptions {

    private final FeedProperties properties;

    FeedSubscriptions(FeedProperties properties) {
        this.properties = properties;
    }

    /** The subscription of a signed-in user. */
    Subscription of(Authentication user) {
        return of(user.getName(), user.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority())));
    }

    /** The subscription configured under {@code name}; the default for a name without one. */
    public Subscription named(String name) {
        return of(name, false);
    }

    /** Whether a subscription is configured under {@code name}. */
    public boolean configured(String name) {
        return properties.subscriptions().containsKey(name);
    }

    private Subscription of(String name, boolean admin) {
        FeedProperties.Entry entry = properties.subscriptions().get(name);
        boolean comparison = admin || properties.comparisonEntitled().contains(name)
                || entry != null && entry.comparisonGroup();
        return entry == null ? new Subscription(name, null, null, false, comparison)
                : new Subscription(name, entry.types(), entry.pilots(), entry.freeText(), comparison);
    }
}
