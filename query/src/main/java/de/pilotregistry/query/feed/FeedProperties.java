package de.pilotregistry.query.feed;

import de.pilotregistry.shared.EventTypes;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The integrations' subscriptions, {@code registry.feed.subscriptions.<user>.*}: which published types
 * ({@code types}, default all), which pilots ({@code pilots}, pilot ids, default all), free text ({@code free-text},
 * default false) and the comparison group ({@code comparison-group}, default false). {@code comparison-entitled}
 * (user names) is the older way to grant the comparison group and still does. A type name that is not published is
 * refused at the start: a typo would otherwise silently starve the integration.
 */
@ConfigurationProperties("registry.feed")
public record FeedProperties(Map<String, Entry> subscriptions, Set<String> comparisonEntitled) {

    public record Entry(Set<String> types, Set<String> pilots, boolean freeText, boolean comparisonGroup) {
    }

    public FeedProperties {
        subscriptions = subscriptions == null ? Map.of() : Map.copyOf(subscriptions);
        comparisonEntitled = comparisonEntitled == null ? Set.of() : Set.copyOf(comparisonEntitled);
        List<String> published = EventTypes.ALL.stream().map(EventTypes.EventType::name).toList();
        subscriptions.forEach((user, entry) -> {
            Set<String> unknown = new TreeSet<>(entry.types() == null ? Set.of() : entry.types());
            unknown.removeAll(published);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("registry.feed.subscriptions." + user + ".types names "
                        + String.join(", ", unknown) + ", which is no published event type; the published types are "
                        + String.join(", ", published) + " (docs/asyncapi.yaml)");
            }
        });
    }
}
