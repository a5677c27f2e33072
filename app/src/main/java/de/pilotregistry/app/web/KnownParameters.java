package de.pilotregistry.app.web;

import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.query.support.ReadConsistency;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter no endpoint takes is refused (400, each named), not ignored: {@code ?dryrun=true} would
 * otherwise store for real. What a handler takes comes from its {@code @RequestParam}s; every read (GET) also takes
 * those of {@link ReadConsistency} ({@code minPosition}, {@code wait}). Only the query string counts, never a form
 * body.
 */
@Component
class KnownParameters implements HandlerInterceptor {

    /** The parameters each handler takes; empty when it takes any (a {@code @RequestParam Map}). */
    private final Map<Method, Optional<Set<String>>> taken = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        Optional<Set<String>> declared = taken.computeIfAbsent(method.getMethod(), m -> declared(method));
        if (declared.isEmpty()) {
            return true;
        }
        Set<String> known = new LinkedHashSet<>(declared.get());
        if ("GET".equals(request.getMethod())) {
            known.addAll(ReadConsistency.PARAMETERS);
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            if (!name.isEmpty() && !known.contains(name) && unknown.size() < ProblemLimits.MAX_PROBLEMS) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownParameters(List.copyOf(unknown), List.copyOf(known));
        }
        return true;
    }

    private static Optional<Set<String>> declared(HandlerMethod method) {
        Set<String> names = new LinkedHashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (param.name().isEmpty() && Map.class.isAssignableFrom(parameter.getParameterType())) {
                return Optional.empty();
            }
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
        }
        return Optional.of(Collections.unmodifiableSet(names));
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notDecodable) {
            return name;
        }
    }

    /** Query parameters the endpoint does not take. */
    static final class UnknownParameters extends RuntimeException {

        private final List<String> names;
        private final List<String> known;

        UnknownParameters(List<String> names, List<String> known) {
            super("The query has parameters this endpoint does not take; nothing was done.");
            this.names = names;
            this.known = known;
        }

        List<String> names() {
            return names;
        }

        String expected() {
            return known.isEmpty() ? " (this endpoint takes none)" : " (expected: " + String.join(", ", known) + ")";
        }
    }
}
