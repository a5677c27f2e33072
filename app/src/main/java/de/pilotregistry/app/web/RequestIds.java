package de.pilotregistry.app.web;

import de.pilotregistry.platform.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Every answer names its request ({@code X-Request-Id}), refusals by security or shutdown included; events the request
 * appends carry the same id ({@link RequestId}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIds extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestId.accept(request.getHeader(RequestId.HEADER));
        request.setAttribute(RequestId.attributeName(), id);
        response.setHeader(RequestId.HEADER, id);
        chain.doFilter(request, response);
    }
}
