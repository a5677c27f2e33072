package de.pilotregistry.app;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Which sides this process runs: {@code registry.roles=command,query} (default, both), {@code command} or
 * {@code query}. Both sides share the event store; a query-only process projects events that command-only
 * processes append, so the sides can be scaled and restarted apart.
 */
final class Roles {

    private Roles() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${registry.roles:command,query}'.contains('command')")
    @ComponentScan("de.pilotregistry.command")
    static class CommandRole {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${registry.roles:command,query}'.contains('query')")
    @ComponentScan("de.pilotregistry.query")
    static class QueryRole {
    }
}
