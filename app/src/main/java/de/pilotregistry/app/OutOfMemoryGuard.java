package de.pilotregistry.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * An {@link OutOfMemoryError} ends the process at once, wherever it strikes: a JVM that lost its HTTP or processor
 * threads stays alive but deaf, while a dead one is restarted and recovers (as after kill -9; nothing acknowledged is
 * lost, an unfinished transaction is rolled back). The JVM flag {@code -XX:+ExitOnOutOfMemoryError} (README, Docker)
 * does the same; this guard covers a registry started without it: request threads here, every other thread through
 * the default uncaught-exception handler (Axon's threads let errors through).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OutOfMemoryGuard extends OncePerRequestFilter implements HandlerExceptionResolver, Ordered {

    /** The exit code of a registry ended by an OutOfMemoryError (as the JVM's own flag uses). */
    public static final int EXIT_CODE = 3 + 128;

    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            haltIfOutOfMemory(error);
            if (previous != null) {
                previous.uncaughtException(thread, error);
            }
        });
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (Throwable e) {
            haltIfOutOfMemory(e);
            throw e;
        }
    }

    /** Spring MVC turns an error in a handler into an exception its resolvers answer; this one goes first. */
    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception exception) {
        haltIfOutOfMemory(exception);
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static void haltIfOutOfMemory(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                // No logging framework, no allocation beyond this line: the heap is exhausted.
                System.err.println("pilot-registry: out of memory; stopping at once (restart to recover)");
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        }
    }
}
