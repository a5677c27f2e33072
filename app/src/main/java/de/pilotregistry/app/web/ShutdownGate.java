package de.pilotregistry.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Stopping (SIGTERM, Ctrl-C) runs in this order: refuse new requests (here, 503), let the requests in flight
 * finish (graceful web server shutdown, bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}), stop the
 * event processors (they release their claims), close the pool, stop the embedded PostgreSQL last.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ShutdownGate extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {

    private volatile boolean stopping;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping = true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!stopping) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Stopping", "The registry is shutting "
                + "down; nothing was done. Send the request again when it is back."), "5");
    }
}
