package de.pilotregistry.query.feed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Who may receive comparison-group membership through the feed. The comparison group is what the evaluation compares
 * the participants against; a jobcenter system that knows it can treat those persons differently and bias the
 * result. So integrations get {@code GroupsDrawn} without it, unless named in
 * {@code registry.feed.comparison-entitled} (user names, comma-separated; none by default). ADMIN sees the groups
 * through the draw endpoint anyway.
 */
@Component
class FeedEntitlements {

    private final Set<String> entitled;

    FeedEntitlements(@Value("${registry.feed.comparison-entitled:}") Set<String> entitled) {
        this.entitled = Set.copyOf(entitled);
    }

    boolean seesComparisonGroup(Authentication user) {
        return user != null && (entitled.contains(user.getName()) || user.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority())));
    }
}
